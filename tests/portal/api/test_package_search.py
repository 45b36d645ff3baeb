"""package_search: full text, fq filters, sorting, paging and facets, with CKAN's answer shape."""

from __future__ import annotations

import json

import pytest

from tests.portal.api.conftest import Api, Catalogue, token_for

pytestmark = pytest.mark.django_db
PUBLIC = {"budget", "heritage-trees", "park-benches", "street-trees"}


def names(result: dict) -> list[str]:
    return [p["name"] for p in result["results"]]


def test_default_search_lists_public_datasets_with_ckan_keys(api: Api, catalogue: Catalogue) -> None:
    result = api.result(api.get("package_search"))
    assert set(result) == {"count", "results", "facets", "search_facets", "sort"}
    assert result["count"] == 4 and set(names(result)) == PUBLIC
    assert result["facets"] == {} and result["search_facets"] == {}


def test_french_full_text_without_accents(api: Api, catalogue: Catalogue) -> None:
    assert names(api.result(api.get("package_search", q="arbre"))) == ["street-trees"]
    assert set(names(api.result(api.get("package_search", q="trees")))) == {"street-trees", "heritage-trees"}
    assert api.result(api.get("package_search", q="secretword"))["count"] == 0


@pytest.mark.parametrize(("fq", "expected"), [
    ("organization:finance", {"budget"}),
    ("tags:trees", {"street-trees", "heritage-trees"}),
    ('tags:"trees" -organization:finance', {"street-trees", "heritage-trees"}),
    ("res_format:csv", {"street-trees", "heritage-trees", "budget"}),
    ("groups:environment", {"street-trees"}),
    ("license_id:ogl-canada-2.0 +organization:parks", {"street-trees", "heritage-trees", "park-benches"}),
    ("organization:(finance OR parks) -tags:trees", {"budget", "park-benches"}),
    ("name:budget", {"budget"}),
])
def test_fq_filters(api: Api, catalogue: Catalogue, fq: str, expected: set[str]) -> None:
    assert set(names(api.result(api.get("package_search", fq=fq)))) == expected


def test_field_terms_in_q_and_fq_list(api: Api, catalogue: Catalogue) -> None:
    assert names(api.result(api.get("package_search", q="tags:money"))) == ["budget"]
    result = api.result(api.post("package_search", {"fq_list": ["organization:parks", "tags:furniture"]}))
    assert names(result) == ["park-benches"]


def test_sort_rows_and_start(api: Api, catalogue: Catalogue) -> None:
    first = api.result(api.get("package_search", sort="title_string asc", rows=2))
    assert names(first) == ["budget", "heritage-trees"] and first["count"] == 4
    rest = api.result(api.get("package_search", sort="title_string asc", rows=2, start=2))
    assert names(rest) == ["park-benches", "street-trees"]
    assert names(api.result(api.get("package_search", sort="name desc", rows=1))) == ["street-trees"]
    multi = api.result(api.get("package_search", q="trees", sort="score desc, metadata_modified desc"))
    assert multi["sort"] == "score desc, metadata_modified desc" and multi["count"] == 2
    assert api.result(api.get("package_search", rows=0))["results"] == []


def test_facets(api: Api, catalogue: Catalogue) -> None:
    result = api.result(api.get("package_search", **{
        "facet.field": json.dumps(["organization", "tags", "res_format", "groups", "license_id"]),
        "facet.limit": 2}))
    assert result["facets"]["organization"] == {"parks": 3, "finance": 1}
    assert result["facets"]["tags"] == {"trees": 2, "forestry": 1}  # most frequent first, then by name
    french = api.result(api.get("package_search", lang="fr", **{"facet.field": '["tags"]'}))
    assert french["facets"]["tags"] == {"arbres": 1}  # keywords in the caller's language
    assert result["facets"]["res_format"] == {"CSV": 3}
    assert result["facets"]["groups"] == {"economy": 1, "environment": 1}
    items = result["search_facets"]["organization"]["items"]
    assert {"name": "parks", "display_name": "Parks", "count": 3} in items
    narrowed = api.result(api.post("package_search", {"fq": "organization:parks", "facet.field": ["tags"],
                                                      "facet.mincount": 2}))
    assert narrowed["facets"] == {"tags": {"trees": 2}}


def test_private_datasets_need_include_private_and_a_role(api: Api, catalogue: Catalogue) -> None:
    anonymous = api.result(api.get("package_search", q="secret", include_private="true"))
    assert anonymous["count"] == 0
    outsider = token_for(catalogue.people["finance_editor"])
    assert api.result(api.get("package_search", token=outsider, q="secret", include_private=True))["count"] == 0
    insider = token_for(catalogue.people["parks_member"])
    assert api.result(api.get("package_search", token=insider, q="secret"))["count"] == 0  # not asked
    found = api.result(api.get("package_search", token=insider, q="secret", include_private="true"))
    assert names(found) == ["secret-trees"] and found["results"][0]["private"] is True
    drafts = api.result(api.get("package_search", token=insider, q="trees", include_drafts="true",
                                include_private="true", rows=100))
    assert {"draft-trees", "review-trees"} <= set(names(drafts)) and "archived-trees" not in names(drafts)
    facets = api.result(api.get("package_search", token=outsider, include_private=True, include_drafts=True,
                                **{"facet.field": '["tags"]', "facet.limit": -1}))
    assert "secretword" not in facets["facets"]["tags"]  # not even as a count


@pytest.mark.parametrize("sort", ["", "title_string asc", "name desc", "metadata_modified asc, name desc"])
def test_pages_are_the_same_whether_few_or_many_datasets_match(api: Api, catalogue: Catalogue, sort: str,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Many matches are paged by walking the sort order (SQLite) or a LIMIT query; a few by their ids."""
    from trousse.portal.api import actions_search

    def pages() -> list[list[str]]:
        return [names(api.result(api.get("package_search", sort=sort, rows=rows, start=start, q=q,
                                         include_private="true", include_drafts="true",
                                         token=token_for(catalogue.people["parks_editor"]))))
                for q in ("", "trees") for rows, start in ((2, 0), (2, 1), (10, 3), (3, 50))]

    monkeypatch.setattr(actions_search, "FEW_MATCHES", 10**9)
    few = pages()
    monkeypatch.setattr(actions_search, "FEW_MATCHES", 0)
    assert pages() == few
    assert any(len(page) == 2 for page in few)
