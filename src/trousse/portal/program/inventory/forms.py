"""Forms of the inventory's staff pages: an item by hand, the score's weights, and a spreadsheet upload."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from trousse.engine.metadata.vocabularies import FREQUENCIES
from trousse.portal.catalog.forms import StaffForm
from trousse.portal.catalog.models import Dataset
from trousse.portal.core.localized import current_language
from trousse.portal.program.inventory.columns import BY_FIELD
from trousse.portal.program.inventory.scoring import MAX_WEIGHT
from trousse.portal.program.models_inventory import InventoryItem, ItemStatus

_YES_NO_UNKNOWN = [("", _("Not known")), ("yes", _("Yes")), ("no", _("No"))]
_RATINGS = [("", _("Not rated")), *[(str(n), str(n)) for n in range(1, 6)]]


def _text(name: str, label: Any, *, textarea: bool = False, help_text: Any = "") -> forms.CharField:
    column = BY_FIELD[name]
    return forms.CharField(label=label, required=False, max_length=column.max_length or None, help_text=help_text,
                           widget=forms.Textarea(attrs={"rows": 3}) if textarea else forms.TextInput)


class ItemForm(StaffForm):
    """Every field of an inventory item."""

    name_en = _text("name_en", _("Name (English)"))
    name_fr = _text("name_fr", _("Name (French)"))
    department = _text("department", _("Department"), help_text=_(
        "The name or short name of its organization links the item to the catalogue."))
    external_id = _text("external_id", _("Identifier"), help_text=_("Optional: your own identifier."))
    steward = _text("steward", _("Data steward"))
    description_en = _text("description_en", _("Description (English)"), textarea=True)
    description_fr = _text("description_fr", _("Description (French)"), textarea=True)
    source_system = _text("source_system", _("Source system"))
    data_format = _text("data_format", _("Format"))
    personal_info = forms.ChoiceField(label=_("Personal information"), choices=_YES_NO_UNKNOWN, required=False)
    confidential = forms.BooleanField(label=_("Confidential: leave it out of the public inventory"), required=False)
    frequency = forms.ChoiceField(label=_("Update frequency"), choices=())
    public_value = forms.ChoiceField(label=_("Public value (1 to 5)"), choices=_RATINGS, required=False)
    demand = forms.ChoiceField(label=_("Demand (1 to 5)"), choices=_RATINGS, required=False)
    effort = forms.ChoiceField(label=_("Effort (1: little work, 5: much work)"), choices=_RATINGS, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=ItemStatus.choices)
    reason_en = _text("reason_en", _("Reason if not published (English)"), textarea=True)
    reason_fr = _text("reason_fr", _("Reason if not published (French)"), textarea=True)
    planned_release = forms.DateField(label=_("Planned release"), required=False,
                                      widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                                      help_text=_("YYYY-MM-DD. Shown on the public roadmap."))
    dataset = forms.CharField(label=_("Dataset (short name)"), required=False, max_length=100, help_text=_(
        "The catalogue dataset that publishes this item, if there is one."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["frequency"].choices = FREQUENCIES.choices(current_language(), sort_by_label=False)

    @classmethod
    def initial_for(cls, item: InventoryItem) -> dict[str, Any]:
        """Return the form's values for ``item``."""
        data = {name: getattr(item, name) for name in cls.base_fields if name not in ("dataset", "personal_info")}
        data["personal_info"] = "" if item.personal_info is None else ("yes" if item.personal_info else "no")
        data["dataset"] = item.dataset.slug if item.dataset_id else ""
        for name in ("public_value", "demand", "effort"):
            data[name] = "" if data[name] is None else str(data[name])
        return data

    def clean_dataset(self) -> Dataset | None:
        slug = self.cleaned_data["dataset"].strip().rstrip("/").rsplit("/", 1)[-1]
        if not slug:
            return None
        found = Dataset.objects.filter(slug=slug).first()
        if found is None:
            raise forms.ValidationError(_("No dataset has this short name."))
        return found

    def values(self) -> dict[str, Any]:
        """Return the cleaned values as the service takes them."""
        data = dict(self.cleaned_data)
        data["personal_info"] = {"yes": True, "no": False}.get(data["personal_info"])
        for name in ("public_value", "demand", "effort"):
            data[name] = int(data[name]) if data[name] else None
        return data


class WeightsForm(StaffForm):
    """The weight of each factor of the priority score."""

    public_value = forms.IntegerField(label=_("Public value"), min_value=0, max_value=MAX_WEIGHT)
    demand = forms.IntegerField(label=_("Demand"), min_value=0, max_value=MAX_WEIGHT)
    effort = forms.IntegerField(label=_("Effort"), min_value=0, max_value=MAX_WEIGHT)
    risk = forms.IntegerField(label=_("Risk"), min_value=0, max_value=MAX_WEIGHT)


class ImportForm(StaffForm):
    """A department's inventory spreadsheet."""

    file = forms.FileField(label=_("Spreadsheet (CSV or XLSX)"), help_text=_(
        "The first row holds the column headers, in English or French, as in the template."))
