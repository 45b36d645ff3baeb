"""Chart layout: round axes, one mark per value, and the PNG drawn for the Word report."""

from __future__ import annotations

import datetime as dt
import io

from django.utils import translation
from PIL import Image

from trousse.portal.program.indicators import charts, png
from trousse.portal.program.indicators.definitions import BY_CODE
from trousse.portal.program.indicators.queries import Point, Series


def _series(code: str, values: list[float]) -> Series:
    return Series(BY_CODE[code], [Point(dt.date(2026, m, 28), v, None, None) for m, v in enumerate(values, start=1)])


def test_axis_maxima_are_four_round_steps() -> None:
    assert [charts.nice_max(v) for v in (0, 1, 3, 4, 5, 9, 13, 40, 120, 1234)] == [
        4, 4, 4, 4, 8, 20, 20, 40, 200, 2000]


def test_counts_are_bars_on_whole_number_ticks_and_shares_a_line() -> None:
    with translation.override("en"):
        bars = charts.layout(_series("published", [1, 2, 3]))
        line = charts.layout(_series("open_licence", [50.0, 75.0, 100.0]))
    assert bars is not None and bars.kind == "bar" and len(bars.bars) == 3
    assert [t.label for t in bars.y_ticks] == ["0", "1", "2", "3", "4"]
    assert bars.bars[2][3] == bars.plot_height * 3 / 4  # 3 on an axis of 4
    assert line is not None and line.kind == "line" and len(line.points) == 3 and not line.bars
    assert line.y_ticks[-1].label == "100 %" and line.points[2][1] == line.top  # 100 % at the top
    assert charts.layout(_series("published", [])) is None
    with translation.override("fr"):
        assert charts.format_value(87.5, "percent") == "87,5 %"


def test_the_png_is_the_charts_size_at_twice_the_scale() -> None:
    with translation.override("en"):
        chart = charts.layout(_series("downloads", [10, 40, 90]))
    assert chart is not None
    image = Image.open(io.BytesIO(png.chart_png(chart)))
    assert image.format == "PNG" and image.size == (chart.width * 2, chart.height * 2)
