"""Parks and green spaces as GeoJSON polygons, with bilingual names, type, area and amenities."""

from __future__ import annotations

import random
from pathlib import Path

from trousse.engine.metadata.model import LocalizedText, ResourceMeta
from trousse.sample.tables.files import file_resource, write_feature_collection
from trousse.sample.wards import blob_ring, ring_area_ha, ward_point

# Park type code -> (English, French, typical radius in metres)
PARK_TYPES = {
    "neighbourhood": ("Neighbourhood park", "Parc de quartier", 90),
    "community": ("Community park", "Parc communautaire", 220),
    "riverfront": ("Riverfront park", "Parc riverain", 260),
    "conservation": ("Conservation area", "Aire de conservation", 550),
    "square": ("Urban square", "Place publique", 45),
}

# English, French, type, ward, (u, v) within the ward, amenities. Riverfront parks sit on the
# river edge of their ward (v near 0 north of the river, near 1 south of it).
PARKS = (
    ("Riverfront Park", "parc du Bord-de-l'Eau", "riverfront", 6, (0.5, 0.93),
     ("trail", "picnic_area", "washrooms", "boat_launch")),
    ("Victoria Park", "parc Victoria", "community", 6, (0.35, 0.45),
     ("playground", "splash_pad", "washrooms", "bandstand")),
    ("Acadian Heritage Park", "parc du Patrimoine-Acadien", "community", 3, (0.55, 0.5),
     ("trail", "picnic_area", "interpretation_panels")),
    ("Maple Grove Park", "parc du Bosquet-d'Érables", "neighbourhood", 7, (0.3, 0.3), ("playground", "trail")),
    ("Centennial Park", "parc du Centenaire", "community", 2, (0.45, 0.35),
     ("sports_field", "tennis_court", "pickleball_court", "washrooms")),
    ("Lighthouse Point Park", "parc de la Pointe-du-Phare", "riverfront", 1, (0.2, 0.08),
     ("trail", "picnic_area", "lookout")),
    ("Mill Pond Park", "parc de l'Étang-du-Moulin", "neighbourhood", 2, (0.7, 0.7),
     ("playground", "outdoor_rink")),
    ("Saint-Anselme Playground", "terrain de jeux Saint-Anselme", "neighbourhood", 3, (0.25, 0.75),
     ("playground", "basketball_court")),
    ("Blueberry Hill Park", "parc de la Colline-aux-Bleuets", "neighbourhood", 8, (0.6, 0.4),
     ("playground", "trail")),
    ("Heron Marsh Conservation Area", "aire de conservation du Marais-aux-Hérons", "conservation", 4,
     (0.5, 0.5), ("trail", "lookout", "interpretation_panels")),
    ("Sandy Point Beach", "plage de la Pointe-Sableuse", "riverfront", 5, (0.3, 0.92),
     ("beach", "washrooms", "picnic_area")),
    ("Veterans' Memorial Park", "parc commémoratif des Anciens-Combattants", "square", 6, (0.6, 0.6),
     ("monument", "benches")),
    ("Fox Creek Trailhead", "départ de sentier du Ruisseau-des-Renards", "conservation", 8, (0.3, 0.7),
     ("trail", "parking")),
    ("Orchard Park", "parc du Verger", "neighbourhood", 5, (0.6, 0.35), ("playground", "community_garden")),
    ("Champlain Square", "place Champlain", "square", 6, (0.45, 0.75), ("benches", "public_art")),
    ("Birchwood Park", "parc des Bouleaux", "neighbourhood", 1, (0.6, 0.55), ("playground", "basketball_court")),
    ("Tidewater Park", "parc des Marées", "riverfront", 7, (0.6, 0.92), ("trail", "picnic_area", "lookout")),
    ("Evangeline Gardens", "jardins Évangéline", "community", 7, (0.7, 0.55),
     ("community_garden", "washrooms", "benches")),
    ("Aboiteau Park", "parc de l'Aboiteau", "riverfront", 4, (0.75, 0.07), ("trail", "boat_launch")),
    ("Cormier Field", "terrain Cormier", "community", 5, (0.75, 0.6),
     ("sports_field", "washrooms", "skate_park")),
    ("Gallant Family Park", "parc de la Famille-Gallant", "neighbourhood", 3, (0.8, 0.3), ("playground",)),
    ("Harbour Lookout", "belvédère du Havre", "square", 1, (0.45, 0.12), ("lookout", "benches")),
    ("Spruce Hollow Park", "parc du Creux-des-Épinettes", "neighbourhood", 8, (0.35, 0.3),
     ("playground", "outdoor_rink")),
    ("Old Mill Dog Park", "parc canin du Vieux-Moulin", "neighbourhood", 2, (0.25, 0.55), ("dog_park",)),
    ("School Street Green", "espace vert de la rue de l'École", "neighbourhood", 4, (0.3, 0.7),
     ("playground", "benches")),
    ("Sunset Park", "parc du Couchant", "community", 1, (0.35, 0.8),
     ("sports_field", "splash_pad", "washrooms")),
)  # fmt: skip


def park_features() -> list[dict]:
    """Return one GeoJSON Feature per park, with a closed counter-clockwise polygon."""
    rng = random.Random("maple-point/parks")
    features = []
    for n, (en, fr, kind, ward, (u, v), amenities) in enumerate(PARKS, 1):
        type_en, type_fr, radius = PARK_TYPES[kind]
        ring = blob_ring(ward_point(ward, u, v), radius * rng.uniform(0.7, 1.3), rng)
        features.append({
            "type": "Feature",
            "id": f"P{n:03d}",
            "properties": {
                "park_id": f"P{n:03d}",
                "name_en": en,
                "name_fr": fr,
                "park_type": kind,
                "park_type_en": type_en,
                "park_type_fr": type_fr,
                "ward": ward,
                "area_ha": round(ring_area_ha(ring), 2),
                "amenities": list(amenities),
            },
            "geometry": {"type": "Polygon", "coordinates": [ring]},
        })  # fmt: skip
    return features


def write_parks(directory: Path, scale: float) -> tuple[ResourceMeta, ...]:
    """Write the parks GeoJSON and describe it."""
    path = write_feature_collection(directory / "parks.geojson", park_features())
    return (
        file_resource(
            path,
            LocalizedText("Parks and green spaces (GeoJSON)", "Parcs et espaces verts (GeoJSON)"),
            "GEOJSON",
            "en+fr",
        ),
    )
