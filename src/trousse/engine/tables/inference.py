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
from typing import Any

from trousse.engine.tables.casts import GEOPOINT_RE, INT_RE, number_text_sql, typed_sql
from trousse.engine.tables.schema import Field, TableSchema
from trousse.engine.tables.source import ROW_NUMBER, StagedTable, sample_rows_sql
from trousse.engine.tables.source import SAMPLE_ROWS as READER_SAMPLE_ROWS
from trousse.engine.tables.sql import connect, ident, literal, parquet_source

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
ENUM_MIN_REPEAT = 2  # each value seen on average at least this many times


def infer_table_schema(table: StagedTable, *, enum_max: int = 20, sample_rows: int = SAMPLE_ROWS,
                       constraints: bool = True) -> TableSchema:
    """Infer a Table Schema from ``table`` (see the module docstring for the rules).

    ``constraints=False`` infers names and types only, skipping the two full scans that suggest
    required, unique and enum: enough to compare with a pinned schema.
    """
    dialect = table.dialect
    decimal = dialect.decimal if dialect else "."
    thousands = dialect.thousands if dialect else ""
    src = parquet_source(table.parquet)
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
    con = connect()
    try:
        types = _type_counts(con, cols, sample, decimal, thousands) if cols else {}
        if not constraints:
            return TableSchema(fields=[_decide(i, name, types, decimal, thousands) for i, (name, _) in enumerate(cols)])
        stats = _row(con, f"SELECT count(*) AS n_rows, {', '.join(_stat_aggs(i, c) for i, (_, c) in enumerate(cols))} FROM {src}") if cols else {"n_rows": 0}
        fields = [_decide(i, name, types, decimal, thousands) for i, (name, _) in enumerate(cols)]
        n_rows = stats["n_rows"]
        low = [i for i in range(len(cols)) if stats[f"d{i}"] <= max(enum_max * 2, 50)]
        near_unique = [i for i in range(len(cols)) if stats[f"d{i}"] >= 0.9 * stats[f"n{i}"] > 0]
        exact: dict[str, Any] = {}
        if low or near_unique:
            aggs = [f"count(DISTINCT {cols[i][1]}) AS x{i}" for i in near_unique]
            aggs += [f"list(DISTINCT {cols[i][1]} ORDER BY {cols[i][1]}) FILTER (WHERE {cols[i][1]} <> '') AS v{i}"
                     for i in low]
            exact = _row(con, f"SELECT {', '.join(aggs)} FROM {src}")
    finally:
        con.close()
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
    """Count, per column, the sample cells each candidate type reads (pruned by a probe; see above)."""
    con.execute(f"CREATE TEMP TABLE infer_sample AS SELECT {', '.join(c for _, c in cols)} FROM {sample}")
    try:
        candidates = {i: _candidate_aggs(i, c, decimal, thousands) for i, (_, c) in enumerate(cols)}
        gated = _gated_temporal(con, cols)
        # Neither the ruled-out candidates nor their helper counts are planned.
        tried = [a for i, aggs in candidates.items() for k, a in aggs.items()
                 if k not in gated and f"{_is_helper(k, i)}{i}" not in gated]
        probe = _row(con, f"SELECT {', '.join(tried)} FROM (SELECT * FROM infer_sample LIMIT {PROBE_ROWS})")
        kept: list[str] = []
        out: dict[str, Any] = {}
        for i, aggs in candidates.items():
            n = probe[f"n{i}"]
            dead = {key for key in aggs if key in gated or (not _is_helper(key, i) and key != f"n{i}" and probe[key] != n)}
            for key, agg in aggs.items():
                helper_of = _is_helper(key, i)
                if key in dead:
                    out[key] = -1  # fails on the probe, so on the sample too: never equals n
                elif helper_of and f"{helper_of}{i}" in dead:
                    out[key] = None
                else:
                    kept.append(agg)
        out.update(_row(con, f"SELECT {', '.join(kept)} FROM infer_sample"))
        return out
    finally:
        con.execute("DROP TABLE IF EXISTS infer_sample")


def _gated_temporal(con: Any, cols: list[tuple[str, str]]) -> set[str]:
    """Return the date, datetime, time and geopoint candidates that a first, tiny probe rules out.

    Every date and time format starts with a digit and holds its separators literally ("-", "/",
    ".", ":"), and a geopoint holds a comma, so a column with a present probe cell that does not
    start with a digit, or lacks a separator, fails those candidates on the probe anyway. Planning
    the 17 parses per column of the full probe cost more than the probe itself (about 0.3
    CPU-seconds for 11 columns, issue 3); this one plans six cheap tests per column.
    """
    aggs = []
    for i, (_, c) in enumerate(cols):
        where = f" FILTER (WHERE {_present(c)})"
        aggs.append(f"bool_and(left({c}, 1) BETWEEN '0' AND '9'){where} AS g{i}_digit")
        aggs += [f"bool_and(contains({c}, {literal(ch)})){where} AS g{i}_{k}" for k, ch in enumerate(_SEPARATORS)]
    gates = _row(con, f"SELECT {', '.join(aggs)} FROM (SELECT * FROM infer_sample LIMIT {PROBE_ROWS})")
    out = set()
    for i in range(len(cols)):
        if gates[f"g{i}_{_SEPARATORS.index(',')}"] is False:
            out.add(f"gp{i}")  # a geopoint is "lon, lat"
        for kind, formats in (("date", DATE_FORMATS), ("datetime", DATETIME_FORMATS), ("time", TIME_FORMATS)):
            for k, fmt in enumerate(formats):
                needed = {":"} if fmt == "default" else {ch for ch in fmt if ch in _SEPARATORS}
                if gates[f"g{i}_digit"] is False or any(gates[f"g{i}_{_SEPARATORS.index(ch)}"] is False for ch in needed):
                    out.add(f"{kind}{k}_{i}")
    return out


_SEPARATORS = "-/.:,"


def _is_helper(key: str, i: int) -> str | None:
    """Return the candidate prefix ``key`` (of column ``i``) helps, or None when it is a candidate."""
    for helper, candidate in _HELPERS.items():
        if key == f"{helper}{i}":
            return candidate
    return None


def _type_aggs(i: int, c: str, decimal: str, thousands: str) -> str:
    """Return every candidate count for column ``i`` as one SELECT list (no probe)."""
    return ", ".join(_candidate_aggs(i, c, decimal, thousands).values())


def _candidate_aggs(i: int, c: str, decimal: str, thousands: str) -> dict[str, str]:
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


def _stat_aggs(i: int, c: str) -> str:
    return f"count(*) FILTER (WHERE {_present(c)}) AS n{i}, approx_count_distinct({c}) FILTER (WHERE {_present(c)}) AS d{i}"


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
