"""Catalogue records for everyday services: 311, road closures, waste collection, snow routes, water valves."""

from __future__ import annotations

import datetime as dt

from trousse.engine.metadata.model import DatasetMeta, LocalizedKeywords, LocalizedText, ResourceMeta
from trousse.sample.catalogue.record import dataset_record
from trousse.sample.clock import days_before


def service_requests(resources: tuple[ResourceMeta, ...]) -> DatasetMeta:
    """Describe the 311 service requests."""
    return dataset_record(
        slug="311-service-requests",
        organization="customer-service",
        title=LocalizedText("311 service requests", "Demandes de service 311"),
        description=LocalizedText(
            """Every request residents made to 311 by phone, web form, mobile app or at the counter of
            Town Hall since November 2024: potholes, missed collections, snow clearing, streetlights and more.
            Each row gives when the request was opened and closed, its category, the ward, the block where
            the problem is, and the description the resident gave.

            The file is extracted every night from the 311 case management system. Times are local
            (Atlantic time).

            **Caveats**

            - Addresses and coordinates are rounded to the middle of the block to protect residents' privacy.
            - The description is the resident's own words, in English or French. It is screened for
              personal information before publication, but screening is not perfect: report anything
              personal to opendata@maplepoint.example.
            - A request can be closed as `cancelled` when it was a duplicate or not the Town's responsibility.""",
            """Toutes les demandes faites au 311 par téléphone, formulaire Web, application mobile ou au
            comptoir de l'hôtel de ville depuis novembre 2024 : nids-de-poule, collectes manquées, déneigement,
            lampadaires et plus encore. Chaque ligne indique quand la demande a été ouverte et fermée, sa
            catégorie, le quartier, le pâté de maisons visé et la description donnée par la personne.

            Le fichier est extrait chaque nuit du système de gestion des demandes du 311. Les heures sont
            locales (heure de l'Atlantique).

            **Mises en garde**

            - Les adresses et les coordonnées sont ramenées au milieu du pâté de maisons pour protéger la vie
              privée des résidents.
            - La description reprend les mots de la personne, en français ou en anglais. Elle est vérifiée
              avant publication pour en retirer les renseignements personnels, mais la vérification n'est pas
              parfaite : signalez tout renseignement personnel à opendata@maplepoint.example.
            - Une demande peut être fermée avec le statut `cancelled` si elle était en double ou ne relevait
              pas de la Ville.""",
        ),
        keywords=LocalizedKeywords(
            ("311", "service requests", "potholes", "snow clearing", "complaints"),
            ("311", "demandes de service", "nids-de-poule", "déneigement", "plaintes"),
        ),
        themes=("services", "infrastructure"),
        frequency="daily",
        modified=days_before(0),
        temporal=(dt.date(2024, 11, 1), dt.date(2026, 10, 30)),
        resources=resources,
    )


def road_closures(resources: tuple[ResourceMeta, ...]) -> DatasetMeta:
    """Describe the road closures list (meant to be weekly; last updated at the end of June)."""
    return dataset_record(
        slug="road-closures",
        organization="public-works",
        title=LocalizedText("Road closures", "Fermetures de rues"),
        description=LocalizedText(
            """Planned and emergency closures of streets, lanes and sidewalks for water main repairs,
            repaving, utility work and special events. Each closure gives the street, the range of civic
            numbers affected, the type of closure, the reason, and its start and end dates.

            Public Works staff update the list from work orders and event permits, and it is meant to be
            published every week.

            **Caveats**

            - The `status` column is as of the last update, not today: check the dates.
            - Emergency repairs are added after the fact; the list is not a live traffic service.""",
            """Fermetures prévues et d'urgence de rues, de voies et de trottoirs pour la réparation de
            conduites d'eau, le resurfaçage, des travaux de services publics et des événements spéciaux. Chaque
            fermeture indique la rue, la plage de numéros civiques touchée, le type de fermeture, la raison et
            les dates de début et de fin.

            Le personnel des Travaux publics met la liste à jour à partir des bons de travail et des permis
            d'événement; elle doit être publiée chaque semaine.

            **Mises en garde**

            - La colonne `status` reflète la dernière mise à jour, pas la date du jour : vérifiez les dates.
            - Les réparations d'urgence sont ajoutées après coup; la liste n'est pas un service de
              circulation en temps réel.""",
        ),
        keywords=LocalizedKeywords(
            ("road closures", "detours", "construction", "traffic"),
            ("fermetures de rues", "détours", "travaux", "circulation"),
        ),
        themes=("transportation", "infrastructure"),
        frequency="weekly",
        # Deliberately overdue: weekly data last touched four months before the reference date.
        modified=dt.datetime(2026, 6, 30, 19, 30, tzinfo=dt.UTC),
        temporal=(dt.date(2025, 1, 6), dt.date(2026, 8, 31)),
        resources=resources,
    )


def waste_collection(resources: tuple[ResourceMeta, ...]) -> DatasetMeta:
    """Describe the curbside collection calendar."""
    return dataset_record(
        slug="waste-collection-schedule",
        organization="public-works",
        title=LocalizedText(
            "Waste collection schedule 2026", "Calendrier de collecte des matières résiduelles 2026"
        ),
        description=LocalizedText(
            """The curbside collection calendar for 2026: for each of the four collection zones, every date
            on which garbage, recycling, compost and yard waste are picked up.

            Garbage and recycling alternate weeks. Compost is collected every week from May to October and
            every other week the rest of the year. Yard waste is collected for four weeks in spring and in
            fall. When a holiday falls on or before a collection day, the rest of that week's collection moves
            one day later (`moved_by_holiday` is `true`).

            **Caveats**

            - Storms can delay collection by a day; delays are announced on the Town's website, not here.
            - Zone boundaries follow ward boundaries (`wards` lists the wards in each zone).""",
            """Le calendrier de collecte en bordure de rue pour 2026 : pour chacune des quatre zones de
            collecte, toutes les dates de collecte des ordures, du recyclage, du compost et des résidus de
            jardin.

            Les ordures et le recyclage alternent d'une semaine à l'autre. Le compost est ramassé chaque
            semaine de mai à octobre et aux deux semaines le reste de l'année. Les résidus de jardin sont
            ramassés pendant quatre semaines au printemps et à l'automne. Lorsqu'un jour férié tombe avant ou
            pendant le jour de collecte, la collecte du reste de la semaine est reportée d'un jour
            (`moved_by_holiday` vaut `true`).

            **Mises en garde**

            - Les tempêtes peuvent retarder la collecte d'un jour; les retards sont annoncés sur le site de la
              Ville, pas ici.
            - Les zones suivent les limites des quartiers (la colonne `wards` indique les quartiers de chaque
              zone).""",
        ),
        keywords=LocalizedKeywords(
            ("garbage", "recycling", "compost", "collection calendar"),
            ("ordures", "recyclage", "compost", "calendrier de collecte"),
        ),
        themes=("environment", "services"),
        frequency="annual",
        modified=dt.datetime(2025, 12, 1, 14, 0, tzinfo=dt.UTC),
        temporal=(dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
        resources=resources,
    )


def snow_routes(resources: tuple[ResourceMeta, ...]) -> DatasetMeta:
    """Describe the snow clearing routes (a draft, not yet submitted for review)."""
    return dataset_record(
        slug="snow-clearing-routes",
        organization="public-works",
        title=LocalizedText("Snow clearing routes and priorities", "Circuits et priorités de déneigement"),
        description=LocalizedText(
            """Street segments with their snow clearing priority for the 2026-2027 winter. Priority 1
            (arterials) is cleared within 8 hours of the end of a storm, priority 2 (bus routes) within 16
            hours and priority 3 (residential streets) within 36 hours.

            Segments are drawn from the Town's street centreline file.

            **Caveats**

            - Draft: the priorities are awaiting Council's approval of the winter maintenance policy.
            - Sidewalk routes are not included yet.""",
            """Tronçons de rues avec leur priorité de déneigement pour l'hiver 2026-2027. La priorité 1
            (artères) est déneigée dans les 8 heures suivant la fin d'une tempête, la priorité 2 (circuits
            d'autobus) dans les 16 heures et la priorité 3 (rues résidentielles) dans les 36 heures.

            Les tronçons proviennent du fichier des axes de rues de la Ville.

            **Mises en garde**

            - Ébauche : les priorités attendent l'approbation par le conseil de la politique d'entretien
              hivernal.
            - Les circuits de déneigement des trottoirs ne sont pas encore inclus.""",
        ),
        keywords=LocalizedKeywords(
            ("snow clearing", "plowing", "winter", "streets"),
            ("déneigement", "chasse-neige", "hiver", "rues"),
        ),
        themes=("transportation", "infrastructure"),
        frequency="annual",
        modified=days_before(20),
        temporal=(dt.date(2026, 11, 15), dt.date(2027, 4, 15)),
        resources=resources,
        status="draft",
    )


def water_valves(resources: tuple[ResourceMeta, ...]) -> DatasetMeta:
    """Describe the water valve inventory (restricted: critical infrastructure)."""
    return dataset_record(
        slug="water-valves",
        organization="public-works",
        title=LocalizedText("Water distribution valves", "Vannes du réseau de distribution d'eau"),
        description=LocalizedText(
            """The inventory of valves on the water distribution network: type, diameter, normal position,
            installation year, when each valve was last exercised, and its location.

            Crews update the inventory in the asset management system after each exercising program.

            **Caveats**

            - Locations come from field GPS readings and can be off by a few metres.
            - Valves marked `inoperable` are scheduled for replacement.""",
            """L'inventaire des vannes du réseau de distribution d'eau : type, diamètre, position normale,
            année d'installation, date du dernier actionnement et emplacement.

            Les équipes mettent l'inventaire à jour dans le système de gestion des actifs après chaque
            programme d'actionnement.

            **Mises en garde**

            - Les emplacements proviennent de relevés GPS sur le terrain et peuvent être décalés de quelques
              mètres.
            - Les vannes marquées `inoperable` doivent être remplacées.""",
        ),
        keywords=LocalizedKeywords(
            ("water", "valves", "infrastructure", "assets"),
            ("eau", "vannes", "infrastructures", "actifs"),
        ),
        themes=("infrastructure", "public-safety"),
        frequency="quarterly",
        modified=days_before(45),
        temporal=(dt.date(1955, 1, 1), dt.date(2026, 9, 15)),
        resources=resources,
        access_level="restricted",
        access_reason=LocalizedText(
            "Critical infrastructure: exact valve locations are shared with contractors, utilities and "
            "emergency services under a data-sharing agreement. Request access from Public Works.",
            "Infrastructure essentielle : l'emplacement exact des vannes est communiqué aux entrepreneurs, "
            "aux services publics et aux services d'urgence en vertu d'une entente de partage de données. "
            "Demandez l'accès aux Travaux publics.",
        ),
    )
