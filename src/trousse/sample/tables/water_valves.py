"""Water distribution valves: critical infrastructure whose exact locations are shared on request only."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from trousse.engine.metadata.model import LocalizedText, ResourceMeta
from trousse.sample.clock import REFERENCE_DATE
from trousse.sample.streets import sections
from trousse.sample.tables.files import file_resource, write_csv

# valve type -> (English, French, weight, possible diameters in mm)
VALVE_TYPES = {
    "gate": ("Gate valve", "Robinet-vanne", 70, (150, 200, 250, 300)),
    "butterfly": ("Butterfly valve", "Robinet à papillon", 15, (300, 400, 500)),
    "air_release": ("Air release valve", "Soupape de purge d'air", 8, (50, 100)),
    "pressure_reducing": ("Pressure-reducing valve", "Réducteur de pression", 7, (150, 200)),
}
POSITIONS = ("open", "closed", "partly_open", "inoperable")

HEADER = (
    "valve_id", "valve_type", "valve_type_en", "valve_type_fr", "diameter_mm", "normal_position",
    "installed_year", "last_exercised", "street", "ward", "latitude", "longitude",
)  # fmt: skip


def write_water_valves(directory: Path, scale: float) -> tuple[ResourceMeta, ...]:
    """Write the water valves CSV (a valve about every other block) and describe it."""
    rng = random.Random("maple-point/water-valves")
    codes = list(VALVE_TYPES)
    rows = []
    for section in sections():
        for block in range(section.blocks):
            for _ in range(rng.choice((0, 1, 1, 2))):
                code = rng.choices(codes, [VALVE_TYPES[c][2] for c in codes])[0]
                en, fr, _, diameters = VALVE_TYPES[code]
                lon, lat = section.point((block + rng.random()) / section.blocks)
                installed = rng.randrange(1955, REFERENCE_DATE.year)
                exercised = REFERENCE_DATE - dt.timedelta(days=rng.randrange(6 * 365))
                # Valves never exercised since installation have no date; crews get to them in turn.
                never = exercised.year < installed or rng.random() < 0.15
                rows.append((
                    f"V{len(rows) + 1:05d}", code, en, fr, rng.choice(diameters),
                    rng.choices(POSITIONS, (88, 6, 3, 3))[0], installed,
                    "" if never else exercised.isoformat(), section.street.official,
                    section.ward, f"{lat:.6f}", f"{lon:.6f}",
                ))  # fmt: skip
    path = write_csv(directory / "water-valves.csv", HEADER, rows)
    return (
        file_resource(
            path,
            LocalizedText("Water valves (CSV, restricted)", "Vannes d'aqueduc (CSV, accès restreint)"),
            "CSV",
            "en+fr",
        ),
    )
