"""The general operating budget by function and line, 2025 (budget and actual) and 2026 (budget).

Functions follow the province's municipal reporting categories. Revenues
balance expenses each year, as New Brunswick requires of a municipal budget:
the property tax warrant is what is left to raise once other revenues count.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import random
from pathlib import Path

from trousse.engine.metadata.model import LocalizedText, ResourceMeta
from trousse.sample.tables.files import file_resource, write_csv

# function code, English, French, [(line code, English, French, 2025 budget in dollars)]
EXPENSES = (
    ("general_government", "General government services", "Services administratifs généraux", (
        ("council", "Council", "Conseil", 450_000),
        ("administration", "Administration and clerk", "Administration et greffe", 1_250_000),
        ("finance", "Finance", "Finances", 2_100_000),
        ("information_technology", "Information technology", "Technologies de l'information", 1_800_000),
        ("human_resources", "Human resources", "Ressources humaines", 900_000),
    )),
    ("protective", "Protective services", "Services de protection", (
        ("fire", "Fire department", "Service d'incendie", 9_500_000),
        ("policing", "Policing contract (RCMP)", "Contrat de services policiers (GRC)", 11_200_000),
        ("emergency_measures", "Emergency measures", "Mesures d'urgence", 300_000),
        ("bylaw_enforcement", "By-law enforcement and inspections", "Application des arrêtés et inspections",
         1_100_000),
    )),
    ("transportation", "Transportation services", "Services de transport", (
        ("roads", "Roads and streets", "Voirie", 6_800_000),
        ("snow_ice", "Snow and ice control", "Déneigement et déglaçage", 4_900_000),
        ("street_lighting", "Street lighting", "Éclairage des rues", 1_200_000),
        ("transit", "Public transit", "Transport en commun", 5_600_000),
    )),
    ("environmental_health", "Environmental health services", "Services d'hygiène environnementale", (
        ("solid_waste", "Solid waste collection and disposal", "Collecte et élimination des déchets solides",
         4_100_000),
    )),
    ("development", "Environmental development services", "Services d'aménagement de l'environnement", (
        ("planning", "Planning and development", "Urbanisme et aménagement", 1_400_000),
        ("economic_development", "Economic development", "Développement économique", 1_000_000),
        ("tourism", "Tourism", "Tourisme", 600_000),
    )),
    ("recreation_culture", "Recreation and cultural services", "Services récréatifs et culturels", (
        ("parks", "Parks and trails", "Parcs et sentiers", 3_900_000),
        ("facilities", "Recreation facilities", "Installations récréatives", 4_600_000),
        ("library", "Public library", "Bibliothèque publique", 1_300_000),
        ("programs", "Recreation programs", "Programmes de loisirs", 1_200_000),
    )),
    ("fiscal", "Fiscal services", "Services financiers", (
        ("debt_charges", "Debt charges", "Service de la dette", 6_500_000),
        ("capital_transfer", "Transfer to capital fund", "Virement au fonds d'immobilisations", 3_000_000),
    )),
)  # fmt: skip

REVENUES = (
    ("community_funding", "Community funding and equalization grant",
     "Subvention de financement et de péréquation communautaire", 2_900_000),
    ("sales_of_services", "Sales of services", "Vente de services", 3_400_000),
    ("transit_fares", "Transit fares", "Droits de passage du transport en commun", 1_600_000),
    ("other_own_source", "Other own-source revenue", "Autres recettes de source propre", 1_200_000),
    ("prior_surplus", "Surplus of the second previous year", "Excédent de l'avant-dernier exercice", 400_000),
)  # fmt: skip
WARRANT = ("property_tax_warrant", "Property tax warrant", "Mandat d'impôt foncier")

HEADER = (
    "fiscal_year", "function", "function_en", "function_fr", "kind", "line", "line_en", "line_fr",
    "budget", "actual",
)  # fmt: skip


def budget_rows() -> list[tuple]:
    """Return the budget lines for 2025 and 2026; 2026 has no actual yet."""
    rng = random.Random("maple-point/operating-budget")
    rows: list[tuple] = []
    for year, growth in ((2025, 1.0), (2026, 1.034)):
        closed = year == 2025
        total = 0
        for code, en, fr, lines in EXPENSES:
            for line, line_en, line_fr, base in lines:
                budget = _budgeted(rng, base, growth)
                total += budget
                rows.append((year, code, en, fr, "expense", line, line_en, line_fr, budget,
                             _actual(rng, budget, closed)))  # fmt: skip
        others = 0
        for line, line_en, line_fr, base in REVENUES:
            budget = _budgeted(rng, base, growth)
            others += budget
            rows.append((year, "revenue", "Revenue", "Recettes", "revenue", line, line_en, line_fr, budget,
                         _actual(rng, budget, closed)))  # fmt: skip
        warrant = total - others
        rows.append((year, "revenue", "Revenue", "Recettes", "revenue", *WARRANT, warrant,
                     _actual(rng, warrant, closed)))  # fmt: skip
    return rows


def _budgeted(rng: random.Random, base: int, growth: float) -> int:
    return int(round(base * growth * rng.uniform(0.99, 1.03), -2))


def _actual(rng: random.Random, budget: int, closed: bool) -> float | str:
    """Return the year's actual spending or revenue; blank while the year is still open."""
    return round(budget * rng.uniform(0.93, 1.07), 2) if closed else ""


def _write_xlsx(path: Path, rows: list[tuple]) -> Path:
    """Write ``rows`` as a formatted workbook (needs xlsxwriter) with fixed document dates."""
    import xlsxwriter  # optional dependency: checked by the caller

    workbook = xlsxwriter.Workbook(str(path))
    # A fixed creation date keeps the file byte-identical from run to run.
    workbook.set_properties({"title": "Operating budget / Budget de fonctionnement",
                             "created": dt.datetime(2026, 1, 15, 12, 0, 0)})  # fmt: skip
    money = workbook.add_format({"num_format": "#,##0.00"})
    bold = workbook.add_format({"bold": True})
    sheet = workbook.add_worksheet("Budget")
    sheet.write_row(0, 0, HEADER, bold)
    for r, row in enumerate(rows, 1):
        sheet.write_row(r, 0, row[:8])
        sheet.write_number(r, 8, row[8], money)
        if row[9] != "":
            sheet.write_number(r, 9, row[9], money)
    sheet.freeze_panes(1, 0)
    workbook.close()
    return path


def write_operating_budget(directory: Path, scale: float) -> tuple[ResourceMeta, ...]:
    """Write the operating budget as CSV (and XLSX when xlsxwriter is installed) and describe it."""
    rows = budget_rows()
    csv_path = write_csv(directory / "operating-budget.csv", HEADER, rows)
    resources = [
        file_resource(
            csv_path,
            LocalizedText("Operating budget (CSV)", "Budget de fonctionnement (CSV)"),
            "CSV",
            "en+fr",
        )
    ]
    if importlib.util.find_spec("xlsxwriter") is not None:
        xlsx_path = _write_xlsx(directory / "operating-budget.xlsx", rows)
        resources.append(
            file_resource(
                xlsx_path,
                LocalizedText(
                    "Operating budget (Excel workbook)", "Budget de fonctionnement (classeur Excel)"
                ),
                "XLSX",
                "en+fr",
            )
        )
    return tuple(resources)
