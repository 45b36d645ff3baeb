"""Data Package (Frictionless v1): the sample town validates, a broken descriptor does not."""

from __future__ import annotations

import csv
import dataclasses
import json
import os
from pathlib import Path
from typing import Any

import pytest

from trousse.engine.metadata.datapackage import data_package, package_name
from trousse.engine.metadata.model import DatasetMeta
from trousse.sample import build_sample_town
from trousse.sample.build import SampleTown

# The standards live next to the repository (../shared/standards), not in it.
STANDARDS = Path(
    os.environ.get("TROUSSE_STANDARDS_DIR", Path(__file__).resolve().parents[4] / "shared/standards")
)
FRICTIONLESS = STANDARDS / "frictionless/v1"
needs_standards = pytest.mark.skipif(
    not FRICTIONLESS.is_dir(), reason=f"Frictionless v1 schemas not found at {FRICTIONLESS}"
)
BASE = "https://data.maplepoint.example"


def _errors(descriptor: dict[str, Any]) -> list[str]:
    """Validate against data-package.json, and tabular-data-package.json when the profile says so."""
    from jsonschema import Draft4Validator, FormatChecker

    names = ["data-package.json"]
    if descriptor.get("profile") == "tabular-data-package":
        names.append("tabular-data-package.json")
    errors = []
    for name in names:
        schema = json.loads((FRICTIONLESS / name).read_text())
        validator = Draft4Validator(schema, format_checker=FormatChecker())
        errors += [
            f"{name} {'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator.iter_errors(descriptor)
        ]
    return errors


def _header_schema(path: Path) -> dict[str, Any]:
    """A cheap Table Schema from a CSV header (all strings): the mapping, not inference, is under test."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:  # the sample town has a Windows-1252 file on purpose
        text = raw.decode("cp1252")
    header = next(csv.reader(text.splitlines()))
    return {"fields": [{"name": name, "type": "string"} for name in header]}


def _csv_schemas(dataset: DatasetMeta) -> dict[int, dict[str, Any]]:
    return {
        i: _header_schema(r.path) for i, r in enumerate(dataset.resources) if r.format == "CSV" and r.path
    }


@pytest.fixture(scope="module")
def town(tmp_path_factory: pytest.TempPathFactory) -> SampleTown:
    return build_sample_town(tmp_path_factory.mktemp("town"), scale=0.01)


@needs_standards
def test_every_sample_dataset_is_a_valid_package(town: SampleTown) -> None:
    profiles = set()
    for dataset in town.datasets:
        package = data_package(dataset, base_url=BASE, schemas=_csv_schemas(dataset), municipality=town.name)
        assert _errors(package) == [], dataset.slug
        profiles.add(package["profile"])
    assert profiles == {"tabular-data-package", "data-package"}


@needs_standards
def test_inferred_schema_and_dictionary(town: SampleTown, tmp_path: Path) -> None:
    from trousse.engine.tables.read import read_tables
    from trousse.engine.tables.schema import infer_schema

    dataset = town.dataset("street-trees")
    [table] = read_tables(dataset.resources[0].path, tmp_path / "work")
    schema = infer_schema(table).to_dict()
    first = schema["fields"][0]["name"]
    dictionary = {
        first: {
            "title_en": "Tree ID",
            "title_fr": "Identifiant de l'arbre",
            "description_fr": "Numéro unique",
            "unit": "n/a",
        }
    }
    package = data_package(
        dataset, base_url=BASE, schemas={0: schema}, dictionaries={0: dictionary}, municipality=town.name
    )
    assert _errors(package) == []
    assert package["profile"] == "tabular-data-package"
    [resource] = package["resources"]
    assert resource["profile"] == "tabular-data-resource"
    assert resource["path"] == f"{BASE}/datasets/street-trees/files/street-trees.csv"
    assert (resource["format"], resource["mediatype"]) == ("csv", "text/csv")
    field = resource["schema"]["fields"][0]
    assert field["title"] == "Tree ID" and field["title_fr"] == "Identifiant de l'arbre"
    assert field["description"] == "Numéro unique" and field["description_fr"] == "Numéro unique"
    assert field["unit"] == "n/a"
    assert "title" not in schema["fields"][0]  # the caller's schema is not modified
    assert package["licenses"] == [
        {"name": "CC0-1.0", "path": package["licenses"][0]["path"], "title": package["licenses"][0]["title"]}
    ]
    assert package["licenses"][0]["path"].startswith("https://")


def test_bilingual_text_and_names(town: SampleTown) -> None:
    dataset = town.dataset("council-members")
    package = data_package(dataset, base_url=BASE)
    assert package["name"] == "council-members"
    assert package["title"] == dataset.title.en and package["title_fr"] == dataset.title.fr
    assert package["description_fr"] == dataset.description.fr
    assert package["keywords"] == list(dataset.keywords.en)
    assert package["keywords_fr"] == list(dataset.keywords.fr)
    names = [r["name"] for r in package["resources"]]
    assert len(names) == len(set(names))
    assert package["profile"] == "data-package"  # no schemas given


def test_package_name_is_lowercase_and_safe() -> None:
    assert package_name("Street Trees 2026!") == "street-trees-2026"
    assert package_name("***") == "dataset"


@needs_standards
def test_broken_descriptor_fails(town: SampleTown) -> None:
    dataset = dataclasses.replace(town.dataset("street-trees"), slug="Street Trees")
    package = data_package(dataset, base_url=BASE, schemas={})
    package["name"] = "Street Trees"  # what a mapping that forgot to normalize the slug would write
    del package["resources"][0]["path"]
    errors = _errors(package)
    assert any(e.startswith("data-package.json name:") for e in errors), errors
    assert any("resources/0" in e for e in errors), errors
    # A package that claims to be tabular without schemas fails the tabular profile.
    package = data_package(dataset, base_url=BASE)
    package["profile"] = "tabular-data-package"
    errors = _errors(package)
    assert any(e.startswith("tabular-data-package.json resources/0") for e in errors), errors
