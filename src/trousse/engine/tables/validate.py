"""Validate a staged table against a Table Schema, counting problems the way frictionless 5.21 does.

Two plain parallel scans count every check, one per file: the staged Parquet (cell text: missing
cells, required, blank rows) and the typed values (the canonical Parquet when the pipeline has
written it, else a projection casting the cells). A type error is a present cell without a typed
value, so per field it is (present cells, counted on the text) minus (typed values, counted on
the canonical file, or read from its footer's null counts): no row-by-row pairing of the two
files is needed for the counts. (A positional join pairing them ran on one thread and cost a
third of the stage, issue 3.) Examples
are fetched only for checks that fired, by file position (both files hold the same rows in the
same order), with ``ORDER BY … LIMIT``; their row numbers and cell text come from the staged rows.
Frictionless's rules, kept here on purpose:
fields map to columns by position; a missing cell (absent or a missing value) is checked only
for ``required``; a cell with a type error is not checked against constraints; each failing
constraint is its own constraint-error; unique-error and primary-key compare typed values
and do not count the first occurrence; a primary key whose cells are all missing is an error;
on a blank row (every field's cell missing) only the reader's blank-row is reported, apart from
primary-key, which frictionless still raises there.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from trousse.engine.tables.casts import constraint_value_sql, missing_sql, typed_sql
from trousse.engine.tables.excerpt import clip_text
from trousse.engine.tables.profile import TableProfile
from trousse.engine.tables.report import CheckCount, ValidationReport
from trousse.engine.tables.schema import Field, TableSchema
from trousse.engine.tables.source import ROW_NUMBER, Problem, ProblemCount, StagedTable
from trousse.engine.tables.sql import ident, literal, session, staged_source

AGGREGATES_PER_QUERY = 100  # see _validate: a wide table is counted in several queries
_COMPARISONS = {"minimum": ">=", "maximum": "<=", "exclusiveMinimum": ">", "exclusiveMaximum": "<"}


@dataclass
class _Check:
    """One counted check: its count on one side, the SELECT of its failing positions, how to describe it."""

    type: str
    side: str  # "staged" or "typed": which scan counts it; "repeats": its own statements (unique)
    count: str  # aggregate over that side's columns (c{i}, m{i}, blank; or v{i}); for repeats, a CREATE
    positions: str  # SELECT p (file position) [, c (cell text)] of failing rows, in any order
    field: str | None = None
    column: int | None = None
    constraint: str | None = None
    note: str = ""
    text_from_typed: bool = False  # positions also yield the example text (primary key)
    minus: str | None = None  # an aggregate over the typed values subtracted from ``count``; for repeats, the count
    table: str | None = None  # for repeats, the temporary table its statements create


def validate_table(table: StagedTable, schema: TableSchema, *, max_examples: int = 5,
                   typed: Path | None = None, profile: TableProfile | None = None, con: Any = None) -> ValidationReport:
    """Validate ``table`` against ``schema``: the reader's problems plus label, type and constraint errors.

    ``typed``, when given, is the canonical Parquet already written from ``table`` with ``schema``
    (``write_canonical_parquet``): its typed values are read instead of casting every cell again.
    ``profile``, when given, is ``profile_table`` of the same table and schema: its missing-cell
    counts (``null_count``) replace the scan of the cell text, which then only runs to count blank
    rows when a required field has missing cells. ``con``: the run's DuckDB connection (else one
    of its own).
    """
    report = ValidationReport(table.name, table.row_count, len(schema.fields), list(table.problems))
    report.problems += _label_problems(table, schema)
    with session(con) as db:
        _validate(db, report, table, schema, max_examples, typed, profile)
    return report


def _validate(con: Any, report: ValidationReport, table: StagedTable, schema: TableSchema, max_examples: int,
              typed: Path | None, profile: TableProfile | None) -> None:
    """Count the checks of ``schema`` on ``table`` and add those that fired, with examples, to ``report``."""
    cells = _cells(con, table)
    # Every check's SQL names the two row sources; as views they are named, not spelled out: a
    # 5,000-column table's sources run to hundreds of kilobytes, and pasted into each of its
    # thousands of checks they took 9 GiB of strings (issue 3, bad input). DuckDB inlines a view.
    views = _view_names()
    con.execute(f"CREATE OR REPLACE TEMP VIEW {views[0]} AS {_staged_source(table, schema, cells)[1:-1]}")
    con.execute(f"CREATE OR REPLACE TEMP VIEW {views[1]} AS {_typed_source(table, schema, typed, cells)[1:-1]}")
    staged, values = views
    checks = _checks(table, schema, staged, values)
    if not checks:
        _drop(con, "VIEW", views)
        return
    try:
        counts: list[int] = [0] * len(checks)
        blank: int | None = None
        if profile is not None:
            blank = _count_from_profile(con, checks, counts, profile, staged)
        # Typed values per field: the canonical file's footer counts them (its NULLs), no scan.
        typed_values = _footer_values(typed, [c.field for c in checks if c.minus is not None and c.field]) if typed else {}
        for side, source in (("staged", staged), ("typed", values)):
            aggs = [(k, c.count, 1) for k, c in enumerate(checks) if c.side == side and (profile is None or c.side != "staged")]
            if side == "typed":
                for k, c in enumerate(checks):
                    if c.minus is None or c.side == "repeats":
                        continue
                    if c.field in typed_values:
                        counts[k] -= typed_values[c.field]
                    else:
                        aggs.append((k, c.minus, -1))
            # A wide table's checks go AGGREGATES_PER_QUERY at a time: one query of thousands of
            # aggregates over thousands of columns took 9 GiB (DuckDB's plan, outside its memory limit)
            # on a 3 MB file of 5,000 columns (issue 3, bad input).
            for start in range(0, len(aggs), AGGREGATES_PER_QUERY):
                part = aggs[start:start + AGGREGATES_PER_QUERY]
                got = con.execute(f"SELECT {', '.join(agg for _, agg, _ in part)} FROM {source}").fetchall()[0]
                for (k, _, sign), value in zip(part, got, strict=True):
                    counts[k] += sign * int(value or 0)
        for k, check in enumerate(checks):
            if check.side == "repeats" and check.minus is not None:
                con.execute(check.count)
                counts[k] = int(con.execute(check.minus).fetchall()[0][0])
        fired = [k for k, n in enumerate(counts) if n]
        if blank == 0:
            # No blank row: the examples' queries need not test every field's cell for one.
            con.execute(f"CREATE OR REPLACE TEMP VIEW {staged} AS "
                        f"{_staged_source(table, schema, cells, blank=False)[1:-1]}")
            checks = _checks(table, schema, staged, values)
        examples = _examples(con, table, staged, checks, fired, max_examples) if max_examples and fired else {}
    finally:
        # The connection may be the run's, shared with the next table: leave none of this one's tables.
        _drop(con, "TABLE", [check.table for check in checks if check.table])
        _drop(con, "VIEW", views)
    for k in fired:
        check = checks[k]
        report.problems.append(CheckCount(
            type=check.type, field=check.field, count=counts[k], column=check.column, constraint=check.constraint,
            examples=[Problem(check.type, check.note, row, check.column, check.field, clip_text(cell))
                      for row, cell in sorted(examples.get(k, []), key=lambda rc: rc[0])],
        ))


_views = itertools.count(1)


def _view_names() -> tuple[str, str]:
    """Return names for one validation's two views (unique: tables may be validated on cursors at once)."""
    n = next(_views)
    return f"trousse_staged_{n}", f"trousse_values_{n}"


def _drop(con: Any, kind: str, names: Iterable[str]) -> None:
    """Drop the temporary ``kind`` (TABLE or VIEW) ``names`` (a failed query may have left the connection unusable)."""
    import duckdb

    for name in names:
        try:
            con.execute(f"DROP {kind} IF EXISTS {name}")
        except duckdb.Error:
            return


def _count_from_profile(con: Any, checks: list[_Check], counts: list[int], profile: TableProfile,
                        staged: str) -> int | None:
    """Fill the cell-text counts of ``checks`` from the profile: present = rows - missing, and
    required = missing - blank rows (a blank row's missing cells are the reader's blank-row).

    Return the number of blank rows when it was needed or is known without a scan, else None.
    """
    missing = {c.position: c.null_count for c in profile.columns}
    # A blank row has every field's cell missing: none can be when some column misses no cell.
    blank: int | None = 0 if any(n == 0 for n in missing.values()) else None
    for k, check in enumerate(checks):
        if check.side != "staged" or check.column is None:
            continue
        if check.type == "type-error":
            counts[k] = profile.row_count - missing[check.column]
        elif missing[check.column]:
            if blank is None:
                blank = int(con.execute(f"SELECT count(*) FROM {staged} WHERE blank").fetchall()[0][0])
            counts[k] = missing[check.column] - blank
    return blank


def _footer_values(path: Path, names: list[str]) -> dict[str, int]:
    """Return the non-NULL values of the named columns of a Parquet file, from its footer statistics."""
    import pyarrow.parquet as pq

    try:
        meta = pq.ParquetFile(path).metadata
    except (OSError, ValueError):
        return {}
    index = {meta.schema.column(j).name: j for j in range(meta.num_columns)}
    out = {}
    for name in names:
        j = index.get(name)
        if j is None:
            continue
        nulls = []
        for g in range(meta.num_row_groups):
            stats = meta.row_group(g).column(j).statistics
            nulls.append(stats.null_count if stats is not None and stats.has_null_count else None)
        if None not in nulls:
            out[name] = meta.num_rows - sum(n for n in nulls if n is not None)
    return out


def _cells(con: Any, table: StagedTable) -> str:
    """Return a FROM item of the staged cells with ``file_row_number`` (its position, from 0).

    The in-memory cells (``StagedTable.arrow``) have no file: their rows are numbered without a
    gap (the reader's ``__row`` counts every record it keeps, from the first), so the position
    is the row number minus the first one, the same as the canonical Parquet's file_row_number.
    """
    if table.arrow is None:
        return f"read_parquet({literal(str(table.parquet))}, file_row_number = true)"
    rows = table.arrow.column(ROW_NUMBER)
    first = rows[0].as_py() if len(rows) else 0
    return f"(SELECT *, {ident(ROW_NUMBER)} - {int(first)} AS file_row_number FROM {staged_source(con, table)})"


def _staged_source(table: StagedTable, schema: TableSchema, cells: str, *, blank: bool = True) -> str:
    """Return the staged rows as ``p`` (file position), ``__row``, ``c{i}``, ``m{i}`` and ``blank``.

    ``blank=False``: the table is known to have no blank row, and ``blank`` is FALSE.
    """
    parts = [f"file_row_number AS p, {ident(ROW_NUMBER)}"]
    missing = []
    for i, f in enumerate(schema.fields):
        if i >= len(table.columns):
            missing.append("TRUE")
            continue
        cell = ident(table.columns[i])
        missing.append(missing_sql(schema, f, cell))
        parts += [f"{cell} AS c{i}", f"{missing[-1]} AS m{i}"]
    parts.append(f"({' AND '.join(missing) if blank and missing else 'FALSE'}) AS blank")
    return f"(SELECT {', '.join(parts)} FROM {cells})"


def _typed_source(table: StagedTable, schema: TableSchema, typed: Path | None, cells: str) -> str:
    """Return each row's typed values as ``p`` (file position) and ``v{i}``: read from ``typed``, else cast."""
    parts = ["file_row_number AS p"]
    for i, f in enumerate(schema.fields):
        if i >= len(table.columns):
            continue
        if typed is not None:
            parts.append(f"{ident(f.name)} AS v{i}")
        else:
            cell = ident(table.columns[i])
            parts.append(f"CASE WHEN NOT {missing_sql(schema, f, cell)} THEN {typed_sql(f, cell)} END AS v{i}")
    source = f"read_parquet({literal(str(typed))}, file_row_number = true)" if typed is not None else cells
    return f"(SELECT {', '.join(parts)} FROM {source})"


def _examples(con: Any, table: StagedTable, staged: str, checks: list[_Check], fired: list[int],
              limit: int) -> dict[int, list[tuple[int, str | None]]]:
    """Return (row, cell text) of the first ``limit`` failures of each fired check.

    One query finds each check's first failing positions (``ORDER BY p LIMIT``: the files keep
    source order); a second reads those rows' numbers and cells from the staged file.
    """
    parts = [f"(SELECT {k} AS k, p, {'c' if checks[k].text_from_typed else 'NULL'}::VARCHAR AS c "
             f"FROM ({checks[k].positions}) ORDER BY p LIMIT {int(limit)})" for k in fired]
    found = con.execute(" UNION ALL ".join(parts)).fetchall()
    if not found:
        return {}
    columns = sorted({checks[k].column for k in fired if checks[k].column is not None})
    positions = sorted({int(p) for _, p, _ in found})
    if table.arrow is not None:
        # In memory, a row's position is its index: take the few rows, no scan.
        picked = table.arrow.select([ROW_NUMBER, *(table.columns[pos - 1] for pos in columns)]).take(positions)
        rows = dict(zip(positions, zip(*(c.to_pylist() for c in picked.columns), strict=True), strict=True))
    else:
        listed = ", ".join(str(p) for p in positions)
        cells = ", ".join(f"c{pos - 1}" for pos in columns)
        rows = {r[0]: r[1:] for r in con.execute(
            f"SELECT p, {ident(ROW_NUMBER)}{', ' + cells if cells else ''} FROM {staged} WHERE p IN ({listed})").fetchall()}
    out: dict[int, list[tuple[int, str | None]]] = {}
    for k, p, text in found:
        row, *values = rows[p]
        check = checks[k]
        cell = text if check.text_from_typed else values[columns.index(check.column)] if check.column else None
        out.setdefault(k, []).append((row, cell))
    return out


def _label_problems(table: StagedTable, schema: TableSchema) -> list[ProblemCount]:
    out: list[ProblemCount] = []
    labels, fields = table.labels, schema.fields
    for pos in range(1, max(len(labels), len(fields)) + 1):
        label = labels[pos - 1] if pos <= len(labels) else None
        f = fields[pos - 1] if pos <= len(fields) else None
        shown = clip_text(label)  # compared whole, quoted cut (excerpt.MAX_VALUE_CHARS)
        if f is None:
            kind, note, name = "extra-label", f'there is no field for the label "{shown}"', None
        elif label is None:
            kind, note, name = "missing-label", f'there is no label for the field "{clip_text(f.name)}"', f.name
        elif label != f.name:
            kind, note, name = "incorrect-label", f'the label "{shown}" is not the field name "{clip_text(f.name)}"', f.name
        else:
            continue
        out.append(CheckCount(kind, name, 1, column=pos, examples=[Problem(kind, note, None, pos, name, shown)]))
    return out


def _checks(table: StagedTable, schema: TableSchema, staged: str, values: str) -> list[_Check]:
    n_cols = len(table.columns)
    checks: list[_Check] = []
    for i, f in enumerate(schema.fields):
        if i >= n_cols:
            # frictionless 5.21 reports a field without a column once, as missing-label, and
            # checks no cells for it (nor cells of a labelled column without a field).
            continue
        checks += _field_checks(f, i, staged, values)
    if schema.primary_key:
        checks.append(_primary_key_check(table, schema, values))
    return checks


def _field_checks(f: Field, i: int, staged: str, values: str) -> list[_Check]:
    pos, missing, typed = i + 1, f"m{i}", f"v{i}"
    # Type errors: present cells minus typed values, each counted on its own file (see the module
    # docstring); the examples pair the two by position, for this field only.
    out = [_Check("type-error", "staged", f"count(*) FILTER (WHERE NOT {missing})",
                  f"SELECT p FROM {staged} WHERE NOT {missing} AND p IN (SELECT p FROM {values} WHERE {typed} IS NULL)",
                  f.name, pos, note=f'type is "{f.type}/{f.format}"', minus=f"count({typed})")]
    if f.required:
        where = f"{missing} AND NOT blank"
        out.append(_Check("constraint-error", "staged", f"count(*) FILTER (WHERE {where})",
                          f"SELECT p FROM {staged} WHERE {where}", f.name, pos, "required",
                          'constraint "required" is "True"'))
    for name, value in f.constraints.items():
        # A typed value of a text-like field is the cell itself, so text constraints read it too.
        fail = _constraint_fail(f, name, value, typed, typed)
        if fail is not None:
            where = f"{typed} IS NOT NULL AND {fail}"
            out.append(_Check("constraint-error", "typed", f"count(*) FILTER (WHERE {where})",
                              f"SELECT p FROM {values} WHERE {where}", f.name, pos, name,
                              f'constraint "{name}" is "{value}"'))
    if f.unique:
        # A missing value is never a duplicate; the first occurrence of a value is not an error.
        # One hash aggregation finds the repeated values, with their count of repeats and first
        # position: the count and the examples (a join on those few values) both come from it.
        repeated = f"repeated_{i}"
        out.append(_Check(
            "unique-error", "repeats", f"CREATE TEMP TABLE {repeated} AS SELECT v{i} AS key, min(p) AS first, "
            f"count(*) AS n FROM {values} WHERE v{i} IS NOT NULL GROUP BY v{i} HAVING count(*) > 1",
            f"SELECT t.p FROM {values} AS t JOIN {repeated} AS d ON t.v{i} = d.key WHERE t.p > d.first",
            f.name, pos, note="duplicate value", minus=f"SELECT coalesce(sum(n - 1), 0) FROM {repeated}",
            table=repeated))
    return out


def _repeats_sql(values: str, key: str, text: str, keep: str, *, also: str | None = None) -> str:
    """Return a SELECT (p, c) of the positions whose ``key`` appeared at an earlier one (hash join, no sort)."""
    rows = (f"WITH t AS MATERIALIZED (SELECT p, {key} AS key, {text} AS c"
            f"{f', {also} AS also' if also else ''} FROM {values} WHERE {keep}{f' OR {also}' if also else ''}), "
            f"d AS (SELECT key, min(p) AS first FROM t{' WHERE NOT also' if also else ''} "
            f"GROUP BY key HAVING count(*) > 1) "
            f"SELECT t.p, t.c FROM t JOIN d ON t.key IS NOT DISTINCT FROM d.key WHERE t.p > d.first")
    if also:
        rows += " UNION ALL SELECT p, c FROM t WHERE also"
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


def _primary_key_check(table: StagedTable, schema: TableSchema, values: str) -> _Check:
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
    return _Check("primary-key", "typed", count,
                  _repeats_sql(values, key, text, f"NOT ({all_null})", also=f"({all_null})"),
                  note="duplicate or empty primary key", text_from_typed=True)
