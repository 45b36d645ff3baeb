"""Files the preview tests upload: a CSV of service requests and a GeoJSON of places."""

from __future__ import annotations

import json

CATEGORIES = ("Bruit", "Nids-de-poule", "Déneigement", "Graffiti")
# Exact dates and wards make small groups (re-identification risk): a reviewer approves, as staff would.
APPROVAL = "Synthetic test data: dates and wards of service requests, cleared for publication."


def requests_csv(rows: int = 60) -> str:
    """Return a CSV with ids, a category, an amount (one empty), a date and a ward."""
    lines = ["id,category,amount,created,ward"]
    for i in range(1, rows + 1):
        amount = "" if i == 7 else f"{i * 1.5}"
        lines.append(f"{i},{CATEGORIES[i % 4] if i % 5 else 'Bruit'},{amount},2024-01-{(i % 28) + 1:02d},{i % 3}")
    return "\n".join(lines) + "\n"


def places_geojson() -> str:
    """Return a FeatureCollection with a polygon, a point and a line (names with accents)."""
    features = [
        {"name": "Parc de l'Été", "kind": "park",
         "geometry": {"type": "Polygon", "coordinates": [[[-73.6, 45.5], [-73.59, 45.5], [-73.59, 45.51],
                                                            [-73.6, 45.51], [-73.6, 45.5]]]}},
        {"name": "Arrêt Saint-Denis", "kind": "stop", "geometry": {"type": "Point", "coordinates": [-73.58, 45.52]}},
        {"name": "Rue Ontario", "kind": "road",
         "geometry": {"type": "LineString", "coordinates": [[-73.61, 45.49], [-73.57, 45.53]]}},
    ]
    return json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": f["name"], "kind": f["kind"]}, "geometry": f["geometry"]}
        for f in features]})
