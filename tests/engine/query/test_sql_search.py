"""datastore_search_sql's sandbox: one SELECT over allowed tables, and every way out refused."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from tests.engine.query.conftest import write_requests

from trousse.engine.query.errors import QueryError
from trousse.engine.query.sandbox import Limits
from trousse.engine.query.sql_search import datastore_search_sql


@pytest.fixture(scope="module")
def resolver(requests_parquet: Path):  # type: ignore[no-untyped-def]
    """Resolve resource "42" to the test table; anything else is not found, as a private one would be."""

    def resolve(name: str) -> str:
        if name == "42":
            return str(requests_parquet)
        raise QueryError("not_found", f'Resource "{name}" was not found.', f"Ressource « {name} » introuvable.")

    return resolve


def run(sql: str, resolve, **limits):  # type: ignore[no-untyped-def]
    return datastore_search_sql(sql, resolve, limits=Limits(**{"timeout_seconds": 5, **limits}))


def test_a_select_over_a_resource_by_id(resolver) -> None:  # type: ignore[no-untyped-def]
    result = run('SELECT category, count(*) AS n, max(opened) AS last FROM "42" GROUP BY ALL ORDER BY n DESC, 1',
                 resolver)
    assert result.records[0] == {"category": "graffiti", "n": 10, "last": "2024-01-29"}
    assert [(f["id"], f["type"]) for f in result.fields] == [("category", "text"), ("n", "int8"), ("last", "date")]
    assert result.tables == ["42"] and result.records_truncated is False


def test_row_ids_geometry_ctes_joins_and_windows(resolver) -> None:  # type: ignore[no-untyped-def]
    result = run('WITH w AS (SELECT _id, ward FROM "42" WHERE ward = 1) '
                 'SELECT w._id, r.geometry, row_number() OVER (ORDER BY w._id) AS k '
                 'FROM w JOIN "42" r USING (_id) ORDER BY w._id LIMIT 2', resolver)
    assert result.records == [{"_id": 4, "geometry": "POINT (-75.66 45.44)", "k": 1},
                              {"_id": 8, "geometry": "POINT (-75.62 45.48)", "k": 2}]


def test_the_row_cap_truncates(resolver) -> None:  # type: ignore[no-untyped-def]
    result = run('SELECT a._id, b._id AS other FROM "42" a, "42" b', resolver, max_rows=100)
    assert len(result.records) == 100 and result.records_truncated is True


@pytest.mark.parametrize(("sql", "code"), [
    ("SELECT * FROM read_csv('/etc/passwd')", "table_not_allowed"),
    ("SELECT * FROM read_text('/etc/passwd')", "table_not_allowed"),
    ("SELECT read_text('/etc/passwd')", "function_not_allowed"),
    ("SELECT * FROM '/etc/passwd'", "not_found"),
    ("SELECT * FROM read_parquet('/etc/x.parquet')", "table_not_allowed"),
    ("COPY (SELECT 1) TO '/tmp/out.csv'", "not_select"),
    ("ATTACH '/tmp/x.duckdb' AS x", "not_select"),
    ("INSTALL httpfs", "not_select"),
    ("LOAD httpfs", "not_select"),
    ("SET enable_external_access = true", "not_select"),
    ("RESET lock_configuration", "not_select"),
    ("PRAGMA database_list", "not_select"),
    ("CALL duckdb_settings()", "not_select"),
    ("CREATE TABLE t AS SELECT 1", "not_select"),
    ('INSERT INTO "42" VALUES (1)', "not_select"),
    ('UPDATE "42" SET ward = 0', "not_select"),
    ('DELETE FROM "42"', "not_select"),
    ('DROP VIEW "42"', "not_select"),
    ("EXPLAIN ANALYZE SELECT 1", "not_select"),
    ('SELECT 1; DROP VIEW "42"', "multiple_statements"),
    ("SELECT 1; SELECT 2", "multiple_statements"),
    ("SELECT getenv('HOME')", "function_not_allowed"),
    ("SELECT current_setting('allowed_paths')", "function_not_allowed"),
    ("SELECT version()", "function_not_allowed"),
    ("SELECT pg_sleep(100)", "function_not_allowed"),
    ("SELECT sleep_ms(100000)", "function_not_allowed"),
    ("SELECT unnest(generate_series(1, 10000000000))", "function_not_allowed"),
    ("SELECT length(repeat('x', 2000000000))", "function_not_allowed"),
    ("SELECT * FROM range(1000000000000)", "table_not_allowed"),
    ("SELECT * FROM duckdb_settings()", "table_not_allowed"),
    ("SELECT * FROM duckdb_views()", "table_not_allowed"),
    ("SELECT * FROM information_schema.tables", "table_not_allowed"),
    ("SELECT * FROM pg_catalog.pg_settings", "table_not_allowed"),
    ("SELECT * FROM main.\"42\"", "table_not_allowed"),
    ("DESCRIBE SELECT 1", "table_not_allowed"),
    ("SHOW TABLES", "table_not_allowed"),
    ("SUMMARIZE \"42\"", "table_not_allowed"),
    ("SELECT * FROM query('SELECT 1')", "table_not_allowed"),
    ('SELECT * FROM "43"', "not_found"),
    ("SELECT error('boom')", "function_not_allowed"),
    ("SELEC 1", "invalid_sql"),
    ("", "invalid_parameter"),
])
def test_attacks_are_refused_before_anything_runs(resolver, sql: str, code: str) -> None:  # type: ignore[no-untyped-def]
    started = time.monotonic()
    with pytest.raises(QueryError) as caught:
        run(sql, resolver)
    assert caught.value.code == code, caught.value.message_en
    assert time.monotonic() - started < 2
    assert "/tmp" not in caught.value.message_en and "pytest" not in caught.value.message_en


def test_a_query_that_never_ends_is_stopped_at_the_time_limit(resolver, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    big = write_requests(tmp_path / "big.parquet", rows=3000)

    def resolve(name: str) -> str:
        return str(big)

    started = time.monotonic()
    with pytest.raises(QueryError) as caught:
        run('SELECT count(*) FROM "a" x, "a" y, "a" z WHERE x.address || y.address < z.address', resolve,
            timeout_seconds=1)
    assert caught.value.code == "timeout" and caught.value.kind == "limit"
    assert time.monotonic() - started < 4


def test_a_query_needing_too_much_memory_is_stopped(resolver) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(QueryError) as caught:
        run('SELECT length(string_agg(a.address || b.address || c.address || d.address, \',\')) '
            'FROM "42" a, "42" b, "42" c, "42" d', resolver, memory_limit="16MB")
    assert caught.value.code == "memory"


def test_engine_errors_never_show_file_paths(resolver, requests_parquet: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(QueryError) as caught:
        run('SELECT no_such_column FROM "42"', resolver)
    assert caught.value.code == "query_failed"
    assert str(requests_parquet.parent) not in caught.value.message_en and "no_such_column" in caught.value.message_en
