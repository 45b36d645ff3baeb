"""Road closures, as the list stood at its last update on 30 June 2026: a dataset left to go stale.

The list is meant to be refreshed weekly. Its status column is as of the last
update, so closures it calls "planned" or "active" are long over by the
reference date: the overdue case freshness checks must flag.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from trousse.engine.metadata.model import LocalizedText, ResourceMeta
from trousse.sample.streets import sections
from trousse.sample.tables.files import file_resource, write_csv

LAST_UPDATE = dt.date(2026, 6, 30)
FIRST_DAY = dt.date(2025, 1, 6)
ROWS = 140

# code, English, French, weight, shortest and longest closure in days
REASONS = (
    ("water_main", "Water main repair", "Réparation de conduite d'eau", 20, 1, 5),
    ("paving", "Repaving", "Resurfaçage", 18, 3, 21),
    ("sewer", "Sewer replacement", "Remplacement d'égout", 10, 10, 60),
    ("utility", "Utility work (power, telecom)", "Travaux de services publics (électricité, télécom)", 14, 1, 10),
    ("event", "Special event", "Événement spécial", 12, 1, 2),
    ("construction", "Private construction", "Construction privée", 10, 5, 45),
    ("bridge_inspection", "Bridge inspection", "Inspection de pont", 3, 1, 3),
    ("emergency", "Emergency repair", "Réparation d'urgence", 13, 1, 3),
)  # fmt: skip

CLOSURE_TYPES = ("full", "one_lane", "sidewalk")

HEADER = (
    "closure_id", "street", "from_number", "to_number", "ward", "closure_type", "reason", "reason_en",
    "reason_fr", "start_date", "end_date", "status", "latitude", "longitude",
)  # fmt: skip


def _status(start: dt.date, end: dt.date) -> str:
    if end < LAST_UPDATE:
        return "completed"
    return "active" if start <= LAST_UPDATE else "planned"


def write_road_closures(directory: Path, scale: float) -> tuple[ResourceMeta, ...]:
    """Write the road closures CSV as of its last update and describe it."""
    rng = random.Random("maple-point/road-closures")
    span = (LAST_UPDATE - FIRST_DAY).days + 60  # the list includes closures planned for the summer
    starts = sorted(FIRST_DAY + dt.timedelta(days=rng.randrange(span)) for _ in range(ROWS))
    rows = []
    for n, start in enumerate(starts, 1):
        code, en, fr, _, shortest, longest = rng.choices(REASONS, [r[3] for r in REASONS])[0]
        # Winter closures are almost all emergencies; the rest wait for the construction season.
        if start.month in (12, 1, 2, 3) and rng.random() < 0.8:
            code, en, fr, _, shortest, longest = REASONS[-1]
        end = start + dt.timedelta(days=rng.randint(shortest, longest) - 1)
        section = rng.choice(sections())
        first = rng.randrange(section.blocks)
        last = min(section.blocks - 1, first + rng.randrange(3))
        lon, lat = section.point((first + last + 1) / 2 / section.blocks)
        rows.append((
            f"RC-{n:04d}", section.street.official, section.first_block + 100 * first,
            section.first_block + 100 * last + 99, section.ward,
            rng.choices(CLOSURE_TYPES, (45, 45, 10))[0], code, en, fr, start.isoformat(), end.isoformat(),
            _status(start, end), f"{lat:.6f}", f"{lon:.6f}",
        ))  # fmt: skip
    path = write_csv(directory / "road-closures.csv", HEADER, rows)
    return (
        file_resource(
            path,
            LocalizedText("Road closures (CSV)", "Fermetures de rues (CSV)"),
            "CSV",
            "en+fr",
        ),
    )
