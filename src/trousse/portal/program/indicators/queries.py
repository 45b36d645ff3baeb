"""Read the stored indicators: each one's history over a period and its latest value."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from trousse.portal.program.indicators.definitions import INDICATORS, Indicator
from trousse.portal.program.models_indicators import IndicatorSnapshot

MAX_DAYS = 3660  # ten years: the longest period a page or an export shows


@dataclass(frozen=True)
class Point:
    """One stored value."""

    day: date
    value: float
    numerator: int | None
    denominator: int | None


@dataclass(frozen=True)
class Series:
    """An indicator and its stored values, oldest first (empty for an untracked indicator)."""

    indicator: Indicator
    points: list[Point]

    @property
    def latest(self) -> Point | None:
        return self.points[-1] if self.points else None

    @property
    def first(self) -> Point | None:
        return self.points[0] if self.points else None


def history(start: date, end: date) -> list[Series]:
    """Return every indicator's values stored from ``start`` to ``end`` (inclusive), in definition order."""
    if (end - start).days > MAX_DAYS:
        start = end - timedelta(days=MAX_DAYS)
    rows: dict[str, list[Point]] = {}
    for row in IndicatorSnapshot.objects.filter(day__gte=start, day__lte=end).order_by("day"):
        rows.setdefault(row.code, []).append(Point(row.day, row.value, row.numerator, row.denominator))
    return [Series(indicator, rows.get(indicator.code, []) if indicator.tracked else []) for indicator in INDICATORS]


def monthly(series: Series) -> Series:
    """Keep the last value of each month (a year of daily rows charts as twelve points)."""
    last: dict[tuple[int, int], Point] = {}
    for point in series.points:
        last[(point.day.year, point.day.month)] = point
    return Series(series.indicator, list(last.values()))


def latest_values(series_list: list[Series]) -> dict[str, float]:
    """Return the latest stored value of each indicator that has one."""
    return {s.indicator.code: s.latest.value for s in series_list if s.latest is not None}


def first_snapshot_day() -> date | None:
    """Return the day of the oldest stored snapshot, if any."""
    row = IndicatorSnapshot.objects.order_by("day").values_list("day", flat=True).first()
    return row
