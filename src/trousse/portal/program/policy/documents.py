"""Turn the policy form's values into the four documents, in English and French, as Markdown.

The wording lives in ``data/<kind>.<lang>.md``: Markdown with Django template placeholders, written
for this project. This module only builds the substitutions (the municipality's name, its privacy
act, its courts, the licence and its attribution statement) and fills the templates in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.template import Context, Engine
from django.utils.translation import gettext_lazy as _

from trousse.engine.metadata.licences import LICENCES, licence_title, licence_url
from trousse.engine.metadata.model import LocalizedText
from trousse.portal.program.policy.jurisdictions import JURISDICTIONS, OTHER_ACT, PRIVACY_ACTS

LANGUAGES = ("en", "fr")
DATA = Path(__file__).parent / "data"
# The licences the kit adopts: the municipality's own OGL and the common open licences.
ADOPTABLE = ("ogl-municipal", "cc-by-4.0", "cc0-1.0", "odbl-1.0", "pddl-1.0")
OGL_REFERENCE = "ogl-canada-2.0"  # the municipal OGL is this text with the substitutions


@dataclass(frozen=True)
class DocumentKind:
    """One of the kit's documents: its code (file name), its title and its file-name stem per language."""

    code: str
    title: Any  # lazy translation
    stem: LocalizedText


KINDS: tuple[DocumentKind, ...] = (
    DocumentKind("policy", _("Open data policy"), LocalizedText("open-data-policy", "politique-donnees-ouvertes")),
    DocumentKind("directive", _("Open data directive"), LocalizedText("open-data-directive",
                                                                      "directive-donnees-ouvertes")),
    DocumentKind("terms", _("Terms of use"), LocalizedText("terms-of-use", "conditions-utilisation")),
    DocumentKind("licence", _("Licence adoption"), LocalizedText("licence-adoption", "adoption-licence")),
)
KINDS_BY_CODE = {kind.code: kind for kind in KINDS}

_ATTRIBUTION = {
    "ogl-municipal": LocalizedText("Contains information licensed under the {licence}.",
                                   "Contient des informations visées par la {licence}."),
    "cc-by-4.0": LocalizedText("Contains information from {the_municipality}, licensed under the {licence}.",
                               "Contient des informations {of_municipality}, sous licence {licence}."),
    "odbl-1.0": LocalizedText("Contains information from {the_municipality}, made available under the {licence}.",
                              "Contient des informations {of_municipality}, mises à disposition sous la {licence}."),
}


def _side(values: dict[str, Any], name: str, lang: str) -> str:
    # A bilingual value falls back on the other language rather than leaving a hole in a legal text.
    other = "fr" if lang == "en" else "en"
    return (values.get(f"{name}_{lang}") or values.get(f"{name}_{other}") or "").strip()


# A municipality's formal name takes an article in running text: "the Town of Maple Point adopts",
# "la Ville de Pointe-aux-Érables adopte", "du Canton de…". Names without a recognized first word stay bare.
_EN_TITLED = re.compile(r"^(Town|City|Village|Township|Municipality|County|Region|Regional Municipality|District|"
                        r"Corporation|Hamlet|Resort Municipality|United Counties)\b.* of ", re.IGNORECASE)
_FR_FEMININE = {"ville", "municipalité", "cité", "paroisse", "corporation", "région", "communauté"}
_FR_MASCULINE = {"village", "canton", "district", "comté", "hameau"}


def municipality_forms(name: str, lang: str) -> dict[str, str]:
    """Return the municipality's name as used in running text: with its article, capitalized, after "of"/"to"."""
    first = name.split(" ", 1)[0].casefold() if name else ""
    if lang == "en":
        the = f"the {name}" if _EN_TITLED.match(name) else name
        return {"the_municipality": the, "cap_the_municipality": the[:1].upper() + the[1:],
                "of_municipality": f"of {the}", "to_municipality": f"to {the}"}
    if first in _FR_FEMININE:
        the, of, to = f"la {name}", f"de la {name}", f"à la {name}"
    elif first in _FR_MASCULINE:
        the, of, to = f"le {name}", f"du {name}", f"au {name}"
    else:
        the, of, to = name, f"de {name}", f"à {name}"
    return {"the_municipality": the, "cap_the_municipality": the[:1].upper() + the[1:],
            "of_municipality": of, "to_municipality": to}


def _named(title: str, lang: str) -> str:
    # Running text names the licence as a licence: "la licence CC0…" but "la Licence du gouvernement ouvert…",
    # "the Creative Commons Attribution 4.0 International licence" but "the Open Government Licence – …".
    if lang == "fr":
        return title if title.split(" ", 1)[0] in ("Licence", "Dédicace") else f"licence {title}"
    lowered = title.casefold()
    return title if "licen" in lowered or "dedication" in lowered else f"{title} licence"


def privacy_act_name(values: dict[str, Any], lang: str) -> str:
    """Return the privacy act's name in ``lang``: from the table, or as typed for another act."""
    code = values.get("privacy_act") or ""
    if code == OTHER_ACT or code not in PRIVACY_ACTS:
        return _side(values, "privacy_act_other", lang)
    return PRIVACY_ACTS[code].name.get(lang)


def context(values: dict[str, Any], lang: str, version: int) -> dict[str, Any]:
    """Return the substitutions for ``lang`` from the form's values (cleaned, JSON-ready)."""
    municipality = _side(values, "municipality", lang)
    place = JURISDICTIONS[values["province"]]
    code = values["licence"]
    licence = LICENCES[code]
    names = LocalizedText(_side(values, "municipality", "en"), _side(values, "municipality", "fr"))
    title = licence_title(code, lang, names)
    is_ogl = code == "ogl-municipal"
    forms = municipality_forms(municipality, lang)
    statement = _ATTRIBUTION.get(code, LocalizedText("", "")).get(lang).format(
        licence=title if lang == "fr" else _named(title, lang), the_municipality=forms["the_municipality"], of_municipality=forms["of_municipality"])
    departments = [line.strip(" -•\t") for line in _side(values, "departments", lang).splitlines()]
    return {
        "municipality": municipality,
        **forms,
        "province": place.name.get(lang),
        "laws": place.laws(lang),
        "courts": place.courts(lang),
        "approving_body": _side(values, "approving_body", lang),
        "departments": [d for d in departments if d],
        "contact": _side(values, "contact", lang),
        "contact_email": values.get("contact_email", ""),
        "portal_url": values.get("portal_url", ""),
        "privacy_act": privacy_act_name(values, lang),
        "licence_title": title,
        "licence_name": _named(title, lang),
        "licence_url": licence_url(OGL_REFERENCE if is_ogl else code, lang),
        "is_ogl": is_ogl,
        "reference_title": licence_title(OGL_REFERENCE, lang) + ", version 2.0",
        "reference_url": licence_url(OGL_REFERENCE, lang),
        "attribution": licence.attribution,
        "share_alike": licence.share_alike,
        "attribution_statement": statement,
        "version": version,
    }


@cache
def _template(kind: str, lang: str) -> Any:
    # autoescape off: the output is Markdown, made safe when rendered to HTML (see exports.py).
    source = (DATA / f"{kind}.{lang}.md").read_text(encoding="utf-8")
    return Engine(autoescape=False).from_string(source)


def render_document(kind: str, lang: str, values: dict[str, Any], version: int) -> str:
    """Return document ``kind`` in ``lang`` as Markdown, filled in with ``values``."""
    text = _template(kind, lang).render(Context(context(values, lang, version)))
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def render_all(values: dict[str, Any], version: int) -> dict[str, dict[str, str]]:
    """Return every document in both languages: {kind: {lang: markdown}}."""
    return {kind.code: {lang: render_document(kind.code, lang, values, version) for lang in LANGUAGES}
            for kind in KINDS}
