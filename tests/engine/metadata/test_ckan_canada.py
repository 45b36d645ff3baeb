"""Canadian Open Government Portal packages: checked field by field against ckanext-canada's YAML.

The checker reads ``dataset.yaml`` and resolves each field's ``preset`` from
``presets.yaml`` (a field's own keys override its preset's, as ckanext-scheming does).
Rules, per field:

* ``required: true`` -> present and non-empty. Bilingual fields (``fluent_text`` /
  ``fluent_tags`` validators) need both ``en`` and ``fr``: ckanext-fluent requires every
  form language of a required field, and our mapper never fills one language from the
  other, so no fallback marker exists to accept. A required field whose validators are
  ``ignore`` (legacy ``related_relationship``) is exempt: CKAN drops it on input, so
  ``package_show`` never returns it.
* ``choices`` -> every value (each item of a multi-select) is one of the choice values.
"""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path
from typing import Any

import pytest
import yaml

from trousse.engine.metadata.ckan_canada import canada_package
from trousse.engine.metadata.licences import LICENCES
from trousse.engine.metadata.model import DatasetMeta, LocalizedText
from trousse.sample import build_sample_town

# The standards live next to the repository (../shared/standards), not in it.
STANDARDS = Path(
    os.environ.get("TROUSSE_STANDARDS_DIR", Path(__file__).resolve().parents[4] / "shared/standards")
)
SCHEMAS = STANDARDS / "ckan-canada/schemas"
pytestmark = pytest.mark.skipif(
    not SCHEMAS.is_dir(), reason=f"ckanext-canada schemas not found at {SCHEMAS} (set TROUSSE_STANDARDS_DIR)"
)

BASE_URL = "https://data.example.ca"
BILINGUAL_VALIDATORS = ("fluent_text", "fluent_tags")


@pytest.fixture(scope="module")
def schema() -> dict[str, list[dict[str, Any]]]:
    """Return {"dataset_fields": [...], "resource_fields": [...]} with presets merged in."""
    dataset = yaml.safe_load((SCHEMAS / "dataset.yaml").read_text(encoding="utf-8"))
    presets_doc = yaml.safe_load((SCHEMAS / "presets.yaml").read_text(encoding="utf-8"))
    presets = {p["preset_name"]: p["values"] for p in presets_doc["presets"]}

    def merged(field: dict[str, Any]) -> dict[str, Any]:
        out = dict(presets.get(field.get("preset", ""), {}))
        out.update({k: v for k, v in field.items() if k != "preset"})
        return out

    return {
        section: [merged(f) for f in dataset[section]] for section in ("dataset_fields", "resource_fields")
    }


@pytest.fixture(scope="module")
def town(tmp_path_factory: pytest.TempPathFactory):
    return build_sample_town(tmp_path_factory.mktemp("town"), scale=0.01)


def _blank(value: Any) -> bool:
    return (
        value is None
        or (isinstance(value, str) and not value.strip())
        or (isinstance(value, (list, dict)) and not value)
    )


def check_fields(record: dict[str, Any], fields: list[dict[str, Any]], where: str) -> list[str]:
    """Return one problem per field of ``record`` that breaks a ``required`` or ``choices`` rule."""
    problems: list[str] = []
    for field in fields:
        name = field["field_name"]
        validators = str(field.get("validators", ""))
        bilingual = any(v in validators.split() for v in BILINGUAL_VALIDATORS)
        value = record.get(name)
        if field.get("required") and validators.split()[:1] != ["ignore"]:
            if _blank(value):
                problems.append(f"{where}: required {name} is missing or empty")
            elif bilingual:
                if not isinstance(value, dict):
                    problems.append(f"{where}: {name} should be {{'en': …, 'fr': …}}, not {value!r}")
                else:
                    for lang in ("en", "fr"):
                        if _blank(value.get(lang)):
                            problems.append(f"{where}: required {name} has no {lang!r} value")
        if "choices" in field and not _blank(value):
            allowed = {str(choice["value"]) for choice in field["choices"]}
            for item in value if isinstance(value, list) else [value]:
                if item not in allowed:
                    problems.append(f"{where}: {name} value {item!r} is not one of its preset's choices")
    return problems


def check_package(package: dict[str, Any], schema: dict[str, list[dict[str, Any]]]) -> list[str]:
    """Return every problem in ``package`` and its resources."""
    where = f"package {package.get('name')!r}"
    problems = check_fields(package, schema["dataset_fields"], where)
    for n, resource in enumerate(package.get("resources", []), start=1):
        problems += check_fields(resource, schema["resource_fields"], f"{where} resource {n}")
    return problems


def _published_public(town) -> list[DatasetMeta]:
    return [d for d in town.datasets if d.status == "published" and d.access_level == "public"]


def _package(town, dataset: DatasetMeta) -> dict[str, Any]:
    orgs = {org.slug: org for org in town.organizations}
    return canada_package(dataset, orgs[dataset.organization], base_url=BASE_URL, municipality=town.name)


def test_schema_has_the_required_fields_we_rely_on(schema) -> None:
    # If upstream changes what is required, this says so before the field checks do.
    required = {f["field_name"] for f in schema["dataset_fields"] if f.get("required")}
    assert required == {
        "collection", "title_translated", "owner_org", "notes_translated", "keywords", "subject",
        "frequency", "date_published", "jurisdiction", "license_id", "restrictions", "imso_approval",
        "ready_to_publish",
    }  # fmt: skip
    resource_required = {f["field_name"] for f in schema["resource_fields"] if f.get("required")}
    assert resource_required == {"name_translated", "resource_type", "language", "related_relationship"}


def test_every_published_public_sample_dataset_passes_the_schema(town, schema) -> None:
    datasets = _published_public(town)
    assert len(datasets) >= 10
    problems = [p for d in datasets for p in check_package(_package(town, d), schema)]
    assert problems == []


def test_package_values(town) -> None:
    dataset = town.dataset("311-service-requests")
    package = _package(town, dataset)
    assert package["jurisdiction"] == "municipal"
    assert package["restrictions"] == "unrestricted"
    assert package["frequency"] == "P1D"
    assert package["title_translated"] == {"en": dataset.title.en, "fr": dataset.title.fr}
    assert package["keywords"] == {"en": list(dataset.keywords.en), "fr": list(dataset.keywords.fr)}
    assert package["org_title_at_publication"] == {
        "en": "Town of Maple Point",
        "fr": "Ville de Pointe-aux-Érables",
    }
    assert package["date_modified"] == dataset.modified.date().isoformat()
    # The sample sets no "issued": date_published falls back to the last update.
    assert package["date_published"] == package["date_modified"]
    assert package["time_period_coverage_start"] == "2024-11-01"
    assert package["imso_approval"] == package["ready_to_publish"] == "true"
    (resource,) = package["resources"]
    assert resource["resource_type"] == "dataset"
    assert resource["format"] == "CSV"
    assert resource["language"] == ["en", "fr"]
    assert resource["url"].startswith(f"{BASE_URL}/datasets/311-service-requests/files/")


def test_links_are_websites(town, schema) -> None:
    package = _package(town, town.dataset("council-meeting-videos"))
    assert {r["resource_type"] for r in package["resources"]} == {"website"}
    assert all(r["url"].startswith("http") for r in package["resources"])


def test_licence_ids_are_canadian_or_our_own_unmapped_code(town) -> None:
    canadian = {
        lic["id"] for lic in json.loads((SCHEMAS.parent / "licenses.json").read_text(encoding="utf-8"))
    }
    for dataset in _published_public(town):
        licence_id = _package(town, dataset)["license_id"]
        if LICENCES[dataset.licence].canada_id:
            assert licence_id in canadian
        else:
            # A documented gap: the receiving portal must register this licence first.
            assert licence_id == dataset.licence
    ogl = dataclasses.replace(town.datasets[0], licence="ogl-canada-2.0")
    assert _package(town, ogl)["license_id"] == "ca-ogl-lgo"


def test_a_missing_french_title_fails_the_check(town, schema) -> None:
    dataset = town.dataset("parks")
    broken = dataclasses.replace(dataset, title=LocalizedText(en=dataset.title.en, fr=""))
    problems = check_package(_package(town, broken), schema)
    assert problems == ["package 'parks': required title_translated has no 'fr' value"]


def test_a_value_outside_the_choices_fails_the_check(town, schema) -> None:
    package = _package(town, town.dataset("parks"))
    package["frequency"] = "R/P1Y"
    package["resources"][0]["language"] = ["en", "klingon"]
    del package["subject"]
    assert sorted(check_package(package, schema)) == [
        "package 'parks' resource 1: language value 'klingon' is not one of its preset's choices",
        "package 'parks': frequency value 'R/P1Y' is not one of its preset's choices",
        "package 'parks': required subject is missing or empty",
    ]


def test_non_public_datasets_are_refused(town) -> None:
    with pytest.raises(ValueError, match="unrestricted"):
        _package(town, town.dataset("water-valves"))
