"""Infer a Table Schema from a staged table with a few vectorized DuckDB scans.

Types are decided on counts: a column is an integer when every non-blank cell reads as one,
and so on down an order of preference (boolean, integer, number, datetime, date, time,
geopoint, string). Dates try the formats municipal files use; a day/month pair is told apart
by values over 12, and when every value fits both, day first is recorded (the Canadian and
French convention) — the steward can pin the other. Integers with leading zeros ("007", postal
or cadastral codes) stay text so the zeros survive. Types are decided on a sample of rows spread
over the whole file for very large tables (as frictionless infers from its first rows; values outside
the sample that do not fit show up as type errors at validation); constraints are always counted on
every row.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from trousse.engine.tables.casts import GEOPOINT_RE, INT_RE, number_text_sql, typed_sql
from trousse.engine.tables.schema import Field, TableSchema
from trousse.engine.tables.source import ROW_NUMBER, StagedTable, sample_rows_sql
from trousse.engine.tables.source import SAMPLE_ROWS as READER_SAMPLE_ROWS
from trousse.engine.tables.sql import ident, literal, parquet_source, session, staged_source

TRUE_WORDS = ("true", "yes", "oui", "vrai", "t", "y", "o")
FALSE_WORDS = ("false", "no", "non", "faux", "f", "n")
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%d/%m/%Y", "%m/%d/%Y", "%d-%m-%Y", "%m-%d-%Y", "%d.%m.%Y")
DATETIME_FORMATS = (
    "default", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M",
    "%d/%m/%Y %H:%M:%S", "%m/%d/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%m/%d/%Y %H:%M",
)
TIME_FORMATS = ("default", "%H:%M")
KEY_NAME = re.compile(r"(^|_)(id|code|no|num|numero|identifiant|key|cle)$", re.IGNORECASE)
SAMPLE_ROWS = 200_000
SAMPLE_CELLS = 20_000_000  # rows x columns held in memory for type detection
PROBE_ROWS = 500
PROBE_MIN_ROWS = 20
PROBE_CELLS = 250_000  # cells of the probe: wide tables probe fewer rows (results are the same)
# A query reading many columns holds a vector of 2,048 cells of each per thread and operator
# (~330 MB at 10,000 columns): wide tables are read in slices of columns.
SLICE_COLUMNS = 2_000
# Tables wider than this count their statistics grouped by column (``_grouped``), and the
# survivors of the probe in queries of at most AGGS_PER_QUERY aggregates: DuckDB's planning
# time grows with the square of a query's aggregates.
WIDE_COLUMNS = 100
AGGS_PER_QUERY = 200
ENUM_MIN_REPEAT = 2  # each value seen on average at least this many times


def infer_table_schema(table: StagedTable, *, enum_max: int = 20, sample_rows: int = SAMPLE_ROWS,
                       constraints: bool = True, con: Any = None) -> TableSchema:
    """Infer a Table Schema from ``table`` (see the module docstring for the rules).

    ``constraints=False`` infers names and types only, skipping the two full scans that suggest
    required, unique and enum: enough to compare with a pinned schema. ``con``: the run's DuckDB
    connection (else one of its own).
    """
    with session(con) as db:
        return _infer(db, table, enum_max, sample_rows, constraints)


def _infer(con: Any, table: StagedTable, enum_max: int, sample_rows: int, constraints: bool) -> TableSchema:
    dialect = table.dialect
    decimal = dialect.decimal if dialect else "."
    thousands = dialect.thousands if dialect else ""
    src = staged_source(con, table)
    # A sample chosen by row number (about one row in k, spread over the whole file, blind to any
    # period of the data: ``sample_rows_sql``) is deterministic and costs one filtered scan; a
    # reservoir sample cost four times as much. Wide tables get fewer rows so
    # that the sample, held in memory, stays bounded.
    sample_rows = max(1_000, min(sample_rows, SAMPLE_CELLS // max(1, len(table.columns))))
    stride = -(-table.row_count // sample_rows)
    sample = f"{src} WHERE {sample_rows_sql(ident(ROW_NUMBER), stride)}" if stride > 1 else src
    if table.sample is not None and sample_rows <= READER_SAMPLE_ROWS:
        # The reader's sample, taken as the file streamed in, is as large: no scan to sample.
        sample = parquet_source(table.sample)
    cols = [(name, ident(name)) for name in table.columns]
    types = _type_counts(con, cols, sample, decimal, thousands) if cols else {}
    if not constraints:
        return TableSchema(fields=[_decide(i, name, types, decimal, thousands) for i, (name, _) in enumerate(cols)])
    wide = len(cols) > WIDE_COLUMNS
    if wide:
        stats = _row(con, f"SELECT count(*) AS n_rows FROM {src}")
        stats.update(_grouped(con, cols, range(len(cols)), _STAT_TEMPLATE, src))
    else:
        stats = _row(con, f"SELECT count(*) AS n_rows, "
                          f"{', '.join(a for i, (_, c) in enumerate(cols) for a in _stat_aggs(i, c))} FROM {src}")
    fields = [_decide(i, name, types, decimal, thousands) for i, (name, _) in enumerate(cols)]
    n_rows = stats["n_rows"]
    low = [i for i in range(len(cols)) if stats[f"d{i}"] <= max(enum_max * 2, 50)]
    near_unique = [i for i in range(len(cols)) if stats[f"d{i}"] >= 0.9 * stats[f"n{i}"] > 0]
    exact: dict[str, Any] = {}
    if wide:
        exact.update(_grouped(con, cols, near_unique, {"x": _EXACT_TEMPLATE["x"]}, src))
        exact.update(_grouped(con, cols, low, {"v": _EXACT_TEMPLATE["v"]}, src))
    elif low or near_unique:
        aggs = [f"count(DISTINCT {cols[i][1]}) AS x{i}" for i in near_unique]
        aggs += [f"list(DISTINCT {cols[i][1]} ORDER BY {cols[i][1]}) FILTER (WHERE {cols[i][1]} <> '') AS v{i}"
                 for i in low]
        exact = _row(con, f"SELECT {', '.join(aggs)} FROM {src}")
    for i, f in enumerate(fields):
        n = stats[f"n{i}"]
        if n and n == n_rows:
            f.constraints["required"] = True
        # Uniqueness is worth suggesting for keys, not for measures or dates that happen to differ.
        if f.type in ("integer", "string") and i in near_unique and exact.get(f"x{i}") == n and n >= 2:
            f.constraints["unique"] = True
        values = exact.get(f"v{i}")
        if f.type == "string" and values and len(values) <= enum_max and n >= ENUM_MIN_REPEAT * len(values) and len(values) < n:
            f.constraints["enum"] = values
    return TableSchema(fields=fields, primary_key=_primary_key(fields))


def _row(con: Any, sql: str) -> dict[str, Any]:
    cur = con.execute(sql)
    names = [d[0] for d in cur.description]
    return dict(zip(names, cur.fetchall()[0], strict=True))


def _present(c: str) -> str:
    return f"{c} IS NOT NULL AND {c} <> ''"


# Helper counts, each needed only when its candidate type survives: helper prefix -> candidate prefix.
_HELPERS = {"d01_": "b01_", "bv": "bw", "lz": "int", "grp": "num", "gpa": "gp", "gpA": "gp", "gpb": "gp", "gpB": "gp"}


def _type_counts(con: Any, cols: list[tuple[str, str]], sample: str, decimal: str, thousands: str) -> dict[str, Any]:
    """Count, per column, the sample cells each candidate type reads.

    A probe of the first rows runs every candidate as one grouped query over the probe's cells
    unpivoted (column number, cell): its plan holds each candidate once, whatever the number of
    columns. Planning one aggregate per candidate and column cost 0.5 s for 30 columns, and at
    10,000 columns the aggregates' states outgrew the memory limit (issue 3). A candidate that
    fails on the probe fails on the sample too; the survivors are then counted on the whole
    sample, in queries of at most ``AGGS_PER_QUERY`` aggregates, or taken from the probe when it
    already held the whole sample.
    """
    # Read from the source each time, not from a temporary table: DuckDB gives each column of a
    # table its own blocks, and a table of 10,000 columns ran out of memory with three rows (nor
    # from a view, whose 10,000 columns are bound again by every query).
    con.execute("SET parquet_metadata_cache = true")
    try:
        probe_rows = max(PROBE_MIN_ROWS, min(PROBE_ROWS, PROBE_CELLS // len(cols)))
        template = _candidate_aggs("", "v", decimal, thousands)  # keys without the column number
        probe = _grouped(con, cols, range(len(cols)), template, sample, limit=probe_rows)
        total = con.execute(f"SELECT count(*) FROM {sample}").fetchall()[0][0]
        whole = total <= probe_rows  # the probe read every row of the sample
        kept: list[str] = []
        out: dict[str, Any] = {}
        for i, (_, c) in enumerate(cols):
            aggs = _candidate_aggs(i, c, decimal, thousands)
            n = probe[f"n{i}"]
            dead = {key for key in aggs if not _is_helper(key, i) and key != f"n{i}" and probe[key] != n}
            for key, agg in aggs.items():
                helper_of = _is_helper(key, i)
                if key in dead:
                    out[key] = -1  # fails on the probe, so on the sample too: never equals n
                elif helper_of and f"{helper_of}{i}" in dead:
                    out[key] = None
                elif whole:
                    out[key] = probe[key]
                else:
                    kept.append(agg)
        # Narrow tables keep one scan of the sample; wide ones bound each query's aggregates.
        per_query = AGGS_PER_QUERY if len(cols) > WIDE_COLUMNS else max(1, len(kept))
        out.update(_row_chunked(con, kept, sample, per_query))
        return out
    finally:
        con.execute("RESET parquet_metadata_cache")


def _grouped(con: Any, cols: list[tuple[str, str]], part: Sequence[int], template: dict[str, str], source: str,
             *, limit: int | None = None) -> dict[str, Any]:
    """Run the aggregates ``template`` (over cells ``v``) for each column of ``part``, grouped by column.

    The cells are unpivoted to (column number, cell): the plan holds each aggregate once,
    whatever the number of columns, where one aggregate per column and candidate grows the
    planning time faster than the columns (DuckDB: 3.4 s for 800 filtered counts). Columns are
    read ``SLICE_COLUMNS`` at a time, to bound the vectors held in memory. The unpivot drops
    NULL cells, which none of the aggregates counts; a column with no cell left gets what an
    aggregate over no rows gives: 0 for counts, None for the others. Keys are the template's
    key followed by the column number; ``limit`` reads only the first rows of ``source``.
    """
    out: dict[str, Any] = {}
    part = list(part)
    head = f" LIMIT {int(limit)}" if limit is not None else ""
    for start in range(0, len(part), SLICE_COLUMNS):
        chunk = part[start:start + SLICE_COLUMNS]
        renamed = ", ".join(f"CAST({cols[i][1]} AS VARCHAR) AS {ident(str(i))}" for i in chunk)
        cells = f"(SELECT {renamed} FROM {source}{head})"
        cur = con.execute(f"SELECT CAST(k AS INTEGER) AS k, {', '.join(template.values())} "
                          f"FROM (UNPIVOT {cells} ON COLUMNS(*) INTO NAME k VALUE v) GROUP BY k")
        names = [d[0] for d in cur.description]
        found = {row[0]: row for row in cur.fetchall()}
        for i in chunk:
            row = found.get(i)
            for j, key in enumerate(names[1:], start=1):
                if row is not None:
                    out[f"{key}{i}"] = row[j]
                else:
                    out[f"{key}{i}"] = 0 if template[key].startswith(("count(", "approx_count_distinct(")) else None
    return out


def _row_chunked(con: Any, aggs: list[str], source: str, per_query: int) -> dict[str, Any]:
    """Run the aggregates ``aggs`` over ``source`` in queries of at most ``per_query``; merge the rows."""
    out: dict[str, Any] = {}
    for start in range(0, len(aggs), per_query):
        out.update(_row(con, f"SELECT {', '.join(aggs[start:start + per_query])} FROM {source}"))
    return out


# Grouped twins of ``_stat_aggs`` and of the exact counts, over unpivoted cells ``v`` (never NULL).
_STAT_TEMPLATE = {"n": "count(*) FILTER (WHERE v <> '') AS n",
                  "d": "approx_count_distinct(v) FILTER (WHERE v <> '') AS d"}
_EXACT_TEMPLATE = {"x": "count(DISTINCT v) AS x", "v": "list(DISTINCT v ORDER BY v) FILTER (WHERE v <> '') AS v"}


def _is_helper(key: str, i: int) -> str | None:
    """Return the candidate prefix ``key`` (of column ``i``) helps, or None when it is a candidate."""
    for helper, candidate in _HELPERS.items():
        if key == f"{helper}{i}":
            return candidate
    return None


def _candidate_aggs(i: int | str, c: str, decimal: str, thousands: str) -> dict[str, str]:
    """Return {key: aggregate} for every candidate type of column ``i`` and its helper counts."""
    p = _present(c)
    num = Field("_", "number", decimal_char=decimal, group_char=thousands)
    words = ", ".join(map(literal, TRUE_WORDS + FALSE_WORDS))
    # Every date, datetime and time format starts with a digit: skip the costly parse otherwise.
    digit = f"left({c}, 1) BETWEEN '0' AND '9'"
    gp_part = {n: f"TRY_CAST(regexp_extract({c}, {literal(GEOPOINT_RE)}, {n}) AS DOUBLE)" for n in (1, 2)}
    exprs = {
        f"n{i}": f"count(*) FILTER (WHERE {p})",
        f"bw{i}": f"count(*) FILTER (WHERE lower({c}) IN ({words}))",
        f"b01_{i}": f"count(*) FILTER (WHERE {c} IN ('0', '1'))",
        f"d01_{i}": f"count(DISTINCT {c}) FILTER (WHERE {c} IN ('0', '1'))",
        f"bv{i}": f"list(DISTINCT {c}) FILTER (WHERE lower({c}) IN ({words}))",
        f"int{i}": f"count(*) FILTER (WHERE regexp_matches({c}, {literal(INT_RE)}))",
        f"lz{i}": f"count(*) FILTER (WHERE regexp_matches({c}, '^\\s*[+-]?0[0-9]'))",
        f"num{i}": f"count(*) FILTER (WHERE {typed_sql(num, c)} IS NOT NULL)",
        f"numdot{i}": f"count(*) FILTER (WHERE {typed_sql(Field('_', 'number'), c)} IS NOT NULL)",
        f"gp{i}": f"count(*) FILTER (WHERE regexp_matches({c}, {literal(GEOPOINT_RE)}))",
        f"gpa{i}": f"min({gp_part[1]})", f"gpA{i}": f"max({gp_part[1]})",
        f"gpb{i}": f"min({gp_part[2]})", f"gpB{i}": f"max({gp_part[2]})",
    }
    if thousands:
        exprs[f"grp{i}"] = (f"count(*) FILTER (WHERE contains({number_text_sql(Field('_', 'number'), c)}, "
                            f"{literal(thousands)}))")
    for kind, formats in (("date", DATE_FORMATS), ("datetime", DATETIME_FORMATS), ("time", TIME_FORMATS)):
        for k, fmt in enumerate(formats):
            exprs[f"{kind}{k}_{i}"] = (f"count(*) FILTER (WHERE {digit} AND "
                                       f"{typed_sql(Field('_', kind, fmt), c)} IS NOT NULL)")
    return {key: f"{expr} AS {key}" for key, expr in exprs.items()}


def _stat_aggs(i: int, c: str) -> list[str]:
    return [f"count(*) FILTER (WHERE {_present(c)}) AS n{i}",
            f"approx_count_distinct({c}) FILTER (WHERE {_present(c)}) AS d{i}"]


def _decide(i: int, name: str, s: dict[str, Any], decimal: str, thousands: str) -> Field:
    """Pick the field type for column ``i`` from the sample counts."""
    n = s[f"n{i}"]
    if n == 0:
        return Field(name, "string")
    if s[f"bw{i}"] == n or (s[f"b01_{i}"] == n and s[f"d01_{i}"] == 2):
        found = s[f"bv{i}"] or []
        trues = tuple(sorted(v for v in found if v.lower() in TRUE_WORDS)) or ("1",)
        falses = tuple(sorted(v for v in found if v.lower() in FALSE_WORDS)) or ("0",)
        return Field(name, "boolean", true_values=trues, false_values=falses)
    if s[f"int{i}"] == n:
        return Field(name, "string") if s[f"lz{i}"] else Field(name, "integer")
    if s[f"numdot{i}"] == n and decimal == ".":
        return Field(name, "number")
    if s[f"num{i}"] == n:
        grouped = bool(thousands and s.get(f"grp{i}"))
        return Field(name, "number", decimal_char=decimal, group_char=thousands if grouped else "")
    for kind, formats in (("datetime", DATETIME_FORMATS), ("date", DATE_FORMATS), ("time", TIME_FORMATS)):
        for k, fmt in enumerate(formats):
            if s[f"{kind}{k}_{i}"] == n:
                return Field(name, kind, fmt)
    if s[f"gp{i}"] == n:
        first = max(abs(s[f"gpa{i}"]), abs(s[f"gpA{i}"]))
        second = max(abs(s[f"gpb{i}"]), abs(s[f"gpB{i}"]))
        # In Canada latitude is positive and longitude negative: "45.5, -73.6" is "lat, lon"
        # even though it would also read as a (wrong) "lon, lat".
        canadian_lat_lon = s[f"gpa{i}"] > 0 and s[f"gpB{i}"] < 0
        if first <= 180 and second <= 90 and not canadian_lat_lon:
            return Field(name, "geopoint")
        if first <= 90 and second <= 180:
            # "lat, lon" has no Table Schema format: keep text and say which order it is.
            return Field(name, "string", extras={"trousse:coordinates": "lat, lon"})
    return Field(name, "string")


def _primary_key(fields: list[Field]) -> list[str]:
    """Suggest a one-column primary key: unique and required, preferring id-like names."""
    candidates = [f for f in fields if f.required and f.unique and f.type in ("integer", "string")]
    if not candidates:
        return []
    named = [f for f in candidates if KEY_NAME.search(f.name)]
    return [(named or candidates)[0].name]
