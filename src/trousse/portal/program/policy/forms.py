"""The policy kit's forms: the values the documents are made from, and the record of an adoption."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trousse.engine.metadata.licences import licence_title
from trousse.engine.metadata.model import LocalizedText
from trousse.engine.metadata.vocabularies import label_sort_key
from trousse.portal.catalog.forms import StaffForm
from trousse.portal.core.localized import current_language
from trousse.portal.program.policy.documents import ADOPTABLE
from trousse.portal.program.policy.jurisdictions import JURISDICTIONS, OTHER_ACT, PRIVACY_ACTS

DEPARTMENTS_LIMIT = 40


def _text(label: Any, limit: int = 200, help_text: Any = "", required: bool = True) -> forms.CharField:
    return forms.CharField(label=label, max_length=limit, required=required, help_text=help_text, strip=True)


def _lines(label: Any, help_text: Any) -> forms.CharField:
    return forms.CharField(label=label, max_length=4000, help_text=help_text,
                           widget=forms.Textarea(attrs={"rows": 6}))


class PolicyForm(StaffForm):
    """What the municipality is, who approves, who to contact, which licence and which privacy act."""

    municipality_en = _text(_("Municipality's name (English)"), help_text=_("For example: Town of Maple Point."))
    municipality_fr = _text(_("Municipality's name (French)"), help_text=_("For example: Ville de Pointe-aux-Érables."))
    province = forms.ChoiceField(label=_("Province or territory"), choices=())
    approving_body_en = _text(_("Approving body (English)"), help_text=_("Who adopts the policy, for example: "
                                                                         "Town Council."))
    approving_body_fr = _text(_("Approving body (French)"), help_text=_("Without an article, for example: "
                                                                        "Conseil municipal."))
    departments_en = _lines(_("Departments (English)"), _("One department per line, in the same order in both "
                                                          "languages."))
    departments_fr = _lines(_("Departments (French)"), _("One department per line."))
    contact_en = _text(_("Contact (English)"), help_text=_("A role or a team rather than a person, for example: "
                                                           "Open Data Lead, Clerk's Office."))
    contact_fr = _text(_("Contact (French)"), help_text=_("For example: Responsable des données ouvertes, Greffe."))
    contact_email = forms.EmailField(label=_("Contact e-mail"), max_length=254)
    portal_url = forms.URLField(label=_("Address of the open data portal"), required=False, max_length=300,
                                assume_scheme="https")
    licence = forms.ChoiceField(label=_("Licence"), choices=(), widget=forms.RadioSelect,
                                help_text=_("The municipality's own Open Government Licence is the usual choice "
                                            "in Canada: the federal licence's text with your name, privacy act "
                                            "and courts."))
    privacy_act = forms.ChoiceField(label=_("Access to information and privacy act"), choices=(), required=False,
                                    help_text=_("Leave as is to use the act of the province or territory chosen. "
                                                "Check with your clerk or privacy coordinator; choose “Another "
                                                "act” to type its name."))
    privacy_act_other_en = _text(_("Other act's name (English)"), 300, required=False)
    privacy_act_other_fr = _text(_("Other act's name (French)"), 300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lang = current_language()
        places = sorted(JURISDICTIONS.values(), key=lambda j: label_sort_key(j.name.get(lang)))
        self.fields["province"].choices = [("", _("Choose a province or territory")),
                                           *((j.code, j.name.get(lang)) for j in places)]
        acts = []
        for place in places:
            act = PRIVACY_ACTS[place.act]
            acts.append((act.code, f"{place.name.get(lang)} — {act.name.get(lang)} ({act.short})"))
        self.fields["privacy_act"].choices = [("", _("The act of the province or territory chosen")), *acts,
                                              (OTHER_ACT, _("Another act"))]
        # The municipal licence is titled with the name typed so far, in the page language.
        typed = {side: str(self.data.get(f"municipality_{side}") or self.initial.get(f"municipality_{side}") or "")
                 .strip() for side in ("en", "fr")}
        fallback = str(_("your municipality"))
        names = LocalizedText(typed["en"] or typed["fr"] or fallback, typed["fr"] or typed["en"] or fallback)
        self.fields["licence"].choices = [(code, licence_title(code, lang, names)) for code in ADOPTABLE]
        self.initial.setdefault("portal_url", settings.SITE_URL)
        self.initial.setdefault("licence", ADOPTABLE[0])  # the usual Canadian choice: the municipal OGL

    def clean_departments_en(self) -> str:
        return self._clean_lines("departments_en")

    def clean_departments_fr(self) -> str:
        return self._clean_lines("departments_fr")

    def _clean_lines(self, name: str) -> str:
        lines = [line.strip(" -•\t") for line in self.cleaned_data[name].splitlines()]
        lines = [line for line in lines if line]
        if not lines:
            raise forms.ValidationError(_("Name at least one department."))
        if len(lines) > DEPARTMENTS_LIMIT:
            raise forms.ValidationError(_("Name at most %(limit)s departments.") % {"limit": DEPARTMENTS_LIMIT})
        if any(len(line) > 200 for line in lines):
            raise forms.ValidationError(_("Keep each department's name under 200 characters."))
        return "\n".join(lines)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not cleaned.get("privacy_act") and cleaned.get("province") in JURISDICTIONS:
            cleaned["privacy_act"] = JURISDICTIONS[cleaned["province"]].act
        if cleaned.get("privacy_act") == OTHER_ACT:
            for lang in ("en", "fr"):
                if not cleaned.get(f"privacy_act_other_{lang}"):
                    self.add_error(f"privacy_act_other_{lang}",
                                   _("Type the act's name, since you chose “Another act”."))
        for name in ("municipality_en", "municipality_fr", "approving_body_en", "approving_body_fr",
                     "contact_en", "contact_fr", "privacy_act_other_en", "privacy_act_other_fr"):
            # One-line values: a line break would break the documents' headings and sentences.
            if "\n" in (cleaned.get(name) or "") or "\r" in (cleaned.get(name) or ""):
                self.add_error(name, _("Write this on a single line."))
        return cleaned

    def values(self) -> dict[str, Any]:
        """Return the cleaned values as stored with the version (JSON-ready)."""
        return {name: self.cleaned_data.get(name) or "" for name in self.fields}


class AdoptForm(StaffForm):
    """The approving body's decision: the date and the resolution number."""

    adopted_on = forms.DateField(label=_("Date of adoption"), widget=forms.DateInput(attrs={"type": "date"}),
                                 help_text=_("The date the approving body adopted the policy (YYYY-MM-DD)."))
    resolution = _text(_("Resolution number"), 100, help_text=_("For example: 2026-114."))

    def clean_adopted_on(self) -> Any:
        value = self.cleaned_data["adopted_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date of adoption cannot be in the future."))
        return value
