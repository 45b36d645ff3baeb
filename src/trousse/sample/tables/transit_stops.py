"""Bus stops in the shape of GTFS stops.txt, with each stop's name in English and French.

Stops stand every few blocks along the four arterials and a dozen local streets
the buses use. A stop is named for its street and a cross street: "Main Street
at Church Street" / "rue Principale / rue de l'Église".
"""

from __future__ import annotations

import random
from functools import cache
from pathlib import Path

from trousse.engine.metadata.model import LocalizedText, ResourceMeta
from trousse.sample.streets import Section, sections, ward_sections
from trousse.sample.tables.files import file_resource, write_csv

BLOCKS_BETWEEN_STOPS = 4
LOCAL_BUS_STREETS = 14

# Column names follow GTFS stops.txt (stop_lat, stop_lon, wheelchair_boarding: 0 unknown, 1 yes, 2 no).
HEADER = (
    "stop_id", "stop_code", "stop_name", "name_en", "name_fr", "stop_lat", "stop_lon",
    "wheelchair_boarding", "ward",
)  # fmt: skip


@cache
def bus_sections() -> tuple[Section, ...]:
    """Return the street sections buses run on: every arterial and a fixed set of local streets."""
    rng = random.Random("maple-point/bus-streets")
    local = [s for s in sections() if not s.arterial]
    chosen = sorted(rng.sample(local, LOCAL_BUS_STREETS), key=lambda s: s.index)
    return tuple(s for s in sections() if s.arterial) + tuple(chosen)


def write_transit_stops(directory: Path, scale: float) -> tuple[ResourceMeta, ...]:
    """Write the bus stops CSV (GTFS stops.txt columns plus bilingual names) and describe it."""
    rng = random.Random("maple-point/transit-stops")
    rows = []
    for section in bus_sections():
        # Cross streets are the ward's local streets: the arterials of a row run parallel.
        crossings = [s for s in ward_sections(section.ward) if not s.arterial and s.street != section.street]
        for block in range(1, section.blocks, BLOCKS_BETWEEN_STOPS):
            cross = rng.choice(crossings).street
            lon, lat = section.point((block + 0.5) / section.blocks)
            number = 1000 + len(rows) + 1
            street = section.street
            rows.append((
                f"MP{number}", str(number), f"{street.official} / {cross.official}",
                f"{street.en} at {cross.en}", f"{street.fr} / {cross.fr}",
                f"{lat:.6f}", f"{lon:.6f}", rng.choices((1, 2, 0), (75, 15, 10))[0], section.ward,
            ))  # fmt: skip
    path = write_csv(directory / "transit-stops.csv", HEADER, rows)
    return (
        file_resource(
            path,
            LocalizedText(
                "Bus stops (CSV, GTFS stops.txt columns)", "Arrêts d'autobus (CSV, colonnes GTFS stops.txt)"
            ),
            "CSV",
            "en+fr",
        ),
    )
