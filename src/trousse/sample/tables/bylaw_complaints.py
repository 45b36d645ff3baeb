"""By-law complaints with the complainants' names and phone numbers: a table that must never be public."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from trousse.engine.metadata.model import LocalizedText, ResourceMeta
from trousse.sample.clock import REFERENCE_DATE
from trousse.sample.people import EMAIL_DOMAINS, email_for, office_phone, random_name
from trousse.sample.streets import random_address
from trousse.sample.tables.files import file_resource, write_csv

ROWS = 600
FIRST_DAY = dt.date(2024, 11, 1)

# code, English, French, weight, an officer's note in each language
CATEGORIES = (
    ("noise", "Noise", "Bruit", 25,
     "Spoke with occupant; music lowered. Warning issued.",
     "Rencontre avec l'occupant; musique baissée. Avertissement donné."),
    ("parking", "Parking", "Stationnement", 22,
     "Vehicle ticketed and towed during overnight ban.",
     "Contravention et remorquage pendant l'interdiction de nuit."),
    ("property_standards", "Property standards", "Normes d'entretien", 18,
     "Unsightly premises order sent to owner, 30 days to comply.",
     "Avis d'entretien envoyé au propriétaire, 30 jours pour se conformer."),
    ("animal", "Animal control", "Contrôle des animaux", 15,
     "Dog at large returned to owner; licence verified.",
     "Chien errant remis au propriétaire; licence vérifiée."),
    ("zoning", "Zoning use", "Usage non conforme au zonage", 8,
     "Home business operating without permit; owner told to apply.",
     "Entreprise à domicile sans permis; le propriétaire doit faire une demande."),
    ("fire_burning", "Open-air burning", "Feu à ciel ouvert", 7,
     "Burn without permit extinguished by fire department.",
     "Feu sans permis éteint par le service d'incendie."),
    ("snow_on_road", "Snow pushed onto street", "Neige poussée dans la rue", 5,
     "Contractor warned not to push snow across the street.",
     "Entrepreneur averti de ne pas pousser la neige dans la rue."),
)  # fmt: skip

HEADER = (
    "complaint_id", "received_date", "category", "category_en", "category_fr", "address", "ward",
    "complainant_name", "complainant_phone", "complainant_email", "status", "officer_notes",
)  # fmt: skip


def write_bylaw_complaints(directory: Path, scale: float) -> tuple[ResourceMeta, ...]:
    """Write the by-law complaints CSV, complainants included, and describe it."""
    rng = random.Random("maple-point/bylaw-complaints")
    days = (REFERENCE_DATE - FIRST_DAY).days
    received = sorted(FIRST_DAY + dt.timedelta(days=rng.randrange(days)) for _ in range(ROWS))
    rows = []
    for n, day in enumerate(received, 1):
        code, en, fr, _, note_en, note_fr = rng.choices(CATEGORIES, [c[3] for c in CATEGORIES])[0]
        name = random_name(rng)
        recent = (REFERENCE_DATE - day).days < 30
        status = rng.choice(("open", "under_investigation")) if recent else rng.choices(
            ("closed", "no_violation_found"), (75, 25))[0]  # fmt: skip
        address = random_address(rng)
        rows.append((
            f"BC-{n:05d}", day.isoformat(), code, en, fr, address.civic, address.ward, name, office_phone(rng),
            email_for(name, rng.choice(EMAIL_DOMAINS)) if rng.random() < 0.6 else "",
            status, "" if recent else (note_fr if rng.random() < 0.45 else note_en),
        ))  # fmt: skip
    path = write_csv(directory / "bylaw-complaints.csv", HEADER, rows)
    return (
        file_resource(
            path,
            LocalizedText(
                "By-law complaints (CSV, internal)", "Plaintes relatives aux arrêtés (CSV, interne)"
            ),
            "CSV",
            "en+fr",
        ),
    )
