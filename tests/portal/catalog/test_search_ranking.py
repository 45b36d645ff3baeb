"""Relevance order of the catalogue search on the configured database (SQLite FTS5 or PostgreSQL's stored
tsvector): the best match first across pages, ties by publication date, and ranks that follow edits.

`make test` runs this module on both databases.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.db import connection

from tests.factories import factory_admin, make_dataset, make_organization
from trousse.portal.catalog import queries, search, services
from trousse.portal.catalog.models import Dataset

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def maple_ids(shared_data: Path) -> dict[str, int]:
    """Datasets mentioning "maple" more or less prominently, published on different days (built once)."""
    parks = make_organization("parks", name_en="Parks", name_fr="Parcs")
    base = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    spec = [  # slug, English title, English description, published (days after base)
        ("passing-mention", "Park benches", "Benches, some under a maple.", 5),
        ("maple-stands", "Maple stands", "Sugar maple stands and maple syrup producers.", 1),
        ("tree-survey", "Tree survey", "Species counted: oak, maple, birch.", 3),
        ("bus-stops", "Bus stops", "Shelters and benches.", 4),
        ("maple-census", "Maple census", "Every maple tree: maple height, maple health.", 2),
    ]
    out = {}
    for slug, title, description, days in spec:
        dataset = make_dataset(parks, slug, status="published", title_en=title, description_en=description)
        Dataset.objects.filter(pk=dataset.pk).update(published_at=base + dt.timedelta(days=days))
        out[slug] = dataset.pk
    return out


@pytest.fixture
def maples(maple_ids: dict[str, int]) -> dict[str, Dataset]:
    """The module's maple datasets, read afresh for each test: one test's edits never reach the next."""
    return {slug: Dataset.objects.get(pk=pk) for slug, pk in maple_ids.items()}


def page_slugs(q: str, page: int = 1, page_size: int = 20, **params) -> list[str]:  # type: ignore[no-untyped-def]
    result = queries.search_datasets(None, queries.SearchParams(q=q, page=page, **params), page_size=page_size)
    return [d.slug for d in result.page]


def test_titles_rank_first_then_descriptions_with_the_best_match_on_the_first_page(maples):
    ranked = page_slugs("maple")
    assert set(ranked[:2]) == {"maple-stands", "maple-census"}  # "maple" in the title
    assert set(ranked[2:]) == {"tree-survey", "passing-mention"}
    # Paging walks the same order, and the total counts every match.
    result = queries.search_datasets(None, queries.SearchParams(q="maple", page=2), page_size=3)
    assert result.total == 4 and [d.slug for d in result.page] == ranked[3:]
    assert page_slugs("maple", page=1, page_size=3) == ranked[:3]


def test_the_page_order_is_the_database_rank_order(maples):
    matching = search.search(queries.catalogue_datasets(None), "maple")
    ids = [row[0] for row in search.ranked_ids(matching, "maple", ["-published_at", "id"])]
    ranks = dict(matching.values_list("id", "rank"))  # the per-row rank annotation, on a few rows
    assert [ranks[pk] for pk in ids] == sorted(ranks.values(), reverse=True)
    assert [Dataset.objects.get(pk=pk).slug for pk in ids] == page_slugs("maple")


def test_equal_ranks_keep_the_newest_first(maples):
    parks = maples["bus-stops"].organization
    for slug, days in (("old-shelters", 1), ("new-shelters", 9)):
        dataset = make_dataset(parks, slug, status="published", title_en="Shelters",
                               description_en="Bus shelters.")
        Dataset.objects.filter(pk=dataset.pk).update(
            published_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC) + dt.timedelta(days=days))
    assert page_slugs("shelters")[:2] == ["new-shelters", "old-shelters"]


def test_an_edit_moves_a_dataset_in_the_ranking(maples):
    services.update_dataset(factory_admin(), maples["passing-mention"],
                            {"title_en": "Maple maple maple", "description_en": "Maple maple maple maple."})
    assert page_slugs("maple")[0] == "passing-mention"


def test_other_sorts_ignore_relevance(maples):
    assert page_slugs("maple", sort="newest") == ["passing-mention", "tree-survey", "maple-census",
                                                  "maple-stands"]


def test_postgresql_ranks_from_the_stored_vector(maples):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite ranks from its FTS5 table")
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_vector = to_tsvector('simple', search_document) FROM catalog_dataset")
        assert {row[0] for row in cursor.fetchall()} == {True}
    sql = str(search.search(Dataset.objects.all(), "maple").query)
    assert "search_vector" in sql and "to_tsvector" not in sql
