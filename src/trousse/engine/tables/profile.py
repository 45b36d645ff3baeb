"""Profile a staged table: per column counts, distinct values, ranges, quantiles, top values, histograms.

Two rounds of DuckDB scans whatever the number of columns: the first aggregates every column at once
(counts, approximate distinct counts, min/max/mean/quantiles of the typed values, text
lengths, candidate top values from a systematic sample of rows); the second counts distinct values exactly where that is cheap
(approximate count at most ``distinct_bound``), the exact frequency of the top candidates, and
the histograms, whose bins need the first scan's min and max.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from trousse.engine.tables.casts import missing_sql, projection_sql
from trousse.engine.tables.schema import TableSchema, infer_schema
from trousse.engine.tables.source import ROW_NUMBER, StagedTable
from trousse.engine.tables.sql import connect, ident, literal, parquet_source

TOP_SAMPLE_ROWS = 100_000  # rows approx_top_k looks at to pick the top-value candidates
NUMERIC = ("integer", "number", "year")
TEMPORAL = ("date", "datetime")


@dataclass
class ColumnProfile:
    """What one column holds."""

    name: str
    position: int  # 1-based
    type: str  # the schema's (inferred or given) type
    null_count: int = 0
    distinct_count: int = 0
    distinct_exact: bool = True
    min: Any = None
    max: Any = None
    mean: float | None = None
    quantiles: dict[str, Any] = field(default_factory=dict)  # "p25", "p50", "p75"
    top_values: list[dict[str, Any]] = field(default_factory=list)  # [{"value", "count"}]
    length: dict[str, float | int | None] = field(default_factory=dict)  # "min", "max", "mean"
    histogram: dict[str, Any] | None = None  # {"kind": "bins"|"month"|"year", "bins": [{"start","end"|"count"}]}


@dataclass
class TableProfile:
    """What a table holds, column by column."""

    table: str
    row_count: int
    columns: list[ColumnProfile]

    def to_dict(self) -> dict[str, Any]:
        """Return the profile as JSON-ready values (dates as ISO text)."""
        return _jsonable({"table": self.table, "row_count": self.row_count,
                          "columns": [asdict(c) for c in self.columns]})


def profile_table(table: StagedTable, schema: TableSchema | None = None, *, distinct_bound: int = 100_000,
                  top: int = 10, bins: int = 20, typed: Path | None = None) -> TableProfile:
    """Profile ``table``, reading its cells with ``schema`` (inferred when None).

    ``typed``, when given, is the canonical Parquet already written from ``table`` with ``schema``:
    typed values are read from it instead of casting every cell again.
    """
    schema = schema or infer_schema(table)
    pairs = [(i, f) for i, f in enumerate(schema.fields) if i < len(table.columns)]
    profiles = [ColumnProfile(f.name, i + 1, f.type) for i, f in pairs]
    if not pairs:
        return TableProfile(table.name, table.row_count, profiles)
    # Text statistics read the staged cells; typed ones (ranges, means, quantiles, histograms) the
    # typed values: from the canonical Parquet when given, else cast here. Two plain scans, each
    # on every core, instead of one positional join of both files, which DuckDB runs on one.
    raw = [f"CASE WHEN NOT {missing_sql(schema, f, ident(table.columns[i]))} THEN {ident(table.columns[i])} END AS x{i}"
           for i, f in pairs]
    text_src = (f"(SELECT {ident(ROW_NUMBER)}, {', '.join(raw)} FROM {parquet_source(table.parquet)})")
    typed_pairs = [(i, f) for i, f in pairs if _typed_kind(f.type)]
    if typed is not None:
        value_src = f"(SELECT {', '.join(f't.{ident(f.name)} AS v{i}' for i, f in typed_pairs) or '1'} FROM {parquet_source(typed)} AS t)"
    else:
        value_src = f"({projection_sql(table, schema)})"
    # Top-value candidates come from a systematic sample (their exact counts, from every row, in
    # the second scan): approx_top_k over every cell was the costliest aggregate of the profile.
    stride = -(-table.row_count // TOP_SAMPLE_ROWS)
    sampled = f" FILTER (WHERE {ident(ROW_NUMBER)} % {stride} = 0)" if stride > 1 else ""
    con = connect()
    try:
        first = _fetch(con, f"SELECT count(*) AS n, {', '.join(_text_aggs(i, f.type, top, sampled) for i, f in pairs)} "
                            f"FROM {text_src}")
        if typed_pairs:
            first.update(_fetch(con, f"SELECT {', '.join(_value_aggs(i, f.type) for i, f in typed_pairs)} FROM {value_src}"))
        text_aggs, value_aggs = [], []
        for i, f in pairs:
            if first[f"d{i}"] <= distinct_bound:
                text_aggs.append(f"count(DISTINCT x{i}) AS x{i}")
            candidates = first[f"top{i}"] or []
            if candidates:
                # One IN test per row and column, not one comparison per candidate.
                listed = ", ".join(literal(v) for v in candidates)
                text_aggs.append(f"histogram(CASE WHEN x{i} IN ({listed}) THEN x{i} END) AS t{i}")
            hist = _histogram_sql(f.type, f"v{i}", first[f"min{i}"], first[f"max{i}"], bins)
            if hist:
                value_aggs.append(f"{hist[1]} AS h{i}")
                first[f"hk{i}"] = hist[0]
        second = _fetch(con, f"SELECT {', '.join(text_aggs)} FROM {text_src}") if text_aggs else {}
        if value_aggs:
            second.update(_fetch(con, f"SELECT {', '.join(value_aggs)} FROM {value_src}"))
    finally:
        con.close()
    for (i, f), p in zip(pairs, profiles, strict=True):
        _fill(p, i, f.type, first, second, top, bins)
    return TableProfile(table.name, int(first["n"]), profiles)


def _fetch(con: Any, sql: str) -> dict[str, Any]:
    cur = con.execute(sql)
    return dict(zip([d[0] for d in cur.description], cur.fetchall()[0], strict=True))


def _typed_kind(kind: str) -> bool:
    """Tell whether a column's range and distribution come from its typed values (else its text)."""
    return kind in NUMERIC or kind in TEMPORAL or kind in ("time", "boolean")


def _text_aggs(i: int, kind: str, top: int, sampled: str = "") -> str:
    aggs = [f"count(x{i}) AS nn{i}", f"approx_count_distinct(x{i}) AS d{i}",
            f"approx_top_k(x{i}, {top}){sampled} AS top{i}",
            f"min(length(x{i})) AS lmin{i}", f"max(length(x{i})) AS lmax{i}", f"avg(length(x{i})) AS lavg{i}"]
    if not _typed_kind(kind):
        aggs += [f"min(x{i}) AS min{i}", f"max(x{i}) AS max{i}"]
    return ", ".join(aggs)


def _value_aggs(i: int, kind: str) -> str:
    value = f"v{i}"
    aggs = [f"min({value}) AS min{i}", f"max({value}) AS max{i}"]
    if kind in NUMERIC:
        aggs += [f"avg({value}) AS mean{i}", f"approx_quantile({value}, [0.25, 0.5, 0.75]) AS q{i}"]
    elif kind in TEMPORAL:
        aggs += [f"approx_quantile({value}, [0.25, 0.5, 0.75]) AS q{i}"]
    return ", ".join(aggs)


def _histogram_sql(kind: str, value: str, lo: Any, hi: Any, bins: int) -> tuple[str, str] | None:
    """Return (kind, aggregate) giving bin → count for numbers (equal width) and dates (per month/year)."""
    if lo is None or hi is None:
        return None
    if kind in NUMERIC and isinstance(lo, (int, float)) and math.isfinite(lo) and math.isfinite(hi):
        if lo == hi:
            return "bins", f"histogram(CASE WHEN {value} IS NOT NULL THEN 0 END)"
        width = (hi - lo) / bins
        return "bins", f"histogram(least(CAST(floor(({value} - {lo!r}) / {width!r}) AS INTEGER), {bins - 1}))"
    if kind in TEMPORAL:
        span_years = hi.year - lo.year
        unit = "month" if span_years < 10 else "year"
        return unit, f"histogram(CAST(date_trunc('{unit}', {value}) AS DATE))"
    return None


def _fill(p: ColumnProfile, i: int, kind: str, first: dict[str, Any], second: dict[str, Any], top: int, bins: int) -> None:
    n = int(first["n"])
    p.null_count = n - int(first[f"nn{i}"])
    exact = second.get(f"x{i}")
    p.distinct_exact = exact is not None
    p.distinct_count = int(exact if exact is not None else first[f"d{i}"])
    p.min, p.max, p.mean = first[f"min{i}"], first[f"max{i}"], first.get(f"mean{i}")
    q = first.get(f"q{i}")
    if q:
        p.quantiles = dict(zip(("p25", "p50", "p75"), q, strict=False))
    p.length = {"min": first[f"lmin{i}"], "max": first[f"lmax{i}"], "mean": first[f"lavg{i}"]}
    counted = second.get(f"t{i}") or {}
    candidates = [(v, int(counted.get(v, 0))) for v in first[f"top{i}"] or []]
    # A column of distinct values has no top values worth showing.
    if not (p.distinct_exact and p.distinct_count == n - p.null_count and n > top):
        p.top_values = [{"value": v, "count": c} for v, c in sorted(candidates, key=lambda vc: (-vc[1], vc[0]))][:top]
    hist = second.get(f"h{i}")
    if hist is not None:
        hk = first[f"hk{i}"]
        if hk == "bins":
            lo, hi = first[f"min{i}"], first[f"max{i}"]
            width = (hi - lo) / bins if hi != lo else 0
            count = bins if hi != lo else 1
            p.histogram = {"kind": "bins", "bins": [
                {"start": lo + b * width, "end": lo + (b + 1) * width if width else hi, "count": int(hist.get(b, 0))}
                for b in range(count)]}
        else:
            p.histogram = {"kind": hk, "bins": [{"start": k, "count": int(v)} for k, v in sorted(hist.items())]}


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if hasattr(value, "__float__") and not isinstance(value, (int, float, bool)):
        return float(value)
    return value
