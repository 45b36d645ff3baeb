"""Food premises inspections, exported from a French-locale Excel: Windows-1252, semicolons, decimal commas.

This is how many municipal tables arrive: "CSV (séparateur : point-virgule)"
saved by Excel on a French Windows desktop. A reader that assumes UTF-8 and
commas gets it wrong; the file tests encoding and dialect detection.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from trousse.engine.metadata.model import LocalizedText, ResourceMeta
from trousse.sample.clock import REFERENCE_DATE
from trousse.sample.streets import Address, random_address
from trousse.sample.tables.files import file_resource, write_csv

FIRST_DAY = dt.date(2024, 11, 1)

ESTABLISHMENTS = (
    "Café Saint-Jérôme", "Rivière-du-Loup Bistro", "Boulangerie Chez Hélène", "Le Petit Caribou",
    "Pâtisserie L'Étoile", "Crêperie Sainte-Cécile", "Brasserie du Vieux-Port", "Maple Point Diner",
    "Harbour Fish & Chips", "Cantine Chez Réjean", "Pizzeria Évangéline", "Le Homard Bleu",
    "Sushi Marée", "Dépanneur Léger", "Épicerie Côté Cour", "Le Bouleau Café", "Lighthouse Pub",
    "Pho Bellefeuille", "Golden Maple Restaurant", "Casse-croûte du Quai", "Bistro L'Aboiteau",
    "Fromagerie Thériault", "Mill Hill Bakery", "Café Acadie", "Restaurant Chez Gérard",
    "Frites à Gogo", "Sandy Point Canteen", "Le Moulin à Café", "Auberge de la Pointe",
    "Trattoria Bella Marea", "Hôtel Champlain – salle à manger", "Shawarma du Centre-ville",
    "Fox Creek Smokehouse", "Les Délices de Noëlle", "Salon de thé Côte-du-Moulin",
    "Cantine « Chez Ti-Jean »", "Naan & Curry House", "Poissonnerie Gallant", "Crèmerie Belle-Rivière",
    "Marché Fermier – comptoir", "École Sainte-Thérèse – cafétéria", "Foyer Notre-Dame – cuisine",
    "Arena Canteen", "Tim's Grill", "Le Quai 21", "Wok d'Or", "Taverne du Marais",
    "Burger Bar Maple", "Chez Françoise Traiteur", "Épicerie Fine Côté Jardin",
    "Boucherie Melanson", "Pizza Délice", "Beignes Boudreau", "Resto-Bar L'Écluse",
    "Dragon Garden", "Tacos Acadia", "Camion-restaurant Goguen", "Country Kitchen",
    "Érablière du Ruisseau – salle", "Vélo-Café Gare",
)  # fmt: skip

# Column headers as the inspection unit's workbook has them, in French.
HEADER = (
    "No inspection", "No établissement", "Établissement", "Adresse", "Quartier", "Date inspection",
    "Type inspection", "Note (%)", "Infractions critiques", "Infractions non critiques", "Résultat",
    "Latitude", "Longitude",
)  # fmt: skip


def _decimal_comma(value: float, places: int) -> str:
    return f"{value:.{places}f}".replace(".", ",")


def _result(score: float, critical: int) -> str:
    if critical >= 2 or score < 70:
        return "Non conforme"
    if critical == 1 or score < 85:
        return "Conforme avec conditions"
    return "Conforme"


def write_restaurant_inspections(directory: Path, scale: float) -> tuple[ResourceMeta, ...]:
    """Write the food premises inspections as a Windows-1252, semicolon CSV and describe it."""
    rng = random.Random("maple-point/restaurant-inspections")
    premises = [(f"E{n:03d}", name, random_address(rng)) for n, name in enumerate(ESTABLISHMENTS, 1)]
    visits: list[tuple[dt.date, str, str, str, Address]] = []
    for number, name, address in premises:
        day = FIRST_DAY + dt.timedelta(days=rng.randrange(120))
        while day < REFERENCE_DATE:
            visits.append((day, "Routine", number, name, address))
            if rng.random() < 0.12:
                visits.append(
                    (day + dt.timedelta(days=rng.randrange(1, 60)), "Plainte", number, name, address)
                )
            day += dt.timedelta(days=rng.randrange(120, 240))
    visits = [v for v in visits if v[0] < REFERENCE_DATE]
    visits.sort(key=lambda v: (v[0], v[2], v[1]))

    graded = []
    for day, kind, number, name, address in visits:
        critical = rng.choices((0, 1, 2, 3), (70, 20, 7, 3))[0]
        minor = rng.choices(range(7), (25, 25, 20, 12, 9, 6, 3))[0]
        score = max(40.0, 100 - 9.5 * critical - 2.5 * minor - rng.choice((0, 0, 0.5, 1.5)))
        graded.append((day, kind, number, name, address, score, critical, minor))
        if _result(score, critical) == "Non conforme":
            follow = day + dt.timedelta(days=rng.randrange(3, 15))
            if follow < REFERENCE_DATE:
                graded.append((follow, "Suivi", number, name, address, min(100.0, score + 20), 0, minor // 2))
    graded.sort(key=lambda v: (v[0], v[2], v[1]))

    rows = [
        (
            f"INS-{day.year}-{n:04d}", number, name, address.civic, address.ward, day.isoformat(), kind,
            _decimal_comma(score, 1), critical, minor, _result(score, critical),
            _decimal_comma(address.point[1], 5), _decimal_comma(address.point[0], 5),
        )
        for n, (day, kind, number, name, address, score, critical, minor) in enumerate(graded, 1)
    ]  # fmt: skip
    path = write_csv(
        directory / "restaurant-inspections.csv",
        HEADER,
        rows,
        encoding="cp1252",
        delimiter=";",
        lineterminator="\r\n",
    )
    return (
        file_resource(
            path,
            LocalizedText(
                "Food premises inspections (CSV, Windows-1252, semicolons)",
                "Inspections des établissements alimentaires (CSV, Windows-1252, points-virgules)",
            ),
            "CSV",
            "fr",
        ),
    )
