"""Catalogue search on the configured database (SQLite FTS5 or PostgreSQL): French and English
matching, facet counts and filters, sort orders and paging.

`make test` runs this module on both databases; the matching rules themselves are tested without a
database in tests/engine/metadata/test_textsearch.py.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
import xlsxwriter
from django.conf import settings
from django.db import connection
from django.http import QueryDict
from django.utils import translation

from tests.factories import factory_admin, make_dataset, make_organization, make_upload, shared_savepoint
from trousse.portal.catalog import queries, services
from trousse.portal.catalog.models import Dataset

pytestmark = pytest.mark.django_db


def search(q: str = "", *, user=None, page_size: int = queries.PAGE_SIZE,  # type: ignore[no-untyped-def]
           **params) -> queries.SearchResult:
    return queries.search_datasets(user, queries.SearchParams(q=q, **params), page_size=page_size)


def slugs(result: queries.SearchResult) -> list[str]:
    return [d.slug for d in result.page]


def counts(result: queries.SearchResult) -> dict[str, dict[str, int]]:
    return {name: {item.value: item.count for item in items} for name, items in result.facets.items()}


def test_the_suite_runs_on_the_database_it_was_given():
    """Guard the PostgreSQL leg of `make test`: it must not quietly fall back to SQLite."""
    url = settings.SITE["database_url"]
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected


# --- matching -----------------------------------------------------------------------------------


@pytest.fixture(scope="class")
def trees_id(shared_data: Path) -> Iterator[int]:
    """Two published parks datasets, built once for the matching tests and undone after them."""
    with shared_savepoint():
        parks = make_organization("parks", name_en="Parks", name_fr="Parcs")
        make_dataset(parks, "fire-hydrants", status="published", title_en="Fire hydrants",
                     title_fr="Bornes d'incendie", description_en="Hydrants and valves.",
                     description_fr="Bornes et vannes du réseau d'eau.")
        yield make_dataset(parks, "street-trees", status="published", title_en="Street trees",
                           title_fr="Arbres de rue", description_en="Every tree the city planted.",
                           description_fr="Inventaire des arbres plantés, dont l'érable argenté.").pk


@pytest.fixture
def trees(trees_id: int) -> Dataset:
    """The street trees dataset, read afresh for each test: one test's edits never reach the next."""
    return Dataset.objects.get(pk=trees_id)


class TestMatching:
    """French and English matching and the index, over two shared datasets."""

    @pytest.mark.parametrize("q", ["arbre", "arbres", "ARBRES", "erable", "érables", "d'arbres", "l’érable",
                                   "arbres de rue", "Érable argenté", "arb*"])
    def test_french_words_find_the_french_dataset_whatever_their_form(self, trees, q):
        assert slugs(search(q)) == ["street-trees"]

    @pytest.mark.parametrize("q", ["trees", "tree", "Street", "planted", "street trees"])
    def test_english_words_find_the_english_title_and_description(self, trees, q):
        assert slugs(search(q)) == ["street-trees"]

    @pytest.mark.parametrize("q", ["chêne", "oak", "arbres chêne", "zzz"])
    def test_every_word_of_the_query_must_match(self, trees, q):
        result = search(q)
        assert (slugs(result), result.total) == ([], 0)

    def test_keywords_resource_names_organization_and_themes_are_searchable(self, trees):
        services.update_dataset(factory_admin(), trees, {}, keywords={"en": ["canopy"], "fr": ["canopée"]},
                                themes=["environment"])
        services.add_resource(factory_admin(), trees,
                              {"name_en": "Inventory 2024", "url": "https://example.org/inventory"})
        for q in ("canopy", "canopée", "inventory", "parcs", "environnement", "environment"):
            assert "street-trees" in slugs(search(q)), q

    def test_the_index_follows_changes_to_a_dataset(self, trees):
        admin = factory_admin()
        services.update_dataset(admin, trees, {"title_fr": "Forêt urbaine", "description_fr": ""})
        assert slugs(search("arbres")) == []
        assert slugs(search("forêt")) == ["street-trees"]
        assert slugs(search("urbaines")) == ["street-trees"]

    def test_the_index_follows_a_renamed_organization(self, trees):
        services.update_organization(factory_admin(), trees.organization, {"name_en": "Urban forestry"})
        assert set(slugs(search("forestry"))) == {"street-trees", "fire-hydrants"}

    def test_a_deleted_draft_leaves_the_index(self, trees):
        admin = factory_admin()
        draft = make_dataset(trees.organization, "old-draft", title_en="Old maple draft")
        staff = queries.staff_datasets(admin)
        assert slugs(queries.search_datasets(admin, queries.SearchParams(q="maple"), base=staff)) == ["old-draft"]
        services.delete_dataset(admin, draft)
        assert slugs(queries.search_datasets(admin, queries.SearchParams(q="maple"), base=staff)) == []
        # A new dataset reusing the freed row id must not inherit the old document.
        make_dataset(trees.organization, "new-draft", title_en="Bus stops")
        assert slugs(queries.search_datasets(admin, queries.SearchParams(q="maple"), base=staff)) == []

    def test_a_title_match_ranks_above_a_description_match(self, trees):
        parks = trees.organization
        make_dataset(parks, "canopy-survey", status="published", title_en="Canopy survey",
                     description_en="Aerial survey; it also counts each maple.")
        make_dataset(parks, "maple-inventory", status="published", title_en="Maple inventory",
                     description_en="Sugar maple stands.")
        assert slugs(search("maple")) == ["maple-inventory", "canopy-survey"]
        assert slugs(search("maple", sort="title")) == ["canopy-survey", "maple-inventory"]

    def test_punctuation_and_empty_queries_do_not_fail(self, trees):
        assert search("").total == 2
        assert search("   ").total == 2
        for q in ('"', "'", "*", "-", "()", "OR", "AND NOT", "a:b", "NEAR(", "😀", "%", "_", "\\"):
            search(q)  # must not raise, on either database


# --- facets -------------------------------------------------------------------------------------


def _content(filename: str) -> bytes:
    """Return a small real file of ``filename``'s format (published files go through the pipeline's screen)."""
    if filename.endswith(".json"):
        return b'[{"a": 1}]'
    if filename.endswith(".xlsx"):
        buffer = io.BytesIO()
        book = xlsxwriter.Workbook(buffer, {"in_memory": True})
        book.add_worksheet("Data").write_column(0, 0, ["a", 1])
        book.close()
        return buffer.getvalue()
    return b"a\n1\n"


@pytest.fixture(scope="class")
def catalogue(shared_data: Path) -> Iterator[dict[str, Dataset]]:
    """Five published datasets over two organizations with overlapping facet values, and one draft."""
    with shared_savepoint():
        parks, roads = make_organization("parks"), make_organization("roads")
        spec = {
            "trees": (parks, ["environment"], {"en": ["trees", "canopy"]}, "ogl-canada-2.0", "annual",
                      ["t.csv", "t.json"]),
            "playgrounds": (parks, ["recreation"], {"en": ["children"]}, "ogl-canada-2.0", "monthly",
                            ["p.csv"]),
            "pools": (parks, ["recreation", "health"], {"en": ["children", "water"]}, "cc-by-4.0", "annual",
                      ["o.xlsx"]),
            "potholes": (roads, ["transportation"], {"en": ["roads"]}, "cc-by-4.0", "daily", ["h.csv"]),
            "salt": (roads, ["transportation", "environment"], {"en": ["roads", "water"]}, "ogl-canada-2.0",
                     "annual", ["s.json"]),
        }
        out = {}
        for slug, (org, themes, keywords, licence, frequency, files) in spec.items():
            out[slug] = make_dataset(org, slug, status="published", themes=themes, keywords=keywords,
                                     licence=licence, frequency=frequency,
                                     files=[(f, _content(f)) for f in files])
        make_dataset(parks, "draft-trees", themes=["environment"], keywords={"en": ["trees"]})
        yield out


class TestFacets:
    """Facet counts and filters, over one shared catalogue."""

    def test_facet_counts_cover_every_published_dataset(self, catalogue):
        result = search()
        assert result.total == 5
        assert counts(result) == {
            "organization": {"parks": 3, "roads": 2},
            "theme": {"environment": 2, "recreation": 2, "health": 1, "transportation": 2},
            "format": {"CSV": 3, "JSON": 2, "XLSX": 1},
            "licence": {"ogl-canada-2.0": 3, "cc-by-4.0": 2},
            "tag": {"children": 2, "roads": 2, "water": 2, "trees": 1, "canopy": 1},
            "frequency": {"annual": 3, "monthly": 1, "daily": 1},
        }
        # Most frequent first, then by value.
        assert [i.value for i in result.facets["theme"]] == [
            "environment", "recreation", "transportation", "health"]
        assert not any(i.selected for items in result.facets.values() for i in items)

    def test_facet_items_carry_bilingual_labels_for_coded_values(self, catalogue):
        result = search()
        theme = next(i for i in result.facets["theme"] if i.value == "recreation")
        assert (theme.label.label_en, theme.label.label_fr) == ("Parks, recreation and culture",
                                                                "Parcs, loisirs et culture")
        organization = next(i for i in result.facets["organization"] if i.value == "roads")
        assert organization.label.slug == "roads"

    def test_a_filter_narrows_results_and_facet_counts_and_marks_its_value_selected(self, catalogue):
        result = search(filters={"organization": ["parks"]})
        assert set(slugs(result)) == {"trees", "playgrounds", "pools"}
        facets = counts(result)
        assert facets["theme"] == {"environment": 1, "recreation": 2, "health": 1}
        assert facets["format"] == {"CSV": 2, "JSON": 1, "XLSX": 1}
        assert facets["licence"] == {"ogl-canada-2.0": 2, "cc-by-4.0": 1}
        assert facets["frequency"] == {"annual": 2, "monthly": 1}
        assert [i.selected for i in result.facets["organization"] if i.value == "parks"] == [True]
        # The organization facet ignores its own filter, so the other organizations stay on offer.
        assert facets["organization"] == counts(search())["organization"]
        assert "roads" in facets["organization"]

    def test_an_exclusive_facet_is_counted_under_the_other_filters(self, catalogue):
        both = counts(search(filters={"organization": ["parks"], "licence": ["cc-by-4.0"]}))
        assert both["organization"] == counts(search(filters={"licence": ["cc-by-4.0"]}))["organization"]
        assert both["licence"] == counts(search(filters={"organization": ["parks"]}))["licence"]

    @pytest.mark.parametrize(("filters", "expected"), [
        # Values of a facet a dataset has one of widen the result…
        ({"organization": ["parks", "roads"]}, {"trees", "playgrounds", "pools", "potholes", "salt"}),
        ({"licence": ["cc-by-4.0"], "frequency": ["annual", "daily"]}, {"pools", "potholes"}),
        # …values of a facet a dataset can have several of narrow it.
        ({"theme": ["recreation"]}, {"playgrounds", "pools"}),
        ({"theme": ["recreation", "health"]}, {"pools"}),
        ({"theme": ["environment"], "organization": ["roads"]}, {"salt"}),
        ({"tag": ["water"]}, {"pools", "salt"}),
        ({"tag": ["water", "roads"]}, {"salt"}),
        ({"format": ["csv"]}, {"trees", "playgrounds", "potholes"}),
        ({"format": ["CSV", "JSON"]}, {"trees"}),
        ({"format": ["json"], "licence": ["ogl-canada-2.0"], "frequency": ["annual"]}, {"trees", "salt"}),
        ({"theme": ["environment"], "tag": ["trees"], "format": ["csv"], "organization": ["parks"],
          "licence": ["ogl-canada-2.0"], "frequency": ["annual"]}, {"trees"}),
        ({"theme": ["health"], "organization": ["roads"]}, set()),
        ({"theme": ["no-such-theme"]}, set()),
    ])
    def test_facet_filters_combine(self, catalogue, filters, expected):
        result = search(filters=filters)
        assert set(slugs(result)) == expected
        assert result.total == len(expected)
        # Counts agree with the results: a dataset with several values counts once per value. An
        # exclusive facet with a filter of its own is counted without it; its selected values add up.
        facets = counts(result)
        for facet in ("organization", "licence"):
            chosen = filters.get(facet)
            assert sum(n for value, n in facets[facet].items() if not chosen or value in chosen) == len(expected)
        for theme, n in facets["theme"].items():
            assert n == sum(1 for d in result.page if d.themes.filter(code=theme).exists())

    def test_text_and_facets_combine(self, catalogue):
        result = search("water", filters={"organization": ["parks"]})
        assert slugs(result) == ["pools"]
        assert counts(result)["tag"] == {"children": 1, "water": 1}

    def test_tag_facets_follow_the_page_language(self, catalogue):
        services.update_dataset(factory_admin(), catalogue["trees"], {},
                                keywords={"en": ["trees"], "fr": ["arbres", "canopée"]})
        with translation.override("fr"):
            result = search()
            assert counts(result)["tag"] == {"arbres": 1, "canopée": 1}
            assert slugs(search(filters={"tag": ["arbres"]})) == ["trees"]

    def test_paging(self, catalogue):
        pages = [search(sort="title", page=n, page_size=2) for n in (1, 2, 3)]
        assert [len(p.page) for p in pages] == [2, 2, 1]
        assert all(p.total == 5 for p in pages)
        assert sorted(s for p in pages for s in slugs(p)) == sorted(catalogue)
        assert pages[0].page.has_next() and not pages[2].page.has_next()
        # A page past the end shows the last one rather than failing.
        assert slugs(search(sort="title", page=99, page_size=2)) == slugs(pages[2])
        # Facets describe the whole result, not the page.
        assert counts(pages[2])["organization"] == {"parks": 3, "roads": 2}


# --- sorting -------------------------------------------------------------------------


@pytest.fixture(scope="class")
def dated(shared_data: Path) -> Iterator[dict[str, Dataset]]:
    """Four published datasets whose dates, titles and view counts order them differently."""
    with shared_savepoint():
        parks = make_organization("parks")
        base = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
        spec = [  # slug, English title, French title, published (days after base), data updated, views
            ("alpha", "Zoning", "Aménagement", 3, 1, 5),
            ("bravo", "Benches", "Bancs publics", 1, 4, 9),
            ("charlie", "Maple trees", "Érables", 4, 2, 0),
            ("delta", "Address points", "Adresses", 2, 3, 9),
        ]
        out = {}
        for slug, en, fr, published, updated, views in spec:
            dataset = make_dataset(parks, slug, status="published", title_en=en, title_fr=fr)
            Dataset.objects.filter(pk=dataset.pk).update(published_at=base + dt.timedelta(days=published))
            services.upload_version(factory_admin(), dataset.resources.get(), make_upload("d.csv", "a\n"),
                                    data_modified=base + dt.timedelta(days=updated))
            for _ in range(views):
                services.record_view(dataset)
            out[slug] = dataset
        yield out


class TestSorting:
    """Sort orders, over one shared set of datasets."""

    @pytest.mark.parametrize(("sort", "expected"), [
        ("newest", ["charlie", "alpha", "delta", "bravo"]),
        ("updated", ["bravo", "delta", "charlie", "alpha"]),
        ("", ["bravo", "delta", "charlie", "alpha"]),  # without a query the default is "updated"
        ("title", ["delta", "bravo", "charlie", "alpha"]),
        ("popular", ["bravo", "delta", "alpha", "charlie"]),  # ties: the older row first
    ])
    def test_sort_orders(self, dated, sort, expected):
        assert slugs(search(sort=sort)) == expected

    def test_title_order_follows_the_page_language(self, dated):
        with translation.override("fr"):
            # Where an accented initial ("Érables") goes is up to the database's collation.
            titles = [d.title_fr for d in search(sort="title").page]
        assert titles[:2] == ["Adresses", "Aménagement"]
        assert set(titles[2:]) == {"Bancs publics", "Érables"}

    def test_relevance_is_the_default_order_with_a_query(self, dated):
        # Published last, so it would come first if the order were by date.
        make_dataset(dated["alpha"].organization, "sap-lines", status="published", title_en="Sap lines",
                     description_en="Lines between maple trees.")
        assert slugs(search("maple")) == ["charlie", "sap-lines"]
        assert slugs(search("maple", sort="relevance")) == ["charlie", "sap-lines"]
        assert slugs(search("maple", sort="newest")) == ["sap-lines", "charlie"]


def test_search_parameters_from_a_query_string_ignore_what_they_do_not_know():
    params = queries.SearchParams.from_query(QueryDict(
        "q=+arbres+&theme=environment&theme=&tag=water&sort=sideways&page=-3&colour=blue"))
    assert (params.q, params.sort, params.page) == ("arbres", "", 1)
    assert params.filters == {"theme": ["environment"], "tag": ["water"]}
    assert queries.SearchParams.from_query(QueryDict("page=abc&sort=title")).page == 1
    assert queries.SearchParams.from_query(QueryDict("page=2&sort=title")).sort == "title"
    assert len(queries.SearchParams.from_query(QueryDict("q=" + "x" * 500)).q) == 200
