"""Validate a staged table against a Table Schema, counting problems the way frictionless 5.21 does.

One DuckDB pass counts every check with ``count(*) FILTER (WHERE …)``; a second, only for the
checks that fired, fetches the first examples. Frictionless's rules, kept here on purpose:
fields map to columns by position; a missing cell (absent or a missing value) is checked only
for ``required``; a cell with a type error is not checked against constraints; each failing
constraint is its own constraint-error; unique-error and primary-key compare typed values
and do not count the first occurrence; a primary key whose cells are all missing is an error;
on a blank row (every field's cell missing) only the reader's blank-row is reported, apart from
primary-key, which frictionless still raises there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from trousse.engine.tables.casts import constraint_value_sql, missing_sql, typed_sql
from trousse.engine.tables.report import CheckCount, ValidationReport
from trousse.engine.tables.schema import Field, TableSchema
from trousse.engine.tables.source import ROW_NUMBER, Problem, ProblemCount, StagedTable
from trousse.engine.tables.sql import connect, ident, literal, parquet_source

_COMPARISONS = {"minimum": ">=", "maximum": "<=", "exclusiveMinimum": ">", "exclusiveMaximum": "<"}


@dataclass
class _Check:
    """One counted check: where it fails, and how to describe it."""

    type: str
    where: str  # SQL condition true on a failing row
    field: str | None = None
    column: int | None = None
    cell: str = "NULL"  # SQL expression for the cell text shown in examples
    constraint: str | None = None
    note: str = ""
    examples_sql: str | None = None  # a full SELECT (row, cell) when the condition alone cannot say


def validate_table(table: StagedTable, schema: TableSchema, *, max_examples: int = 5) -> ValidationReport:
    """Validate ``table`` against ``schema``: the reader's problems plus label, type and constraint errors."""
    report = ValidationReport(table.name, table.row_count, len(schema.fields), list(table.problems))
    report.problems += _label_problems(table, schema)
    src = parquet_source(table.parquet)
    checks = _checks(table, schema, src)
    if not checks:
        return report
    con = connect()
    try:
        counts = con.execute(
            "SELECT " + ", ".join(_count_sql(c) for c in checks) + f" FROM {src}"
        ).fetchall()[0]
        fired = [(c, n) for c, n in zip(checks, counts) if n]
        examples = _examples(con, src, [c for c, _ in fired], max_examples) if max_examples and fired else {}
    finally:
        con.close()
    for k, (check, n) in enumerate(fired):
        report.problems.append(CheckCount(
            type=check.type, field=check.field, count=int(n), column=check.column, constraint=check.constraint,
            examples=[Problem(check.type, check.note, row, check.column, check.field, cell)
                      for row, cell in examples.get(k, [])],
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


def _checks(table: StagedTable, schema: TableSchema, src: str) -> list[_Check]:
    n_cols = len(table.columns)
    cells = {i: ident(table.columns[i]) for i in range(min(n_cols, len(schema.fields)))}
    missing = {i: missing_sql(schema, f, cells[i]) if i in cells else "TRUE" for i, f in enumerate(schema.fields)}
    blank = "(" + " AND ".join(missing.values()) + ")" if schema.fields else "FALSE"
    checks: list[_Check] = []
    for i, f in enumerate(schema.fields):
        pos = i + 1
        if i not in cells:
            # frictionless 5.21 reports a field without a column once, as missing-label, and
            # checks no cells for it (nor cells of a labelled column without a field).
            continue
        checks += _field_checks(f, pos, cells[i], missing[i], blank, src)
    if schema.primary_key:
        checks.append(_primary_key_check(table, schema, src))
    return checks


def _field_checks(f: Field, pos: int, cell: str, missing: str, blank: str, src: str) -> list[_Check]:
    typed = typed_sql(f, cell)
    present = f"NOT {missing} AND {typed} IS NOT NULL"
    out = [_Check("type-error", f"NOT {missing} AND {typed} IS NULL", f.name, pos, cell,
                  note=f'type is "{f.type}/{f.format}"')]
    if f.required:
        out.append(_Check("constraint-error", f"{missing} AND NOT {blank}", f.name, pos, cell, "required",
                          'constraint "required" is "True"'))
    for name, value in f.constraints.items():
        fail = _constraint_fail(f, name, value, cell, typed)
        if fail is not None:
            out.append(_Check("constraint-error", f"{present} AND {fail}", f.name, pos, cell, name,
                              f'constraint "{name}" is "{value}"'))
    if f.unique:
        typed = f"CASE WHEN NOT {missing} THEN {typed} END"  # a missing value is never a duplicate
        out.append(_Check(
            "unique-error", f"count({typed}) - count(DISTINCT {typed})", f.name, pos, cell, note="duplicate value",
            examples_sql=(f"SELECT {ROW_NUMBER}, c FROM (SELECT {ROW_NUMBER}, {cell} AS c, row_number() OVER "
                          f"(PARTITION BY {typed} ORDER BY {ROW_NUMBER}) AS k FROM {src} WHERE {typed} IS NOT NULL) "
                          f"WHERE k > 1"),
        ))
    return out


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


def _primary_key_check(table: StagedTable, schema: TableSchema, src: str) -> _Check:
    parts = []
    for name in schema.primary_key:
        f = schema.get_field(name)
        i = schema.fields.index(f) if f is not None else -1
        if f is None or not 0 <= i < len(table.columns):
            parts.append("NULL")
            continue
        cell = ident(table.columns[i])
        parts.append(f"CASE WHEN NOT {missing_sql(schema, f, cell)} THEN {typed_sql(f, cell)} END")
    key = "struct_pack(" + ", ".join(f"k{n} := {p}" for n, p in enumerate(parts)) + ")"
    all_null = " AND ".join(f"({p}) IS NULL" for p in parts)
    text = " || ', ' || ".join(f"coalesce(CAST({p} AS VARCHAR), '')" for p in parts)
    count = (f"count(*) FILTER (WHERE {all_null}) + count(*) FILTER (WHERE NOT ({all_null})) "
             f"- count(DISTINCT {key}) FILTER (WHERE NOT ({all_null}))")
    examples = (f"SELECT {ROW_NUMBER}, c FROM (SELECT {ROW_NUMBER}, {text} AS c, {all_null} AS nul, row_number() "
                f"OVER (PARTITION BY {key} ORDER BY {ROW_NUMBER}) AS k FROM {src}) WHERE nul OR k > 1")
    return _Check("primary-key", count, None, None, note="duplicate or empty primary key",
                  examples_sql=examples)


def _examples(con: Any, src: str, fired: list[_Check], limit: int) -> dict[int, list[tuple[int, str]]]:
    """Fetch the first ``limit`` failing rows of each fired check in one UNION ALL query."""
    parts = []
    for k, c in enumerate(fired):
        inner = c.examples_sql or f"SELECT {ROW_NUMBER}, {c.cell} AS c FROM {src} WHERE {c.where}"
        parts.append(f"(SELECT {k} AS k, {ROW_NUMBER} AS r, CAST(c AS VARCHAR) AS c FROM ({inner}) "
                     f"ORDER BY {ROW_NUMBER} LIMIT {int(limit)})")
    out: dict[int, list[tuple[int, str]]] = {}
    for k, row, cell in con.execute(" UNION ALL ".join(parts)).fetchall():
        out.setdefault(k, []).append((row, cell))
    for rows in out.values():
        rows.sort()
    return out
