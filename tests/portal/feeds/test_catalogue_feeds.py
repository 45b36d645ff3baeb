"""The catalogue's feeds over one sample-town catalogue, loaded once: DCAT-AP 3 (conformance, paging, bilingual
literals, visibility and content negotiation), then data.json, the Canadian export and its bulk twin.

One module, not one per format: loading the sample town through the services and the pipeline is the
slowest setup of the suite, and a module-scoped fixture (conftest.py's ``town``) builds it once per module.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.test import Client
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF

from tests.engine.metadata.test_ckan_canada import check_package
from tests.factories import make_dataset, make_organization, make_user
from tests.portal.feeds.conftest import CHECKERS, STANDARDS, needs_standards, run_checker
from trousse.engine.metadata.dcat import HYDRA
from trousse.portal.catalog.models import Dataset, Resource

pytestmark = pytest.mark.django_db
FORMATS = {"ttl": "turtle", "jsonld": "json-ld", "rdf": "xml"}
BASE = "http://127.0.0.1:8000"
# An open namespace: rdflib's closed DCAT one warns when pytest inspects the module's names.
DCAT = Namespace("http://www.w3.org/ns/dcat#")


def _graph(response, ext: str) -> Graph:  # type: ignore[no-untyped-def]
    return Graph().parse(data=response.content.decode("utf-8"), format=FORMATS[ext])


@needs_standards
def test_served_catalogue_page_conforms_to_dcat_ap(town, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    response = Client().get("/catalog.ttl")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/turtle; charset=utf-8"
    path = tmp_path / "catalog.ttl"
    path.write_bytes(response.content)
    result = run_checker(str(CHECKERS / "validate_dcatap.py"), str(path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Conforms: True" in result.stdout


@needs_standards
@pytest.mark.parametrize("ext", ["jsonld", "rdf"])
def test_every_syntax_says_the_same(town, ext: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    turtle = _graph(client.get("/catalog.ttl"), "ttl")
    other = _graph(client.get(f"/catalog.{ext}"), ext)
    assert len(other) == len(turtle)
    assert set(other.subjects(RDF.type, DCAT.Dataset)) == set(turtle.subjects(RDF.type, DCAT.Dataset))


def test_bilingual_fields_are_language_tagged(town) -> None:  # type: ignore[no-untyped-def]
    graph = _graph(Client().get("/catalog.ttl"), "ttl")
    dataset = Dataset.objects.filter(status="published", access_level="public").exclude(title_fr="").first()
    titles = set(graph.objects(URIRef(f"{BASE}/dataset/{dataset.slug}"), DCTERMS.title))
    assert Literal(dataset.title_en, lang="en") in titles
    assert Literal(dataset.title_fr, lang="fr") in titles


def test_paging_follows_ckanext_dcat(town, settings) -> None:  # type: ignore[no-untyped-def]
    settings.FEED_PAGE_SIZE = 2
    total = Dataset.objects.filter(status="published").exclude(access_level="non_public").count()
    last = -(-total // 2)
    assert last >= 3
    client = Client()
    seen: list[URIRef] = []
    for number in range(1, last + 1):
        graph = _graph(client.get(f"/catalog.ttl?page={number}"), "ttl")
        page = URIRef(f"{BASE}/catalog.ttl?page={number}")
        assert (page, RDF.type, HYDRA.PagedCollection) in graph
        assert graph.value(page, HYDRA.totalItems).toPython() == total
        assert graph.value(page, HYDRA.itemsPerPage).toPython() == 2
        assert str(graph.value(page, HYDRA.first)) == f"{BASE}/catalog.ttl?page=1"
        assert str(graph.value(page, HYDRA.lastPage)) == f"{BASE}/catalog.ttl?page={last}"
        nxt = graph.value(page, HYDRA.next)
        assert (str(nxt) if nxt else None) == (f"{BASE}/catalog.ttl?page={number + 1}" if number < last else None)
        prev = graph.value(page, HYDRA.previous)
        assert (str(prev) if prev else None) == (f"{BASE}/catalog.ttl?page={number - 1}" if number > 1 else None)
        seen += list(graph.subjects(RDF.type, DCAT.Dataset))
    assert len(seen) == len(set(seen)) == total


@pytest.mark.parametrize("page", ["0", "-1", "abc", "1.5", "99999999999", "²", "", "%00"])
def test_bad_page_numbers_are_400_not_500(town, page: str) -> None:  # type: ignore[no-untyped-def]
    response = Client().get(f"/catalog.ttl?page={page}")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")


def test_page_past_the_end_is_404_in_the_callers_language(town) -> None:  # type: ignore[no-untyped-def]
    response = Client().get("/catalog.jsonld?page=500", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "no_such_page"
    assert "page" in response.json()["error"]["message"]


def test_private_datasets_never_leak_but_their_staff_see_them() -> None:
    org = make_organization("feed-clerk")
    make_dataset(org, "council-votes", status="published", acknowledge=True)
    make_dataset(org, "staff-only", status="published", access_level="non_public", acknowledge=True)
    make_dataset(org, "a-draft", status="draft")
    anonymous = Client().get("/catalog.ttl").content.decode()
    assert "council-votes" in anonymous
    assert "staff-only" not in anonymous and "a-draft" not in anonymous
    assert Client().get("/dataset/staff-only.ttl").status_code == 404
    assert Client().get("/dataset/a-draft.jsonld").status_code == 404

    member = Client()
    member.force_login(make_user("clerk-member", role="member", organization=org))
    assert "staff-only" in member.get("/catalog.ttl").content.decode()
    assert member.get("/dataset/staff-only.ttl").status_code == 200


def test_public_files_have_a_download_url_restricted_ones_do_not() -> None:
    org = make_organization("feed-works")
    public = make_dataset(org, "potholes", status="published", acknowledge=True)
    make_dataset(org, "inspections", status="published", access_level="restricted", acknowledge=True)
    client = Client()
    graph = _graph(client.get("/dataset/potholes.ttl"), "ttl")
    resource = public.resources.get()
    downloads = set(graph.objects(None, DCAT.downloadURL))
    assert downloads == {URIRef(f"{BASE}/files/{resource.pk}/latest")}
    assert client.get(f"/files/{resource.pk}/latest").status_code == 302
    restricted = _graph(client.get("/dataset/inspections.ttl"), "ttl")
    assert not set(restricted.objects(None, DCAT.downloadURL))
    assert set(restricted.objects(None, DCAT.accessURL)) == {URIRef(f"{BASE}/dataset/inspections")}


def test_dataset_uris_dereference_by_content_negotiation() -> None:
    org = make_organization("feed-parks")
    dataset = make_dataset(org, "park-benches", status="published", acknowledge=True)
    client = Client()
    browser = client.get("/dataset/park-benches", HTTP_ACCEPT="text/html,*/*;q=0.8", HTTP_ACCEPT_LANGUAGE="fr")
    assert browser.status_code == 303 and browser["Location"] == "/fr/datasets/park-benches/"
    machine = client.get("/dataset/park-benches", HTTP_ACCEPT="text/turtle")
    assert machine.status_code == 303 and machine["Location"] == "/dataset/park-benches.ttl"
    assert client.get("/catalog", HTTP_ACCEPT="application/rdf+xml")["Location"] == "/catalog.rdf"
    resource = client.get("/dataset/park-benches/resource/1")
    assert resource.status_code == 303
    assert resource["Location"].endswith(f"/datasets/park-benches/resources/{dataset.resources.get().pk}/")
    assert client.get("/dataset/park-benches/resource/2").status_code == 404
    assert client.get("/organization/feed-parks")["Location"].endswith("/organizations/feed-parks/")


def test_unknown_dataset_and_unsafe_methods() -> None:
    client = Client()
    assert client.get("/dataset/nothing-here.ttl").status_code == 404
    assert client.get("/dataset/nothing-here.jsonld").json()["error"]["code"] == "not_found"
    assert client.post("/catalog.ttl").status_code == 405


@pytest.mark.parametrize("accept", ["", "???;;;", "text/turtle;q=abc", "*/*", "application/xml;q=0.9, */*;q=0.1"])
def test_odd_accept_headers_fall_back_to_the_page(accept: str) -> None:
    response = Client().get("/catalog", HTTP_ACCEPT=accept)
    assert response.status_code == 303
    assert response["Location"] in {"/en/", "/catalog.ttl", "/catalog.jsonld", "/catalog.rdf"}


# --- data.json and the Canadian export ---------------------------------------------------------


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
