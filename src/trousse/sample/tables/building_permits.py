"""Building permits issued since 2019: type, civic address, declared value and status."""

from __future__ import annotations

import datetime as dt
import math
import random
from pathlib import Path

from trousse.engine.metadata.model import LocalizedText, ResourceMeta
from trousse.sample.clock import REFERENCE_DATE
from trousse.sample.streets import random_address
from trousse.sample.tables.files import file_resource, scaled, write_csv

ROWS = 6_000
FIRST_DAY = dt.date(2019, 1, 1)

# code, English, French, weight, lowest and highest declared value, two descriptions per language
PERMIT_TYPES = (
    ("new_dwelling", "New dwelling", "Nouvelle habitation", 12, 250_000, 650_000,
     ("Construct single-detached dwelling with attached garage", "Construct semi-detached dwelling, two units"),
     ("Construction d'une maison unifamiliale avec garage attenant", "Construction d'un jumelé, deux logements")),
    ("multi_unit", "New multi-unit residential", "Nouvel immeuble multilogement", 2, 1_500_000, 12_000_000,
     ("Construct 24-unit apartment building", "Construct 6-unit townhouse row"),
     ("Construction d'un immeuble de 24 logements", "Construction d'une rangée de 6 maisons en rangée")),
    ("renovation", "Residential renovation", "Rénovation résidentielle", 30, 5_000, 150_000,
     ("Interior renovation of kitchen and bathroom", "Finish basement, add bedroom and egress window"),
     ("Rénovation intérieure de la cuisine et de la salle de bain", "Finition du sous-sol, ajout d'une chambre")),
    ("addition", "Addition", "Agrandissement", 10, 30_000, 250_000,
     ("Two-storey addition at rear of dwelling", "Sunroom addition on existing deck"),
     ("Agrandissement de deux étages à l'arrière", "Ajout d'une verrière sur la terrasse existante")),
    ("accessory", "Accessory building", "Bâtiment accessoire", 14, 3_000, 60_000,
     ("Detached garage 24 ft x 24 ft", "Garden shed 10 ft x 12 ft"),
     ("Garage détaché de 24 pi x 24 pi", "Remise de jardin de 10 pi x 12 pi")),
    ("deck", "Deck or porch", "Terrasse ou galerie", 12, 2_000, 30_000,
     ("Replace front porch and stairs", "New rear deck with railing"),
     ("Remplacement de la galerie avant et de l'escalier", "Nouvelle terrasse arrière avec garde-corps")),
    ("pool", "Swimming pool", "Piscine", 4, 5_000, 70_000,
     ("In-ground pool with required fencing", "Above-ground pool and deck"),
     ("Piscine creusée avec clôture réglementaire", "Piscine hors terre et terrasse")),
    ("commercial_new", "New commercial building", "Nouveau bâtiment commercial", 2, 500_000, 8_000_000,
     ("Construct one-storey retail building", "Construct medical clinic"),
     ("Construction d'un bâtiment commercial d'un étage", "Construction d'une clinique médicale")),
    ("commercial_fitup", "Commercial renovation", "Rénovation commerciale", 8, 20_000, 900_000,
     ("Tenant fit-up for restaurant", "Renovate office space, second floor"),
     ("Aménagement d'un local pour un restaurant", "Rénovation de bureaux au deuxième étage")),
    ("demolition", "Demolition", "Démolition", 3, 5_000, 80_000,
     ("Demolish fire-damaged dwelling", "Demolish detached garage"),
     ("Démolition d'une maison endommagée par le feu", "Démolition d'un garage détaché")),
    ("sign", "Sign", "Enseigne", 3, 1_000, 25_000,
     ("Illuminated wall sign", "Freestanding pylon sign"),
     ("Enseigne murale lumineuse", "Enseigne sur pylône autoportante")),
)  # fmt: skip

HEADER = (
    "permit_number", "issue_date", "permit_type", "permit_type_en", "permit_type_fr", "address", "ward",
    "declared_value", "status", "description", "latitude", "longitude",
)  # fmt: skip


def _status(rng: random.Random, issued: dt.date) -> str:
    if (REFERENCE_DATE - issued).days < 365:
        return rng.choices(("issued", "closed", "cancelled"), (88, 9, 3))[0]
    return rng.choices(("closed", "expired", "cancelled"), (85, 10, 5))[0]


def _issue_dates(rng: random.Random, rows: int) -> list[dt.date]:
    days = (REFERENCE_DATE - FIRST_DAY).days
    dates: list[dt.date] = []
    while len(dates) < rows:
        day = FIRST_DAY + dt.timedelta(days=rng.randrange(days))
        # Permits are issued on weekdays, twice as often in the building season.
        busy = 1.0 if 4 <= day.month <= 9 else 0.5
        if day.weekday() < 5 and rng.random() < busy:
            dates.append(day)
    return sorted(dates)


def write_building_permits(directory: Path, scale: float) -> tuple[ResourceMeta, ...]:
    """Write the building permits CSV (6,000 rows at scale 1) and describe it."""
    rng = random.Random("maple-point/building-permits")
    weights = [t[3] for t in PERMIT_TYPES]
    rows = []
    per_year: dict[int, int] = {}
    for issued in _issue_dates(rng, scaled(ROWS, scale)):
        code, en, fr, _, low, high, texts_en, texts_fr = rng.choices(PERMIT_TYPES, weights)[0]
        per_year[issued.year] = per_year.get(issued.year, 0) + 1
        address = random_address(rng)
        value = math.exp(rng.uniform(math.log(low), math.log(high)))
        # Applicants round their estimates; contractors' quotes keep the cents.
        value = round(value, -3) if rng.random() < 0.6 else round(value, 2)
        text = rng.choice(texts_fr if rng.random() < 0.45 else texts_en)
        rows.append((
            f"BP-{issued.year}-{per_year[issued.year]:04d}", issued.isoformat(), code, en, fr,
            address.civic, address.ward, f"{value:.2f}", _status(rng, issued), text,
            f"{address.point[1]:.6f}", f"{address.point[0]:.6f}",
        ))  # fmt: skip
    path = write_csv(directory / "building-permits.csv", HEADER, rows)
    return (
        file_resource(
            path,
            LocalizedText("Building permits since 2019 (CSV)", "Permis de construction depuis 2019 (CSV)"),
            "CSV",
            "en+fr",
        ),
    )
