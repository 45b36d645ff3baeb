"""Quick charts of one column of a canonical Parquet file, computed by DuckDB over every row.

A column's type decides the chart: counts of the most frequent values for text and booleans (the top
N plus "other"), a histogram with round bin edges for numbers, and counts per day, week, month or year
(chosen by the span of the dates) for dates and timestamps. Answers are cached in-process per file,
its size and modification time, the column and the options: canonical Parquet files never change
under their name (a new upload is a new version), so a cached answer stays true while the file does.
"""

from __future__ import annotations

import math
import os
import threading
from collections import OrderedDict
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

import duckdb

from trousse.engine.tables.sql import ident, literal

ChartKind = Literal["categories", "histogram", "timeseries"]
KINDS: tuple[str, ...] = ("categories", "histogram", "timeseries")
DEFAULT_TOP = 10
MAX_TOP = 50
DEFAULT_BINS = 20
MAX_BINS = 100
CACHE_SIZE = 256
MAX_PERIODS = 200  # bars of a time series, at most

_NUMERIC = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER",
            "UBIGINT", "UHUGEINT", "FLOAT", "DOUBLE", "REAL")
_TEMPORAL = ("DATE", "TIMESTAMP", "TIMESTAMP WITH TIME ZONE", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS")


class ChartError(ValueError):
    """The chart cannot be drawn as asked (unknown column, a kind the column's type cannot have)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its count, and for histograms and time series the range it covers."""

    label: str
    count: int
    start: Any = None  # histogram: lower edge (inclusive); time series: first day of the period
    end: Any = None  # histogram: upper edge (exclusive, inclusive for the last bin); time series: next period


@dataclass(frozen=True)
class Chart:
    """The counts behind one quick chart of ``column``."""

    column: str
    kind: ChartKind
    column_type: str  # DuckDB's type of the column
    rows: int  # rows in the file
    missing: int  # rows where the column is empty
    bars: list[Bar] = field(default_factory=list)
    other: int = 0  # categories: rows whose value is not among the top ones
    distinct: int = 0  # categories: distinct non-empty values
    unit: str = ""  # time series: day, week, month or year; histogram: the bin width as text
    years: int = 1  # time series per year: years in each period (centuries of dates are grouped)

    @property
    def counted(self) -> int:
        """Return the rows the chart counts (every non-empty value, "other" included)."""
        return self.rows - self.missing

    @property
    def largest(self) -> int:
        """Return the largest count among the bars and "other" (the scale of a drawing)."""
        return max([b.count for b in self.bars] + [self.other, 0])

    def to_dict(self) -> dict[str, Any]:
        """Return the chart as JSON-ready data (dates as ISO 8601 text)."""
        out = asdict(self)
        out["bars"] = [{k: _jsonable(v) for k, v in asdict(b).items()} for b in self.bars]
        return out


def _jsonable(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def column_types(path: Path) -> dict[str, str]:
    """Return each column of the Parquet file at ``path`` with its DuckDB type."""
    con = duckdb.connect()
    try:
        rows = con.execute(f"DESCRIBE SELECT * FROM read_parquet({literal(str(path))})").fetchall()
    finally:
        con.close()
    return {name: str(kind) for name, kind, *_ in rows}


def natural_kind(column_type: str) -> ChartKind:
    """Return the chart a column of DuckDB type ``column_type`` gets by default."""
    base = column_type.split("(")[0].upper()
    if base in _NUMERIC or base == "DECIMAL":
        return "histogram"
    if base in _TEMPORAL:
        return "timeseries"
    return "categories"


def allowed_kinds(column_type: str) -> tuple[str, ...]:
    """Return the charts a column of this type can have (any column can be counted by value)."""
    natural = natural_kind(column_type)
    return (natural,) if natural == "categories" else (natural, "categories")


_cache: OrderedDict[tuple[Any, ...], Chart] = OrderedDict()
_cache_lock = threading.Lock()


def clear_cache() -> None:
    """Forget every cached chart (tests)."""
    with _cache_lock:
        _cache.clear()


def column_chart(path: Path, column: str, *, kind: str | None = None, top: int = DEFAULT_TOP,
                 bins: int = DEFAULT_BINS) -> Chart:
    """Return the quick chart of ``column`` over every row of the Parquet file at ``path`` (cached)."""
    top = max(1, min(int(top), MAX_TOP))
    bins = max(1, min(int(bins), MAX_BINS))
    stat = os.stat(path)
    key = (str(path), stat.st_size, stat.st_mtime_ns, column, kind, top, bins)
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    chart = _compute(path, column, kind, top, bins)
    with _cache_lock:
        _cache[key] = chart
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return chart


def _compute(path: Path, column: str, kind: str | None, top: int, bins: int) -> Chart:
    types = column_types(path)
    if column not in types:
        raise ChartError("unknown-column", f"No column named {column!r}")
    column_type = types[column]
    chosen = kind or natural_kind(column_type)
    if chosen not in allowed_kinds(column_type):
        raise ChartError("bad-kind", f"A {chosen} chart cannot be drawn for a column of type {column_type}")
    source = f"read_parquet({literal(str(path))})"
    con = duckdb.connect()
    try:
        con.execute("SET TimeZone = 'UTC'")
        rows, missing = con.execute(
            f"SELECT count(*), count(*) - count({ident(column)}) FROM {source}").fetchone() or (0, 0)
        base = Chart(column=column, kind=chosen, column_type=column_type, rows=rows, missing=missing)  # type: ignore[arg-type]
        if chosen == "categories":
            return _categories(con, source, base, top)
        if chosen == "histogram":
            return _histogram(con, source, base, bins)
        return _timeseries(con, source, base)
    finally:
        con.close()


def _categories(con: duckdb.DuckDBPyConnection, source: str, base: Chart, top: int) -> Chart:
    col = ident(base.column)
    # One pass: counts per value, ranked; the tail is summed into "other" by the same query.
    counts = con.execute(f"""
        WITH counts AS (SELECT CAST({col} AS VARCHAR) AS value, count(*) AS n FROM {source}
                        WHERE {col} IS NOT NULL GROUP BY ALL),
             ranked AS (SELECT value, n, row_number() OVER (ORDER BY n DESC, value) AS rank FROM counts)
        SELECT value, n, rank FROM ranked WHERE rank <= {top}
        UNION ALL SELECT NULL, coalesce(sum(n), 0), count(*) FROM ranked WHERE rank > {top}
        ORDER BY rank""").fetchall()
    bars = [Bar(label=str(value), count=int(n)) for value, n, _ in counts if value is not None]
    other_n, other_distinct = next(((int(n), int(rank)) for value, n, rank in counts if value is None), (0, 0))
    return Chart(**{**_fields(base), "bars": bars, "other": other_n, "distinct": len(bars) + other_distinct})


def nice_width(span: float, bins: int) -> float:
    """Return a round bin width (1, 2 or 5 times a power of ten) giving at most about ``bins`` bins."""
    if span <= 0 or not math.isfinite(span):
        return 1.0
    raw = span / bins
    power = 10 ** math.floor(math.log10(raw))
    for step in (1, 2, 5, 10):
        if step * power >= raw:
            return float(step * power)
    return float(10 * power)


def _histogram(con: duckdb.DuckDBPyConnection, source: str, base: Chart, bins: int) -> Chart:
    col = f"CAST({ident(base.column)} AS DOUBLE)"
    finite = f"{col} IS NOT NULL AND isfinite({col})"
    low, high = con.execute(f"SELECT min({col}), max({col}) FROM {source} WHERE {finite}").fetchone() or (None, None)
    if low is None:
        return base
    integer = natural_kind(base.column_type) == "histogram" and not base.column_type.upper().startswith(
        ("FLOAT", "DOUBLE", "REAL", "DECIMAL"))
    width = nice_width(high - low, bins)
    if integer:
        width = max(1.0, math.ceil(width))
    start = math.floor(low / width) * width
    count = max(1, math.floor((high - start) / width) + 1)
    rows = con.execute(f"""
        SELECT least(CAST(floor(({col} - {start!r}) / {width!r}) AS BIGINT), {count - 1}) AS bin, count(*)
        FROM {source} WHERE {finite} GROUP BY ALL ORDER BY bin""").fetchall()
    found = dict(rows)
    bars = []
    for k in range(count):
        lo, hi = start + k * width, start + (k + 1) * width
        bars.append(Bar(label=_range_label(lo, hi, integer), count=int(found.get(k, 0)), start=_num(lo), end=_num(hi)))
    # Non-finite numbers (NaN, infinity) cannot sit on an axis: they are counted with the empty cells.
    drawn = sum(b.count for b in bars)
    return Chart(**{**_fields(base), "bars": bars, "missing": base.rows - drawn, "unit": _num_text(width)})


def _num(value: float) -> float | int:
    rounded = round(value, 10)
    return int(rounded) if rounded == int(rounded) else rounded


def _num_text(value: float) -> str:
    return f"{_num(value):g}" if abs(value) < 1e15 else f"{value:.6g}"


def _range_label(lo: float, hi: float, integer: bool) -> str:
    if integer and hi - lo == 1:
        return _num_text(lo)
    if integer:
        return f"{_num_text(lo)}–{_num_text(hi - 1)}"
    return f"{_num_text(lo)}–{_num_text(hi)}"


_UNITS = (("day", 92), ("week", 731), ("month", 366 * 25))  # the finest unit whose bars stay readable


def time_unit(first: date, last: date) -> str:
    """Return the period (day, week, month or year) for counts between ``first`` and ``last``."""
    span = (last - first).days
    for unit, limit in _UNITS:
        if span <= limit:
            return unit
    return "year"


def _timeseries(con: duckdb.DuckDBPyConnection, source: str, base: Chart) -> Chart:
    day = f"CAST({ident(base.column)} AS DATE)"
    first, last = con.execute(f"SELECT min({day}), max({day}) FROM {source}").fetchone() or (None, None)
    if first is None:
        return base
    unit = time_unit(first, last)
    # Centuries of yearly counts would not fit a chart: years are grouped by a round number of years.
    years = int(nice_width(last.year - first.year + 1, MAX_PERIODS)) if unit == "year" else 1
    period_sql = (f"make_date(CAST(floor(year({day}) / {years}) * {years} AS INTEGER), 1, 1)" if unit == "year"
                  else f"CAST(date_trunc({literal(unit)}, {day}) AS DATE)")
    rows = con.execute(f"""
        SELECT {period_sql} AS period, count(*) FROM {source}
        WHERE {day} IS NOT NULL GROUP BY ALL ORDER BY period""").fetchall()
    found = dict(rows)
    bars = []
    period = rows[0][0]
    end = rows[-1][0]
    while period <= end:  # every period between the first and the last, empty ones included
        following = _next_period(period, unit, years)
        bars.append(Bar(label=_period_label(period, unit, years), count=int(found.get(period, 0)), start=period,
                        end=following))
        period = following
    return Chart(**{**_fields(base), "bars": bars, "unit": unit, "years": years})


def _next_period(period: date, unit: str, years: int = 1) -> date:
    if unit == "day":
        return period + timedelta(days=1)
    if unit == "week":
        return period + timedelta(days=7)
    if unit == "month":
        return date(period.year + period.month // 12, period.month % 12 + 1, 1)
    return date(period.year + years, 1, 1) if period.year + years <= 9999 else date.max


def _period_label(period: date, unit: str, years: int = 1) -> str:
    if unit == "month":
        return period.strftime("%Y-%m")
    if unit == "year":
        return str(period.year) if years == 1 else f"{period.year}–{period.year + years - 1}"
    return period.isoformat()  # a day, or the Monday starting a week (ISO 8601)


def _fields(chart: Chart) -> dict[str, Any]:
    return {f: getattr(chart, f) for f in chart.__dataclass_fields__}
