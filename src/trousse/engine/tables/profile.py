"""Profile a staged table: per column counts, distinct values, ranges, quantiles, top values, histograms.

A fixed number of DuckDB scans whatever the number of columns (issue 3 counts every one):

1. a sample of rows (the reader's, else ``TOP_SAMPLE_ROWS`` of the staged file) gives each
   column's top-value candidates (``approx_top_k``) and the quartiles of typed columns;
2. one scan of the cell text: approximate distinct counts, the exact frequency of every
   candidate (so top values are exact counts), the range of text columns, and the counts and
   text lengths unless the reader gathered them as it went (``StagedTable.text_stats``);
3. one scan of the typed values: min/max/mean and the histograms, whose bins need
   the range first: it is read from the canonical Parquet's footer statistics (and checked
   against the scan's own min and max; a mismatch runs the histograms again);
4. the exact distinct counts of the columns whose approximate count is at most
   ``distinct_bound``, reading those columns only (not of those whose candidates hold every
   present cell: their number is the count).

Scans 1, 2 and 4 read the cell text only (``profile_text``): the pipeline runs them beside the
canonical write when the cells are in memory. There, Arrow counts the candidates and the range
of text columns in a thread beside DuckDB's scan 2 (``_arrow_text_stats``).
"""

from __future__ import annotations

import datetime as dt
import math
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from trousse.engine.tables.casts import duckdb_type, missing_sql, projection_sql, typed_sql
from trousse.engine.tables.excerpt import clip_text
from trousse.engine.tables.schema import TableSchema, infer_schema
from trousse.engine.tables.source import ROW_NUMBER, SAMPLE_ROWS, StagedTable, TextStats, sample_rows_sql
from trousse.engine.tables.sql import ident, literal, parquet_source, session, staged_source

# Columns per aggregate query: a wide table is profiled in slices (see _text_statistics). At 250 a
# slice, a 5,000-column file still ran out of DuckDB's memory; at 50 it completes (measured).
SLICE_COLUMNS = 50
TOP_SAMPLE_ROWS = SAMPLE_ROWS  # rows approx_top_k looks at to pick top-value candidates (counted on every row)
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
                  top: int = 10, bins: int = 20, typed: Path | None = None, con: Any = None,
                  text: TextStatistics | None = None) -> TableProfile:
    """Profile ``table``, reading its cells with ``schema`` (inferred when None).

    ``typed``, when given, is the canonical Parquet already written from ``table`` with ``schema``:
    typed values are read from it instead of casting every cell again. ``con``: the run's DuckDB
    connection (else one of its own). ``text``: ``profile_text`` of the same table, schema,
    ``distinct_bound`` and ``top``, when it was computed apart (the pipeline runs it beside the
    canonical write).
    """
    with session(con) as db:
        schema = schema or infer_schema(table, con=db)
        pairs = [(i, f) for i, f in enumerate(schema.fields) if i < len(table.columns)]
        profiles = [ColumnProfile(f.name, i + 1, f.type) for i, f in pairs]
        if not pairs:
            return TableProfile(table.name, table.row_count, profiles)
        if text is None:
            text = profile_text(table, schema, distinct_bound=distinct_bound, top=top, con=db)
        first, second = dict(text.first), text.second
        typed_pairs = [(i, f) for i, f in pairs if _typed_kind(f.type)]
        for k in range(0, len(typed_pairs), SLICE_COLUMNS):  # as the text statistics: slices of a wide table
            part = typed_pairs[k:k + SLICE_COLUMNS]
            if typed is not None:
                value_src = (f"(SELECT {', '.join(f't.{ident(f.name)} AS v{i}' for i, f in part)} "
                             f"FROM {parquet_source(typed)} AS t)")
            else:
                value_src = f"({projection_sql(table, schema, source=staged_source(db, table))})"
            first.update(_typed_stats(db, value_src, part, typed, bins))
    for (i, f), p in zip(pairs, profiles, strict=True):
        _fill(p, i, f.type, first, second, top, bins)
    return TableProfile(table.name, int(first["n"]), profiles)


@dataclass
class TextStatistics:
    """What the profile learns from the cell text alone (``profile_text``): ``first`` the sample's and
    the text scan's aggregates, ``second`` the exact distinct counts."""

    first: dict[str, Any]
    second: dict[str, Any]


def profile_text(table: StagedTable, schema: TableSchema, *, distinct_bound: int = 100_000, top: int = 10,
                 con: Any = None) -> TextStatistics:
    """Return the statistics of ``table``'s cell text that ``profile_table`` needs (no typed value).

    They need not wait for the canonical Parquet: the pipeline computes them beside its write.
    """
    with session(con) as db:
        return _text_statistics(db, table, schema, distinct_bound, top)


def _text_statistics(con: Any, table: StagedTable, schema: TableSchema, distinct_bound: int,
                     top: int) -> TextStatistics:
    pairs = [(i, f) for i, f in enumerate(schema.fields) if i < len(table.columns)]
    if not pairs:
        return TextStatistics({"n": table.row_count}, {})
    # A wide table's aggregates go SLICE_COLUMNS columns at a time: one query holding the states of
    # thousands of columns (distinct-count sketches, candidate histograms) ran DuckDB out of memory
    # on a 3 MB file of 5,000 columns (issue 3, bad input). Each slice's results are keyed by column,
    # so the slices' answers merge into the one a single query gives.
    first: dict[str, Any] = {}
    second: dict[str, Any] = {}
    for k in range(0, len(pairs), SLICE_COLUMNS):
        part = _text_statistics_of(con, table, schema, pairs[k:k + SLICE_COLUMNS], distinct_bound, top)
        first.update(part.first)
        second.update(part.second)
    return TextStatistics(first, second)


def _text_statistics_of(con: Any, table: StagedTable, schema: TableSchema, pairs: list[tuple[int, Any]],
                        distinct_bound: int, top: int) -> TextStatistics:
    # Text statistics read the staged cells; typed ones (ranges, means, quantiles, histograms) the
    # typed values: from the canonical Parquet when given, else cast here. Plain scans, each on
    # every core, instead of one positional join of both files, which DuckDB runs on one.
    raw = [f"{_present_text(schema, f, ident(table.columns[i]))} AS x{i}" for i, f in pairs]
    cells = staged_source(con, table)
    text_src = f"(SELECT {ident(ROW_NUMBER)}, {', '.join(raw)} FROM {cells})"
    sampled = _sample_stats(con, table, schema, pairs, top, cells)
    known = _reader_stats(table, schema, pairs)
    # In-memory cells whose only missing value is the empty cell (NULL): Arrow counts their
    # candidates and the range of text columns in a thread, beside DuckDB's scan (issue 3).
    in_arrow = set(known) if table.arrow is not None else set()
    text_aggs = [_text_aggs(i, f.type, sampled[f"top{i}"], measured=i in known, counted=i in in_arrow)
                 for i, f in pairs]
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="trousse-profile") as pool:
        beside = pool.submit(_arrow_text_stats, table.arrow, [
            (i, sampled[f"top{i}"], not _typed_kind(f.type)) for i, f in pairs if i in in_arrow])
        first = _fetch(con, f"SELECT {', '.join(['count(*) AS n', *text_aggs])} FROM {text_src}")
        first.update(beside.result())
    first.update(sampled)
    first.update(_known_values(known))
    # Where the top-value candidates hold every present cell, their number is the exact distinct
    # count (and under any bound): no count(DISTINCT) of that column (issue 3).
    second = {f"x{i}": len(first[f"t{i}"]) for i, _ in pairs if _candidates_cover(first, i)}
    exact = [f"count(DISTINCT x{i}) AS x{i}" for i, _ in pairs
             if first[f"d{i}"] <= distinct_bound and f"x{i}" not in second]
    if exact:
        second.update(_fetch(con, f"SELECT {', '.join(exact)} FROM {text_src}"))
    return TextStatistics(first, second)


def _candidates_cover(first: dict[str, Any], i: int) -> bool:
    """Tell whether column ``i``'s counted candidates (``t{i}``) add up to its present cells (``nn{i}``)."""
    counted = first.get(f"t{i}")
    return bool(counted) and sum(counted.values()) == first[f"nn{i}"]


def _present_text(schema: TableSchema, f: Any, cell: str) -> str:
    """Return SQL giving ``cell`` when present, NULL when missing (the same as NOT missing_sql)."""
    values = schema.field_missing_values(f)
    if not values:
        return cell
    if len(values) == 1:
        return f"nullif({cell}, {literal(values[0])})"
    return f"CASE WHEN NOT {missing_sql(schema, f, cell)} THEN {cell} END"


def _reader_stats(table: StagedTable, schema: TableSchema, pairs: list[tuple[int, Any]]) -> dict[int, TextStats]:
    """Return the reader's cell statistics of the columns where they are the profile's own.

    They count the non-NULL staged cells: the present cells too when a field's only missing
    value is the empty cell (staged as NULL), not when it has others ("NA", "-").
    """
    if table.text_stats is None or len(table.text_stats) != len(table.columns):
        return {}
    return {i: table.text_stats[i] for i, f in pairs if set(schema.field_missing_values(f)) <= {""}}


def _known_values(known: dict[int, TextStats]) -> dict[str, Any]:
    """Return the text aggregates ``_text_aggs`` leaves out, from the reader's statistics."""
    return {key: value for i, stats in known.items() for key, value in (
        (f"nn{i}", stats.count), (f"lmin{i}", stats.length_min), (f"lmax{i}", stats.length_max),
        (f"lavg{i}", stats.length_sum / stats.count if stats.count else None))}


def _sample_stats(con: Any, table: StagedTable, schema: TableSchema, pairs: list[tuple[int, Any]],
                  top: int, cells: str) -> dict[str, Any]:
    """Return each column's top-value candidates (``top{i}``) and typed quartiles (``q{i}``) from a sample.

    The sample is the reader's, taken as the file streamed in, when it has one; else the same
    choice of rows from the staged file, a scan that reads every cell only to keep a few (0.2 to
    0.4 CPU-seconds a million rows). The candidates' exact counts come from every row, in the
    text scan. The quartiles are the sample's (``quantile_disc``: values of the column): as
    close as the t-digest of every value was (about 1 % of rank at 20,000 rows), and
    deterministic; the t-digest cost about 0.1 CPU-second per numeric column and million rows.
    """
    if table.sample is not None:
        source, where = parquet_source(table.sample), ""
    else:
        stride = -(-table.row_count // TOP_SAMPLE_ROWS)
        source = cells
        where = f" WHERE {sample_rows_sql(ident(ROW_NUMBER), stride)}" if stride > 1 else ""
    cells = []
    aggs = []
    for i, f in pairs:
        cell = ident(table.columns[i])
        cells.append(f"{_present_text(schema, f, cell)} AS x{i}")
        aggs.append(f"approx_top_k(x{i}, {top}) AS top{i}")
        if f.type in NUMERIC or f.type in TEMPORAL:
            cells.append(f"CAST(CASE WHEN NOT {missing_sql(schema, f, cell)} THEN {typed_sql(f, cell)} END "
                         f"AS {duckdb_type(f)}) AS v{i}")
            aggs.append(f"quantile_disc(v{i}, [0.25, 0.5, 0.75]) AS q{i}")
    got = _fetch(con, f"SELECT {', '.join(aggs)} FROM (SELECT {', '.join(cells)} FROM {source}{where})")
    for i, _ in pairs:
        got[f"top{i}"] = [v for v in got[f"top{i}"] or [] if v is not None]
    return got


def _typed_stats(con: Any, value_src: str, typed_pairs: list[tuple[int, Any]], typed: Path | None,
                 bins: int) -> dict[str, Any]:
    """Return min, max, mean and histograms (``h{i}``, kind ``hk{i}``) of the typed values.

    One scan when the canonical Parquet's footer gives every range the histograms need (checked
    against the scan's own min and max); otherwise, or on a mismatch, a second scan for them.
    """
    ranges = _footer_ranges(typed, [(i, f.name) for i, f in typed_pairs]) if typed is not None else {}
    hists: dict[int, tuple[str, str]] = {}
    for i, f in typed_pairs:
        if i in ranges:
            hist = _histogram_sql(f.type, f"v{i}", *ranges[i], bins)
            if hist:
                hists[i] = hist
    aggs = [_value_aggs(i, f.type) for i, f in typed_pairs] + [f"{h[1]} AS h{i}" for i, h in hists.items()]
    out = _fetch(con, f"SELECT {', '.join(aggs)} FROM {value_src}")
    for i, hist in hists.items():
        out[f"hk{i}"] = hist[0]
    # The footer's range must be the scan's: else (NaN, a writer without statistics) bin again.
    redo = []
    for i, f in typed_pairs:
        if i in hists and ranges[i] != (out[f"min{i}"], out[f"max{i}"]):
            del out[f"h{i}"], out[f"hk{i}"]
        if f"h{i}" not in out:
            hist = _histogram_sql(f.type, f"v{i}", out[f"min{i}"], out[f"max{i}"], bins)
            if hist:
                redo.append(f"{hist[1]} AS h{i}")
                out[f"hk{i}"] = hist[0]
    if redo:
        out.update(_fetch(con, f"SELECT {', '.join(redo)} FROM {value_src}"))
    return out


def _footer_ranges(path: Path, columns: list[tuple[int, str]]) -> dict[int, tuple[Any, Any]]:
    """Return (min, max) of the named columns from a Parquet file's statistics, where every row group has them."""
    import pyarrow.parquet as pq

    try:
        meta = pq.ParquetFile(path).metadata
    except (OSError, ValueError):
        return {}
    index = {meta.schema.column(j).name: j for j in range(meta.num_columns)}
    out: dict[int, tuple[Any, Any]] = {}
    for i, name in columns:
        j = index.get(name)
        if j is None:
            continue
        lows, highs, ok = [], [], True
        for g in range(meta.num_row_groups):
            column = meta.row_group(g).column(j)
            stats = column.statistics
            if stats is None or not stats.has_null_count:
                ok = False
                break
            if stats.null_count == column.num_values:
                continue  # every value NULL: no range in this group
            if not stats.has_min_max:
                ok = False
                break
            lows.append(stats.min)
            highs.append(stats.max)
        if ok and lows:
            out[i] = (min(lows), max(highs))
    return out


def _fetch(con: Any, sql: str) -> dict[str, Any]:
    cur = con.execute(sql)
    return dict(zip([d[0] for d in cur.description], cur.fetchall()[0], strict=True))


def _typed_kind(kind: str) -> bool:
    """Tell whether a column's range and distribution come from its typed values (else its text)."""
    return kind in NUMERIC or kind in TEMPORAL or kind in ("time", "boolean")


def _text_aggs(i: int, kind: str, candidates: list[str] | None = None, *, measured: bool = False,
               counted: bool = False) -> str:
    """Return the text scan's aggregates of column ``i``; ``measured``: leave out what the reader
    counted; ``counted``: leave out what ``_arrow_text_stats`` counts (candidates, range)."""
    aggs = [f"approx_count_distinct(x{i}) AS d{i}"]
    if not measured:
        aggs += [f"count(x{i}) AS nn{i}", f"min(length(x{i})) AS lmin{i}", f"max(length(x{i})) AS lmax{i}",
                 f"avg(length(x{i})) AS lavg{i}"]
    if counted:
        return ", ".join(aggs)
    if not _typed_kind(kind):
        aggs += [f"min(x{i}) AS min{i}", f"max(x{i}) AS max{i}"]
    if candidates:
        # One IN test per row and column, not one comparison per candidate.
        listed = ", ".join(literal(v) for v in candidates)
        aggs.append(f"histogram(CASE WHEN x{i} IN ({listed}) THEN x{i} END) AS t{i}")
    return ", ".join(aggs)


def _arrow_text_stats(cells: Any, jobs: list[tuple[int, list[str], bool]]) -> dict[str, Any]:
    """Return, per job (column ``i``, its candidates, whether it needs its range), what the text
    scan would: ``t{i}`` each candidate's count (those found), ``min{i}``/``max{i}`` the range.

    Only for columns whose missing cells are NULL, so that their present cells are the non-NULL
    ones. Arrow compares strings byte by byte, as DuckDB does; its kernels leave the GIL free,
    so this runs on the other core while DuckDB scans (0.6 CPU-second of ``histogram`` in DuckDB
    against 0.2 here for the benchmark's eleven columns).
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    out: dict[str, Any] = {}
    for i, candidates, ranged in jobs:
        column = cells.column(i)
        counts: dict[str, int] = {}
        if candidates:
            found = pc.value_counts(pc.index_in(column, value_set=pa.array(candidates, pa.string())))
            for index, count in zip(found.field("values").to_pylist(), found.field("counts").to_pylist(), strict=True):
                if index is not None:
                    counts[candidates[index]] = count
        out[f"t{i}"] = counts or None
        if ranged:
            low, high = pc.min_max(column).values()
            out[f"min{i}"], out[f"max{i}"] = low.as_py(), high.as_py()
    return out


def _value_aggs(i: int, kind: str) -> str:
    value = f"v{i}"
    aggs = [f"min({value}) AS min{i}", f"max({value}) AS max{i}"]
    if kind == "number":
        # Compensated (Kahan-Babuska) summation: the mean of doubles no longer hangs on the order
        # in which threads add up their parts (the last digit moved from run to run with avg).
        aggs.append(f"favg({value}) AS mean{i}")
    elif kind in NUMERIC:
        aggs.append(f"avg({value}) AS mean{i}")  # integers: an exact sum; the quartiles come from the sample
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
    p.min, p.max, p.mean = clip_text(first[f"min{i}"]), clip_text(first[f"max{i}"]), first.get(f"mean{i}")
    q = first.get(f"q{i}")
    if q:
        p.quantiles = dict(zip(("p25", "p50", "p75"), q, strict=False))
    p.length = {"min": first[f"lmin{i}"], "max": first[f"lmax{i}"], "mean": first[f"lavg{i}"]}
    counted = first.get(f"t{i}") or {}
    candidates = [(v, int(counted.get(v, 0))) for v in first[f"top{i}"] or []]
    # A column of distinct values has no top values worth showing.
    if not (p.distinct_exact and p.distinct_count == n - p.null_count and n > top):
        ranked = sorted(candidates, key=lambda vc: (-vc[1], vc[0]))[:top]
        p.top_values = [{"value": clip_text(v), "count": c} for v, c in ranked]
    hist = first.get(f"h{i}")
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
