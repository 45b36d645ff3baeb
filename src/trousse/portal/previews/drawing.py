"""Lay out a quick chart as SVG shapes: horizontal bars for categories, columns for numbers and dates."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from trousse.engine.query.charts import Chart, nice_width

WIDTH = 800
MAX_LABEL = 32  # characters of a category shown beside its bar (the full value is in the bar's title)


@dataclass(frozen=True)
class DrawnBar:
    """One bar's rectangle, its texts and whether it is the "other values" bar."""

    x: float
    y: float
    width: float
    height: float
    label: str  # the full label (the bar's title and the data table)
    short: str  # what is written beside the bar ("" for columns, labelled on the axis instead)
    count: int
    count_text: str
    other: bool = False
    text_x: float = 0
    text_y: float = 0


@dataclass(frozen=True)
class Tick:
    """One axis tick: where, and what it says."""

    x: float
    y: float
    text: str


@dataclass(frozen=True)
class Drawing:
    """Every shape of a chart, in an SVG of ``width`` × ``height`` user units."""

    horizontal: bool
    width: int
    height: int
    bars: list[DrawnBar] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)  # columns: count gridlines
    x_ticks: list[Tick] = field(default_factory=list)  # columns: labels under some bars
    plot_left: float = 0
    plot_right: float = 0
    plot_bottom: float = 0


def count(value: int) -> str:
    """Return a count written the page language's way (1,234 / 1 234)."""
    return number_format(value, decimal_pos=0, use_l10n=True, force_grouping=True)


def draw(chart: Chart) -> Drawing:
    """Return the shapes of ``chart`` (no bars for a chart without values)."""
    return _horizontal(chart) if chart.kind == "categories" else _columns(chart)


def _horizontal(chart: Chart) -> Drawing:
    rows = [(b.label, b.count, False) for b in chart.bars]
    if chart.other:
        rows.append((_("Other values (%(n)s)") % {"n": count(chart.distinct - len(chart.bars))}, chart.other, True))
    label_w, left, right, row_h, bar_h, top = 230, 240, 700, 30, 20, 10
    largest = max([n for _, n, _ in rows] + [1])
    bars = []
    for i, (label, n, other) in enumerate(rows):
        y = top + i * row_h
        width = (right - left) * n / largest
        short = label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"
        bars.append(DrawnBar(x=left, y=y, width=round(width, 1), height=bar_h, label=label, short=short,
                             count=n, count_text=count(n), other=other, text_x=left + width + 6,
                             text_y=y + bar_h * 0.72))
    return Drawing(horizontal=True, width=WIDTH, height=top * 2 + len(rows) * row_h, bars=bars,
                   plot_left=label_w + 4, plot_right=right)


def _columns(chart: Chart) -> Drawing:
    left, right, top, bottom, height = 72, WIDTH - 16, 16, 272, 320
    n = len(chart.bars)
    if n == 0:
        return Drawing(horizontal=False, width=WIDTH, height=height)
    step = nice_width(chart.largest, 4) if chart.largest > 4 else 1
    scale_top = max(step * math.ceil(chart.largest / step), 1)
    slot = (right - left) / n
    gap = 1 if slot > 3 else 0
    bars = []
    for i, bar in enumerate(chart.bars):
        h = (bottom - top) * bar.count / scale_top
        bars.append(DrawnBar(x=round(left + i * slot + gap / 2, 2), y=round(bottom - h, 2),
                             width=round(max(slot - gap, 0.5), 2), height=round(h, 2), label=bar.label, short="",
                             count=bar.count, count_text=count(bar.count)))
    y_ticks = [Tick(x=left - 6, y=bottom - (bottom - top) * k * step / scale_top, text=count(int(k * step)))
               for k in range(int(scale_top / step) + 1)]
    every = max(1, math.ceil(n / 6))  # at most six labels under the columns, so they never overlap
    x_ticks = [Tick(x=round(left + (i + 0.5) * slot, 2), y=bottom + 18, text=chart.bars[i].label)
               for i in range(0, n, every)]
    return Drawing(horizontal=False, width=WIDTH, height=height, bars=bars, y_ticks=y_ticks, x_ticks=x_ticks,
                   plot_left=left, plot_right=right, plot_bottom=bottom)
