"""Snow clearing routes as GeoJSON lines: every street section with its plowing priority."""

from __future__ import annotations

from pathlib import Path

from trousse.engine.metadata.model import LocalizedText, ResourceMeta
from trousse.sample.streets import sections
from trousse.sample.tables.files import file_resource, write_feature_collection
from trousse.sample.tables.transit_stops import bus_sections
from trousse.sample.wards import distance_m

# Priority 1 is cleared first, within 8 hours of the end of a storm; 3 within 36 hours.
PRIORITIES = {
    1: ("Arterial: within 8 hours", "Artère : dans les 8 heures"),
    2: ("Bus route: within 16 hours", "Circuit d'autobus : dans les 16 heures"),
    3: ("Residential street: within 36 hours", "Rue résidentielle : dans les 36 heures"),
}


def route_features() -> list[dict]:
    """Return one GeoJSON LineString Feature per street section, with its priority."""
    on_bus_routes = {s.index for s in bus_sections()}
    features = []
    for section in sections():
        priority = 1 if section.arterial else 2 if section.index in on_bus_routes else 3
        en, fr = PRIORITIES[priority]
        features.append({
            "type": "Feature",
            "id": f"S{section.index + 1:03d}",
            "properties": {
                "route_id": f"S{section.index + 1:03d}",
                "street_en": section.street.en,
                "street_fr": section.street.fr,
                "ward": section.ward,
                "priority": priority,
                "priority_en": en,
                "priority_fr": fr,
                "length_km": round(distance_m(section.start, section.end) / 1000, 2),
            },
            "geometry": {
                "type": "LineString",
                "coordinates": [[round(c, 6) for c in section.start], [round(c, 6) for c in section.end]],
            },
        })  # fmt: skip
    return features


def write_snow_routes(directory: Path, scale: float) -> tuple[ResourceMeta, ...]:
    """Write the snow clearing routes GeoJSON and describe it."""
    path = write_feature_collection(directory / "snow-clearing-routes.geojson", route_features())
    return (
        file_resource(
            path,
            LocalizedText("Snow clearing routes (GeoJSON)", "Circuits de déneigement (GeoJSON)"),
            "GEOJSON",
            "en+fr",
        ),
    )
