"""A drawable map of a geographic table: its features projected to Web Mercator and fitted to a picture.

The canonical Parquet of a geographic table holds each row's geometry as WKT in EPSG:4326 (the
``__geometry`` column). Here DuckDB reads the rows (an even sample of them past ``MAX_FEATURES``) and
shapely parses, projects, fits and simplifies them in vectorized passes, into SVG path data for a
server-drawn map and simplified GeoJSON for an interactive one. Answers are cached like charts are.
"""

from __future__ import annotations

import json
import math
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import duckdb
import numpy as np
import shapely

from trousse.engine.tables.sql import ident, literal

GEOMETRY = "__geometry"
MAX_FEATURES = 2_000  # drawn at most; beyond, an even sample of the rows
WIDTH = 800  # of the picture, in SVG user units
MAX_HEIGHT = 560
MIN_HEIGHT = 160  # a row of points or a single one still gets room around it
PADDING = 12
POINT_RADIUS = 5
MAX_VALUE_LENGTH = 200  # characters of one attribute shown in a feature's details
MAX_LATITUDE = 85.051129  # Web Mercator's limit
CACHE_SIZE = 64

FeatureKind = Literal["point", "line", "polygon"]


@dataclass(frozen=True)
class MapFeature:
    """One drawn feature: its row (0-based, in file order), shape, SVG path and attributes."""

    row: int
    kind: FeatureKind
    path: str  # SVG path data in the picture's coordinates (points are drawn as small circles)
    geojson: dict[str, Any]  # the simplified geometry in longitude/latitude
    properties: dict[str, str | None]


@dataclass(frozen=True)
class FeatureMap:
    """The features of a geographic table, fitted to a ``width`` × ``height`` picture."""

    features: list[MapFeature] = field(default_factory=list)
    rows: int = 0  # rows in the table
    with_geometry: int = 0  # rows that have a geometry
    step: int = 1  # one row in every ``step`` is drawn (1: all of them)
    width: int = WIDTH
    height: int = MAX_HEIGHT
    bounds: tuple[float, float, float, float] | None = None  # west, south, east, north of the drawn features
    # Picture x = mercator_x * scale + x_offset, y = y_offset - mercator_y * scale (Web Mercator in radians),
    # so tiles of a basemap can be placed under the features.
    projection: tuple[float, float, float] = (1.0, 0.0, 0.0)

    @property
    def truncated(self) -> bool:
        """Return whether some features are left out of the drawing."""
        return len(self.features) < self.with_geometry

    def geojson(self) -> dict[str, Any]:
        """Return the drawn features as a GeoJSON FeatureCollection (``row`` in each feature's properties)."""
        return {"type": "FeatureCollection", "features": [
            {"type": "Feature", "id": f.row, "geometry": f.geojson, "properties": {"row": f.row, **f.properties}}
            for f in self.features]}


_cache: OrderedDict[tuple[Any, ...], FeatureMap] = OrderedDict()
_cache_lock = threading.Lock()


def clear_cache() -> None:
    """Forget every cached map (tests)."""
    with _cache_lock:
        _cache.clear()


def feature_map(path: Path, columns: list[str], *, limit: int = MAX_FEATURES) -> FeatureMap:
    """Return the map of the geographic table at ``path`` with ``columns`` as each feature's details (cached)."""
    stat = os.stat(path)
    key = (str(path), stat.st_size, stat.st_mtime_ns, tuple(columns), limit)
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    drawn = _compute(path, columns, limit)
    with _cache_lock:
        _cache[key] = drawn
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return drawn


def _compute(path: Path, columns: list[str], limit: int) -> FeatureMap:
    source = f"read_parquet({literal(str(path))}, file_row_number = true)"
    con = duckdb.connect()
    try:
        rows, with_geometry = con.execute(
            f"SELECT count(*), count({ident(GEOMETRY)}) FROM {source}").fetchone() or (0, 0)
        step = max(1, math.ceil(with_geometry / limit)) if limit > 0 else 1
        shown = ", ".join(f"CAST({ident(c)} AS VARCHAR)" for c in columns)
        # The n-th row with a geometry is kept when n is a multiple of step: an even sample of the file.
        result = con.execute(f"""
            SELECT file_row_number, {ident(GEOMETRY)}{', ' + shown if shown else ''} FROM (
              SELECT *, row_number() OVER (ORDER BY file_row_number) - 1 AS nth FROM {source}
              WHERE {ident(GEOMETRY)} IS NOT NULL)
            WHERE nth % {step} = 0 ORDER BY file_row_number LIMIT {int(limit)}""").fetchall()
    finally:
        con.close()
    if not result:
        return FeatureMap(rows=rows, with_geometry=with_geometry, step=step)
    geoms = shapely.from_wkt([r[1] for r in result], on_invalid="ignore")
    keep = [i for i, g in enumerate(geoms) if g is not None and not shapely.is_empty(g)]
    result = [result[i] for i in keep]
    geoms = geoms[keep]
    if len(geoms) == 0:
        return FeatureMap(rows=rows, with_geometry=with_geometry, step=step)
    west, south, east, north = (float(v) for v in shapely.total_bounds(geoms))
    fit = _Fit(west, max(south, -MAX_LATITUDE), east, min(north, MAX_LATITUDE))
    pictured = shapely.transform(geoms, fit.project)
    # Detail finer than half a unit of the picture cannot be seen: drop it before writing the paths.
    pictured = shapely.simplify(pictured, 0.5, preserve_topology=True)
    lonlat = shapely.simplify(geoms, fit.degrees_per_unit * 0.5, preserve_topology=True)
    features = []
    for record, drawn, simple in zip(result, pictured, lonlat, strict=True):
        kind = _kind(drawn)
        properties = {c: _short(v) for c, v in zip(columns, record[2:], strict=True)}
        features.append(MapFeature(row=int(record[0]), kind=kind, path=svg_path(drawn),
                                   geojson=json.loads(shapely.to_geojson(simple, indent=None)),
                                   properties=properties))
    order = {"polygon": 0, "line": 1, "point": 2}  # points drawn last, so polygons never hide them
    features.sort(key=lambda f: (order[f.kind], f.row))
    return FeatureMap(features=features, rows=rows, with_geometry=with_geometry, step=step, width=WIDTH,
                      height=fit.height, bounds=(west, south, east, north),
                      projection=(fit.scale, fit.x_offset, fit.y_offset))


def _short(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value)
    return text if len(text) <= MAX_VALUE_LENGTH else text[: MAX_VALUE_LENGTH - 1] + "…"


class _Fit:
    """Web Mercator projection scaled and shifted so the bounds fill the picture's width, north up."""

    def __init__(self, west: float, south: float, east: float, north: float) -> None:
        x0, y0 = _mercator(west, south)
        x1, y1 = _mercator(east, north)
        span_x, span_y = max(x1 - x0, 1e-9), max(y1 - y0, 1e-9)
        inner_w, inner_h = WIDTH - 2 * PADDING, MAX_HEIGHT - 2 * PADDING
        if x1 - x0 < 1e-9 and y1 - y0 < 1e-9:  # a single point: any scale, centred
            span_x = span_y = 1e-3
        self.scale = min(inner_w / span_x, inner_h / span_y)
        self.height = math.ceil(min(MAX_HEIGHT, (y1 - y0) * self.scale + 2 * PADDING))
        self.height = max(self.height, MIN_HEIGHT)
        self.x_offset = (WIDTH - (x1 - x0) * self.scale) / 2 - x0 * self.scale
        self.y_offset = (self.height - (y1 - y0) * self.scale) / 2 + y1 * self.scale
        self.degrees_per_unit = (east - west) / max((x1 - x0) * self.scale, 1e-9) if east > west else 1e-6

    def project(self, coords: np.ndarray) -> np.ndarray:
        """Map an (n, 2) array of longitude/latitude to picture coordinates."""
        x, y = _mercator(coords[:, 0], np.clip(coords[:, 1], -MAX_LATITUDE, MAX_LATITUDE))
        return np.column_stack([x * self.scale + self.x_offset, self.y_offset - y * self.scale])


def _mercator(lon: Any, lat: Any) -> tuple[Any, Any]:
    """Return spherical Web Mercator x and y (in radians) of longitude and latitude in degrees."""
    return np.radians(lon), np.log(np.tan(np.pi / 4 + np.radians(lat) / 2))


def _kind(geom: Any) -> FeatureKind:
    name = geom.geom_type
    if "Polygon" in name:
        return "polygon"
    if "LineString" in name:
        return "line"
    if name == "GeometryCollection":
        kinds = {_kind(part) for part in geom.geoms}
        return "polygon" if "polygon" in kinds else "line" if "line" in kinds else "point"
    return "point"


def svg_path(geom: Any) -> str:
    """Return SVG path data drawing ``geom`` (points as small circles, rings closed)."""
    parts: list[str] = []
    _append(geom, parts)
    return " ".join(parts)


def _append(geom: Any, parts: list[str]) -> None:
    name = geom.geom_type
    if name == "Point":
        x, y = geom.x, geom.y
        r = POINT_RADIUS
        parts.append(f"M{x - r:.1f} {y:.1f}a{r} {r} 0 1 0 {2 * r} 0a{r} {r} 0 1 0 {-2 * r} 0Z")
    elif name == "LineString":
        parts.append(_line(geom.coords, close=False))
    elif name == "Polygon":
        parts.append(_line(geom.exterior.coords, close=True))
        parts.extend(_line(ring.coords, close=True) for ring in geom.interiors)
    else:  # Multi* and GeometryCollection
        for part in geom.geoms:
            _append(part, parts)


def _line(coords: Any, *, close: bool) -> str:
    points = [f"{x:.1f} {y:.1f}" for x, y in coords]
    if not points:
        return ""
    return "M" + "L".join(points) + ("Z" if close else "")
