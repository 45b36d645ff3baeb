"""Town Council for the 2026-2030 term: the mayor, a councillor per ward and two at large."""

from __future__ import annotations

from pathlib import Path

from trousse.engine.metadata.model import LocalizedText, ResourceMeta
from trousse.sample.people import email_for
from trousse.sample.tables.files import file_resource, write_csv, write_json
from trousse.sample.town import DOMAIN, WARD_NAMES

TERM_START, TERM_END = "2026-06-01", "2030-05-31"

# Role code -> English, French masculine, French feminine (French titles agree with the person).
ROLES = {
    "mayor": ("Mayor", "Maire", "Mairesse"),
    "deputy_mayor": ("Deputy Mayor", "Maire adjoint", "Mairesse adjointe"),
    "councillor": ("Councillor", "Conseiller", "Conseillère"),
}

# name, feminine title?, role, ward (None at large), first elected, office phone
MEMBERS = (
    ("Chantal Robichaud", True, "mayor", None, 2018, "506-555-0101"),
    ("Owen MacDonald", False, "councillor", 1, 2022, "506-555-0102"),
    ("Geneviève Landry", True, "councillor", 2, 2026, "506-555-0103"),
    ("Réjean Cormier", False, "deputy_mayor", 3, 2014, "506-555-0104"),
    ("Heather Steeves", True, "councillor", 4, 2022, "506-555-0105"),
    ("Luc Arsenault", False, "councillor", 5, 2018, "506-555-0106"),
    ("Sarah Wheaton", True, "councillor", 6, 2026, "506-555-0107"),
    ("Mathieu Bourque", False, "councillor", 7, 2022, "506-555-0108"),
    ("Émilie Savoie", True, "councillor", 8, 2026, "506-555-0109"),
    ("David Trites", False, "councillor", None, 2018, "506-555-0112"),
    ("Isabelle Thibodeau", True, "councillor", None, 2022, "506-555-0113"),
)  # fmt: skip

HEADER = (
    "member_id", "name", "role", "role_en", "role_fr", "ward", "ward_name_en", "ward_name_fr", "email",
    "phone", "first_elected", "term_start", "term_end",
)  # fmt: skip


def member_records() -> list[dict]:
    """Return the council members as nested records, as the JSON resource holds them."""
    records = []
    for n, (name, feminine, role, ward, first_elected, phone) in enumerate(MEMBERS, 1):
        en, fr_m, fr_f = ROLES[role]
        records.append({
            "member_id": f"C{n:02d}",
            "name": name,
            "role": {"code": role, "en": en, "fr": fr_f if feminine else fr_m},
            "ward": None if ward is None else {
                "number": ward, "en": WARD_NAMES[ward].en, "fr": WARD_NAMES[ward].fr,
            },
            "email": email_for(name, DOMAIN),
            "phone": phone,
            "first_elected": first_elected,
            "term": {"start": TERM_START, "end": TERM_END},
        })  # fmt: skip
    return records


def write_council_members(directory: Path, scale: float) -> tuple[ResourceMeta, ...]:
    """Write the council members as CSV and JSON and describe both."""
    records = member_records()
    rows = [
        (
            r["member_id"], r["name"], r["role"]["code"], r["role"]["en"], r["role"]["fr"],
            r["ward"]["number"] if r["ward"] else "", r["ward"]["en"] if r["ward"] else "",
            r["ward"]["fr"] if r["ward"] else "", r["email"], r["phone"], r["first_elected"],
            r["term"]["start"], r["term"]["end"],
        )
        for r in records
    ]  # fmt: skip
    csv_path = write_csv(directory / "council-members.csv", HEADER, rows)
    json_path = write_json(
        directory / "council-members.json", {"term": [TERM_START, TERM_END], "members": records}
    )
    return (
        file_resource(
            csv_path, LocalizedText("Council members (CSV)", "Membres du conseil (CSV)"), "CSV", "en+fr"
        ),
        file_resource(
            json_path,
            LocalizedText("Council members (JSON)", "Membres du conseil (JSON)"),
            "JSON",
            "en+fr",
            LocalizedText(
                "The same records, with role and ward as nested objects.",
                "Les mêmes données, avec le rôle et le quartier en objets imbriqués.",
            ),
        ),
    )
