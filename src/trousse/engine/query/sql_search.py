"""CKAN's datastore_search_sql: one SELECT over resources named by id, checked then run in a fresh sandbox.

A query refers to tables by resource id in double quotes, as CKAN does: ``SELECT * FROM "42"``. Before
anything runs, the statement is parsed (DuckDB's own parser, ``json_serialize_sql``) and walked:

- exactly one statement, and a SELECT (not COPY, ATTACH, SET, PRAGMA, INSTALL, CREATE, INSERT…);
- every table is a resource id the caller may read (``resolve`` decides, and raises not_found for one
  they may not see) or a CTE of the query; no schema-qualified names (information_schema, pg_catalog);
- no table functions (read_csv, read_text, duckdb_settings, range, query…) and only allowed functions
  (allowed_functions.py): no getenv, current_setting, pg_sleep.

The query then runs in a database of its own that can read only those Parquet files (sandbox.py), under
the time and memory limits, and at most ``max_rows`` records come back (``records_truncated`` tells).
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import math
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from trousse.engine.query.allowed_functions import is_allowed
from trousse.engine.query.columns import ROW_ID, ROW_NUMBER, parquet_scan, table_columns
from trousse.engine.query.errors import QueryError
from trousse.engine.query.sandbox import Limits, guarded, open_database, scrub
from trousse.engine.tables.sql import ident

MAX_SQL_LENGTH = 20_000
TABLE_REFS = {"BASE_TABLE", "JOIN", "SUBQUERY", "EMPTY", "EXPRESSION_LIST", "PIVOT"}
Resolver = Callable[[str], "str | Path"]  # resource id → readable Parquet path, or QueryError


@dataclass
class SqlResult:
    """The columns and records of a SQL query, and whether the row cap cut them."""

    fields: list[dict[str, Any]]
    records: list[dict[str, Any]]
    records_truncated: bool
    tables: list[str]  # the resource ids the query read


def datastore_search_sql(sql: Any, resolve: Resolver, *, limits: Limits | None = None) -> SqlResult:
    """Check and run one SELECT over resources, in a sandbox that reads only their Parquet files."""
    limits = limits or Limits()
    statement = single_select(sql)
    tables = referenced_tables(statement)
    paths = {name: str(resolve(name)) for name in tables}
    con = open_database(limits, allowed_paths=list(paths.values()))
    secrets = list(paths.values())
    try:
        with guarded(con, limits, secrets=secrets):
            for name, path in paths.items():
                con.execute(f"CREATE TEMP VIEW {ident(name)} AS {_view_select(con, path)}")
            cursor = con.execute(f"SELECT * FROM (\n{statement}\n) AS q LIMIT {limits.max_rows + 1}")
            names = [d[0] for d in cursor.description]
            types = [str(d[1]) for d in cursor.description]
            rows = cursor.fetchall()
    finally:
        con.close()
    truncated = len(rows) > limits.max_rows
    records = [dict(zip(names, (json_value(v) for v in row), strict=True)) for row in rows[:limits.max_rows]]
    fields = [{"id": n, "type": _ckan_type(t)} for n, t in zip(names, types, strict=True)]
    return SqlResult(fields=fields, records=records, records_truncated=truncated, tables=sorted(tables))


def single_select(sql: Any) -> str:
    """Return the text of the one SELECT statement in ``sql``, or raise QueryError."""
    if not isinstance(sql, str) or not sql.strip():
        raise QueryError("invalid_parameter", "sql must be a SELECT statement.",
                         "sql doit être une requête SELECT.", field="sql")
    if len(sql) > MAX_SQL_LENGTH:
        raise QueryError("invalid_parameter", f"sql is longer than {MAX_SQL_LENGTH:,} characters.",
                         f"sql dépasse {MAX_SQL_LENGTH:,} caractères.".replace(",", " "), field="sql")
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise _syntax_error(str(exc)) from None
    if len(statements) != 1:
        raise QueryError("multiple_statements", "Send exactly one SQL statement.",
                         "Envoyez exactement une instruction SQL.", field="sql")
    if statements[0].type != duckdb.StatementType.SELECT:
        raise QueryError("not_select", "Only SELECT statements are allowed.",
                         "Seules les requêtes SELECT sont permises.", field="sql")
    return statements[0].query


def referenced_tables(statement: str) -> set[str]:
    """Return the table names a SELECT reads, after checking its tables and functions are allowed."""
    tree = _parse(statement)
    ctes: set[str] = set()
    tables: set[str] = set()
    for node in _walk(tree):
        cte_map = node.get("cte_map")
        if isinstance(cte_map, dict):
            ctes.update(entry.get("key", "") for entry in cte_map.get("map", []))
    for node in _walk(tree):
        if "function_name" in node:
            name = str(node["function_name"])
            if not is_allowed(name, operator=bool(node.get("is_operator"))) or node.get("schema") or node.get("catalog"):
                raise QueryError("function_not_allowed", f'The function "{name[:60]}" is not allowed here.',
                                 f"La fonction « {name[:60]} » n'est pas permise ici.", field="sql")
        kind = node.get("type")
        if "query_location" in node and "sample" in node and kind not in TABLE_REFS:
            # A table reference of another kind: a table function, SHOW, DESCRIBE, SUMMARIZE…
            raise QueryError("table_not_allowed", "Read tables by resource id only (FROM \"resource id\").",
                             "Lisez les tableaux par identifiant de ressource seulement (FROM \"identifiant\").",
                             field="sql")
        if kind == "BASE_TABLE":
            if node.get("schema_name") or node.get("catalog_name"):
                raise QueryError("table_not_allowed", "Read tables by resource id only (FROM \"resource id\").",
                                 "Lisez les tableaux par identifiant de ressource seulement (FROM \"identifiant\").",
                                 field="sql")
            name = str(node.get("table_name", ""))
            if name not in ctes:
                tables.add(name)
    return tables


def json_value(value: Any) -> Any:
    """Return ``value`` (a DuckDB result cell) as JSON-ready data."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, decimal.Decimal):
        return float(value) if value.is_finite() else None
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, (list, tuple)):
        return [json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).hex()
    if isinstance(value, uuid.UUID):
        return str(value)
    return str(value)


_parser = threading.local()


def _parse(statement: str) -> dict[str, Any]:
    # A plain connection of its own that only ever parses: json_serialize_sql never runs the query.
    con = getattr(_parser, "con", None)
    if con is None:
        con = _parser.con = duckdb.connect(":memory:")
    try:
        text = con.execute("SELECT json_serialize_sql(?)", [statement]).fetchone()[0]
    except duckdb.Error as exc:
        raise _syntax_error(str(exc)) from None
    tree = json.loads(text)
    if tree.get("error"):
        raise _syntax_error(str(tree.get("error_message", "")))
    return tree


def _walk(node: Any) -> Iterator[dict[str, Any]]:
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            yield item
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _syntax_error(detail: str) -> QueryError:
    detail = scrub(detail)
    return QueryError("invalid_sql", f"The SQL cannot be read: {detail}", f"Le SQL est illisible : {detail}",
                      field="sql")


def _view_select(con: duckdb.DuckDBPyConnection, path: str) -> str:
    parts = [f"{ident(ROW_NUMBER)} + 1 AS {ident(ROW_ID)}"]
    parts += [f"{ident(c.source)} AS {ident(c.name)}" for c in table_columns(con, path)]
    return f"SELECT {', '.join(parts)} FROM {parquet_scan(path)}"


_TYPES = {"BIGINT": "int8", "INTEGER": "int4", "SMALLINT": "int2", "TINYINT": "int2", "HUGEINT": "numeric",
          "DOUBLE": "float8", "FLOAT": "float4", "BOOLEAN": "bool", "DATE": "date", "TIMESTAMP": "timestamp",
          "TIME": "time", "VARCHAR": "text", "INTERVAL": "interval"}


def _ckan_type(duckdb_type: str) -> str:
    if duckdb_type.startswith("DECIMAL"):
        return "numeric"
    if duckdb_type.startswith("TIMESTAMP WITH"):
        return "timestamptz"
    return _TYPES.get(duckdb_type, "json" if duckdb_type.endswith("[]") or duckdb_type.startswith(("STRUCT", "MAP"))
                      else "text")
