"""The geometry of a radar chart of dimension levels, drawn as SVG by templates/program/assessment/_radar.html.

The server computes every coordinate, so the chart needs no JavaScript and reads the same in every
browser; the template adds the title, the description and the labels in the page language, and the
page puts the same numbers in a table next to it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from trousse.portal.program.assessment.bank import HIGHEST

WIDTH, HEIGHT = 640, 460
RADIUS = 150
LABEL_GAP = 22
LINE_HEIGHT = 15
LINE_CHARS = 18  # wrap labels so long dimension names stay inside the picture


@dataclass(frozen=True)
class RadarPoint:
    code: str
    label: str
    level: int
    level_label: str  # "Defined (3)", in the page language
    x: float
    y: float
    axis_x: float  # the end of the axis, at level 5
    axis_y: float
    label_x: float
    label_y: float
    anchor: str  # start, middle or end
    lines: tuple[str, ...]  # the label wrapped; the template adds the level as a last line


@dataclass(frozen=True)
class Radar:
    width: int
    height: int
    cx: float
    cy: float
    rings: tuple[tuple[int, str], ...]  # (level, polygon points)
    points: tuple[RadarPoint, ...]

    @property
    def polygon(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


def radar(values: Sequence[tuple[str, str, int, str]]) -> Radar:
    """Lay out (code, label, level, level label) values on axes spread clockwise from the top."""
    cx, cy = WIDTH / 2, HEIGHT / 2
    count = max(len(values), 1)

    def at(index: int, level: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / count
        distance = RADIUS * level / HIGHEST
        return cx + distance * math.cos(angle), cy + distance * math.sin(angle)

    rings = tuple((level, " ".join("{:.1f},{:.1f}".format(*at(i, level)) for i in range(count)))
                  for level in range(1, HIGHEST + 1))
    points = []
    for index, (code, label, level, level_label) in enumerate(values):
        x, y = at(index, level)
        axis_x, axis_y = at(index, HIGHEST)
        label_x, label_y = at(index, HIGHEST + HIGHEST * LABEL_GAP / RADIUS)
        dx = label_x - cx
        anchor = "middle" if abs(dx) < 1 else ("start" if dx > 0 else "end")
        lines = tuple(_wrap(label))
        if label_y < cy - 1:  # above the centre: grow the label upwards, away from the chart
            label_y -= LINE_HEIGHT * len(lines)
        elif abs(label_y - cy) <= 1:
            label_y -= LINE_HEIGHT * len(lines) / 2
        points.append(RadarPoint(code, label, level, level_label, round(x, 1), round(y, 1), round(axis_x, 1),
                                 round(axis_y, 1), round(label_x, 1), round(label_y, 1), anchor, lines))
    return Radar(WIDTH, HEIGHT, cx, cy, rings, tuple(points))


def _wrap(text: str) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= LINE_CHARS:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]
