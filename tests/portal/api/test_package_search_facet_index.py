"""package_search's facets from the in-memory facet index: the same answer as SQL, exact after writes.

These tests commit (``transaction=True``): inside a transaction, where other tests run, package_search
counts facets in SQL, so each answer here is compared with the one the same call gives in a transaction.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection, transaction

from tests.factories import make_dataset, make_organization, make_user
from tests.portal.api.conftest import Api, token_for
from trousse.portal.catalog import facet_index, search_stamp
from trousse.portal.catalog.models import Dataset, Resource, Tag

pytestmark = pytest.mark.django_db(transaction=True)
FACETS = json.dumps(["organization", "groups", "tags", "res_format", "license_id", "frequency"])


@pytest.fixture(autouse=True)
def fresh_index() -> Iterator[None]:
    facet_index.forget()
    yield
    facet_index.forget()


@pytest.fixture
def people() -> dict[str, Any]:
    parks, finance = make_organization("parks", name_fr="Parcs"), make_organization("finance")
    common = {"status": "published", "files": ()}
    make_dataset(parks, "street-trees", title_en="Street trees", title_fr="Arbres de rue", frequency="weekly",
                 keywords={"en": ["trees", "forestry"], "fr": ["arbres"]}, themes=["environment"],
                 links=["https://example.ca/trees.csv"], **common)
    make_dataset(parks, "heritage-trees", access_level="restricted", title_en="Heritage trees",
                 keywords={"en": ["trees"]}, links=["https://example.ca/heritage.json"], **common)
    make_dataset(parks, "secret-trees", access_level="non_public", title_en="Secret trees",
                 keywords={"en": ["trees", "secretword"]}, themes=["health"],
                 links=["https://example.ca/secret.xlsx"], **common)
    make_dataset(parks, "draft-trees", title_en="Draft trees", keywords={"en": ["secretword"]}, files=())
    make_dataset(finance, "budget", title_en="Annual budget", licence="cc-by-4.0", keywords={"en": ["money"]},
                 themes=["economy"], links=["https://example.ca/budget.csv"], **common)
    for slug, format_ in (("street-trees", "CSV"), ("heritage-trees", "JSON"), ("secret-trees", "XLSX"),
                          ("budget", "CSV")):
        Resource.objects.filter(dataset__slug=slug).update(format=format_)
    return {"parks_editor": make_user("parks-editor", role="editor", organization=parks)}


QUERIES: list[dict[str, Any]] = [
    {},
    {"q": "trees"},
    {"q": "arbre", "lang": "fr"},
    {"fq": "organization:parks", "facet.limit": 1},
    {"fq": "-tags:money res_format:CSV", "facet.mincount": 1},
    {"q": "trees", "sort": "title_string asc", "rows": 1, "start": 1},
    {"q": "nothing-matches-this"},
    {"fq": "id:abc"},
]


def both_ways(api: Api, token: str = "", **query: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return package_search's answer from the facet index and from SQL (inside a transaction)."""
    indexed = api.result(api.get("package_search", token, **query))
    with transaction.atomic():
        counted_in_sql = api.result(api.get("package_search", token, **query))
    return indexed, counted_in_sql


@pytest.mark.parametrize("query", QUERIES)
def test_index_gives_the_answer_sql_gives(api: Api, people: dict[str, Any], query: dict[str, Any]) -> None:
    indexed, counted_in_sql = both_ways(api, **{"facet.field": FACETS, **query})
    assert indexed == counted_in_sql
    if indexed["count"]:  # the index answered (built at the current stamp); with no match, nothing to count
        assert facet_index._current is not None
        assert facet_index._current.stamp == search_stamp.read(connection)


def test_private_datasets_are_counted_only_for_those_who_may_see_them(api: Api, people: dict[str, Any]) -> None:
    anonymous, _sql = both_ways(api, **{"facet.field": FACETS, "include_private": "true"})
    assert anonymous["facets"]["res_format"] == {"CSV": 2, "JSON": 1}
    assert anonymous["count"] == 3
    assert anonymous["facets"]["tags"] == {"trees": 2, "forestry": 1, "money": 1}
    assert "health" not in anonymous["facets"]["groups"]
    token = token_for(people["parks_editor"])
    staff, staff_sql = both_ways(api, token, **{"facet.field": FACETS, "include_private": "true",
                                                "include_drafts": "true"})
    assert staff == staff_sql
    assert staff["count"] == 5
    assert staff["facets"]["tags"] == {"trees": 3, "secretword": 2, "forestry": 1, "money": 1}
    assert staff["facets"]["groups"]["health"] == 1
    assert staff["facets"]["res_format"] == {"CSV": 2, "JSON": 1, "XLSX": 1}


def test_facets_follow_every_committed_write_at_once(api: Api, people: dict[str, Any]) -> None:
    query = {"facet.field": FACETS}
    before = api.result(api.get("package_search", **query))
    assert before["facets"]["tags"]["trees"] == 2
    budget = Dataset.objects.get(slug="budget")
    budget.tags.add(Tag.objects.get(name="trees", lang="en"))
    after = api.result(api.get("package_search", **query))
    assert after["facets"]["tags"]["trees"] == 3
    Dataset.objects.filter(slug="street-trees").update(access_level="non_public")
    hidden = api.result(api.get("package_search", **query))
    assert hidden["count"] == 2 and hidden["facets"]["tags"]["trees"] == 2
    assert hidden == both_ways(api, **query)[1]
