"""Bad input for the table stages (issue 3): wide tables, tiny ones, huge cells."""

from __future__ import annotations

from pathlib import Path

import pytest
from staged_tables import make_staged

from trousse.engine.tables import inference
from trousse.engine.tables.excerpt import ELLIPSIS, MAX_VALUE_CHARS
from trousse.engine.tables.inference import infer_table_schema
from trousse.engine.tables.profile import profile_table
from trousse.engine.tables.read import read_tables
from trousse.engine.tables.schema import Field, TableSchema
from trousse.engine.tables.validate import validate_table


def _columns(n: int) -> dict[str, list[str | None]]:
    return {
        "code": [str(i) for i in range(n)],
        "zip": [f"0{i:03d}" for i in range(n)],
        "jour": [f"{(i % 28) + 1}/0{(i % 9) + 1}/2020" for i in range(n)],
        "cat": (["A", "B", "C"] * n)[:n],
        "pt": [f"-73.{i}, 45.{i}" for i in range(n)],
        "b": (["oui", "non"] * n)[:n],
        "late": [str(i) if i < n - 3 else "x" for i in range(n)],
        "empty": [None] * n,
        "ratio": [f"{i}.25" for i in range(n)],
    }


@pytest.mark.parametrize("rows", [3, 700])
def test_wide_table_paths_infer_what_the_narrow_path_infers(tmp_path: Path, monkeypatch, rows: int) -> None:
    columns = _columns(rows)
    table = make_staged(tmp_path, list(columns), list(zip(*columns.values(), strict=True)))
    narrow = infer_table_schema(table).to_dict()
    # Force the wide paths (grouped statistics, column slices, chunked aggregates) on a small table.
    monkeypatch.setattr(inference, "WIDE_COLUMNS", 2)
    monkeypatch.setattr(inference, "SLICE_COLUMNS", 2)
    monkeypatch.setattr(inference, "AGGS_PER_QUERY", 3)
    assert infer_table_schema(table).to_dict() == narrow


@pytest.mark.slow
def test_ten_thousand_columns_read_and_infer_within_memory(tmp_path: Path) -> None:
    width = 10_000
    lines = [",".join(f"col{i}" for i in range(width))]
    lines += [",".join(str(r * width + i) if i % 2 else f"t{r}" for i in range(width)) for r in range(3)]
    path = tmp_path / "wide.csv"
    path.write_text("\n".join(lines) + "\n")
    (table,) = read_tables(path, tmp_path / "work")
    assert (len(table.columns), table.row_count) == (width, 3)
    # Ran out of DuckDB's memory limit before (one query over every column).
    schema = infer_table_schema(table)
    assert [f.type for f in schema.fields[:4]] == ["string", "integer", "string", "integer"]


def test_tiny_table_infers_from_the_probe_alone(tmp_path: Path) -> None:
    columns = {f"c{i}": [str(i)] for i in range(30)}
    table = make_staged(tmp_path, list(columns), [tuple(v[0] for v in columns.values())])
    schema = infer_table_schema(table)
    assert [f.type for f in schema.fields] == ["integer"] * 30


def test_report_values_are_cut_but_counts_are_not(tmp_path: Path) -> None:
    big = "é" * 1_000_000
    table = make_staged(tmp_path, ["id", "note"], [("1", big), ("2", big), ("x", "court")])
    schema = TableSchema(fields=[Field("id", "integer"), Field("note", "string", constraints={"maxLength": 10})])
    profile = profile_table(table, schema)
    note = profile.columns[1]
    assert note.max == "é" * MAX_VALUE_CHARS + ELLIPSIS and note.min == "court"
    assert note.top_values[0] == {"value": "é" * MAX_VALUE_CHARS + ELLIPSIS, "count": 2}
    assert note.length["max"] == 1_000_000 and note.distinct_count == 2
    report = validate_table(table, schema).to_dict()
    length = next(p for p in report["problems"] if p["constraint"] == "maxLength")
    assert length["count"] == 2
    assert [e["cell"] for e in length["examples"]] == ["é" * MAX_VALUE_CHARS + ELLIPSIS] * 2
    assert len(str(report)) < 10_000 and len(str(profile.to_dict())) < 10_000
