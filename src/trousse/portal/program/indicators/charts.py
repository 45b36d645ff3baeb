"""Lay out an indicator's history as a chart: bars for counts, a line for percentages (server-drawn SVG)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.utils import formats

from trousse.portal.program.indicators.definitions import PERCENT
from trousse.portal.program.indicators.queries import Series

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 44


@dataclass(frozen=True)
class Tick:
    """An axis label at a position."""

    position: float
    label: str


@dataclass
class ChartLayout:
    """Everything the SVG template (and the PNG drawer) needs: sizes, marks and axis ticks."""

    kind: str  # "line" or "bar"
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    top: int = TOP
    plot_width: int = WIDTH - LEFT - RIGHT
    plot_height: int = HEIGHT - TOP - BOTTOM
    points: list[tuple[float, float]] = field(default_factory=list)  # (x, y) of each value
    bars: list[tuple[float, float, float, float]] = field(default_factory=list)  # (x, y, width, height)
    y_ticks: list[Tick] = field(default_factory=list)
    x_ticks: list[Tick] = field(default_factory=list)

    @property
    def polyline(self) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y in self.points)

    @property
    def baseline(self) -> float:
        return self.top + self.plot_height

    @property
    def right(self) -> float:
        return self.left + self.plot_width


def nice_max(value: float, ticks: int = 4) -> float:
    """Return a round axis maximum at or above ``value``: ``ticks`` steps of 1, 2 or 5 times a power of ten."""
    if value <= 0:
        return float(ticks)
    raw = value / ticks
    power = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    for step in (1, 2, 5, 10):
        if raw <= step * power:
            return float(step * power * ticks)
    return float(10 * power * ticks)


def tick_label(value: float, unit: str) -> str:
    """Return an axis label: whole numbers (100 %, 1 250)."""
    suffix = " %" if unit == PERCENT else ""
    return formats.number_format(round(value), use_l10n=True, force_grouping=True) + suffix


def format_value(value: float, unit: str) -> str:
    """Return a value as the page shows it: 87.5 %, 1 234 (localized)."""
    if unit == PERCENT:
        return f"{formats.number_format(value, decimal_pos=1, use_l10n=True)} %"
    return formats.number_format(round(value), use_l10n=True, force_grouping=True)


def layout(series: Series) -> ChartLayout | None:
    """Return the chart of ``series`` (None when there is nothing stored to draw)."""
    points = series.points
    if not points:
        return None
    percent = series.indicator.unit == PERCENT
    chart = ChartLayout(kind="line" if percent else "bar")
    top_value = 100.0 if percent else nice_max(max(p.value for p in points))
    n = len(points)
    slot = chart.plot_width / n
    for i, point in enumerate(points):
        height = chart.plot_height * max(point.value, 0) / top_value
        x_mid = chart.left + slot * (i + 0.5)
        chart.points.append((x_mid, chart.baseline - height))
        if not percent:
            bar = slot * 0.7
            chart.bars.append((x_mid - bar / 2, chart.baseline - height, bar, height))
    for k in range(5):
        value = top_value * k / 4
        chart.y_ticks.append(Tick(chart.baseline - chart.plot_height * k / 4, tick_label(value, series.indicator.unit)))
    every = max(1, math.ceil(n / 6))  # at most six date labels, evenly spaced, the last always shown
    for i, point in enumerate(points):
        if i % every == 0 or i == n - 1:
            if chart.x_ticks and i == n - 1 and i % every:
                chart.x_ticks.pop()  # keep the last label from overlapping the one before it
            chart.x_ticks.append(Tick(chart.left + slot * (i + 0.5), formats.date_format(point.day, "M Y")))
    return chart
