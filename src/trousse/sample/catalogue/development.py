"""Catalogue records for permits, licences and inspections."""

from __future__ import annotations

import datetime as dt

from trousse.engine.metadata.model import DatasetMeta, LocalizedKeywords, LocalizedText, ResourceMeta
from trousse.sample.catalogue.record import dataset_record
from trousse.sample.clock import days_before


def building_permits(resources: tuple[ResourceMeta, ...]) -> DatasetMeta:
    """Describe the building permits."""
    return dataset_record(
        slug="building-permits",
        organization="planning",
        title=LocalizedText("Building permits", "Permis de construction"),
        description=LocalizedText(
            """Building, renovation, demolition, pool and sign permits issued since January 2019, with the
            permit type, civic address, ward, the value of the work declared by the applicant, the permit's
            status and a short description of the work.

            Data come from the permit system of Planning and Development and are published every week.

            **Caveats**

            - The declared value is the applicant's estimate, not the final cost or the assessed value.
            - Descriptions are written by the permit clerk in English or French.
            - Permits that were refused or withdrawn before issue are not included.""",
            """Permis de construction, de rénovation, de démolition, de piscine et d'enseigne délivrés
            depuis janvier 2019, avec le type de permis, l'adresse civique, le quartier, la valeur des travaux
            déclarée par le demandeur, l'état du permis et une brève description des travaux.

            Les données proviennent du système de permis d'Urbanisme et aménagement et sont publiées chaque
            semaine.

            **Mises en garde**

            - La valeur déclarée est l'estimation du demandeur, non le coût final ni la valeur d'évaluation.
            - Les descriptions sont rédigées par le commis aux permis en français ou en anglais.
            - Les demandes refusées ou retirées avant la délivrance ne sont pas incluses.""",
        ),
        keywords=LocalizedKeywords(
            ("building permits", "construction", "renovation", "development"),
            ("permis de construction", "construction", "rénovation", "aménagement"),
        ),
        themes=("housing", "economy"),
        frequency="weekly",
        modified=days_before(2),
        temporal=(dt.date(2019, 1, 1), dt.date(2026, 10, 30)),
        resources=resources,
    )


def business_licences(resources: tuple[ResourceMeta, ...]) -> DatasetMeta:
    """Describe the business licences (a hand-kept spreadsheet with known errors)."""
    return dataset_record(
        slug="business-licences",
        organization="clerk",
        title=LocalizedText("Business licences", "Permis d'entreprise"),
        description=LocalizedText(
            """Business licences issued by the Town over the last three years: the business name, licence
            type, civic address, ward, issue and expiry dates, the fee paid and the licence status.

            The list is kept by the Clerk's office in a spreadsheet and exported every month.

            **Caveats**

            - The spreadsheet is typed by hand and has known errors: a few impossible dates, a licence
              number entered twice, a blank row, a row with a missing cell and fees typed as text. They are
              left as they are until the new licensing system replaces the spreadsheet.
            - Home-based businesses are listed at the owner's civic address.""",
            """Les permis d'entreprise délivrés par la Ville au cours des trois dernières années : nom de
            l'entreprise, type de permis, adresse civique, quartier, dates de délivrance et d'expiration, droits
            payés et état du permis.

            La liste est tenue par le Greffe dans un tableur et exportée chaque mois.

            **Mises en garde**

            - Le tableur est saisi à la main et contient des erreurs connues : quelques dates impossibles,
              un numéro de permis saisi deux fois, une ligne vide, une ligne à laquelle il manque une cellule
              et des droits saisis comme du texte. Elles sont laissées telles quelles jusqu'à ce que le nouveau
              système de permis remplace le tableur.
            - Les entreprises à domicile figurent à l'adresse civique du propriétaire.""",
        ),
        keywords=LocalizedKeywords(
            ("business licences", "businesses", "licensing"),
            ("permis d'entreprise", "entreprises", "licences"),
        ),
        themes=("economy",),
        frequency="monthly",
        modified=days_before(10),
        temporal=(dt.date(2023, 11, 1), dt.date(2026, 10, 30)),
        resources=resources,
    )


def restaurant_inspections(resources: tuple[ResourceMeta, ...]) -> DatasetMeta:
    """Describe the food premises inspections (exported from French Excel)."""
    return dataset_record(
        slug="restaurant-inspections",
        organization="inspections-bylaw",
        title=LocalizedText("Food premises inspections", "Inspections des établissements alimentaires"),
        description=LocalizedText(
            """Results of routine, complaint and follow-up inspections of restaurants, cafés, canteens and
            other food premises: the date, the score out of 100, the number of critical and non-critical
            violations found and the result (`Conforme`, `Conforme avec conditions`, `Non conforme`).

            Inspectors record their visits in a workbook, exported every month as it comes out of Excel.
            Column headers and values are in French.

            **Caveats**

            - The file is encoded in Windows-1252, uses semicolons between columns and commas as the decimal
              mark, as Excel saves CSV on a French-language computer.
            - A premises that fails is inspected again within two weeks (`Suivi`).
            - A score is a snapshot of the day of the visit.""",
            """Résultats des inspections courantes, sur plainte et de suivi des restaurants, cafés, cantines
            et autres établissements alimentaires : la date, la note sur 100, le nombre d'infractions critiques
            et non critiques relevées et le résultat (`Conforme`, `Conforme avec conditions`, `Non conforme`).

            Les inspecteurs consignent leurs visites dans un classeur, exporté chaque mois tel qu'Excel le
            produit. Les en-têtes de colonnes et les valeurs sont en français.

            **Mises en garde**

            - Le fichier est encodé en Windows-1252 et utilise le point-virgule comme séparateur et la
              virgule décimale, comme Excel enregistre les CSV sur un poste en français.
            - Un établissement non conforme est inspecté de nouveau dans les deux semaines (`Suivi`).
            - La note reflète la situation le jour de la visite.""",
        ),
        keywords=LocalizedKeywords(
            ("restaurant inspections", "food safety", "public health"),
            ("inspections de restaurants", "salubrité alimentaire", "santé publique"),
        ),
        themes=("health", "public-safety"),
        frequency="monthly",
        modified=days_before(6),
        temporal=(dt.date(2024, 11, 1), dt.date(2026, 10, 30)),
        resources=resources,
    )


def bylaw_complaints(resources: tuple[ResourceMeta, ...]) -> DatasetMeta:
    """Describe the by-law complaints (not public: complainants are named)."""
    return dataset_record(
        slug="bylaw-complaints",
        organization="inspections-bylaw",
        title=LocalizedText("By-law complaints", "Plaintes relatives aux arrêtés"),
        description=LocalizedText(
            """Complaints about noise, parking, property standards, animals, zoning and open-air burning
            received by By-law Enforcement, with the address concerned, the complainant's name and contact
            details, the status of the file and the officer's notes.

            Officers enter complaints in the case system; the extract is refreshed every week for internal
            reporting.

            **Caveats**

            - This dataset is listed so that residents know it exists; it is not released. Statistics by
              category and ward are published in the monthly 311 and by-law reports.""",
            """Plaintes concernant le bruit, le stationnement, l'entretien des propriétés, les animaux, le
            zonage et les feux à ciel ouvert reçues par l'Application des arrêtés, avec l'adresse visée, le nom
            et les coordonnées de la personne plaignante, l'état du dossier et les notes de l'agent.

            Les agents saisissent les plaintes dans le système de dossiers; l'extrait est actualisé chaque
            semaine pour les rapports internes.

            **Mises en garde**

            - Ce jeu de données est répertorié pour que les résidents sachent qu'il existe; il n'est pas
              diffusé. Des statistiques par catégorie et par quartier sont publiées dans les rapports mensuels
              du 311 et de l'application des arrêtés.""",
        ),
        keywords=LocalizedKeywords(
            ("by-law", "complaints", "enforcement", "noise"),
            ("arrêtés", "plaintes", "application", "bruit"),
        ),
        themes=("public-safety", "services"),
        frequency="weekly",
        modified=days_before(1),
        temporal=(dt.date(2024, 11, 1), dt.date(2026, 10, 30)),
        resources=resources,
        access_level="non_public",
        access_reason=LocalizedText(
            "Contains personal information (complainants' names and contact details) protected under the "
            "Right to Information and Protection of Privacy Act.",
            "Contient des renseignements personnels (nom et coordonnées des personnes plaignantes) protégés "
            "par la Loi sur le droit à l'information et la protection de la vie privée.",
        ),
    )
