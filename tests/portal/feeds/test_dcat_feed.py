"""DCAT-AP 3 feeds: conformance, paging, bilingual literals, visibility and content negotiation."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF

from tests.factories import make_dataset, make_organization, make_user
from tests.portal.feeds.conftest import CHECKERS, needs_standards, run_checker
from trousse.engine.metadata.dcat import HYDRA
from trousse.portal.catalog.models import Dataset

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
