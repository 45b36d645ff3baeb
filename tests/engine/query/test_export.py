"""Full exports of a filtered table: CSV with formulas neutralized, JSON, GeoJSON and Parquet, streamed."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from trousse.engine.query import export
from trousse.engine.query.datastore import SearchRequest
from trousse.engine.query.errors import QueryError


def dump(path: Path, fmt: str, **request: object) -> bytes:
    return b"".join(export.export_query(path, SearchRequest(**request), fmt))


def test_csv_has_every_matching_row_and_neutralized_formulas(requests_parquet: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(dump(requests_parquet, "csv", filters={"ward": [3, 4]}).decode())))
    assert len(rows) == 15 and "_id" not in rows[0]
    formula = next(r for r in rows if r["request_id"] == "7")
    assert formula["address"] == "'=HYPERLINK(\"http://evil\")"
    assert rows[0]["geometry"].startswith("POINT")


def test_exports_ignore_the_search_row_cap(requests_parquet: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export, "BATCH_ROWS", 4)  # many batches, streamed one by one
    monkeypatch.setattr(export, "CHUNK_BYTES", 10)
    chunks = list(export.export_query(requests_parquet, SearchRequest(limit=1), "csv"))
    assert len(chunks) > 3
    assert b"".join(chunks).decode().count("\n") == 31


def test_json_is_an_array_of_typed_records(requests_parquet: Path) -> None:
    records = json.loads(dump(requests_parquet, "json", q="eclairage", fields=["request_id", "opened", "urgent"],
                              sort=[("request_id", True)]))
    assert records[0] == {"request_id": 29, "opened": "2024-01-30", "urgent": False}
    assert len(records) == 10


def test_geojson_features_with_properties(requests_parquet: Path) -> None:
    collection = json.loads(dump(requests_parquet, "geojson", filters={"request_id": 1}))
    feature = collection["features"][0]
    assert feature["geometry"] == {"type": "Point", "coordinates": [-75.69, 45.41]}
    assert feature["properties"]["category"] == "graffiti" and "geometry" not in feature["properties"]


def test_parquet_keeps_types(requests_parquet: Path) -> None:
    table = pq.read_table(io.BytesIO(dump(requests_parquet, "parquet", fields=["_id", "opened", "amount"])))
    assert table.num_rows == 30 and str(table.schema.field("opened").type) == "date32[day]"
    assert table.column("_id").to_pylist()[:3] == [1, 2, 3]


def test_bad_exports_fail_before_the_first_byte(requests_parquet: Path, tmp_path: Path) -> None:
    with pytest.raises(QueryError) as caught:
        export.export_query(requests_parquet, SearchRequest(), "xlsx")
    assert caught.value.field == "format"
    with pytest.raises(QueryError) as caught:
        export.export_query(requests_parquet, SearchRequest(filters={"nope": 1}), "csv")
    assert caught.value.code == "unknown_column"


def test_limit_and_offset_pick_the_rows_as_ckan_dumps_do(requests_parquet: Path) -> None:
    def ids(**options: object) -> list[str]:
        text = b"".join(export.export_query(requests_parquet, SearchRequest(sort=[("request_id", False)]), "csv",
                                            **options)).decode()
        return [r["request_id"] for r in csv.DictReader(io.StringIO(text))]

    everything = ids()
    assert len(everything) == 30
    assert ids(limit=5) == everything[:5]
    assert ids(limit=5, offset=10) == everything[10:15]
    assert ids(offset=28) == everything[28:]
    assert ids(limit=0) == [] and ids(offset=1000) == []
    records = json.loads(b"".join(export.export_query(requests_parquet, SearchRequest(), "json", limit=2, offset=3)))
    assert [r["request_id"] for r in records] == [int(i) for i in everything[3:5]]
    for bad in ({"limit": -1}, {"offset": -2}, {"limit": True}):
        with pytest.raises(QueryError) as caught:
            export.export_query(requests_parquet, SearchRequest(), "csv", **bad)  # type: ignore[arg-type]
        assert caught.value.field in ("limit", "offset")


def test_tsv_and_the_byte_order_mark(requests_parquet: Path) -> None:
    tsv = b"".join(export.export_query(requests_parquet, SearchRequest(fields=["request_id", "address"]), "tsv",
                                       limit=7)).decode()
    rows = list(csv.reader(io.StringIO(tsv), delimiter="\t"))
    assert rows[0] == ["request_id", "address"] and len(rows) == 8
    assert rows[7][1] == "'=HYPERLINK(\"http://evil\")"  # formulas neutralized in TSV too
    marked = b"".join(export.export_query(requests_parquet, SearchRequest(), "csv", bom=True, limit=1))
    assert marked.startswith(b"\xef\xbb\xbf") and not tsv.startswith("\ufeff")
