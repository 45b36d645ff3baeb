"""The search stamp (database triggers) and the in-memory facet index it keeps exact.

These tests commit (``transaction=True``): the stamp describes committed writes, and the facet index is
never used inside a transaction, which is how every other test runs.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
from django.db import connection, transaction
from django.db.models import F
from django.utils import translation

from tests.factories import make_dataset, make_organization
from trousse.portal.catalog import facet_index, queries, search, search_stamp
from trousse.portal.catalog.models import Dataset, Organization, Resource, Tag

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def fresh_index() -> Iterator[None]:
    facet_index.forget()
    yield
    facet_index.forget()


def stamp() -> str:
    value = search_stamp.read(connection)
    assert value
    return value


def in_other_connection(write: Callable[[], None]) -> None:
    """Run ``write`` on a thread, hence on its own database connection, as another process would."""
    failures: list[BaseException] = []

    def run() -> None:
        try:
            write()
        except BaseException as error:
            failures.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert not failures, failures


def test_triggers_are_installed_by_migrate() -> None:
    assert search_stamp.installed(connection)


def test_every_committed_change_to_facet_values_replaces_the_stamp() -> None:
    parks = make_organization("parks")
    dataset = make_dataset(parks, "trees", files=(), keywords={"en": ["trees"]})
    seen = {stamp()}

    def changed() -> bool:
        value = stamp()
        new = value not in seen
        seen.add(value)
        return new

    Dataset.objects.filter(pk=dataset.pk).update(frequency="weekly")
    assert changed()
    dataset.tags.add(Tag.objects.create(name="maple", lang="en"))
    assert changed()
    Resource.objects.create(dataset=dataset, kind="link", url="https://example.ca/a.json", format="JSON")
    assert changed()
    Organization.objects.filter(pk=parks.pk).update(name_fr="Parcs et loisirs")
    assert changed()
    # Counters that change on every visit are not facet values: they leave the index valid.
    Dataset.objects.filter(pk=dataset.pk).update(view_count=F("view_count") + 1,
                                                 download_count=F("download_count") + 1)
    assert not changed()
    Dataset.objects.filter(pk=dataset.pk).delete()
    assert changed()


def test_a_rolled_back_write_leaves_the_committed_stamp() -> None:
    dataset = make_dataset(make_organization("parks"), "trees", files=())
    before = stamp()
    with pytest.raises(RuntimeError), transaction.atomic():
        Dataset.objects.filter(pk=dataset.pk).update(frequency="daily")
        raise RuntimeError("undo")
    assert stamp() == before


def test_index_counts_the_catalogue_and_follows_writes_made_elsewhere() -> None:
    parks, finance = make_organization("parks"), make_organization("finance")
    link = ["https://example.ca/data.csv"]
    trees = make_dataset(parks, "trees", status="published", files=(), links=link,
                         keywords={"en": ["trees"], "fr": ["arbres"]}, themes=["environment"])
    budget = make_dataset(finance, "budget", status="published", files=(), links=link, keywords={"en": ["money"]})
    ids, read_at = search.ids_and_stamp(Dataset.objects.order_by("id"))
    index = facet_index.for_stamp(read_at)
    assert index is not None and index.stamp == read_at
    counts = index.count(ids, facet_index.FACETS, tag_lang="en")
    assert counts is not None
    assert counts["organization"] == {parks.pk: 1, finance.pk: 1}
    assert {index.tags[k].name: n for k, n in counts["tag"].items()} == {"trees": 1, "money": 1}
    assert sum(counts["theme"].values()) == 1
    assert facet_index.for_stamp(read_at) is index  # no rebuild while nothing changes

    # Another connection (another web process) adds a keyword in raw SQL: no Python code is told.
    forestry = Tag.objects.create(name="forestry", lang="en")
    table = Dataset.tags.through._meta.db_table

    def add_keyword() -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {table} (dataset_id, tag_id) VALUES (%s, %s)", [budget.pk, forestry.pk])

    in_other_connection(add_keyword)
    ids, now = search.ids_and_stamp(Dataset.objects.order_by("id"))
    assert now != read_at
    rebuilt = facet_index.for_stamp(now)
    assert rebuilt is not None and rebuilt is not index
    counts = rebuilt.count(ids, ["tag"], tag_lang="en")
    assert counts is not None and counts["tag"][forestry.pk] == 1
    assert rebuilt.count([trees.pk], ["tag"], tag_lang="fr") == {"tag": {Tag.objects.get(name="arbres").pk: 1}}


def test_index_is_not_used_inside_a_transaction_or_for_another_moment() -> None:
    make_dataset(make_organization("parks"), "trees", files=())
    current = stamp()
    assert facet_index.for_stamp(current) is not None
    with transaction.atomic():
        assert facet_index.for_stamp(current) is None
    assert facet_index.for_stamp("a stamp of a moment that is gone") is None
    assert facet_index.for_stamp(None) is None


def test_ids_read_while_the_catalogue_changed_have_no_stamp(monkeypatch: pytest.MonkeyPatch) -> None:
    make_dataset(make_organization("parks"), "trees", files=())
    stamps = iter(["before", "after"])
    monkeypatch.setattr(search_stamp, "read", lambda _connection: next(stamps))
    ids, read_at = search.ids_and_stamp(Dataset.objects.all())
    assert len(ids) == 1 and read_at is None


def test_missing_triggers_disable_the_index_until_reinstalled() -> None:
    make_dataset(make_organization("parks"), "trees", files=())
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":  # what rebuilding the table in a SQLite migration does
            cursor.execute(f"DROP TRIGGER {search_stamp.TABLE}_catalog_dataset_tags_insert")
        else:
            cursor.execute(f"DROP TRIGGER {search_stamp.TABLE}_catalog_dataset_tags ON catalog_dataset_tags")
    try:
        assert not search_stamp.installed(connection)
        assert facet_index.for_stamp(stamp()) is None
    finally:
        search_stamp.install(connection)
    assert search_stamp.installed(connection)
    assert facet_index.for_stamp(stamp()) is not None


def test_index_refuses_a_catalogue_too_large_for_its_memory_budget() -> None:
    make_dataset(make_organization("parks"), "trees", files=(), keywords={"en": ["trees"]})
    assert facet_index.build(size_limit=1) is None
    index = facet_index.build()
    assert index is not None
    assert index.count([index.size * 8 + 5], ["tag"]) is None  # an id the index has never seen


@pytest.mark.parametrize("params", [
    {},
    {"q": "trees"},
    {"filters": {"organization": ["parks"]}},
    {"filters": {"organization": ["parks", "finance"], "licence": ["cc-by-4.0"], "tag": ["trees"]}},
    {"q": "budget", "filters": {"frequency": ["weekly"]}},
    {"filters": {"format": ["CSV"], "theme": ["environment"]}},
])
def test_search_page_facets_from_the_index_equal_sql(params: dict) -> None:
    parks, finance = make_organization("parks"), make_organization("finance")
    link = ["https://example.ca/data.csv"]
    make_dataset(parks, "street-trees", status="published", files=(), links=link, frequency="weekly",
                 keywords={"en": ["trees", "forestry"], "fr": ["arbres"]}, themes=["environment"])
    make_dataset(parks, "secret-trees", status="published", access_level="non_public", files=(), links=link,
                 keywords={"en": ["trees"]}, themes=["health"])
    make_dataset(finance, "budget", status="published", files=(), links=link, licence="cc-by-4.0",
                 frequency="weekly", keywords={"en": ["money", "trees"]}, themes=["economy"])
    Resource.objects.filter(dataset__slug="street-trees").update(format="CSV")
    search_params = queries.SearchParams(**params)
    for lang in ("en", "fr"):
        with translation.override(lang):
            indexed = queries.search_datasets(None, search_params)
            assert facet_index._current is not None or not indexed.total
            with transaction.atomic():
                in_sql = queries.search_datasets(None, search_params)
        assert indexed.facets == in_sql.facets and indexed.total == in_sql.total
    assert all(item.value != "health" for item in indexed.facets["theme"])  # non-public: never counted
