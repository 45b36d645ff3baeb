"""An API token on the feeds: its holder harvests what its user may see; anonymous stays public-only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.test import Client
from django.utils import translation

from tests.factories import make_dataset, make_organization, make_user
from trousse.portal.core import tokens

pytestmark = pytest.mark.django_db

CATALOGUE_FEEDS = ["/catalog.ttl", "/catalog.jsonld", "/catalog.rdf", "/data.json"]
DATASET_FEEDS = ["/dataset/inspections.ttl", "/dataset/inspections.jsonld", "/dataset/inspections.rdf",
                 "/dataset/inspections/datapackage.json"]


@pytest.fixture(scope="module")
def member_token(shared_data: Path) -> str:
    """A road clerk's token, with a public, a non-public and a draft dataset (built once for the module)."""
    roads = make_organization("roads")
    make_dataset(roads, "bridges", status="published", title_en="Bridges", acknowledge=True)
    make_dataset(roads, "inspections", status="published", access_level="non_public",
                 title_en="Bridge inspections", acknowledge=True)
    make_dataset(roads, "culverts", title_en="Culverts draft")  # a draft: in no catalogue feed
    parks = make_organization("parks")
    make_user("outsider", role="editor", organization=parks)
    return tokens.create_token(make_user("clerk", role="member", organization=roads), "harvester").secret


@pytest.mark.parametrize("url", CATALOGUE_FEEDS)
def test_a_token_harvests_its_users_private_datasets(member_token: str, url: str) -> None:
    anonymous = Client().get(url)
    assert anonymous.status_code == 200
    assert b"Bridges" in anonymous.content and b"Bridge inspections" not in anonymous.content
    for header in ({"HTTP_AUTHORIZATION": member_token}, {"HTTP_AUTHORIZATION": f"Bearer {member_token}"},
                   {"HTTP_X_CKAN_API_KEY": member_token}):
        harvested = Client().get(url, **header)
        assert harvested.status_code == 200
        assert b"Bridges" in harvested.content and b"Bridge inspections" in harvested.content
        assert b"Culverts draft" not in harvested.content
        # Per caller: no shared cache may keep it, and its validators differ from the public copy's.
        assert harvested["Cache-Control"] == "private, no-cache" and harvested["ETag"] != anonymous["ETag"]
        assert "Authorization" in harvested["Vary"]


@pytest.mark.parametrize("url", DATASET_FEEDS)
def test_a_token_reads_a_private_dataset_feed(member_token: str, url: str) -> None:
    assert Client().get(url).status_code == 404
    found = Client().get(url, HTTP_AUTHORIZATION=member_token)
    assert found.status_code == 200 and b"Bridge inspections" in found.content


def test_another_organizations_token_sees_only_public_data(member_token: str) -> None:
    from trousse.portal.core.models import User

    other = tokens.create_token(User.objects.get(username="outsider"), "harvester").secret
    body = Client().get("/data.json", HTTP_AUTHORIZATION=other).content
    assert b"Bridges" in body and b"Bridge inspections" not in body
    assert Client().get("/dataset/inspections.ttl", HTTP_AUTHORIZATION=other).status_code == 404


def test_the_canada_export_stays_public_only(member_token: str) -> None:
    lines = Client().get("/catalog/canada.jsonl", HTTP_AUTHORIZATION=member_token).getvalue().splitlines()
    names = {json.loads(line)["name"] for line in lines}
    assert "bridges" in names and "inspections" not in names
    refused = Client().get("/dataset/inspections/canada.json", HTTP_AUTHORIZATION=member_token)
    assert refused.status_code == 409  # visible to the token, but not public: the schema has no restricted data


@pytest.mark.parametrize("url", ["/catalog.ttl", "/catalog.jsonld", "/data.json", "/catalog/canada.jsonl",
                                 "/dataset/bridges.ttl", "/dataset/bridges/datapackage.json",
                                 "/dataset/bridges/canada.json"])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_bad_token_is_refused_not_ignored(member_token: str, url: str, lang: str) -> None:
    response = Client().get(url, HTTP_AUTHORIZATION=member_token + "x", HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 403 and response["Cache-Control"] == "no-store"
    with translation.override(lang):
        expected = translation.gettext("The API token is not valid (wrong, expired or revoked).")
    text = response.content.decode()
    assert expected in text
    if url.endswith((".json", ".jsonld", ".jsonl")):
        assert json.loads(text)["error"]["code"] == "invalid_token"
