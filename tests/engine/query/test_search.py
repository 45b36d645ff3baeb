"""datastore_search over a real Parquet: filters, full text, fields, sort, paging, totals, formats."""

from __future__ import annotations

from pathlib import Path

import pytest

from trousse.engine.query.datastore import QueryError, SearchRequest, datastore_search, parse_sort


def search(path: Path, **kwargs: object) -> object:
    fmt = kwargs.pop("records_format", "objects")
    geometry = kwargs.pop("geometry_format", "wkt")
    return datastore_search(path, SearchRequest(**kwargs), records_format=fmt, geometry_format=geometry)


def test_fields_start_with_the_row_id_and_carry_ckan_types(requests_parquet: Path) -> None:
    result = search(requests_parquet, limit=2)
    assert [(f["id"], f["type"]) for f in result.fields] == [
        ("_id", "int8"), ("request_id", "int8"), ("category", "text"), ("ward", "int8"), ("amount", "float8"),
        ("urgent", "bool"), ("opened", "date"), ("created_at", "timestamp"), ("address", "text"),
        ("geometry", "geometry")]
    assert result.total == 30 and result.total_was_estimated is False
    first = result.records[0]
    assert first == {"_id": 1, "request_id": 1, "category": "graffiti", "ward": 2, "amount": 0.25, "urgent": False,
                     "opened": "2024-01-02", "created_at": "2024-01-01T09:30:00", "address": "Rue Saint-Jérôme 1",
                     "geometry": "POINT (-75.69 45.41)"}


def test_equality_filter_reads_values_as_the_column_type(requests_parquet: Path) -> None:
    result = search(requests_parquet, filters={"ward": "2"}, fields=["request_id", "ward"])
    assert result.total == 8
    assert {r["ward"] for r in result.records} == {2}


def test_a_list_of_values_means_any_of_them(requests_parquet: Path) -> None:
    result = search(requests_parquet, filters={"ward": [1, 2], "category": "pothole"}, fields=["request_id"])
    assert [r["request_id"] for r in result.records] == [9, 12, 21, 24]
    assert result.total == 4


def test_filters_on_dates_booleans_and_the_row_id(requests_parquet: Path) -> None:
    assert search(requests_parquet, filters={"opened": "2024-01-05"}).records[0]["request_id"] == 4
    assert search(requests_parquet, filters={"urgent": "true"}).total == 15
    assert search(requests_parquet, filters={"_id": 3}).records[0]["request_id"] == 3
    assert search(requests_parquet, filters={"amount": None}).total == 6


@pytest.mark.parametrize(("filters", "code"), [
    ({"nope": 1}, "unknown_column"),
    ({"ward": "two"}, "invalid_value"),
    ({"opened": "2024-13-45"}, "invalid_value"),
    ({"urgent": "maybe"}, "invalid_value"),
    ({"amount": "nan"}, "invalid_value"),
    ({"category": {"$ne": 1}}, "invalid_value"),
])
def test_bad_filters_are_refused_with_a_bilingual_message(requests_parquet: Path, filters: dict, code: str) -> None:
    with pytest.raises(QueryError) as caught:
        search(requests_parquet, filters=filters)
    assert caught.value.code == code and caught.value.field == "filters"
    assert caught.value.message_en and caught.value.message_fr and caught.value.message_en != caught.value.message_fr


def test_full_text_ignores_case_and_accents_and_needs_every_word(requests_parquet: Path) -> None:
    assert search(requests_parquet, q="eclairage").total == 10
    assert search(requests_parquet, q="SAINT-JEROME 12").total == 1
    assert search(requests_parquet, q={"category": "ÉCLAIR"}).total == 10
    assert search(requests_parquet, q={"address": "jérôme:*"}).total == 29  # row 7 is a formula
    assert search(requests_parquet, q="nowhere").total == 0


def test_sort_and_paging_are_stable(requests_parquet: Path) -> None:
    sort = parse_sort('ward desc, "request_id"', ["ward", "request_id"])
    assert sort == [("ward", True), ("request_id", False)]
    page1 = search(requests_parquet, sort=sort, limit=5, fields=["request_id", "ward"]).records
    page2 = search(requests_parquet, sort=sort, limit=5, offset=5, fields=["request_id", "ward"]).records
    assert [r["request_id"] for r in page1] == [3, 7, 11, 15, 19]
    assert [r["request_id"] for r in page2] == [23, 27, 2, 6, 10]


def test_parse_sort_refuses_unknown_columns() -> None:
    with pytest.raises(QueryError) as caught:
        parse_sort("ward, secret desc", ["ward"])
    assert caught.value.code == "unknown_column" and caught.value.field == "sort"


def test_distinct_without_row_ids(requests_parquet: Path) -> None:
    result = search(requests_parquet, fields=["category"], distinct=True, sort=[("category", False)])
    assert result.records == [{"category": "graffiti"}, {"category": "pothole"}, {"category": "Éclairage"}]
    assert result.total == 3


def test_records_formats(requests_parquet: Path) -> None:
    lists = search(requests_parquet, fields=["request_id", "urgent"], limit=2, records_format="lists")
    assert lists.records == [[1, False], [2, True]]
    csv = search(requests_parquet, fields=["request_id", "address"], filters={"request_id": [7, 8]},
                 records_format="csv")
    assert csv.records == '7,"=HYPERLINK(""http://evil"")"\n8,Rue Saint-Jérôme 8\n'
    tsv = search(requests_parquet, fields=["request_id", "urgent"], limit=1, records_format="tsv")
    assert tsv.records == "1\tfalse\n"


def test_geometry_as_geojson(requests_parquet: Path) -> None:
    result = search(requests_parquet, fields=["geometry"], limit=1, geometry_format="geojson")
    assert result.records[0]["geometry"] == {"type": "Point", "coordinates": [-75.69, 45.41]}


def test_limits_are_checked_and_capped(requests_parquet: Path) -> None:
    assert search(requests_parquet, limit=10**12).limit == 32_000
    assert search(requests_parquet, limit=0).records == []
    for bad in ({"limit": -1}, {"offset": -5}, {"limit": "ten"}, {"offset": 10**30}):
        with pytest.raises(QueryError) as caught:
            search(requests_parquet, **bad)
        assert caught.value.code == "invalid_parameter"


def test_no_total_when_not_asked(requests_parquet: Path) -> None:
    assert search(requests_parquet, include_total=False).total is None
