"""The sandboxed connections: locked configuration, allowed files only, query-ready copies, time limits."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import duckdb
import pytest
from tests.engine.query.conftest import write_requests

from trousse.engine.query import native_cache
from trousse.engine.query.datastore import SearchRequest, datastore_search
from trousse.engine.query.errors import QueryError
from trousse.engine.query.sandbox import ConnectionPool, Limits, guarded, open_database, scrub


def test_the_configuration_is_locked_and_files_outside_are_unreadable(tmp_path: Path) -> None:
    (tmp_path / "ok").mkdir()
    allowed = write_requests(tmp_path / "ok" / "a.parquet")
    (tmp_path / "secret.csv").write_text("x\n1\n")
    con = open_database(Limits(), allowed_directories=[str(tmp_path / "ok")])
    assert con.execute(f"SELECT count(*) FROM read_parquet('{allowed}')").fetchone() == (30,)
    for sql in (f"SELECT * FROM read_csv('{tmp_path / 'secret.csv'}')", "SET enable_external_access = true",
                "SET lock_configuration = false", "LOAD httpfs", f"COPY (SELECT 1) TO '{tmp_path / 'x.csv'}'"):
        with pytest.raises(duckdb.Error):
            con.execute(sql)
    assert not (tmp_path / "x.csv").exists()


def test_guarded_interrupts_and_translates(tmp_path: Path) -> None:
    con = open_database(Limits())
    started = time.monotonic()
    with pytest.raises(QueryError) as caught, guarded(con, Limits(timeout_seconds=0.5)):
        con.execute("SELECT count(*) FROM range(100000000000) a WHERE a.range % 7 = 3").fetchall()
    assert caught.value.code == "timeout" and time.monotonic() - started < 3
    with pytest.raises(QueryError) as caught, guarded(con, Limits(), secrets=["/srv/site/files"]):
        con.execute("SELECT * FROM read_parquet('/srv/site/files/derived/1.parquet')")
    assert "/srv" not in caught.value.message_en


def test_scrub_removes_paths() -> None:
    assert "/home" not in scrub('IO Error: No files found that match the pattern "/home/city/files/x.parquet"')


def test_pool_gives_each_thread_its_own_connection(tmp_path: Path) -> None:
    pool = ConnectionPool(Limits(), [str(tmp_path)])
    seen = []
    worker = threading.Thread(target=lambda: seen.append(pool.cursor()))
    worker.start()
    worker.join()
    assert seen[0] is not pool.cursor() and pool.cursor() is pool.cursor()


def test_large_tables_are_answered_from_their_query_ready_copy(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(native_cache, "MIN_ROWS", 10)
    (tmp_path / "data").mkdir()
    parquet = write_requests(tmp_path / "data" / "r.parquet")
    pool = ConnectionPool(Limits(), [str(tmp_path / "data")], native_cache.NativeCache(tmp_path / "copies"))
    request = SearchRequest(filters={"ward": 2}, sort=[("amount", True)], limit=3, fields=["_id", "amount"])
    before = datastore_search(parquet, request, pool=pool)  # from the Parquet, while the copy is built
    deadline = time.monotonic() + 10
    while not pool.cache.copy_path(str(parquet)).exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert pool.source(str(parquet)).startswith('"copy_')
    after = datastore_search(parquet, request, pool=pool)
    assert after.records == before.records == [{"_id": 29, "amount": 7.25}, {"_id": 21, "amount": 5.25},
                                               {"_id": 17, "amount": 4.25}]
    assert after.total == before.total == 8


def test_a_missing_file_is_not_found_without_its_path(tmp_path: Path) -> None:
    with pytest.raises(QueryError) as caught:
        datastore_search(tmp_path / "gone.parquet", SearchRequest())
    assert caught.value.kind == "not_found" and str(tmp_path) not in caught.value.message_en
