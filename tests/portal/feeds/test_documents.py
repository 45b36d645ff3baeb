"""data.json, the Canadian export and its bulk twin, served from a sample-town catalogue and checked."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.test import Client

from tests.engine.metadata.test_ckan_canada import check_package
from tests.factories import make_dataset, make_organization, make_user
from tests.portal.feeds.conftest import CHECKERS, STANDARDS, needs_standards, run_checker
from trousse.portal.catalog.models import Dataset, Resource

pytestmark = pytest.mark.django_db
BASE = "http://127.0.0.1:8000"


def canada_schema() -> dict[str, list[dict[str, Any]]]:
    """Return ckanext-canada's dataset and resource fields with their presets merged in (as CKAN does)."""
    folder = STANDARDS / "ckan-canada/schemas"
    dataset = yaml.safe_load((folder / "dataset.yaml").read_text(encoding="utf-8"))
    presets = {p["preset_name"]: p["values"]
               for p in yaml.safe_load((folder / "presets.yaml").read_text(encoding="utf-8"))["presets"]}

    def merged(field: dict[str, Any]) -> dict[str, Any]:
        return {**presets.get(field.get("preset", ""), {}), **{k: v for k, v in field.items() if k != "preset"}}

    return {section: [merged(f) for f in dataset[section]] for section in ("dataset_fields", "resource_fields")}


@needs_standards
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_data_json_is_valid_dcat_us(town, lang: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    response = Client().get(f"/data.json?lang={lang}")
    assert response.status_code == 200 and response["Content-Type"] == "application/json; charset=utf-8"
    path = tmp_path / "data.json"
    path.write_bytes(response.content)
    result = run_checker(str(CHECKERS / "validate_datajson.py"), str(path))
    assert result.returncode == 0, result.stdout + result.stderr
    document = response.json()
    listed = {d["identifier"] for d in document["dataset"]}
    visible = Dataset.objects.filter(status="published").exclude(access_level="non_public")
    assert listed == {f"{BASE}/datasets/{slug}/" for slug in visible.values_list("slug", flat=True)}
    # The identifiers are the dataset pages: without a language prefix they lead to the reader's language.
    first = sorted(listed)[0].removeprefix(BASE)
    answer = Client().get(first, HTTP_ACCEPT_LANGUAGE=lang)
    assert answer.status_code == 302 and answer["Location"] == f"/{lang}{first}"


def test_data_json_download_urls_are_real_portal_addresses(town) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    document = client.get("/data.json").json()
    urls = [d["downloadURL"] for entry in document["dataset"] for d in entry.get("distribution", [])
            if "downloadURL" in d]
    assert urls
    for url in urls[:5]:
        assert url.startswith(f"{BASE}/files/") and url.endswith("/latest")
        assert client.get(url.removeprefix(BASE)).status_code == 302


def test_data_json_language_follows_the_lang_parameter(town) -> None:  # type: ignore[no-untyped-def]
    dataset = Dataset.objects.filter(status="published", access_level="public").exclude(title_fr="").first()
    client = Client()
    by_slug = {d["identifier"]: d for d in client.get("/data.json?lang=fr").json()["dataset"]}
    assert by_slug[f"{BASE}/datasets/{dataset.slug}/"]["title"] == dataset.title_fr
    english = {d["identifier"]: d for d in client.get("/data.json?lang=xx").json()["dataset"]}
    assert english[f"{BASE}/datasets/{dataset.slug}/"]["title"] == dataset.title_en


@needs_standards
def test_canada_export_passes_the_portal_schema(town) -> None:  # type: ignore[no-untyped-def]
    schema = canada_schema()
    client = Client()
    public = Dataset.objects.filter(status="published", access_level="public").order_by("id")
    problems = []
    for slug in public.values_list("slug", flat=True):
        response = client.get(f"/dataset/{slug}/canada.json")
        assert response.status_code == 200
        package = response.json()
        # Our own licences (municipal OGL, CC BY, CC0) have no id in the portal's list (docs/reference/feeds.md).
        problems += check_package(package, schema)
        for resource in package.get("resources", []):
            assert resource["url"].startswith(("http://", "https://"))
    assert problems == []


def test_canada_bulk_export_lists_every_public_dataset_once(town) -> None:  # type: ignore[no-untyped-def]
    response = Client().get("/catalog/canada.jsonl")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/jsonl")
    lines = b"".join(response.streaming_content).decode("utf-8").splitlines()
    names = [json.loads(line)["name"] for line in lines]
    public = Dataset.objects.filter(status="published", access_level="public")
    assert sorted(names) == sorted(public.values_list("slug", flat=True))


def test_restricted_dataset_has_no_canada_export() -> None:
    org = make_organization("feed-health")
    make_dataset(org, "clinic-visits", status="published", access_level="restricted", acknowledge=True)
    response = Client().get("/dataset/clinic-visits/canada.json", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "not_public"
    assert "Portail" in response.json()["error"]["message"]


def test_drafts_and_private_datasets_stay_hidden_from_json_feeds() -> None:
    org = make_organization("feed-finance")
    make_dataset(org, "budget-draft", status="draft")
    make_dataset(org, "payroll", status="published", access_level="non_public", acknowledge=True)
    client = Client()
    for url in ("/dataset/budget-draft/datapackage.json", "/dataset/payroll/datapackage.json",
                "/dataset/budget-draft/canada.json", "/dataset/payroll/canada.json"):
        response = client.get(url)
        assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    text = client.get("/data.json").content.decode() + b"".join(
        client.get("/catalog/canada.jsonl").streaming_content).decode()
    assert "budget-draft" not in text and "payroll" not in text
    staff = Client()
    staff.force_login(make_user("payroll-clerk", role="member", organization=org))
    assert staff.get("/dataset/budget-draft/datapackage.json").status_code == 200
    assert "payroll" in staff.get("/data.json").content.decode()


def test_link_resources_keep_their_own_address() -> None:
    org = make_organization("feed-transit")
    make_dataset(org, "bus-stops", status="published", files=(), links=["https://transit.example/gtfs.zip"],
                 acknowledge=True)
    package = Client().get("/dataset/bus-stops/canada.json").json()
    assert [r["url"] for r in package["resources"]] == ["https://transit.example/gtfs.zip"]
    assert Resource.objects.get(dataset__slug="bus-stops").kind == "link"
