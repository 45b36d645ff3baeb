"""Draw a chart layout as a PNG with Pillow, for the Word report (Word does not show inline SVG reliably)."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont

from trousse.portal.program.indicators.charts import ChartLayout

SCALE = 2  # draw at twice the size, so the image stays sharp when Word scales it to the page width
INK, GRID, MARK = (27, 31, 35), (201, 209, 217), (11, 79, 108)


def chart_png(chart: ChartLayout) -> bytes:
    """Return ``chart`` drawn as a PNG image (white background)."""
    s = SCALE
    image = Image.new("RGB", (chart.width * s, chart.height * s), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=12 * s)
    for tick in chart.y_ticks:
        draw.line([(chart.left * s, tick.position * s), (chart.right * s, tick.position * s)], fill=GRID, width=s)
        draw.text(((chart.left - 6) * s, tick.position * s), tick.label, fill=INK, font=font, anchor="rm")
    for tick in chart.x_ticks:
        draw.text((tick.position * s, (chart.baseline + 14) * s), tick.label, fill=INK, font=font, anchor="mm")
    if chart.kind == "bar":
        for x, y, w, h in chart.bars:
            draw.rectangle([(x * s, y * s), ((x + w) * s, (y + h) * s)], fill=MARK)
    else:
        points = [(x * s, y * s) for x, y in chart.points]
        if len(points) > 1:
            draw.line(points, fill=MARK, width=3 * s, joint="curve")
        for x, y in points:
            draw.ellipse([(x - 4 * s, y - 4 * s), (x + 4 * s, y + 4 * s)], fill=MARK)
    draw.line([(chart.left * s, chart.baseline * s), (chart.right * s, chart.baseline * s)], fill=(74, 85, 96), width=s)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
