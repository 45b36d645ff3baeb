"""The inventory spreadsheet's columns: their English and French headers, and how each cell is read.

A header is recognized in English or French, alone or as the template's bilingual "English / French"
label; case, accents and punctuation do not matter. A generic header whose words are the same in
both languages ("Description") holds text in the sheet's language, which the other headers tell.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from trousse.engine.metadata.textsearch import fold
from trousse.engine.metadata.vocabularies import FREQUENCIES


@dataclass(frozen=True)
class Column:
    """A column of the inventory: its field, its template headers, and the other headers accepted."""

    field: str
    en: str  # the template's English header
    fr: str  # the template's French header
    aliases_en: tuple[str, ...] = ()
    aliases_fr: tuple[str, ...] = ()
    generic: tuple[str, ...] = ()  # headers written alike in both languages: the sheet's language decides
    max_length: int = 0  # 0: no limit checked here (long text)

    @property
    def template_header(self) -> str:
        """Return the bilingual header the downloadable template uses."""
        return f"{self.en} / {self.fr}"


# fmt: off
COLUMNS: tuple[Column, ...] = (
    Column("external_id", "Identifier", "Identifiant", ("id", "item id", "inventory id"),
           ("no", "numero", "id de l element"), max_length=100),
    Column("name_en", "Name (English)", "Nom (anglais)", ("name", "dataset name", "english name", "title"),
           ("nom anglais", "titre anglais"), max_length=300),
    Column("name_fr", "Name (French)", "Nom (français)", ("french name",),
           ("nom", "nom francais", "titre", "nom du jeu de donnees"), max_length=300),
    Column("department", "Department", "Service", ("organization", "division", "business unit"),
           ("direction", "departement", "organisation", "service municipal"), max_length=200),
    Column("steward", "Data steward", "Intendant des données", ("steward", "owner", "data owner", "custodian"),
           ("responsable", "intendant", "intendante des donnees", "detenteur"), max_length=200),
    Column("description_en", "Description (English)", "Description (anglais)", ("english description",),
           ("description anglaise",), generic=("description",)),
    Column("description_fr", "Description (French)", "Description (français)", ("french description",),
           ("description francaise",)),
    Column("source_system", "Source system", "Système source", ("system", "application", "source"),
           ("systeme", "logiciel"), max_length=200),
    Column("data_format", "Format", "Format de fichier", ("file format", "data format"),
           ("format des donnees",), generic=("format",), max_length=100),
    Column("personal_info", "Personal information", "Renseignements personnels",
           ("contains personal information", "personal info", "pii"),
           ("contient des renseignements personnels", "renseignements personnels oui non")),
    Column("confidential", "Confidential", "Confidentiel", ("confidential item", "hide from public"),
           ("confidentielle",)),
    Column("frequency", "Update frequency", "Fréquence de mise à jour", ("frequency", "updated"),
           ("frequence", "mise a jour")),
    Column("public_value", "Public value", "Valeur publique", ("value", "public value 1 5"),
           ("valeur", "valeur pour le public")),
    Column("demand", "Demand", "Demande", ("demand 1 5", "interest"), ("interet",)),
    Column("effort", "Effort", "Effort de publication", ("effort to publish", "effort 1 5"), (),
           generic=("effort",)),
    Column("status", "Status", "Statut", ("state",), ("etat",)),
    Column("reason_en", "Reason if not published (English)", "Raison si non publié (anglais)",
           ("reason", "reason if not published", "reason not published"), ()),
    Column("reason_fr", "Reason if not published (French)", "Raison si non publié (français)", (),
           ("raison", "raison si non publie", "motif", "motif de non publication")),
    Column("planned_release", "Planned release", "Diffusion prévue", ("planned release date", "release date",
           "planned date"), ("date de diffusion prevue", "date prevue", "diffusion")),
    Column("dataset", "Dataset", "Jeu de données", ("dataset address", "dataset short name", "catalogue dataset"),
           ("adresse du jeu de donnees",)),
)
# fmt: on
BY_FIELD = {column.field: column for column in COLUMNS}
NAME_FIELDS = ("name_en", "name_fr")
RATING_FIELDS = ("public_value", "demand", "effort")


def header_key(label: str) -> str:
    """Return a header folded for comparison: lowercase ASCII words, no punctuation."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold(label or "")).split())


def _header_table() -> dict[str, tuple[str, str]]:
    table: dict[str, tuple[str, str]] = {}
    for column in COLUMNS:
        generic = {header_key(g) for g in column.generic}  # a header of both languages tells neither
        for lang, labels in (("en", (column.en, *column.aliases_en)), ("fr", (column.fr, *column.aliases_fr))):
            for label in labels:
                if header_key(label) not in generic:
                    table.setdefault(header_key(label), (column.field, lang))
        table[header_key(column.template_header)] = (column.field, "both")
    return table


_HEADERS = _header_table()
_GENERIC = {header_key(g): column.field for column in COLUMNS for g in column.generic}


def match_headers(labels: list[str]) -> tuple[dict[int, str], list[str]]:
    """Return {position: field} for the labels recognized, and the labels ignored (in file order).

    A label split on " / " matches by either half, so a header pasted from the bilingual template and
    then trimmed to one language still counts. The first column for a field wins; repeats are ignored.
    """
    found: dict[int, str] = {}
    langs: dict[int, str] = {}
    generic: dict[int, str] = {}
    for position, label in enumerate(labels):
        key = header_key(label)
        hit = _HEADERS.get(key)
        if hit is None and "/" in (label or ""):
            hit = next((_HEADERS[k] for k in map(header_key, label.split("/")) if k in _HEADERS), None)
        if hit is not None:
            found[position], langs[position] = hit
        elif key in _GENERIC:
            generic[position] = _GENERIC[key]
    sheet_lang = "fr" if sum(v == "fr" for v in langs.values()) > sum(v == "en" for v in langs.values()) else "en"
    for position, field in generic.items():  # "Description" in a French sheet is the French description
        found[position] = field[:-3] + "_" + sheet_lang if field.endswith("_en") else field
    fields: dict[int, str] = {}
    for position in sorted(found):
        if found[position] not in fields.values():
            fields[position] = found[position]
    ignored = [labels[p] for p in range(len(labels)) if p not in fields and (labels[p] or "").strip()]
    return fields, ignored


# --- cell values ------------------------------------------------------------------------------------


class CellError(ValueError):
    """A cell that cannot be read: ``code`` names the reason, ``params`` fill its message."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


_YES = {"yes", "y", "oui", "o", "true", "vrai", "1", "x"}
_NO = {"no", "n", "non", "false", "faux", "0"}
_RATING_WORDS = {"low": 1, "faible": 1, "bas": 1, "basse": 1, "medium": 3, "moyen": 3, "moyenne": 3,
                 "high": 5, "eleve": 5, "elevee": 5, "haut": 5, "haute": 5}
_STATUS_WORDS = {
    "candidate": ("candidate", "to assess", "to be assessed", "a evaluer", "candidat", "new", "nouveau"),
    "planned": ("planned", "prevu", "prevue", "planifie", "planifiee", "scheduled"),
    "in_progress": ("in progress", "in preparation", "en preparation", "en cours", "preparing"),
    "published": ("published", "publie", "publiee", "open", "ouvert", "released", "diffuse"),
    "not_publishable": ("not publishable", "non publiable", "not published", "non publie", "withheld",
                        "cannot publish", "restricted", "restreint"),
}
_STATUS = {header_key(word): code for code, words in _STATUS_WORDS.items() for word in (code, *words)}
_FREQUENCY_WORDS = {"yearly": "annual", "annual": "annual", "annuel": "annual", "annuellement": "annual",
                    "mensuel": "monthly", "hebdomadaire": "weekly", "quotidien": "daily", "trimestriel": "quarterly",
                    "real time": "continual", "temps reel": "continual", "never": "not_planned",
                    "jamais": "not_planned", "ad hoc": "as_needed", "once": "not_planned", "unique": "not_planned"}
_FREQUENCY = {**{header_key(k): v for k, v in _FREQUENCY_WORDS.items()},
              **{header_key(code): code for code in FREQUENCIES.codes()},
              **{header_key(f.label.en): f.code for f in FREQUENCIES},
              **{header_key(f.label.fr): f.code for f in FREQUENCIES}}
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00(?:\.0+)?)?)?$")


def read_bool(text: str) -> bool | None:
    """Read yes/no (oui/non, true/false, 1/0, x); blank is unknown."""
    key = header_key(text)
    if not key:
        return None
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise CellError("not-yes-no", value=text)


def read_rating(text: str) -> int | None:
    """Read a rating from 1 to 5 (or low / medium / high, faible / moyen / élevé); blank is not rated."""
    key = header_key(text)
    if not key:
        return None
    if key in _RATING_WORDS:
        return _RATING_WORDS[key]
    try:
        number = float(text.strip().replace(",", "."))
    except ValueError:
        raise CellError("not-a-rating", value=text) from None
    if number != int(number) or not 1 <= number <= 5:
        raise CellError("not-a-rating", value=text)
    return int(number)


def read_status(text: str) -> str:
    """Read a status in English or French; blank is "to assess"."""
    key = header_key(text)
    if not key:
        return "candidate"
    if key in _STATUS:
        return _STATUS[key]
    raise CellError("unknown-status", value=text)


def read_frequency(text: str) -> str:
    """Read an update frequency (a vocabulary code or its English or French label); blank is unknown."""
    key = header_key(text)
    if not key:
        return "unknown"
    if key in _FREQUENCY:
        return _FREQUENCY[key]
    raise CellError("unknown-frequency", value=text)


def read_date(text: str) -> dt.date | None:
    """Read a date written YYYY-MM-DD (a spreadsheet's date cell arrives that way); blank is none."""
    text = (text or "").strip()
    if not text:
        return None
    match = _DATE.match(text)
    try:
        if match is None:
            raise ValueError(text)
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise CellError("not-a-date", value=text) from None


def read_dataset_slug(text: str) -> str:
    """Read a dataset's short name, or the last part of its address."""
    text = (text or "").strip().rstrip("/")
    return text.rsplit("/", 1)[-1] if text else ""


# The reasons a row is rejected, rendered in the reader's language when the report is shown.
MESSAGES = {
    "required": _("This column is required: give a value."),
    "name-required": _("Give the item’s name in English or in French."),
    "too-long": _("Too long: keep it under %(limit)s characters."),
    "not-yes-no": _("“%(value)s” is not yes or no (oui or non)."),
    "not-a-rating": _("“%(value)s” is not a rating: use a whole number from 1 to 5, or low, medium, high."),
    "unknown-status": _("“%(value)s” is not a status: use to assess, planned, in preparation, published or not "
                        "publishable (à évaluer, prévu, en préparation, publié, non publiable)."),
    "unknown-frequency": _("“%(value)s” is not an update frequency: use daily, weekly, monthly, quarterly, "
                           "annually, as needed, irregular… (or the French words)."),
    "not-a-date": _("“%(value)s” is not a date: write it as YYYY-MM-DD, e.g. 2027-03-31."),
    "reason-required": _("An item that is not publishable needs the reason, in English or in French."),
    "unknown-dataset": _("No dataset has the short name “%(value)s”."),
    "duplicate-row": _("The same item as row %(row)s of this file (same identifier, or same department and "
                       "name): only the first one is imported."),
    "id-conflict": _("The department already lists this name under the identifier “%(value)s”."),
}


def message(code: str, params: dict[str, object] | None = None) -> str:
    """Return the rejection message for ``code`` in the page language."""
    text = str(MESSAGES.get(code, MESSAGES["required"]))
    return text % params if params else text
