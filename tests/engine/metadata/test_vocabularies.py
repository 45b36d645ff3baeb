"""Vocabularies: bilingual labels, real codes in the standards, freshness and format detection."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path

import pytest
import yaml

from trousse.engine.metadata.model import LocalizedText
from trousse.engine.metadata.vocabularies import (
    ACCESS_LEVELS,
    FORMATS,
    FREQUENCIES,
    RESOURCE_LANGUAGES,
    STATUSES,
    THEMES,
    Status,
    Vocabulary,
    format_for_filename,
    is_overdue,
    label_sort_key,
    media_type_for,
)

ALL = {
    "THEMES": THEMES,
    "FREQUENCIES": FREQUENCIES,
    "ACCESS_LEVELS": ACCESS_LEVELS,
    "STATUSES": STATUSES,
    "RESOURCE_LANGUAGES": RESOURCE_LANGUAGES,
    "FORMATS": FORMATS,
}

# The standards live next to the repository (../shared/standards), not in it.
STANDARDS = Path(
    os.environ.get("TROUSSE_STANDARDS_DIR", Path(__file__).resolve().parents[4] / "shared/standards")
)
needs_standards = pytest.mark.skipif(not STANDARDS.is_dir(), reason=f"standards not found at {STANDARDS}")

# EU authority codes, from the EU Publications Office tables (not in shared/standards).
EU_DATA_THEMES = {
    "AGRI",
    "ECON",
    "EDUC",
    "ENER",
    "ENVI",
    "GOVE",
    "HEAL",
    "INTR",
    "JUST",
    "REGI",
    "SOCI",
    "TECH",
    "TRAN",
    "OP_DATPRO",
}


@pytest.fixture(scope="module")
def canada_choices() -> dict[str, set[str]]:
    if not STANDARDS.is_dir():
        pytest.skip(f"standards not found at {STANDARDS}")
    presets = yaml.safe_load((STANDARDS / "ckan-canada/schemas/presets.yaml").read_text(encoding="utf-8"))
    return {
        p["preset_name"]: {c["value"] for c in p["values"]["choices"]}
        for p in presets["presets"]
        if "choices" in p.get("values", {})
    }


def test_codes_are_exactly_the_agreed_ones():
    assert set(THEMES.codes()) == {
        "government",
        "finance",
        "economy",
        "transportation",
        "environment",
        "recreation",
        "public-safety",
        "health",
        "housing",
        "infrastructure",
        "services",
        "geography",
        "society",
    }
    assert FREQUENCIES.codes() == (
        "continual",
        "daily",
        "weekly",
        "biweekly",
        "monthly",
        "quarterly",
        "semiannual",
        "annual",
        "biennial",
        "irregular",
        "as_needed",
        "not_planned",
        "unknown",
    )
    assert ACCESS_LEVELS.codes() == ("public", "restricted", "non_public")
    assert STATUSES.codes() == ("draft", "in_review", "published", "archived")
    assert RESOURCE_LANGUAGES.codes() == ("en", "fr", "en+fr", "zxx")
    assert {
        "CSV",
        "TSV",
        "TXT",
        "JSON",
        "NDJSON",
        "GEOJSON",
        "XLSX",
        "XLS",
        "ODS",
        "XML",
        "PDF",
        "HTML",
        "ZIP",
        "SHP",
        "GPKG",
        "PARQUET",
        "KML",
        "DOCX",
    } <= set(FORMATS.codes())


@pytest.mark.parametrize("name", ALL)
def test_every_entry_has_english_and_french_labels(name):
    for entry in ALL[name]:
        assert entry.label.en.strip(), f"{name}[{entry.code}] has no English label"
        assert entry.label.fr.strip(), f"{name}[{entry.code}] has no French label"


@pytest.mark.parametrize("name", ALL)
def test_labels_are_unique_within_a_language(name):
    for lang in ("en", "fr"):
        labels = [entry.label.get(lang) for entry in ALL[name]]
        assert len(labels) == len(set(labels)), f"{name} repeats a {lang} label"


def test_themes_have_descriptions_and_real_eu_themes():
    for theme in THEMES:
        assert theme.description.en.strip() and theme.description.fr.strip(), theme.code
        assert theme.eu_themes and set(theme.eu_themes) <= EU_DATA_THEMES, theme.code
    assert THEMES["transportation"].eu_theme_uris == (
        "http://publications.europa.eu/resource/authority/data-theme/TRAN",
    )
    assert THEMES["recreation"].label == LocalizedText(
        "Parks, recreation and culture", "Parcs, loisirs et culture"
    )
    assert THEMES["public-safety"].label == LocalizedText("Public safety", "Sécurité publique")


def test_theme_subjects_exist_in_the_canadian_presets(canada_choices):
    for theme in THEMES:
        assert theme.canada_subjects, theme.code
        assert set(theme.canada_subjects) <= canada_choices["canada_subject"], theme.code


def test_frequencies_exist_in_the_canadian_presets(canada_choices):
    for frequency in FREQUENCIES:
        assert frequency.canada_frequency in canada_choices["canada_frequency"], frequency.code


def test_frequencies_map_to_eu_uris():
    assert (
        FREQUENCIES["continual"].eu_uri
        == "http://publications.europa.eu/resource/authority/frequency/UPDATE_CONT"
    )
    assert FREQUENCIES["semiannual"].eu_frequency == "ANNUAL_2"
    assert FREQUENCIES["irregular"].eu_frequency == "IRREG"
    assert len({f.eu_frequency for f in FREQUENCIES}) == len(FREQUENCIES)


@needs_standards
def test_frequencies_are_valid_dcat_us_periodicities():
    schema = json.loads(
        (STANDARDS / "dcat-us/v1.1/datagov-harvester/non-federal-v1.1/dataset-non-federal.json").read_text()
    )
    options = schema["properties"]["accrualPeriodicity"]["anyOf"]
    allowed = set(next(o["enum"] for o in options if "enum" in o))
    pattern = re.compile(next(o["pattern"] for o in options if "pattern" in o))
    for frequency in FREQUENCIES:
        value = frequency.dcat_us
        assert value is None or value in allowed or pattern.match(value), frequency.code


def test_max_age_is_longer_than_the_period():
    periods = {
        "daily": 1,
        "weekly": 7,
        "biweekly": 14,
        "monthly": 31,
        "quarterly": 92,
        "semiannual": 184,
        "annual": 366,
        "biennial": 731,
    }
    for code, days in periods.items():
        max_age = FREQUENCIES[code].max_age
        assert max_age is not None and max_age > dt.timedelta(days=days), code
    assert FREQUENCIES["weekly"].max_age == dt.timedelta(days=10)
    assert FREQUENCIES["monthly"].max_age == dt.timedelta(days=35)
    assert FREQUENCIES["annual"].max_age == dt.timedelta(days=400)
    assert FREQUENCIES["continual"].max_age == dt.timedelta(days=2)
    for code in ("irregular", "as_needed", "not_planned", "unknown"):
        assert FREQUENCIES[code].max_age is None


NOW = dt.datetime(2025, 6, 30, 12, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("code", "age", "overdue"),
    [
        ("weekly", dt.timedelta(days=10), False),  # exactly max_age: not yet
        ("weekly", dt.timedelta(days=10, seconds=1), True),
        ("weekly", dt.timedelta(0), False),
        ("monthly", dt.timedelta(days=35), False),
        ("monthly", dt.timedelta(days=35, microseconds=1), True),
        ("annual", dt.timedelta(days=400), False),
        ("annual", dt.timedelta(days=401), True),
        ("continual", dt.timedelta(days=2, seconds=1), True),
        ("daily", dt.timedelta(days=3), False),
        ("irregular", dt.timedelta(days=3650), False),
        ("as_needed", dt.timedelta(days=3650), False),
        ("not_planned", dt.timedelta(days=3650), False),
        ("unknown", dt.timedelta(days=3650), False),
    ],
)
def test_is_overdue_boundaries(code, age, overdue):
    assert is_overdue(code, NOW - age, NOW) is overdue


def test_is_overdue_with_unknown_last_update_or_code():
    assert is_overdue("daily", None, NOW) is False
    with pytest.raises(KeyError):
        is_overdue("hourly", NOW, NOW)


def test_is_overdue_across_time_zones():
    eastern = dt.timezone(dt.timedelta(hours=-5))
    # 10 days exactly, written in another zone.
    assert is_overdue("weekly", (NOW - dt.timedelta(days=10)).astimezone(eastern), NOW) is False


def test_access_levels_map_to_eu_and_dcat_us():
    assert (
        ACCESS_LEVELS["public"].eu_uri
        == "http://publications.europa.eu/resource/authority/access-right/PUBLIC"
    )
    assert ACCESS_LEVELS["non_public"].eu_access_right == "NON_PUBLIC"
    assert ACCESS_LEVELS["restricted"].label == LocalizedText("Restricted", "Accès restreint")
    assert {a.dcat_us for a in ACCESS_LEVELS} == {"public", "restricted public", "non-public"}


def test_statuses_labels():
    assert STATUSES["draft"].label.fr == "Ébauche"
    assert STATUSES["in_review"].label == LocalizedText("In review", "En révision")


def test_resource_languages_exist_in_the_canadian_presets(canada_choices):
    for language in RESOURCE_LANGUAGES:
        assert set(language.canada_languages) <= canada_choices["canada_resource_language"], language.code
    assert RESOURCE_LANGUAGES["en+fr"].eu_uris == (
        "http://publications.europa.eu/resource/authority/language/ENG",
        "http://publications.europa.eu/resource/authority/language/FRA",
    )


def test_formats_exist_in_the_canadian_presets(canada_choices):
    for fmt in FORMATS:
        if fmt.canada_format is not None:
            assert fmt.canada_format in canada_choices["canada_resource_format"], fmt.code


def test_format_attributes_are_consistent():
    extensions = [ext for fmt in FORMATS for ext in fmt.extensions]
    assert len(extensions) == len(set(extensions)), "an extension belongs to two formats"
    for fmt in FORMATS:
        assert re.fullmatch(r"[a-z]+/[a-z0-9.+-]+", fmt.media_type), fmt.code
        assert fmt.extensions and all(ext.startswith(".") and ext == ext.lower() for ext in fmt.extensions)
        assert fmt.code == fmt.code.upper()
    # 5-star inputs: CSV is 3 stars, XLSX 2, PDF 1.
    assert FORMATS["CSV"].machine_readable and FORMATS["CSV"].open_format
    assert FORMATS["XLSX"].machine_readable and not FORMATS["XLSX"].open_format
    assert not FORMATS["PDF"].machine_readable
    assert FORMATS["GEOJSON"].eu_uri == "http://publications.europa.eu/resource/authority/file-type/GEOJSON"
    assert FORMATS["NDJSON"].eu_uri is None


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("trees.csv", "CSV"),
        ("Trees.CSV", "CSV"),
        ("/data/2024/roads.shp.zip", "SHP"),
        ("roads.zip", "ZIP"),
        ("https://example.ca/dl/wards.geojson?version=3#top", "GEOJSON"),
        ("events.jsonl", "NDJSON"),
        ("events.ndjson", "NDJSON"),
        ("budget.xlsx", "XLSX"),
        ("budget.xls", "XLS"),
        ("page.htm", "HTML"),
        ("table.parquet", "PARQUET"),
        ("README", None),
        ("notes.md", None),
        (".csv", None),
        ("", None),
    ],
)
def test_format_for_filename(name, code):
    assert format_for_filename(name) == code


def test_media_type_for():
    assert media_type_for("CSV") == "text/csv"
    assert media_type_for("geojson") == "application/geo+json"
    assert media_type_for("NOPE") is None


def test_choices_sort_by_label_ignoring_accents():
    fr = THEMES.choices("fr")
    assert fr == sorted(fr, key=lambda pair: label_sort_key(pair[1]))
    codes = [code for code, _ in fr]
    # « Économie » files under E, before « Environnement », not after « Transport ».
    assert codes.index("economy") < codes.index("environment") < codes.index("transportation")
    assert ("economy", "Économie et entreprises") in fr
    en = THEMES.choices("en")
    assert [label for _, label in en] == sorted((label for _, label in en), key=str.casefold)
    assert FREQUENCIES.choices("en", sort_by_label=False)[0] == ("continual", "Continually updated")


def test_vocabulary_lookup():
    assert THEMES.get("health") is THEMES["health"]
    assert THEMES.get("nope") is None
    assert "health" in THEMES and "nope" not in THEMES
    assert len(THEMES) == 13
    assert THEMES.label("health", "fr") == "Santé"
    with pytest.raises(KeyError, match="nope"):
        THEMES["nope"]


def test_vocabulary_rejects_duplicate_codes():
    with pytest.raises(ValueError, match="duplicate"):
        Vocabulary("X", [Status("a", LocalizedText("A", "A")), Status("a", LocalizedText("B", "B"))])
