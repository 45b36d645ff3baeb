"""Profiles: counts, distinct values, ranges, quantiles, top values, histograms."""

from __future__ import annotations

import json
from pathlib import Path

from staged_tables import make_staged, make_staged_sql

from trousse.engine.tables.profile import profile_table


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
