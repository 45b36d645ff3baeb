"""Business licences, kept in a hand-edited spreadsheet: the table that fails validation on purpose.

The flaws are the ones staff really make and a validator must report: dates
that do not exist, a licence number typed twice, a blank row, a row with a
cell missing, and fees typed as text.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from trousse.engine.metadata.model import LocalizedText, ResourceMeta
from trousse.sample.clock import REFERENCE_DATE
from trousse.sample.people import FIRST_NAMES, LAST_NAMES
from trousse.sample.streets import random_address
from trousse.sample.tables.files import file_resource, write_csv

ROWS = 900

# licence type code, English, French, annual fee
LICENCE_TYPES = {
    "retail": ("Retail store", "Commerce de détail", 150),
    "restaurant": ("Restaurant or café", "Restaurant ou café", 250),
    "home_based": ("Home-based business", "Entreprise à domicile", 75),
    "contractor": ("Contractor", "Entrepreneur", 200),
    "taxi": ("Taxi", "Taxi", 120),
    "food_truck": ("Food truck", "Cantine mobile", 300),
    "personal_services": ("Personal services", "Services personnels", 100),
    "short_term_rental": ("Short-term rental", "Location à court terme", 350),
}

# licence type, English trade (after a family name), French trade (before it)
TRADES = (
    ("retail", "Convenience", "Dépanneur"), ("retail", "Hardware", "Quincaillerie"),
    ("restaurant", "Pizza", "Pizzeria"), ("restaurant", "Bakery", "Boulangerie"),
    ("personal_services", "Hair Studio", "Salon de coiffure"), ("personal_services", "Esthetics", "Esthétique"),
    ("contractor", "Plumbing", "Plomberie"), ("contractor", "Roofing", "Toiture"),
    ("contractor", "Landscaping", "Aménagement paysager"), ("home_based", "Consulting", "Services-conseils"),
    ("home_based", "Bookkeeping", "Tenue de livres"), ("taxi", "Taxi", "Taxi"),
    ("food_truck", "Food Truck", "Cantine mobile"), ("short_term_rental", "Cottages", "Chalets"),
)  # fmt: skip

HEADER = (
    "licence_id", "business_name", "licence_type", "licence_type_en", "licence_type_fr", "address", "ward",
    "issue_date", "expiry_date", "fee", "status",
)  # fmt: skip


def _clean_rows(rng: random.Random) -> list[list[str]]:
    rows = []
    for _ in range(ROWS):
        code, trade_en, trade_fr = rng.choice(TRADES)
        family = rng.choice(LAST_NAMES)
        name = f"{trade_fr} {family}" if rng.random() < 0.5 else f"{family} {trade_en}"
        if rng.random() < 0.1:
            name = f"{trade_fr} Chez {rng.choice(FIRST_NAMES)}"
        type_en, type_fr, fee = LICENCE_TYPES[code]
        issued = REFERENCE_DATE - dt.timedelta(days=rng.randrange(3 * 365))
        expires = issued + dt.timedelta(days=364)  # licences run one year
        if expires < REFERENCE_DATE:
            status = "expired"
        else:
            status = rng.choices(("active", "suspended"), (97, 3))[0]
        address = random_address(rng)
        rows.append([
            "", name, code, type_en, type_fr, address.civic, str(address.ward),
            issued.isoformat(), expires.isoformat(), f"{fee:.2f}", status,
        ])  # fmt: skip
    rows.sort(key=lambda r: (r[7], r[1]))
    per_year: dict[str, int] = {}
    for row in rows:
        year = row[7][:4]
        per_year[year] = per_year.get(year, 0) + 1
        row[0] = f"BL-{year}-{per_year[year]:04d}"
    return rows


def _spoil(rows: list[list[str]]) -> list[list[str]]:
    """Return ``rows`` with the flaws staff typed into the spreadsheet, at fixed places."""
    issue, expiry, fee = HEADER.index("issue_date"), HEADER.index("expiry_date"), HEADER.index("fee")
    rows = [list(r) for r in rows]
    rows[57][issue] = "2025-13-40"  # month 13, day 40
    rows[311][expiry] = "2024-02-30"  # a day February never has
    rows[604][issue] = "31/06/2025"  # wrong format, and June has 30 days
    rows[128][fee] = "N/A"
    rows[702][fee] = "150,00 $"  # French-Canadian currency notation typed as text
    rows[455][0] = rows[454][0]  # the same licence number typed twice
    del rows[233][HEADER.index("ward")]  # one cell short: the columns after it shift left
    rows.insert(400, [""] * len(HEADER))  # a blank row left after a deleted entry
    return rows


def write_business_licences(directory: Path, scale: float) -> tuple[ResourceMeta, ...]:
    """Write the business licences CSV (900 rows, with deliberate errors) and describe it."""
    rng = random.Random("maple-point/business-licences")
    path = write_csv(directory / "business-licences.csv", HEADER, _spoil(_clean_rows(rng)))
    return (
        file_resource(
            path,
            LocalizedText("Business licences (CSV)", "Permis d'entreprise (CSV)"),
            "CSV",
            "en+fr",
        ),
    )
