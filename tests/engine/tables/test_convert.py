"""Canonical Parquet, exports, formula neutralization and openness stars."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook
from staged_tables import make_staged

from trousse.engine.tables import convert
from trousse.engine.tables.convert import ExportError, export, openness_stars, write_canonical_parquet
from trousse.engine.tables.schema import load_schema

SCHEMA = load_schema({"fields": [
    {"name": "id", "type": "integer"}, {"name": "amount", "type": "number", "decimalChar": ",", "groupChar": " "},
    {"name": "day", "type": "date", "format": "%d/%m/%Y"}, {"name": "ok", "type": "boolean",
                                                             "trueValues": ["oui"], "falseValues": ["non"]},
    {"name": "note", "type": "string"},
]})
ROWS = [["1", "1 234,5", "31/12/2020", "oui", "=HYPERLINK(\"http://x\")"],
        ["2", "-12,5", "01/02/2021", "non", "-12.5"],
        ["x", "bad", "2021-02-01", "maybe", "@SUM(A1)"],
        ["4", "", "", "", "\tplain"]]


def _canonical(tmp_path: Path, geometry: list[str | None] | None = None) -> Path:
    staged = make_staged(tmp_path, ["id", "amount", "day", "ok", "note"], ROWS, geometry=geometry)
    return write_canonical_parquet(staged, SCHEMA, tmp_path / "canonical.parquet")


def test_canonical_parquet_is_typed(tmp_path: Path) -> None:
    table = pq.read_table(_canonical(tmp_path))
    assert [str(t) for t in table.schema.types] == ["int64", "double", "date32[day]", "bool", "string"]
    rows = table.to_pylist()
    assert rows[0]["amount"] == 1234.5 and rows[1]["amount"] == -12.5 and rows[0]["ok"] is True
    assert rows[2] == {"id": None, "amount": None, "day": None, "ok": None, "note": "@SUM(A1)"}


def test_wide_table_is_cast_in_slices_of_columns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The slices (here of 2 columns, with a geometry) and the merge in batches of 3 rows give the
    # file one query gives.
    rows = [*ROWS, *ROWS, *ROWS]
    staged = make_staged(tmp_path, ["id", "amount", "day", "ok", "note"], rows,
                         geometry=[f"POINT ({i} 45)" for i in range(len(rows))])
    whole = pq.read_table(write_canonical_parquet(staged, SCHEMA, tmp_path / "whole.parquet"))
    monkeypatch.setattr(convert, "WIDE_COLUMNS", 3)
    monkeypatch.setattr(convert, "SLICE_COLUMNS", 2)
    monkeypatch.setattr(convert, "MERGE_CELLS", 18)
    sliced = pq.read_table(write_canonical_parquet(staged, SCHEMA, tmp_path / "sliced.parquet"))
    assert (sliced.schema.names, sliced.schema.types) == (whole.schema.names, whole.schema.types)
    assert sliced.to_pylist() == whole.to_pylist()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no slices left behind


@pytest.mark.slow
def test_ten_thousand_columns_are_converted_within_memory(tmp_path: Path) -> None:
    # One query casting 10,000 columns did not finish in 5 minutes and ran out of memory (issue 3).
    # (Few integer columns: each compiles its regular expression, which is not what is tested.)
    width = 10_000
    columns = [f"c{i}" for i in range(width)]
    staged = make_staged(tmp_path, columns, [[str(r * width + i) if i % 100 == 1 else f"t{r}" for i in range(width)]
                                             for r in range(2)])
    schema = load_schema({"fields": [{"name": c, "type": "integer" if i % 100 == 1 else "string"}
                                     for i, c in enumerate(columns)]})
    out = write_canonical_parquet(staged, schema, tmp_path / "wide.parquet")
    table = pq.read_table(out, columns=["c0", "c1", "c9901", "c9999"])
    assert table.to_pylist() == [{"c0": "t0", "c1": 1, "c9901": 9901, "c9999": "t0"},
                                 {"c0": "t1", "c1": 10001, "c9901": 19901, "c9999": "t1"}]
    assert pq.ParquetFile(out).metadata.num_columns == width


def test_csv_export_neutralizes_text_not_numbers(tmp_path: Path) -> None:
    out = export(_canonical(tmp_path), "csv", tmp_path / "out.csv")
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows[0]["note"].startswith("'=") and rows[2]["note"] == "'@SUM(A1)" and rows[3]["note"] == "'\tplain"
    assert rows[1]["note"] == "'-12.5"  # text that looks like a number is still text
    assert rows[1]["amount"] == "-12.5"  # a number is a number: no prefix


def test_json_and_xlsx_exports(tmp_path: Path) -> None:
    parquet = _canonical(tmp_path)
    data = json.loads(export(parquet, "json", tmp_path / "out.json").read_text())
    assert data[0]["note"].startswith("=") and data[1]["day"] == "2021-02-01"  # JSON is not a spreadsheet
    book = CalamineWorkbook.from_path(str(export(parquet, "xlsx", tmp_path / "out.xlsx")))
    sheet = book.get_sheet_by_index(0).to_python()
    assert sheet[0] == ["id", "amount", "day", "ok", "note"]
    assert sheet[1][4].startswith("'=") and sheet[2][1] == -12.5 and sheet[3][4] == "'@SUM(A1)"


def test_xlsx_row_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(convert, "XLSX_MAX_ROWS", 3)
    with pytest.raises(ExportError, match="do not fit"):
        export(_canonical(tmp_path), "xlsx", tmp_path / "out.xlsx")
    assert not (tmp_path / "out.xlsx").exists()


def test_geojson_and_wkt(tmp_path: Path) -> None:
    parquet = _canonical(tmp_path, geometry=["POINT (-73.5 45.5)", "POINT (-71 46)", None, "LINESTRING (0 0, 1 1)"])
    fc = json.loads(export(parquet, "geojson", tmp_path / "out.geojson").read_text())
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) == 4
    assert fc["features"][0]["geometry"] == {"type": "Point", "coordinates": [-73.5, 45.5]}
    assert fc["features"][2]["geometry"] is None and fc["features"][1]["properties"]["amount"] == -12.5
    rows = list(csv.DictReader(io.StringIO(export(parquet, "csv", tmp_path / "g.csv").read_text())))
    assert rows[0]["geometry"] == "POINT (-73.5 45.5)"
    with pytest.raises(ExportError):
        export(_canonical(tmp_path / "plain" if (tmp_path / "plain").mkdir() is None else tmp_path), "geojson",
               tmp_path / "x.geojson")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=st.lists(st.text(alphabet=st.sampled_from(list("=+-@\t\r\"',;ab1 \n")), max_size=8), min_size=1, max_size=15))
def test_no_csv_cell_starts_a_formula(tmp_path: Path, cells: list[str]) -> None:
    path = tmp_path / "t.parquet"
    con = duckdb.connect()
    con.execute("CREATE TABLE t (note VARCHAR)")
    con.executemany("INSERT INTO t VALUES (?)", [[c] for c in cells])
    con.execute(f"COPY t TO '{path}' (FORMAT parquet)")
    out = export(path, "csv", tmp_path / "t.csv")
    with open(out, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))[1:]
    written = [r[0] if r else "" for r in rows]
    assert all(not w or w[0] not in "=+-@\t\r" for w in written)
    assert [w[1:] if w.startswith("'") and c[:1] in ("=", "+", "-", "@", "\t", "\r") else w
            for w, c in zip(written, cells, strict=True)] == cells


def test_openness_stars() -> None:
    assert openness_stars("PDF", False) == 1
    assert openness_stars("XLSX", True) == 2
    assert openness_stars("CSV", False) == 3 and openness_stars("GEOJSON", False) == 3
    assert openness_stars("csv", True) == 4
    assert openness_stars("NOPE", True) == 0
