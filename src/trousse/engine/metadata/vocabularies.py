"""Controlled vocabularies: language-neutral codes with bilingual labels and standard mappings.

Every entry is a frozen dataclass with a ``code`` (what we store) and a ``label``
(``LocalizedText``, what people read), plus the equivalent terms in the standards we
export to:

* EU Publications Office authority tables, used by DCAT-AP (data-theme, frequency,
  access-right, language, file-type). The tables themselves are not in
  ``shared/standards`` (the EU publishes them only on op.europa.eu); the codes here
  were checked against a public copy of the frequency and file-type tables
  (belgium-its-steering-committee/ckanext-benap,
  ``ckanext/benap/constants/concept_collections/eu_authority/``).
* The Canadian Open Government Portal choice lists in
  ``shared/standards/ckan-canada/schemas/presets.yaml`` (``canada_subject``,
  ``canada_frequency``, ``canada_resource_language``, ``canada_resource_format``);
  the tests check every value used here against that file.
* DCAT-US 1.1 (``accrualPeriodicity``, ``accessLevel``).

Each vocabulary is a ``Vocabulary``: ``THEMES["health"]``, ``THEMES.get(code)``,
``THEMES.codes()``, ``THEMES.choices("fr")``.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from trousse.engine.metadata.model import LocalizedText

EU_AUTHORITY = "http://publications.europa.eu/resource/authority/"


class _Entry(Protocol):
    @property
    def code(self) -> str: ...

    @property
    def label(self) -> LocalizedText: ...


E = TypeVar("E", bound=_Entry)


def label_sort_key(text: str) -> str:
    """Return a key that sorts ``text`` the way a reader expects, ignoring case and accents."""
    # Plain str ordering puts "Économie" after "Transport"; French readers file it under E.
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


class Vocabulary(Generic[E]):
    """A read-only, ordered set of entries looked up by code."""

    def __init__(self, name: str, entries: Iterable[E]) -> None:
        self.name = name
        self._entries: dict[str, E] = {}
        for entry in entries:
            if entry.code in self._entries:
                raise ValueError(f"duplicate code {entry.code!r} in {name}")
            self._entries[entry.code] = entry

    def get(self, code: str) -> E | None:
        """Return the entry for ``code``, or None when it is not in the vocabulary."""
        return self._entries.get(code)

    def __getitem__(self, code: str) -> E:
        try:
            return self._entries[code]
        except KeyError:
            raise KeyError(f"{code!r} is not a code in {self.name}") from None

    def __contains__(self, code: object) -> bool:
        return code in self._entries

    def __iter__(self) -> Iterator[E]:
        return iter(self._entries.values())

    def __len__(self) -> int:
        return len(self._entries)

    def codes(self) -> tuple[str, ...]:
        """Return the codes in declaration order."""
        return tuple(self._entries)

    def label(self, code: str, lang: str) -> str:
        """Return the label of ``code`` in ``lang``."""
        return self[code].label.get(lang)

    def choices(self, lang: str, *, sort_by_label: bool = True) -> list[tuple[str, str]]:
        """Return (code, label) pairs for a form's select, sorted by the label in ``lang``.

        Pass ``sort_by_label=False`` to keep declaration order, which is the natural
        order for scales such as FREQUENCIES.
        """
        pairs = [(entry.code, entry.label.get(lang)) for entry in self._entries.values()]
        if not sort_by_label:
            return pairs
        return sorted(pairs, key=lambda pair: label_sort_key(pair[1]))

    def __repr__(self) -> str:
        return f"Vocabulary({self.name!r}, {len(self)} entries)"


def _t(en: str, fr: str) -> LocalizedText:
    return LocalizedText(en=en, fr=fr)


# --- Themes -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Theme:
    """A municipal theme (a catalogue facet), with its EU data-themes and Canadian subjects."""

    code: str
    label: LocalizedText
    description: LocalizedText
    eu_themes: tuple[str, ...]  # EU data-theme codes, most specific first
    canada_subjects: tuple[str, ...]  # canada_subject values (a multi-select upstream), primary first

    @property
    def eu_theme_uris(self) -> tuple[str, ...]:
        return tuple(f"{EU_AUTHORITY}data-theme/{code}" for code in self.eu_themes)


# canada_subject has no municipal infrastructure, housing or geography subject; those
# mappings are the nearest fit, not an equivalence.
# fmt: off
THEMES: Vocabulary[Theme] = Vocabulary("THEMES", [
    Theme("government", _t("Government and democracy", "Gouvernement et démocratie"),
          _t("Council and committees, elections, by-laws, the municipal organization and staff.",
             "Conseil et comités, élections, règlements, organisation municipale et personnel."),
          ("GOVE",), ("government_and_politics",)),
    Theme("finance", _t("Budget and finance", "Budget et finances"),
          _t("Budgets, spending, property taxes, procurement and contracts.",
             "Budgets, dépenses, impôt foncier, approvisionnement et contrats."),
          ("GOVE", "ECON"), ("government_and_politics", "economics_and_industry")),
    Theme("economy", _t("Economy and business", "Économie et entreprises"),
          _t("Businesses and business licences, employment, tourism and economic indicators.",
             "Entreprises et permis d'affaires, emploi, tourisme et indicateurs économiques."),
          ("ECON",), ("economics_and_industry", "labour")),
    Theme("transportation", _t("Transportation", "Transport"),
          _t("Roads, public transit, cycling and walking, parking and traffic.",
             "Routes, transport en commun, vélo et marche, stationnement et circulation."),
          ("TRAN",), ("transport",)),
    Theme("environment", _t("Environment", "Environnement"),
          _t("Air and water quality, trees, waste diversion, climate and energy use.",
             "Qualité de l'air et de l'eau, arbres, réacheminement des déchets, climat et énergie."),
          ("ENVI", "ENER"), ("nature_and_environment",)),
    Theme("recreation", _t("Parks, recreation and culture", "Parcs, loisirs et culture"),
          _t("Parks, sports facilities and programs, libraries, events and heritage.",
             "Parcs, installations et programmes sportifs, bibliothèques, événements et patrimoine."),
          ("EDUC",), ("society_and_culture", "arts_music_literature")),
    Theme("public-safety", _t("Public safety", "Sécurité publique"),
          _t("Police, fire and emergency services, by-law enforcement.",
             "Police, pompiers et services d'urgence, application des règlements."),
          ("JUST",), ("health_and_safety", "law")),
    Theme("health", _t("Health", "Santé"),
          _t("Public health, inspections and community health services.",
             "Santé publique, inspections et services de santé communautaires."),
          ("HEAL",), ("health_and_safety",)),
    Theme("housing", _t("Housing", "Logement"),
          _t("Housing stock, affordable housing, shelters and homelessness.",
             "Parc de logements, logement abordable, refuges et itinérance."),
          ("SOCI", "REGI"), ("society_and_culture",)),
    Theme("infrastructure", _t("Infrastructure and utilities", "Infrastructures et réseaux"),
          _t("Water, sewers and stormwater, municipal buildings, energy and telecommunications networks.",
             "Eau, égouts et eaux pluviales, bâtiments municipaux, réseaux d'énergie et de télécommunications."),
          ("REGI", "ENER"), ("economics_and_industry",)),
    Theme("services", _t("Municipal services", "Services municipaux"),
          _t("Service requests (311), waste collection, permits and service counters.",
             "Demandes de service (311), collecte des déchets, permis et comptoirs de service."),
          ("GOVE",), ("government_and_politics",)),
    Theme("geography", _t("Maps and geography", "Cartes et géographie"),
          _t("Base maps, boundaries, addresses, zoning and land use, aerial imagery.",
             "Cartes de base, limites, adresses, zonage et utilisation du sol, imagerie aérienne."),
          ("REGI",), ("science_and_technology",)),
    Theme("society", _t("Population and society", "Population et société"),
          _t("Demographics and census profiles, social services and community organizations.",
             "Démographie et profils du recensement, services sociaux et organismes communautaires."),
          ("SOCI",), ("society_and_culture", "persons")),
])
# fmt: on


# --- Update frequencies -------------------------------------------------------------------


@dataclass(frozen=True)
class Frequency:
    """How often a dataset is updated, and how old it may get before it is overdue."""

    code: str
    label: LocalizedText
    eu_frequency: str  # EU frequency authority code
    canada_frequency: str  # canada_frequency value
    dcat_us: str | None  # DCAT-US 1.1 accrualPeriodicity; None means omit the key
    max_age: dt.timedelta | None  # None: no schedule, so never overdue

    @property
    def eu_uri(self) -> str:
        return f"{EU_AUTHORITY}frequency/{self.eu_frequency}"


def _days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


# max_age is the period plus a grace: a weekly load that slips a couple of days, or a
# "daily" feed from a system that does not run at weekends, is late but not yet overdue.
# fmt: off
FREQUENCIES: Vocabulary[Frequency] = Vocabulary("FREQUENCIES", [
    # EU UPDATE_CONT is "continuously updated" (EU CONT means a continuous phenomenon).
    # DCAT-US has no continual value; R/PT1S is the Project Open Data convention for it.
    Frequency("continual", _t("Continually updated", "Mise à jour continue"),
              "UPDATE_CONT", "continual", "R/PT1S", _days(2)),
    Frequency("daily", _t("Daily", "Quotidienne"), "DAILY", "P1D", "R/P1D", _days(3)),
    Frequency("weekly", _t("Weekly", "Hebdomadaire"), "WEEKLY", "P1W", "R/P1W", _days(10)),
    # EU BIWEEKLY is "every two weeks" (twice a week is WEEKLY_2).
    Frequency("biweekly", _t("Every two weeks", "Aux deux semaines"), "BIWEEKLY", "P2W", "R/P2W", _days(18)),
    Frequency("monthly", _t("Monthly", "Mensuelle"), "MONTHLY", "P1M", "R/P1M", _days(35)),
    Frequency("quarterly", _t("Quarterly", "Trimestrielle"), "QUARTERLY", "P3M", "R/P3M", _days(100)),
    Frequency("semiannual", _t("Twice a year", "Semestrielle"), "ANNUAL_2", "P6M", "R/P6M", _days(200)),
    Frequency("annual", _t("Annually", "Annuelle"), "ANNUAL", "P1Y", "R/P1Y", _days(400)),
    Frequency("biennial", _t("Every two years", "Aux deux ans"), "BIENNIAL", "P2Y", "R/P2Y", _days(760)),
    Frequency("irregular", _t("Irregular", "Irrégulière"), "IRREG", "irregular", "irregular", None),
    # DCAT-US has no "as needed" or "not planned"; "irregular" is its only non-schedule value,
    # and saying nothing is more honest than "irregular" for a dataset that will not change.
    Frequency("as_needed", _t("As needed", "Au besoin"), "AS_NEEDED", "as_needed", "irregular", None),
    Frequency("not_planned", _t("No updates planned", "Aucune mise à jour prévue"),
              "NOT_PLANNED", "not_planned", None, None),
    Frequency("unknown", _t("Unknown", "Inconnue"), "UNKNOWN", "unknown", None, None),
])
# fmt: on


def is_overdue(frequency_code: str, last_modified: dt.datetime | None, now: dt.datetime) -> bool:
    """Return True when a dataset updated at ``last_modified`` is past due at ``now``.

    A dataset is overdue when its age is strictly greater than its frequency's
    ``max_age``. Frequencies without a schedule (irregular, as needed, not planned,
    unknown) are never overdue, nor is a dataset whose last update is unknown: that
    is a metadata gap, reported by completeness, not a late update. Raises KeyError
    for a code not in FREQUENCIES, and TypeError when one datetime is timezone-aware
    and the other is not.
    """
    max_age = FREQUENCIES[frequency_code].max_age
    if max_age is None or last_modified is None:
        return False
    return now - last_modified > max_age


# --- Access levels and workflow statuses --------------------------------------------------


@dataclass(frozen=True)
class AccessLevel:
    """Who may get the data (DCAT-AP dct:accessRights, DCAT-US accessLevel)."""

    code: str
    label: LocalizedText
    eu_access_right: str  # EU access-right authority code
    dcat_us: str  # DCAT-US 1.1 accessLevel

    @property
    def eu_uri(self) -> str:
        return f"{EU_AUTHORITY}access-right/{self.eu_access_right}"


# fmt: off
ACCESS_LEVELS: Vocabulary[AccessLevel] = Vocabulary("ACCESS_LEVELS", [
    AccessLevel("public", _t("Public", "Public"), "PUBLIC", "public"),
    AccessLevel("restricted", _t("Restricted", "Accès restreint"), "RESTRICTED", "restricted public"),
    AccessLevel("non_public", _t("Not public", "Non public"), "NON_PUBLIC", "non-public"),
])
# fmt: on


@dataclass(frozen=True)
class Status:
    """A step in the publishing workflow."""

    code: str
    label: LocalizedText


# fmt: off
STATUSES: Vocabulary[Status] = Vocabulary("STATUSES", [
    Status("draft", _t("Draft", "Ébauche")),
    Status("in_review", _t("In review", "En révision")),
    Status("published", _t("Published", "Publié")),
    Status("archived", _t("Archived", "Archivé")),
])
# fmt: on


# --- Resource languages -------------------------------------------------------------------


@dataclass(frozen=True)
class ResourceLanguage:
    """The language(s) of a resource's content."""

    code: str
    label: LocalizedText
    canada_languages: tuple[str, ...]  # canada_resource_language values (a multi-select upstream)
    iso639_3: tuple[str, ...]  # ISO 639-3 codes (the same as ISO 639-2/T for these)
    eu_languages: tuple[str, ...]  # EU language authority codes

    @property
    def eu_uris(self) -> tuple[str, ...]:
        return tuple(f"{EU_AUTHORITY}language/{code}" for code in self.eu_languages)


# fmt: off
RESOURCE_LANGUAGES: Vocabulary[ResourceLanguage] = Vocabulary("RESOURCE_LANGUAGES", [
    ResourceLanguage("en", _t("English", "Anglais"), ("en",), ("eng",), ("ENG",)),
    ResourceLanguage("fr", _t("French", "Français"), ("fr",), ("fra",), ("FRA",)),
    ResourceLanguage("en+fr", _t("English and French", "Anglais et français"),
                     ("en", "fr"), ("eng", "fra"), ("ENG", "FRA")),
    # zxx is ISO 639 "no linguistic content" (a table of numbers, a map). We found no
    # EU language-table code for it, so DCAT-AP output states no language.
    ResourceLanguage("zxx", _t("No linguistic content", "Aucun contenu linguistique"), ("zxx",), ("zxx",), ()),
])
# fmt: on


# --- File formats -------------------------------------------------------------------------


@dataclass(frozen=True)
class Format:
    """A file format, with what the 5-star openness scale needs to know about it."""

    code: str
    label: LocalizedText
    media_type: str  # IANA media type
    extensions: tuple[str, ...]  # lower-case, with the dot
    eu_file_type: str | None  # EU file-type authority code
    canada_format: str | None  # canada_resource_format value
    machine_readable: bool  # structured data a program can read without guessing (2 stars)
    open_format: bool  # openly specified, usable without proprietary software (3 stars)

    @property
    def eu_uri(self) -> str | None:
        return f"{EU_AUTHORITY}file-type/{self.eu_file_type}" if self.eu_file_type else None


# fmt: off
FORMATS: Vocabulary[Format] = Vocabulary("FORMATS", [
    Format("CSV", _t("CSV (comma-separated values)", "CSV (valeurs séparées par des virgules)"),
           "text/csv", (".csv",), "CSV", "CSV", True, True),
    Format("TSV", _t("TSV (tab-separated values)", "TSV (valeurs séparées par des tabulations)"),
           "text/tab-separated-values", (".tsv",), "TSV", "TSV", True, True),
    # Plain text has no structure a program can rely on.
    Format("TXT", _t("Plain text", "Texte brut"), "text/plain", (".txt",), "TXT", "TXT", False, True),
    Format("JSON", _t("JSON", "JSON"), "application/json", (".json",), "JSON", "JSON", True, True),
    # application/x-ndjson is not registered with IANA but is what servers and clients use.
    # The EU file-type table has no JSON Lines entry.
    Format("NDJSON", _t("Newline-delimited JSON", "JSON délimité par des sauts de ligne"),
           "application/x-ndjson", (".ndjson", ".jsonl"), None, "JSONL", True, True),
    Format("GEOJSON", _t("GeoJSON", "GeoJSON"), "application/geo+json", (".geojson",),
           "GEOJSON", "GEOJSON", True, True),
    # Excel workbooks are structured but tied to one vendor's software: 2 stars by convention.
    Format("XLSX", _t("Excel workbook (XLSX)", "Classeur Excel (XLSX)"),
           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",),
           "XLSX", "XLSX", True, False),
    Format("XLS", _t("Excel 97–2003 workbook (XLS)", "Classeur Excel 97-2003 (XLS)"),
           "application/vnd.ms-excel", (".xls",), "XLS", "XLS", True, False),
    Format("ODS", _t("OpenDocument spreadsheet (ODS)", "Feuille de calcul OpenDocument (ODS)"),
           "application/vnd.oasis.opendocument.spreadsheet", (".ods",), "ODS", "ODS", True, True),
    Format("XML", _t("XML", "XML"), "application/xml", (".xml",), "XML", "XML", True, True),
    Format("PDF", _t("PDF document", "Document PDF"), "application/pdf", (".pdf",), "PDF", "PDF", False, True),
    Format("HTML", _t("Web page (HTML)", "Page Web (HTML)"), "text/html", (".html", ".htm"),
           "HTML", "HTML", False, True),
    # An archive's openness is that of its contents; the pipeline looks inside.
    Format("ZIP", _t("ZIP archive", "Archive ZIP"), "application/zip", (".zip",), "ZIP", "ZIP", False, True),
    # A shapefile is several files, so it travels as a ZIP: application/zip is what is on the
    # wire (IANA has no shapefile type; the Canadian list's application/x-shapefile is unofficial).
    Format("SHP", _t("Shapefile (zipped)", "Fichier de formes (compressé)"), "application/zip",
           (".shp.zip", ".shp"), "SHP", "SHP", True, True),
    Format("GPKG", _t("GeoPackage", "GeoPackage"), "application/geopackage+sqlite3", (".gpkg",),
           "GPKG", "GPKG", True, True),
    # The Canadian list has GeoParquet but no plain Parquet.
    Format("PARQUET", _t("Apache Parquet", "Apache Parquet"), "application/vnd.apache.parquet",
           (".parquet",), "PARQUET", None, True, True),
    Format("KML", _t("KML (Google Earth)", "KML (Google Earth)"), "application/vnd.google-earth.kml+xml",
           (".kml",), "KML", "KML", True, True),
    Format("DOCX", _t("Word document (DOCX)", "Document Word (DOCX)"),
           "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",),
           "DOCX", "DOCX", False, False),
])
# fmt: on

# Longest extension first, so "roads.shp.zip" is a shapefile and not just a ZIP.
_BY_EXTENSION: tuple[tuple[str, str], ...] = tuple(
    sorted(
        ((ext, fmt.code) for fmt in FORMATS for ext in fmt.extensions),
        key=lambda pair: len(pair[0]),
        reverse=True,
    )
)


def format_for_filename(name: str) -> str | None:
    """Return the format code for a file name, path or URL from its extension, or None."""
    # A URL's query or fragment ("data.csv?version=2") is not part of the file name.
    base = name.split("?", 1)[0].split("#", 1)[0].rstrip("/").rsplit("/", 1)[-1].lower()
    for extension, code in _BY_EXTENSION:
        if base.endswith(extension) and len(base) > len(extension):
            return code
    return None


def media_type_for(code: str) -> str | None:
    """Return the IANA media type of a format code (case-insensitive), or None if unknown."""
    fmt = FORMATS.get(code.strip().upper())
    return fmt.media_type if fmt else None
