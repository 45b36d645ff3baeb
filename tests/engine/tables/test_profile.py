"""Profiles: counts, distinct values, ranges, quantiles, top values, histograms."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from staged_tables import make_staged, make_staged_sql

from trousse.engine.tables import csv_stream, profile
from trousse.engine.tables.csv_reader import read_text_table
from trousse.engine.tables.profile import profile_table
from trousse.engine.tables.schema import infer_schema


def test_profile_small_table(tmp_path: Path) -> None:
    rows = [[str(i), "A" if i % 3 else "B", f"2020-{(i % 12) + 1:02d}-01", f"{i}.5", "" if i % 5 == 0 else "x" * (i % 4)]
            for i in range(1, 41)]
    prof = profile_table(make_staged(tmp_path, ["id", "cat", "d", "v", "s"], rows))
    cols = {c.name: c for c in prof.columns}
    assert prof.row_count == 40
    assert (cols["id"].type, cols["id"].min, cols["id"].max, cols["id"].mean) == ("integer", 1, 40, 20.5)
    assert cols["id"].distinct_count == 40 and cols["id"].distinct_exact and cols["id"].top_values == []
    assert cols["cat"].top_values == [{"value": "A", "count": 27}, {"value": "B", "count": 13}]
    assert cols["s"].null_count == 8 + 10 - 2  # blank every 5th row and every 4th ("" * 0), 2 both
    assert sum(b["count"] for b in cols["v"].histogram["bins"]) == 40
    assert cols["d"].histogram["kind"] == "month" and len(cols["d"].histogram["bins"]) == 12
    assert cols["d"].quantiles["p50"].year == 2020
    assert cols["cat"].length == {"min": 1, "max": 1, "mean": 1.0}
    json.dumps(prof.to_dict())  # JSON-serializable


def test_profile_large_table_uses_approximate_distinct(tmp_path: Path) -> None:
    staged = make_staged_sql(tmp_path, ["id", "grp"], "SELECT CAST(i AS VARCHAR) AS id, CAST(i % 7 AS VARCHAR) AS grp, "
                             "i + 2 AS __row FROM range(300000) t(i)")
    prof = profile_table(staged, distinct_bound=100_000)
    cols = {c.name: c for c in prof.columns}
    assert not cols["id"].distinct_exact and abs(cols["id"].distinct_count - 300_000) < 30_000
    assert cols["grp"].distinct_exact and cols["grp"].distinct_count == 7
    assert sum(v["count"] for v in cols["grp"].top_values) == 300_000


def test_reader_statistics_give_the_profile_sql_gives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The streaming reader counts and measures cells and keeps a sample as the rows go by; the
    # profile built on them must be the one built from the staged file alone.
    monkeypatch.setattr(csv_stream, "MIN_BLOCK_BYTES", 64)
    monkeypatch.setattr(csv_stream, "BLOCK_BYTES", 4096)
    lines = [f"{i},{['ouvert', 'fermé', 'annulé', ''][i % 4]},{'' if i % 9 == 0 else 'Rivière-du-Loup ' * (i % 3)}x,"
             f"{i % 7}.5,2024-01-{1 + i % 9:02d}" for i in range(1, 3001)]
    path = tmp_path / "t.csv"
    path.write_text("id,statut,lieu,mesure,jour\n" + "\n".join(lines) + "\n", encoding="utf-8")
    table = read_text_table(path, tmp_path / "work")
    assert table.text_stats is not None and table.sample is not None
    schema = infer_schema(table)
    with_stats = profile_table(table, schema).to_dict()
    without = profile_table(dataclasses.replace(table, text_stats=None, sample=None), schema).to_dict()
    for a, b in zip(with_stats["columns"], without["columns"], strict=True):
        a["mean"], b["mean"] = round(a["mean"] or 0, 9), round(b["mean"] or 0, 9)
        a["quantiles"] = b["quantiles"] = None  # approximate (t-digest), run to run
    assert with_stats == without
    statut = next(c for c in with_stats["columns"] if c["name"] == "statut")
    assert {v["value"]: v["count"] for v in statut["top_values"]} == {"ouvert": 750, "fermé": 750, "annulé": 750}


def test_top_values_see_every_frequent_value_of_periodic_data(tmp_path: Path) -> None:
    # A systematic sample (every 50th row) of a column cycling every 4 rows saw 2 of its 4 values.
    staged = make_staged_sql(tmp_path, ["id", "status"], "SELECT CAST(i AS VARCHAR) AS id, "
                             "['open', 'in-progress', 'closed', 'cancelled'][1 + i % 4] AS status, i + 2 AS __row "
                             "FROM range(200000) t(i)")
    prof = profile_table(staged)
    status = next(c for c in prof.columns if c.name == "status")
    assert sorted(v["value"] for v in status.top_values) == ["cancelled", "closed", "in-progress", "open"]


def test_profile_of_cells_in_memory_is_the_profile_of_the_staged_file(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    # In memory, Arrow counts the top-value candidates and the text range beside DuckDB's scan
    # (fields whose missing cells are empty ones); "NA", another missing value, keeps "lieu" in SQL.
    monkeypatch.setattr(csv_stream, "MIN_BLOCK_BYTES", 64)
    monkeypatch.setattr(csv_stream, "BLOCK_BYTES", 4096)
    lines = [f"{i},{['ouvert', 'fermé', 'annulé', ''][i % 4]},{'NA' if i % 9 == 0 else 'Rivière ' * (i % 3)}x,"
             f"{i % 7}.5,2024-01-{1 + i % 9:02d},{i % 13}" for i in range(1, 3001)]
    path = tmp_path / "t.csv"
    path.write_text("id,statut,lieu,mesure,jour,code\n" + "\n".join(lines) + "\n", encoding="utf-8")
    staged = read_text_table(path, tmp_path / "staged")
    memory = read_text_table(path, tmp_path / "memory", in_memory=True)
    assert memory.arrow is not None and staged.arrow is None
    schema = infer_schema(staged)
    assert infer_schema(memory) == schema
    lieu = schema.get_field("lieu")
    assert lieu is not None
    lieu.missing_values = ("", "NA")
    expected = profile_table(staged, schema).to_dict()
    assert profile_table(memory, schema).to_dict() == expected
    code = next(c for c in expected["columns"] if c["name"] == "code")
    assert code["distinct_exact"] and code["distinct_count"] == 13  # ten candidates do not hold them all
    statut = next(c for c in expected["columns"] if c["name"] == "statut")
    assert statut["distinct_exact"] and statut["distinct_count"] == 3  # the candidates hold every cell


def test_a_wide_table_is_profiled_in_slices_that_give_the_whole_answer(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    # Wide tables are profiled SLICE_COLUMNS columns at a time (one aggregate query over 5,000
    # columns ran DuckDB out of memory); the slices' answers must merge into the single query's.
    names = [f"c{j}" for j in range(12)]
    rows = [[str(i * j % 17) if j % 3 else f"v{(i + j) % 5}" for j in range(12)] for i in range(1, 61)]
    staged = make_staged(tmp_path, names, rows)
    schema = infer_schema(staged)
    whole = profile_table(staged, schema, typed=None).to_dict()
    monkeypatch.setattr(profile, "SLICE_COLUMNS", 5)
    sliced = profile_table(staged, schema, typed=None).to_dict()
    assert sliced == whole
    assert {c["type"] for c in whole["columns"]} >= {"integer", "string"}  # both kinds of statistics sliced
