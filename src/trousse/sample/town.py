"""Who the sample town is: its names, its wards and its streets, in English and French.

Everything here is invented. Maple Point / Pointe-aux-Érables is an officially
bilingual town of about 48,000 people in New Brunswick, split by the Bellefeuille
River into four northern and four southern wards.
"""

from __future__ import annotations

from dataclasses import dataclass

from trousse.engine.metadata.model import LocalizedText

NAME = LocalizedText("Town of Maple Point", "Ville de Pointe-aux-Érables")
PROVINCE = "NB"
POPULATION = 48_000
DOMAIN = "maplepoint.example"
WEBSITE = f"https://{DOMAIN}"
RIVER = LocalizedText("Bellefeuille River", "rivière Bellefeuille")

SPATIAL = LocalizedText(
    "Town of Maple Point, New Brunswick (wards 1 to 8)",
    "Ville de Pointe-aux-Érables, Nouveau-Brunswick (quartiers 1 à 8)",
)

# Ward number -> (English name, French name). Wards 1-4 lie north of the river, 5-8 south, west to east.
WARD_NAMES: dict[int, LocalizedText] = {
    1: LocalizedText("Old Harbour", "Vieux-Port"),
    2: LocalizedText("Mill Hill", "Côte-du-Moulin"),
    3: LocalizedText("Saint-Anselme", "Saint-Anselme"),
    4: LocalizedText("Heron Marsh", "Marais-aux-Hérons"),
    5: LocalizedText("Sandy Point", "Pointe-Sableuse"),
    6: LocalizedText("Town Centre", "Centre-ville"),
    7: LocalizedText("Maple Heights", "Hauteurs-des-Érables"),
    8: LocalizedText("Fox Creek", "Ruisseau-des-Renards"),
}
WARDS = tuple(WARD_NAMES)


@dataclass(frozen=True)
class Street:
    """A street's name in each language and the form used on civic addresses."""

    en: str
    fr: str
    official_language: str  # "en" or "fr": which form the street registry uses

    @property
    def official(self) -> str:
        return self.fr if self.official_language == "fr" else self.en

    def name(self, lang: str) -> str:
        return self.fr if lang == "fr" else self.en

    @property
    def fr_with_article(self) -> str:
        """Return the French name with its article, as it reads after "sur": "la rue Principale"."""
        article = _FRENCH_ARTICLES[self.fr.split(" ", 1)[0]]
        return f"{article}{self.fr}" if article.endswith("'") else f"{article} {self.fr}"


_FRENCH_ARTICLES = {
    "rue": "la",
    "avenue": "l'",
    "chemin": "le",
    "boulevard": "le",
    "promenade": "la",
    "allée": "l'",
    "croissant": "le",
    "cour": "la",
}


# Arterials cross a whole row of wards; the river road follows the south bank.
ARTERIALS: dict[str, tuple[Street, ...]] = {
    "north": (
        Street("Main Street", "rue Principale", "en"),
        Street("Mill Road", "chemin du Moulin", "fr"),
    ),
    "south": (
        Street("Evangeline Boulevard", "boulevard Évangéline", "fr"),
        Street("River Road", "chemin de la Rivière", "en"),
    ),
}

LOCAL_STREETS: tuple[Street, ...] = (
    Street("Maple Avenue", "avenue des Érables", "fr"),
    Street("Church Street", "rue de l'Église", "fr"),
    Street("Champlain Street", "rue Champlain", "fr"),
    Street("Acadie Avenue", "avenue de l'Acadie", "fr"),
    Street("School Street", "rue de l'École", "en"),
    Street("Station Street", "rue de la Gare", "en"),
    Street("Wharf Road", "chemin du Quai", "en"),
    Street("Lighthouse Road", "chemin du Phare", "fr"),
    Street("Harbour View Drive", "promenade Vue-du-Havre", "en"),
    Street("Orchard Street", "rue du Verger", "fr"),
    Street("Birch Crescent", "croissant des Bouleaux", "en"),
    Street("Spruce Street", "rue des Épinettes", "fr"),
    Street("Pine Street", "rue des Pins", "en"),
    Street("Cedar Lane", "allée des Cèdres", "en"),
    Street("Hillside Drive", "promenade de la Colline", "en"),
    Street("Meadow Street", "rue de la Prairie", "fr"),
    Street("Fishermen's Way", "chemin des Pêcheurs", "fr"),
    Street("Saint-Anselme Road", "chemin Saint-Anselme", "fr"),
    Street("Bridge Street", "rue du Pont", "en"),
    Street("Market Street", "rue du Marché", "fr"),
    Street("College Street", "rue du Collège", "fr"),
    Street("Sunset Drive", "promenade du Couchant", "en"),
    Street("Sandy Point Road", "chemin de la Pointe-Sableuse", "fr"),
    Street("Old Post Road", "chemin de l'Ancienne-Poste", "en"),
    Street("Marsh Road", "chemin du Marais", "fr"),
    Street("Aboiteau Street", "rue de l'Aboiteau", "fr"),
    Street("Blueberry Lane", "allée des Bleuets", "en"),
    Street("Fox Creek Road", "chemin du Ruisseau-des-Renards", "en"),
    Street("Heritage Drive", "promenade du Patrimoine", "en"),
    Street("Railway Street", "rue du Chemin-de-Fer", "en"),
    Street("Elm Street", "rue des Ormes", "en"),
    Street("Oak Street", "rue des Chênes", "en"),
    Street("Willow Street", "rue des Saules", "fr"),
    Street("Tidal Court", "cour des Marées", "fr"),
    Street("Industrial Drive", "promenade Industrielle", "en"),
    Street("Gallant Street", "rue Gallant", "fr"),
    Street("LeBlanc Avenue", "avenue LeBlanc", "fr"),
    Street("Hospital Street", "rue de l'Hôpital", "en"),
    Street("Park Street", "rue du Parc", "en"),
    Street("Arena Drive", "promenade de l'Aréna", "fr"),
)
