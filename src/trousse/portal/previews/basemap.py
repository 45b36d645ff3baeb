"""Basemap tiles under a server-drawn map: which tiles of the configured XYZ source cover the picture.

The tile URL template is a site setting (``map_basemap_url``, blank by default: no basemap, and no request
to any other host). Tiles are placed with the same Web Mercator projection the features are drawn with.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

from trousse.engine.query.geometry import FeatureMap

TILE_SIZE = 256  # picture units a tile should about cover
MAX_TILES = 48
MAX_ZOOM = 18


@dataclass(frozen=True)
class Tile:
    """One basemap image and where it sits in the picture."""

    href: str
    x: float
    y: float
    size: float


def basemap_url() -> str:
    """Return the configured tile URL template, or "" when none is set or it is unusable (not https, no {z})."""
    url = (getattr(settings, "MAP_BASEMAP_URL", "") or "").strip()
    if not url.startswith("https://") or not all(part in url for part in ("{z}", "{x}", "{y}")):
        return ""
    return url


def basemap_origin() -> str:
    """Return the scheme and host the tiles come from ("" without a basemap), for the CSP's img-src."""
    url = basemap_url()
    if not url:
        return ""
    parts = urlsplit(url.replace("{s}", "a").replace("{z}", "0").replace("{x}", "0").replace("{y}", "0"))
    return f"{parts.scheme}://{parts.netloc}"


def tiles(drawn: FeatureMap) -> list[Tile]:
    """Return the tiles covering the picture of ``drawn`` (none without a basemap or features)."""
    template = basemap_url()
    if not template or not drawn.features:
        return []
    scale, x_offset, y_offset = drawn.projection
    zoom = max(0, min(MAX_ZOOM, round(math.log2(max(scale * 2 * math.pi / TILE_SIZE, 1e-9)))))
    while True:
        found = _cover(drawn, template, zoom, scale, x_offset, y_offset)
        if len(found) <= MAX_TILES or zoom == 0:
            return found
        zoom -= 1


def _cover(drawn: FeatureMap, template: str, zoom: int, scale: float, x_offset: float, y_offset: float) -> list[Tile]:
    count = 2**zoom
    span = 2 * math.pi / count  # a tile's side, in Web Mercator radians
    west, east = (0 - x_offset) / scale, (drawn.width - x_offset) / scale
    north, south = y_offset / scale, (y_offset - drawn.height) / scale
    first_x, last_x = _index(west + math.pi, span, count), _index(east + math.pi, span, count)
    first_y, last_y = _index(math.pi - north, span, count), _index(math.pi - south, span, count)
    out = []
    for ty in range(first_y, last_y + 1):
        for tx in range(first_x, last_x + 1):
            href = template.replace("{z}", str(zoom)).replace("{x}", str(tx)).replace("{y}", str(ty))
            href = href.replace("{s}", "abc"[(tx + ty) % 3])
            out.append(Tile(href=href, x=round((-math.pi + tx * span) * scale + x_offset, 2),
                            y=round(y_offset - (math.pi - ty * span) * scale, 2), size=round(span * scale, 2)))
    return out


def _index(distance: float, span: float, count: int) -> int:
    return max(0, min(count - 1, math.floor(distance / span)))
