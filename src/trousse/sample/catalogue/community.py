"""Catalogue records for getting around and getting outside: bus stops, parks, street trees, facilities."""

from __future__ import annotations

import datetime as dt

from trousse.engine.metadata.model import DatasetMeta, LocalizedKeywords, LocalizedText, ResourceMeta
from trousse.sample.catalogue.record import dataset_record
from trousse.sample.clock import days_before


def transit_stops(resources: tuple[ResourceMeta, ...]) -> DatasetMeta:
    """Describe the bus stops."""
    return dataset_record(
        slug="transit-stops",
        organization="transit",
        title=LocalizedText("Bus stops", "Arrêts d'autobus"),
        description=LocalizedText(
            """Every stop served by Maple Point Transit's seven routes, with its stop code (shown on the
            sign), its name in English and French, its position and whether it is wheelchair accessible.
            Columns follow the GTFS `stops.txt` file, so the table can be joined with the Town's GTFS feed.

            Stops are surveyed when routes change; the table is republished each quarter with the schedule.

            **Caveats**

            - `wheelchair_boarding` uses GTFS codes: 1 accessible, 2 not accessible, 0 not yet assessed.
            - Temporary stops during road work are not included; see the road closures dataset.""",
            """Tous les arrêts desservis par les sept circuits du Transport en commun de Pointe-aux-Érables,
            avec le code d'arrêt (affiché sur le panneau), le nom en français et en anglais, la position et
            l'accessibilité en fauteuil roulant. Les colonnes suivent le fichier GTFS `stops.txt`, de sorte que
            la table peut être jointe au flux GTFS de la Ville.

            Les arrêts sont relevés lors des changements de circuits; la table est republiée chaque
            trimestre avec l'horaire.

            **Mises en garde**

            - `wheelchair_boarding` utilise les codes GTFS : 1 accessible, 2 non accessible, 0 non évalué.
            - Les arrêts temporaires pendant les travaux ne sont pas inclus; consultez le jeu de données sur
              les fermetures de rues.""",
        ),
        keywords=LocalizedKeywords(
            ("transit", "bus stops", "GTFS", "accessibility"),
            ("transport en commun", "arrêts d'autobus", "GTFS", "accessibilité"),
        ),
        themes=("transportation",),
        frequency="quarterly",
        modified=days_before(33),
        temporal=(dt.date(2026, 9, 1), None),
        resources=resources,
        licence="cc-by-4.0",
    )


def parks(resources: tuple[ResourceMeta, ...]) -> DatasetMeta:
    """Describe the parks."""
    return dataset_record(
        slug="parks",
        organization="parks-recreation",
        title=LocalizedText("Parks and green spaces", "Parcs et espaces verts"),
        description=LocalizedText(
            """The outlines of the Town's parks, squares, riverfront parks and conservation areas, with their
            names in English and French, their type, ward, area in hectares and the amenities they offer
            (playgrounds, splash pads, sports fields, trails, washrooms and more).

            Outlines are digitized from the Town's aerial imagery and checked each spring by park staff.

            **Caveats**

            - Areas are computed from the outlines and may differ from the legal parcel areas.
            - `amenities` is a list of codes; a park with seasonal amenities lists them all year.""",
            """Le contour des parcs, places publiques, parcs riverains et aires de conservation de la Ville,
            avec leur nom en français et en anglais, leur type, leur quartier, leur superficie en hectares et
            leurs équipements (terrains de jeux, jeux d'eau, terrains de sport, sentiers, toilettes, etc.).

            Les contours sont numérisés à partir des photos aériennes de la Ville et vérifiés chaque
            printemps par le personnel des parcs.

            **Mises en garde**

            - Les superficies sont calculées à partir des contours et peuvent différer de celles des
              parcelles cadastrales.
            - `amenities` est une liste de codes; un parc aux équipements saisonniers les indique toute
              l'année.""",
        ),
        keywords=LocalizedKeywords(
            ("parks", "green space", "playgrounds", "trails"),
            ("parcs", "espaces verts", "terrains de jeux", "sentiers"),
        ),
        themes=("recreation", "environment", "geography"),
        frequency="annual",
        modified=days_before(120),
        temporal=(dt.date(2026, 5, 1), None),
        resources=resources,
    )


def street_trees(resources: tuple[ResourceMeta, ...]) -> DatasetMeta:
    """Describe the street tree inventory."""
    return dataset_record(
        slug="street-trees",
        organization="parks-recreation",
        title=LocalizedText("Street tree inventory", "Inventaire des arbres de rue"),
        description=LocalizedText(
            """Every tree the Town owns along its streets: species (common name in English and French, and
            Latin name), trunk diameter at breast height (1.4 m) in centimetres, condition, planting year,
            nearest civic address, ward and position.

            Arborists update the inventory as trees are planted, pruned or removed; the full table is
            published every year after the summer survey.

            **Caveats**

            - `planted_year` is blank for trees that predate the Town's planting records.
            - Trees in parks and on private property are not included.
            - Green ash is being removed ahead of the emerald ash borer; expect its numbers to drop.""",
            """Tous les arbres appartenant à la Ville le long de ses rues : essence (nom commun en français et
            en anglais, et nom latin), diamètre du tronc à hauteur de poitrine (1,4 m) en centimètres, état,
            année de plantation, adresse civique la plus proche, quartier et position.

            Les arboristes mettent l'inventaire à jour à mesure que les arbres sont plantés, élagués ou
            abattus; la table complète est publiée chaque année après le relevé estival.

            **Mises en garde**

            - `planted_year` est vide pour les arbres antérieurs aux registres de plantation de la Ville.
            - Les arbres des parcs et des propriétés privées ne sont pas inclus.
            - Le frêne rouge est retiré progressivement en prévision de l'agrile du frêne; son nombre va
              diminuer.""",
        ),
        keywords=LocalizedKeywords(
            ("trees", "urban forest", "canopy", "species"),
            ("arbres", "forêt urbaine", "canopée", "essences"),
        ),
        themes=("environment",),
        frequency="annual",
        modified=days_before(95),
        temporal=(dt.date(1951, 1, 1), dt.date(2026, 7, 28)),
        resources=resources,
        licence="cc0-1.0",
    )


def recreation_facilities(resources: tuple[ResourceMeta, ...]) -> DatasetMeta:
    """Describe the recreation facilities (submitted, awaiting review)."""
    return dataset_record(
        slug="recreation-facilities",
        organization="parks-recreation",
        title=LocalizedText("Recreation facilities", "Installations récréatives"),
        description=LocalizedText(
            """Arenas, the aquatic centre, community centres, library branches, sports fields, splash pads,
            skate parks and outdoor rinks run by the Town, with their names in English and French, address,
            ward, the year each opened, accessibility and a phone number.

            Compiled by Parks and Recreation from its booking system for the new facility finder.

            **Caveats**

            - `accessible` is `yes`, `partial` or `no`, from the 2025 accessibility audit.
            - Opening hours are not included yet; they change with the seasons.""",
            """Arénas, centre aquatique, centres communautaires, succursales de bibliothèque, terrains de
            sport, jeux d'eau, planchodromes et patinoires extérieures gérés par la Ville, avec leur nom en
            français et en anglais, l'adresse, le quartier, l'année d'ouverture, l'accessibilité et un numéro
            de téléphone.

            Compilé par Parcs et loisirs à partir de son système de réservation pour le nouveau localisateur
            d'installations.

            **Mises en garde**

            - `accessible` vaut `yes`, `partial` ou `no`, selon la vérification d'accessibilité de 2025.
            - Les heures d'ouverture ne sont pas encore incluses; elles changent selon les saisons.""",
        ),
        keywords=LocalizedKeywords(
            ("recreation", "arenas", "pools", "community centres"),
            ("loisirs", "arénas", "piscines", "centres communautaires"),
        ),
        themes=("recreation", "society"),
        frequency="annual",
        modified=days_before(4),
        temporal=(dt.date(2026, 10, 27), None),
        resources=resources,
        status="in_review",
    )
