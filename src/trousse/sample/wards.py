"""Where the sample town lies: its bounding box, its eight ward polygons and plane geometry on them.

The wards tile the box exactly: a 4 x 2 grid whose interior corners are nudged
so the shapes look drawn rather than ruled. Neighbouring wards share corner
points, so there are no gaps or overlaps, and every ward stays a convex
quadrilateral, which lets ``ward_point`` place points inside it without a
point-in-polygon test.
"""

from __future__ import annotations

import itertools
import math
import random
from functools import cache

Point = tuple[float, float]  # (longitude, latitude), GeoJSON order

WEST, SOUTH, EAST, NORTH = -64.90, 46.05, -64.70, 46.15
COLUMNS, ROWS = 4, 2
METRES_PER_DEGREE_LAT = 110_574.0
METRES_PER_DEGREE_LON = 111_320.0 * math.cos(math.radians((SOUTH + NORTH) / 2))


@cache
def _corners() -> tuple[tuple[Point, ...], ...]:
    """Return the grid corners, indexed [column][row], with interior corners nudged."""
    rng = random.Random("maple-point/wards")
    dx, dy = (EAST - WEST) / COLUMNS, (NORTH - SOUTH) / ROWS
    grid = []
    for i in range(COLUMNS + 1):
        column = []
        for j in range(ROWS + 1):
            lon, lat = WEST + i * dx, SOUTH + j * dy
            # Corners on the box edge slide only along that edge, so the union stays the box.
            if 0 < i < COLUMNS:
                lon += rng.uniform(-0.15, 0.15) * dx
            if 0 < j < ROWS:
                lat += rng.uniform(-0.12, 0.12) * dy
            column.append((round(lon, 6), round(lat, 6)))
        grid.append(tuple(column))
    return tuple(grid)


def ward_cell(ward: int) -> tuple[int, int]:
    """Return the (column, row) of ``ward``: wards 1-4 are the northern row, 5-8 the southern, west to east."""
    if not 1 <= ward <= COLUMNS * ROWS:
        raise ValueError(f"no ward {ward}")
    column = (ward - 1) % COLUMNS
    row = 1 if ward <= COLUMNS else 0
    return column, row


def ward_corners(ward: int) -> tuple[Point, Point, Point, Point]:
    """Return the ward's corners counter-clockwise from the south-west one."""
    i, j = ward_cell(ward)
    grid = _corners()
    return grid[i][j], grid[i + 1][j], grid[i + 1][j + 1], grid[i][j + 1]


def ward_ring(ward: int) -> list[list[float]]:
    """Return the ward's exterior ring as closed, counter-clockwise GeoJSON coordinates."""
    corners = ward_corners(ward)
    return [list(p) for p in (*corners, corners[0])]


def ward_point(ward: int, u: float, v: float) -> Point:
    """Return the point at (u, v) in [0, 1]^2 of the ward, mapped bilinearly (inside for any u, v)."""
    sw, se, ne, nw = ward_corners(ward)
    lon = (1 - u) * (1 - v) * sw[0] + u * (1 - v) * se[0] + u * v * ne[0] + (1 - u) * v * nw[0]
    lat = (1 - u) * (1 - v) * sw[1] + u * (1 - v) * se[1] + u * v * ne[1] + (1 - u) * v * nw[1]
    return lon, lat


def river_line() -> list[Point]:
    """Return the river's course west to east: the boundary between the northern and southern wards."""
    return [column[1] for column in _corners()]


def distance_m(a: Point, b: Point) -> float:
    """Return the distance in metres between two nearby points (equirectangular; fine at town scale)."""
    dx = (b[0] - a[0]) * METRES_PER_DEGREE_LON
    dy = (b[1] - a[1]) * METRES_PER_DEGREE_LAT
    return math.hypot(dx, dy)


def ring_area_ha(ring: list[list[float]]) -> float:
    """Return the area in hectares of a closed lon/lat ring (shoelace on a local plane)."""
    twice = 0.0
    for (x0, y0), (x1, y1) in itertools.pairwise(ring):
        twice += (x0 * METRES_PER_DEGREE_LON) * (y1 * METRES_PER_DEGREE_LAT)
        twice -= (x1 * METRES_PER_DEGREE_LON) * (y0 * METRES_PER_DEGREE_LAT)
    return abs(twice) / 2 / 10_000


def blob_ring(centre: Point, radius_m: float, rng: random.Random, vertices: int = 10) -> list[list[float]]:
    """Return a closed counter-clockwise ring of an irregular blob around ``centre``.

    Vertices go round at increasing angles with positive radii, so the ring
    never crosses itself.
    """
    ring = []
    for k in range(vertices):
        angle = 2 * math.pi * (k + rng.uniform(-0.25, 0.25)) / vertices
        r = radius_m * rng.uniform(0.7, 1.25)
        lon = centre[0] + r * math.cos(angle) / METRES_PER_DEGREE_LON
        lat = centre[1] + r * math.sin(angle) / METRES_PER_DEGREE_LAT
        ring.append([round(lon, 6), round(lat, 6)])
    ring.append(list(ring[0]))
    return ring
