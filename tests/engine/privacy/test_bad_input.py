"""Hostile and broken tables: bounded time and memory, clear reasons, and never a "clean" by accident."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from privacy_tables import texts, write_table

from trousse.engine.privacy.screen import ScreenOptions, screen_parquet

# Generous bounds: the suite runs on two shared cores; the point is "seconds, not minutes".
BOUND_SECONDS = 90


def timed(path: Path, options: ScreenOptions = ScreenOptions()):
    started = time.perf_counter()
    report = screen_parquet(path, options=options)
    return report, time.perf_counter() - started


def test_one_megabyte_cells_are_screened_whole(tmp_path: Path) -> None:
    filler = "lorem ipsum dolor sit amet " * 40_000  # ~1 MB
    cells = [filler + " call 613-555-0199", filler, filler[:500_000] + " bob.roy@gmail.com " + filler[:500_000]]
    report, seconds = timed(texts(tmp_path / "big.parquet", cells))
    assert report.complete and seconds < BOUND_SECONDS
    assert {(f.detector, f.count) for f in report.findings} == {("phone", 1), ("email", 1)}
    assert all(len(e) <= 40 for f in report.findings for e in f.examples)
    # The example is the identifier's own shape, found with RE2 wherever it sits in the cell.
    assert {f.detector: f.examples for f in report.findings} == {"phone": ["•••-•••-••••"],
                                                                 "email": ["b••.r••@g••••.c••"]}


def test_binary_garbage_is_screened_without_error(tmp_path: Path) -> None:
    junk = [os.urandom(2_000).decode("latin-1") for _ in range(200)] + ["\x00\x01\x02 bob.roy@gmail.com \xff"]
    report, seconds = timed(texts(tmp_path / "junk.parquet", junk))
    assert report.complete and seconds < BOUND_SECONDS
    assert ("description", "email") in {(f.column, f.detector) for f in report.findings}


def test_all_null_columns_are_clean_and_counted(tmp_path: Path) -> None:
    path = write_table(tmp_path / "nulls.parquet", {"email": pa.array([None] * 100, pa.string()),
                                                   "age": pa.array([None] * 100, pa.int32())})
    report, _ = timed(path)
    data = report.to_dict()
    assert data["status"] == "clean" and data["row_count"] == 100
    assert [(c["column"], c["non_blank"], c["name_suggests_personal"]) for c in data["columns"]] == [
        ("email", 0, True), ("age", 0, True)]


@pytest.mark.slow
def test_ten_thousand_columns(tmp_path: Path) -> None:
    columns = {f"c{i}": pa.array([f"v{i}", None, "x"], pa.string()) for i in range(10_000)}
    columns["c777"] = pa.array(["jean.roy@gmail.com", None, None], pa.string())
    # As the readers stage it: the row number they add is not a publisher's column, and must not
    # push a file at the readers' own limit (10,000 columns) over the screen's.
    columns["__row"] = pa.array([2, 3, 4], pa.int64())
    path = tmp_path / "wide.parquet"
    pq.write_table(pa.table(columns), path)
    report, seconds = timed(path)
    assert report.complete and report.column_count == 10_000 and seconds < BOUND_SECONDS
    assert [(f.column, f.detector) for f in report.findings] == [("c777", "email")]


def test_more_columns_than_allowed_is_an_error_not_a_pass(tmp_path: Path) -> None:
    path = write_table(tmp_path / "t.parquet", {f"c{i}": ["a"] for i in range(30)})
    data = screen_parquet(path, options=ScreenOptions(max_columns=20)).to_dict()
    assert data["status"] == "error" and data["error"]["code"] == "too-many-columns"
    assert "30" in data["error"]["message"]["fr"]


def test_a_screen_that_runs_out_of_time_keeps_the_gate_closed(tmp_path: Path) -> None:
    cells = [f"row {i} call 613-555-{i % 10000:04d} or write {i}@x.ca" for i in range(20_000)]
    path = texts(tmp_path / "slow.parquet", cells)
    report, seconds = timed(path, ScreenOptions(max_seconds=0.001))
    data = report.to_dict()
    assert data["status"] == "error" and data["complete"] is False and data["findings"] == []
    assert data["error"]["code"] == "timeout" and "0,001 s" in data["error"]["message"]["fr"]
    assert seconds < BOUND_SECONDS


def test_a_tiny_memory_limit_fails_closed(tmp_path: Path) -> None:
    path = texts(tmp_path / "t.parquet", ["bob.roy@gmail.com"] * 10)
    data = screen_parquet(path, options=ScreenOptions(memory_limit="not-a-size")).to_dict()
    assert data["status"] == "error" and data["error"]["code"] == "bad-option"


MEMORY_PROBE = """
import json, os, resource, sys
import pyarrow as pa, pyarrow.parquet as pq
from trousse.engine.privacy.screen import screen_parquet
# 34 cells of 1 MB of incompressible text (hex): more than one batch; one in two ends with a phone number.
cells = [os.urandom(500_000).hex() + (f" call 613-555-{i:04d}" if i % 2 else "") for i in range(34)]
pq.write_table(pa.table({"description": pa.array(cells, pa.string())}), sys.argv[1])
del cells
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
report = screen_parquet(sys.argv[1])
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"status": report.status, "findings": [[f.detector, f.count] for f in report.findings],
                  "extra_mib": (after - before) / 1024}))
"""


def test_one_megabyte_cells_keep_memory_bounded(tmp_path: Path) -> None:
    """34 MB of 1 MB cells: batches of at most 32 MB keep the extra memory of the screen in hundreds of MiB."""
    done = subprocess.run([sys.executable, "-c", MEMORY_PROBE, str(tmp_path / "big.parquet")], capture_output=True,
                          text=True, timeout=BOUND_SECONDS, check=True)
    result = json.loads(done.stdout)
    assert result["status"] == "findings" and result["findings"] == [["phone", 17]]
    assert result["extra_mib"] < 512, result


def test_all_null_quasi_identifiers_are_one_blank_group_not_dropped(tmp_path: Path) -> None:
    path = write_table(tmp_path / "t.parquet", {"code_postal": pa.array([None] * 12, pa.string()),
                                               "age": pa.array([None] * 12, pa.int32()),
                                               "sexe": pa.array(["F", "M"] * 6, pa.string())})
    risk = screen_parquet(path).to_dict()["risk"]
    assert risk["quasi_identifiers"] == ["code_postal", "age", "sexe"]
    assert risk["groups"] == 2 and risk["k"] == 6 and not risk["at_risk"]
    assert {"values": {"code_postal": None, "age": None, "sexe": "F"}, "size": 6} in risk["smallest_groups"]


def test_missing_quasi_and_sensitive_columns_close_the_gate_in_both_languages(tmp_path: Path) -> None:
    path = write_table(tmp_path / "t.parquet", {"ward": ["1", "2"], "sex": ["F", "M"]}, staged=True)
    for options, missing in ((ScreenOptions(quasi_identifiers=("ward", "postal")), "postal"),
                             (ScreenOptions(quasi_identifiers=("ward",), sensitive=("diagnosis",)), "diagnosis")):
        report, seconds = timed(path, options)
        data = report.to_dict()
        assert data["status"] == "error" and data["complete"] is False and seconds < BOUND_SECONDS
        assert data["findings"] == [] and data["risk"] is None
        assert data["error"]["code"] == "missing-column" and data["error"]["detail"] == missing
        assert data["error"]["message"]["en"].startswith(f"No column named {missing} in this table (columns: ward, sex")
        assert data["error"]["message"]["fr"].startswith(f"Aucune colonne nommée {missing} dans ce tableau")
