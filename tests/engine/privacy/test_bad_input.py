"""Hostile and broken tables: bounded time and memory, clear reasons, and never a "clean" by accident."""

from __future__ import annotations

import os
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
