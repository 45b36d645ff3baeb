"""Validate a staged table against a Table Schema, counting problems the way frictionless 5.21 does.

One DuckDB pass counts every check with ``count(*) FILTER (WHERE …)`` and keeps the first
failing rows of each with ``min_by(…, n)``; it reads each cell's typed value once, from a
projection (or from the canonical Parquet when the pipeline has written it). Only duplicate
checks (unique, primary key) need a second query for their examples, a hash join, run when
they fired. Frictionless's rules, kept here on purpose:
fields map to columns by position; a missing cell (absent or a missing value) is checked only
for ``required``; a cell with a type error is not checked against constraints; each failing
constraint is its own constraint-error; unique-error and primary-key compare typed values
and do not count the first occurrence; a primary key whose cells are all missing is an error;
on a blank row (every field's cell missing) only the reader's blank-row is reported, apart from
primary-key, which frictionless still raises there.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from trousse.engine.tables.casts import constraint_value_sql, projection_sql
from trousse.engine.tables.report import CheckCount, ValidationReport
from trousse.engine.tables.schema import Field, TableSchema
from trousse.engine.tables.source import ROW_NUMBER, Problem, ProblemCount, StagedTable
from trousse.engine.tables.sql import connect, ident, literal, parquet_source

_COMPARISONS = {"minimum": ">=", "maximum": "<=", "exclusiveMinimum": ">", "exclusiveMaximum": "<"}


@dataclass
class _Check:
    """One counted check: where it fails, and how to describe it."""

    type: str
    where: str  # SQL condition true on a failing row, over the columns of projection_sql
    field: str | None = None
    column: int | None = None
    cell: str = "NULL"  # SQL expression for the cell text shown in examples
    constraint: str | None = None
    note: str = ""
    examples_sql: str | None = None  # a full SELECT (__row, c) when the condition alone cannot say


def validate_table(table: StagedTable, schema: TableSchema, *, max_examples: int = 5,
                   typed: Path | None = None) -> ValidationReport:
    """Validate ``table`` against ``schema``: the reader's problems plus label, type and constraint errors.

    ``typed``, when given, is the canonical Parquet already written from ``table`` with ``schema``
    (``write_canonical_parquet``): its typed values are read instead of casting every cell again.
    """
    report = ValidationReport(table.name, table.row_count, len(schema.fields), list(table.problems))
    report.problems += _label_problems(table, schema)
    projected = f"({projection_sql(table, schema, typed)}) AS proj"
    checks = _checks(table, schema, projected)
    if not checks:
        return report
    con = connect()
    try:
        # Row checks: one scan evaluates each condition once into a flag, keeps only rows with a
        # flag set (few, in a usable file), then counts them and keeps the row numbers of each
        # check's first failures (min_by … n, on integers; the cells are read afterwards by row
        # number). Duplicate checks (unique, primary key) are aggregates of their own query.
        rows = [k for k, c in enumerate(checks) if c.examples_sql is None]
        dups = [k for k, c in enumerate(checks) if c.examples_sql is not None]
        counts: list[int] = [0] * len(checks)
        found: list[list[int] | None] = [None] * len(checks)
        if rows:
            flags = ", ".join(f"({checks[k].where}) AS f{k}" for k in rows)
            aggs = [f"count_if(f{k})" for k in rows]
            if max_examples:
                aggs += [f"min_by({ROW_NUMBER}, {ROW_NUMBER}, {int(max_examples)}) FILTER (WHERE f{k})" for k in rows]
            got = con.execute(f"SELECT {', '.join(aggs)} FROM (SELECT {ROW_NUMBER}, {flags} FROM {projected}) "
                              f"WHERE {' OR '.join(f'f{k}' for k in rows)}").fetchall()[0]
            for n, k in enumerate(rows):
                counts[k] = got[n] or 0
                found[k] = got[len(rows) + n] if max_examples else None
        if dups:
            got = con.execute(f"SELECT {', '.join(checks[k].where for k in dups)} FROM {projected}").fetchall()[0]
            for n, k in enumerate(dups):
                counts[k] = got[n] or 0
        fired = [k for k, n in enumerate(counts) if n]
        examples: dict[int, list[tuple[int, str]]] = {}
        if max_examples:
            early = {k: found[k] or [] for k in fired if checks[k].examples_sql is None}
            examples.update(_cells(con, table, checks, early))
            late = [k for k in fired if checks[k].examples_sql is not None]
            if late:
                examples.update(_examples(con, [checks[k] for k in late], late, max_examples))
    finally:
        con.close()
    for k in fired:
        check = checks[k]
        report.problems.append(CheckCount(
            type=check.type, field=check.field, count=int(counts[k]), column=check.column, constraint=check.constraint,
            examples=[Problem(check.type, check.note, row, check.column, check.field, cell)
                      for row, cell in sorted(examples.get(k, []))],
        ))
    return report


def _count_sql(c: _Check) -> str:
    if c.type in ("unique-error", "primary-key"):
        return c.where  # already an aggregate
    return f"count(*) FILTER (WHERE {c.where})"


def _label_problems(table: StagedTable, schema: TableSchema) -> list[ProblemCount]:
    out: list[ProblemCount] = []
    labels, fields = table.labels, schema.fields
    for pos in range(1, max(len(labels), len(fields)) + 1):
        label = labels[pos - 1] if pos <= len(labels) else None
        f = fields[pos - 1] if pos <= len(fields) else None
        if f is None:
            kind, note, name = "extra-label", f'there is no field for the label "{label}"', None
        elif label is None:
            kind, note, name = "missing-label", f'there is no label for the field "{f.name}"', f.name
        elif label != f.name:
            kind, note, name = "incorrect-label", f'the label "{label}" is not the field name "{f.name}"', f.name
        else:
            continue
        out.append(CheckCount(kind, name, 1, column=pos, examples=[Problem(kind, note, None, pos, name, label)]))
    return out


def _checks(table: StagedTable, schema: TableSchema, projected: str) -> list[_Check]:
    n_cols = len(table.columns)
    checks: list[_Check] = []
    for i, f in enumerate(schema.fields):
        if i >= n_cols:
            # frictionless 5.21 reports a field without a column once, as missing-label, and
            # checks no cells for it (nor cells of a labelled column without a field).
            continue
        checks += _field_checks(f, i, projected)
    if schema.primary_key:
        checks.append(_primary_key_check(table, schema, projected))
    return checks


def _field_checks(f: Field, i: int, projected: str) -> list[_Check]:
    pos, cell, missing, typed = i + 1, f"c{i}", f"m{i}", f"v{i}"
    out = [_Check("type-error", f"NOT {missing} AND {typed} IS NULL", f.name, pos, cell,
                  note=f'type is "{f.type}/{f.format}"')]
    if f.required:
        out.append(_Check("constraint-error", f"{missing} AND NOT blank", f.name, pos, cell, "required",
                          'constraint "required" is "True"'))
    for name, value in f.constraints.items():
        fail = _constraint_fail(f, name, value, cell, typed)
        if fail is not None:
            out.append(_Check("constraint-error", f"{typed} IS NOT NULL AND {fail}", f.name, pos, cell, name,
                              f'constraint "{name}" is "{value}"'))
    if f.unique:
        # A missing value is never a duplicate; the first occurrence of a value is not an error.
        out.append(_Check(
            "unique-error", f"count({typed}) - count(DISTINCT {typed})", f.name, pos, cell, note="duplicate value",
            examples_sql=_repeats_sql(projected, typed, cell, f"{typed} IS NOT NULL"),
        ))
    return out


def _repeats_sql(projected: str, key: str, text: str, keep: str, *, also: str | None = None) -> str:
    """Return a SELECT (__row, c) of the rows whose ``key`` appeared on an earlier row (hash join, no sort)."""
    rows = (f"WITH p AS MATERIALIZED (SELECT {ROW_NUMBER}, {key} AS key, {text} AS c"
            f"{f', {also} AS also' if also else ''} FROM {projected} WHERE {keep}{f' OR {also}' if also else ''}), "
            f"d AS (SELECT key, min({ROW_NUMBER}) AS first FROM p{' WHERE NOT also' if also else ''} "
            f"GROUP BY key HAVING count(*) > 1) "
            f"SELECT p.{ROW_NUMBER}, p.c FROM p JOIN d ON p.key IS NOT DISTINCT FROM d.key WHERE p.{ROW_NUMBER} > d.first")
    if also:
        rows += f" UNION ALL SELECT {ROW_NUMBER}, c FROM p WHERE also"
    return rows


def _constraint_fail(f: Field, name: str, value: Any, cell: str, typed: str) -> str | None:
    """Return a SQL condition true when a typed, present cell breaks constraint ``name``."""
    if name in _COMPARISONS:
        return f"NOT ({typed} {_COMPARISONS[name]} {constraint_value_sql(f, value)})"
    if name in ("minLength", "maxLength") and f.type in ("string", "array", "object", "geojson"):
        size = f"json_array_length({cell})" if f.type == "array" else f"length({cell})"
        return f"{size} {'<' if name == 'minLength' else '>'} {int(value)}"
    if name == "pattern" and f.type == "string":
        return f"NOT regexp_full_match({cell}, {literal(str(value))})"
    if name == "enum" and isinstance(value, list):
        options = ", ".join(constraint_value_sql(f, v) for v in value) or "NULL"
        return f"{typed} NOT IN ({options})"
    return None  # required and unique are handled apart; others are not checked


def _primary_key_check(table: StagedTable, schema: TableSchema, projected: str) -> _Check:
    parts = []
    for name in schema.primary_key:
        f = schema.get_field(name)
        i = schema.fields.index(f) if f is not None else -1
        parts.append(f"v{i}" if f is not None and 0 <= i < len(table.columns) else "NULL")
    key = "struct_pack(" + ", ".join(f"k{n} := {p}" for n, p in enumerate(parts)) + ")"
    all_null = " AND ".join(f"({p}) IS NULL" for p in parts)
    text = " || ', ' || ".join(f"coalesce(CAST({p} AS VARCHAR), '')" for p in parts)
    count = (f"count(*) FILTER (WHERE {all_null}) + count(*) FILTER (WHERE NOT ({all_null})) "
             f"- count(DISTINCT {key}) FILTER (WHERE NOT ({all_null}))")
    return _Check("primary-key", count, None, None, note="duplicate or empty primary key",
                  examples_sql=_repeats_sql(projected, key, text, f"NOT ({all_null})", also=f"({all_null})"))


def _cells(con: Any, table: StagedTable, checks: list[_Check], rows: dict[int, list[int]]) -> dict[int, list[tuple[int, str]]]:
    """Return (row, cell text) of the given rows of each check, read from the staged table by row number."""
    wanted = sorted({r for found in rows.values() for r in found})
    positions = sorted({checks[k].column for k in rows if checks[k].column is not None})
    if not wanted:
        return {}
    names = [ident(table.columns[pos - 1]) for pos in positions]
    listed = ", ".join(str(int(r)) for r in wanted)
    found = con.execute(f"SELECT {ident(ROW_NUMBER)}{''.join(', ' + n for n in names)} "
                        f"FROM {parquet_source(table.parquet)} WHERE {ident(ROW_NUMBER)} IN ({listed})").fetchall()
    text = {(r[0], pos): r[1 + n] for r in found for n, pos in enumerate(positions)}
    return {k: [(r, text.get((r, checks[k].column))) for r in found_rows] for k, found_rows in rows.items()}


def _examples(con: Any, fired: list[_Check], keys: list[int], limit: int) -> dict[int, list[tuple[int, str]]]:
    """Fetch the first ``limit`` failing rows of checks that need their own query, in one UNION ALL."""
    parts = [f"(SELECT {k} AS k, {ROW_NUMBER} AS r, CAST(c AS VARCHAR) AS c FROM ({c.examples_sql}) "
             f"ORDER BY {ROW_NUMBER} LIMIT {int(limit)})" for k, c in zip(keys, fired, strict=True)]
    out: dict[int, list[tuple[int, str]]] = {}
    for k, row, cell in con.execute(" UNION ALL ".join(parts)).fetchall():
        out.setdefault(k, []).append((row, cell))
    return out
