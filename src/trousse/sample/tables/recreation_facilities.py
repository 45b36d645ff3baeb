"""Recreation facilities: arenas, pools, community centres, the library and sports fields."""

from __future__ import annotations

import random
from pathlib import Path

from trousse.engine.metadata.model import LocalizedText, ResourceMeta
from trousse.sample.people import office_phone
from trousse.sample.streets import random_address
from trousse.sample.tables.files import file_resource, write_csv

# facility type -> (English, French)
FACILITY_TYPES = {
    "arena": ("Arena", "Aréna"),
    "pool": ("Indoor pool", "Piscine intérieure"),
    "community_centre": ("Community centre", "Centre communautaire"),
    "library": ("Library", "Bibliothèque"),
    "sports_field": ("Sports field", "Terrain de sport"),
    "splash_pad": ("Splash pad", "Jeux d'eau"),
    "skate_park": ("Skate park", "Planchodrome"),
    "outdoor_rink": ("Outdoor rink", "Patinoire extérieure"),
}

# English name, French name, type, ward, year opened, accessibility
FACILITIES = (
    ("Maple Point Centennial Arena", "Aréna du Centenaire de Pointe-aux-Érables", "arena", 2, 1967, "partial"),
    ("Saint-Anselme Arena", "Aréna Saint-Anselme", "arena", 3, 1988, "yes"),
    ("Aquatic Centre", "Centre aquatique", "pool", 6, 2009, "yes"),
    ("Old Harbour Community Centre", "Centre communautaire du Vieux-Port", "community_centre", 1, 1975, "partial"),
    ("Sandy Point Community Hall", "Salle communautaire de la Pointe-Sableuse", "community_centre", 5, 1962, "no"),
    ("Maple Heights Community Centre", "Centre communautaire des Hauteurs-des-Érables", "community_centre", 7,
     2015, "yes"),
    ("Fox Creek Seniors' Centre", "Centre des aînés du Ruisseau-des-Renards", "community_centre", 8, 1994, "yes"),
    ("Maple Point Public Library", "Bibliothèque publique de Pointe-aux-Érables", "library", 6, 2001, "yes"),
    ("Mill Hill Library Branch", "Succursale de bibliothèque Côte-du-Moulin", "library", 2, 1979, "partial"),
    ("Cormier Field", "Terrain Cormier", "sports_field", 5, 1981, "partial"),
    ("Centennial Park Diamonds", "Losanges du parc du Centenaire", "sports_field", 2, 1970, "partial"),
    ("Heron Marsh Soccer Complex", "Complexe de soccer du Marais-aux-Hérons", "sports_field", 4, 2019, "yes"),
    ("Victoria Park Splash Pad", "Jeux d'eau du parc Victoria", "splash_pad", 6, 2016, "yes"),
    ("Sunset Park Splash Pad", "Jeux d'eau du parc du Couchant", "splash_pad", 1, 2021, "yes"),
    ("Cormier Skate Park", "Planchodrome Cormier", "skate_park", 5, 2012, "partial"),
    ("Mill Pond Rink", "Patinoire de l'Étang-du-Moulin", "outdoor_rink", 2, 1990, "no"),
    ("Spruce Hollow Rink", "Patinoire du Creux-des-Épinettes", "outdoor_rink", 8, 2004, "no"),
)  # fmt: skip

HEADER = (
    "facility_id", "name_en", "name_fr", "facility_type", "facility_type_en", "facility_type_fr", "address",
    "ward", "opened_year", "accessible", "phone", "latitude", "longitude",
)  # fmt: skip


def write_recreation_facilities(directory: Path, scale: float) -> tuple[ResourceMeta, ...]:
    """Write the recreation facilities CSV and describe it."""
    rng = random.Random("maple-point/recreation-facilities")
    rows = []
    for n, (en, fr, kind, ward, opened, accessible) in enumerate(FACILITIES, 1):
        address = random_address(rng, ward)
        type_en, type_fr = FACILITY_TYPES[kind]
        rows.append((
            f"F{n:03d}", en, fr, kind, type_en, type_fr, address.civic, ward, opened, accessible,
            office_phone(rng), f"{address.point[1]:.6f}", f"{address.point[0]:.6f}",
        ))  # fmt: skip
    path = write_csv(directory / "recreation-facilities.csv", HEADER, rows)
    return (
        file_resource(
            path,
            LocalizedText("Recreation facilities (CSV)", "Installations récréatives (CSV)"),
            "CSV",
            "en+fr",
        ),
    )
