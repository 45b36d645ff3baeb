"""data.json (DCAT-US 1.1, non-federal profile): the sample town validates, a broken record does not."""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path
from typing import Any

import pytest

from trousse.engine.metadata.datajson import data_json, datajson_dataset
from trousse.engine.metadata.model import LocalizedText
from trousse.sample import build_sample_town
from trousse.sample.build import SampleTown

# The standards live next to the repository (../shared/standards), not in it.
STANDARDS = Path(
    os.environ.get("TROUSSE_STANDARDS_DIR", Path(__file__).resolve().parents[4] / "shared/standards")
)
NON_FEDERAL = STANDARDS / "dcat-us/v1.1/datagov-harvester/non-federal-v1.1"
needs_standards = pytest.mark.skipif(
    not NON_FEDERAL.is_dir(), reason=f"DCAT-US non-federal schemas not found at {NON_FEDERAL}"
)
BASE = "https://data.maplepoint.example"
LICENCE = "https://maplepoint.example/licence"


def _errors(document: dict[str, Any]) -> list[str]:
    """Validate like shared/standards/check/validate_datajson.py: every schema registered under its id."""
    from jsonschema import Draft4Validator, FormatChecker
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4

    resources = []
    for path in sorted(NON_FEDERAL.glob("*.json")):
        doc = json.loads(path.read_text())
        resources.append((doc["id"].rstrip("#"), Resource.from_contents(doc, default_specification=DRAFT4)))
    catalog = json.loads((NON_FEDERAL / "catalog.json").read_text())
    validator = Draft4Validator(
        catalog, registry=Registry().with_resources(resources), format_checker=FormatChecker()
    )
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(document)]


@pytest.fixture(scope="module")
def town(tmp_path_factory: pytest.TempPathFactory) -> SampleTown:
    return build_sample_town(tmp_path_factory.mktemp("town"), scale=0.01)


def _catalog(town: SampleTown, lang: str = "en") -> dict[str, Any]:
    return data_json(
        town.datasets,
        town.organizations,
        base_url=BASE,
        catalog_title=town.name,
        lang=lang,
        municipal_licence_url=LICENCE,
    )


@needs_standards
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_sample_town_catalogue_is_valid(town: SampleTown, lang: str) -> None:
    catalog = _catalog(town, lang)
    assert _errors(catalog) == []
    assert len(catalog["dataset"]) == len(town.datasets)


@needs_standards
def test_written_file_passes_the_shared_checker(town: SampleTown, tmp_path: Path) -> None:
    import subprocess
    import sys

    path = tmp_path / "data.json"
    path.write_text(json.dumps(_catalog(town), ensure_ascii=False), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(STANDARDS / "check/validate_datajson.py"), str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@needs_standards
def test_dataset_without_description_fails(town: SampleTown) -> None:
    broken = dataclasses.replace(town.dataset("street-trees"), description=LocalizedText())
    catalog = data_json([broken], town.organizations, base_url=BASE, catalog_title="Maple Point")
    errors = _errors(catalog)
    assert any("'description' is a required property" in e for e in errors), errors


def test_mapping_of_one_dataset(town: SampleTown) -> None:
    dataset = town.dataset("street-trees")
    org = next(o for o in town.organizations if o.slug == dataset.organization)
    out = datajson_dataset(dataset, org, base_url=BASE + "/", municipal_licence_url=LICENCE)
    assert out["identifier"] == f"{BASE}/datasets/street-trees/"
    assert out["title"] == dataset.title.en
    assert out["accrualPeriodicity"] == "R/P1Y"
    assert out["temporal"] == f"{dataset.temporal_start}/{dataset.temporal_end}"
    assert out["contactPoint"]["hasEmail"].startswith("mailto:")
    assert out["publisher"]["name"] == org.name.en
    assert out["license"].startswith("https://")
    [dist] = out["distribution"]
    assert dist["downloadURL"] == f"{BASE}/datasets/street-trees/files/street-trees.csv"
    assert dist["mediaType"] == "text/csv" and dist["format"] == "CSV"
    assert "bureauCode" not in out and "programCode" not in out


def test_french_falls_back_to_english(town: SampleTown) -> None:
    dataset = dataclasses.replace(town.dataset("parks"), title=LocalizedText("Parks only", ""))
    out = datajson_dataset(dataset, None, base_url=BASE, lang="fr")
    assert out["title"] == "Parks only"
    assert out["description"] == dataset.description.fr


def test_non_public_data_has_no_download(town: SampleTown) -> None:
    out = datajson_dataset(town.dataset("bylaw-complaints"), None, base_url=BASE)
    assert out["accessLevel"] == "non-public"
    assert "distribution" not in out
    assert out["rights"] and len(out["rights"]) <= 255


def test_links_use_access_url(town: SampleTown) -> None:
    out = datajson_dataset(town.dataset("council-meeting-videos"), None, base_url=BASE)
    assert all("accessURL" in d and "downloadURL" not in d for d in out["distribution"])


def test_open_ended_coverage_and_unknown_frequency_are_left_out(town: SampleTown) -> None:
    dataset = dataclasses.replace(town.dataset("parks"), temporal_end=None, frequency="unknown")
    out = datajson_dataset(dataset, None, base_url=BASE)
    assert "temporal" not in out and "accrualPeriodicity" not in out
