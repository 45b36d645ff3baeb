"""The eight ward polygons as GeoJSON, with their bilingual names, councillor seat and area."""

from __future__ import annotations

from pathlib import Path

from trousse.engine.metadata.model import LocalizedText, ResourceMeta
from trousse.sample.tables.files import file_resource, write_feature_collection
from trousse.sample.town import WARD_NAMES
from trousse.sample.wards import ring_area_ha, ward_ring


def ward_features() -> list[dict]:
    """Return one GeoJSON Feature per ward, numbered 1 to 8."""
    features = []
    for ward, name in WARD_NAMES.items():
        ring = ward_ring(ward)
        features.append({
            "type": "Feature",
            "id": ward,
            "properties": {
                "ward": ward,
                "name_en": f"Ward {ward} – {name.en}",
                "name_fr": f"Quartier {ward} – {name.fr}",
                "area_ha": round(ring_area_ha(ring), 1),
                "bank": "north" if ward <= 4 else "south",
            },
            "geometry": {"type": "Polygon", "coordinates": [ring]},
        })  # fmt: skip
    return features


def write_ward_boundaries(directory: Path, scale: float) -> tuple[ResourceMeta, ...]:
    """Write the ward boundaries GeoJSON and describe it."""
    path = write_feature_collection(directory / "ward-boundaries.geojson", ward_features())
    return (
        file_resource(
            path,
            LocalizedText("Ward boundaries (GeoJSON)", "Limites des quartiers (GeoJSON)"),
            "GEOJSON",
            "en+fr",
        ),
    )
