"""Conditional GET on every feed: ETag and Last-Modified, 304 without building the feed, per-caller ETags."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import make_dataset, make_organization, make_user
from trousse.portal.catalog import services
from trousse.portal.catalog.models import Organization
from trousse.portal.feeds.views import documents, rdf

pytestmark = pytest.mark.django_db
FEEDS = ["/catalog.ttl", "/catalog.jsonld", "/catalog.rdf", "/data.json", "/catalog/canada.jsonl",
         "/dataset/bridges.ttl", "/dataset/bridges.jsonld", "/dataset/bridges.rdf",
         "/dataset/bridges/datapackage.json", "/dataset/bridges/canada.json"]


@pytest.fixture(scope="module")
def org_id(shared_data: Path) -> int:
    """One organization with one published dataset, built once for the module."""
    organization = make_organization("roads")
    make_dataset(organization, "bridges", status="published", acknowledge=True)
    return organization.pk


@pytest.fixture
def org(org_id: int) -> Organization:
    """The module's organization, read afresh: a test that renames it leaves the next test's copy alone."""
    return Organization.objects.get(pk=org_id)


@pytest.mark.parametrize("url", FEEDS)
def test_every_feed_revalidates(org, url: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    first = client.get(url)
    assert first.status_code == 200, first.content
    assert first["ETag"].startswith('"') and first["Last-Modified"]
    assert first["Cache-Control"] == "public, max-age=300"
    assert {"Cookie", "Authorization"} <= {v.strip() for v in first["Vary"].split(",")}

    def must_not_build(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("a 304 must not build the feed")

    monkeypatch.setattr(rdf, "records_for", must_not_build)
    monkeypatch.setattr(documents, "records_for", must_not_build)
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again["ETag"] == first["ETag"]
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304


def test_a_304_costs_a_few_queries(org) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    etag = client.get("/catalog.ttl")["ETag"]
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/catalog.ttl", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert len(queries) <= 5, [q["sql"] for q in queries]


def test_etag_changes_with_the_catalogue_page_and_format(org) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    ttl, jsonld = client.get("/catalog.ttl")["ETag"], client.get("/catalog.jsonld")["ETag"]
    assert ttl != jsonld
    dataset = org.datasets.get()
    services.update_dataset(make_user("editor", role="editor", organization=org), dataset,
                            {"title_en": "Bridges and culverts"})
    changed = client.get("/catalog.ttl", HTTP_IF_NONE_MATCH=ttl)
    assert changed.status_code == 200 and changed["ETag"] != ttl
    assert b"Bridges and culverts" in changed.content


def test_etag_differs_by_what_the_caller_sees(org) -> None:  # type: ignore[no-untyped-def]
    anonymous = Client().get("/catalog.ttl")
    staff = Client()
    staff.force_login(make_user("clerk", role="member", organization=org))
    mine = staff.get("/catalog.ttl")
    assert mine["ETag"] != anonymous["ETag"]
    assert mine["Cache-Control"] == "private, no-cache"
    # A staff copy never validates for an anonymous caller, and the reverse.
    assert Client().get("/catalog.ttl", HTTP_IF_NONE_MATCH=mine["ETag"]).status_code == 200


def test_organization_rename_changes_the_etag(org) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    etag = client.get("/catalog.ttl")["ETag"]
    org.name_en = "Roads and bridges"
    org.save()
    assert client.get("/catalog.ttl", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_new_dataset_changes_the_etag(org) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    etag = client.get("/data.json")["ETag"]
    make_dataset(org, "culverts", status="published", acknowledge=True)
    assert client.get("/data.json", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_head_answers_the_validators_without_a_body(org) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    head = client.head("/catalog.ttl")
    assert head.status_code == 200 and head.content == b""
    assert head["ETag"] == client.get("/catalog.ttl")["ETag"]
