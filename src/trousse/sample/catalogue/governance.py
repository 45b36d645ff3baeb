"""Catalogue records for council, wards and money: members, boundaries, meeting videos, the budget."""

from __future__ import annotations

import datetime as dt

from trousse.engine.metadata.model import DatasetMeta, LocalizedKeywords, LocalizedText, ResourceMeta
from trousse.sample.catalogue.record import dataset_record
from trousse.sample.clock import days_before
from trousse.sample.town import WEBSITE


def council_members(resources: tuple[ResourceMeta, ...]) -> DatasetMeta:
    """Describe the council members."""
    return dataset_record(
        slug="council-members",
        organization="clerk",
        title=LocalizedText("Town Council members", "Membres du conseil municipal"),
        description=LocalizedText(
            """The mayor and councillors elected for the 2026-2030 term: name, role, ward (blank for the
            mayor and the two councillors at large), office e-mail and phone, and the year each was first
            elected.

            The Clerk's office updates the list after each election or by-election, or when a role changes.

            **Caveats**

            - Contact details are the members' Town office addresses, not personal ones.
            - The JSON file holds the same records with role and ward as nested objects.""",
            """La mairesse et les conseillers élus pour le mandat 2026-2030 : nom, rôle, quartier (vide pour
            la mairesse et les deux membres élus à l'échelle de la ville), courriel et téléphone de bureau, et
            l'année de la première élection.

            Le Greffe met la liste à jour après chaque élection générale ou partielle, ou lorsqu'un rôle
            change.

            **Mises en garde**

            - Les coordonnées sont celles des bureaux de la Ville, et non des coordonnées personnelles.
            - Le fichier JSON contient les mêmes données, avec le rôle et le quartier en objets imbriqués.""",
        ),
        keywords=LocalizedKeywords(
            ("council", "mayor", "councillors", "elected officials"),
            ("conseil municipal", "mairesse", "conseillers", "élus"),
        ),
        themes=("government",),
        frequency="as_needed",
        modified=dt.datetime(2026, 6, 2, 13, 0, tzinfo=dt.UTC),
        temporal=(dt.date(2026, 6, 1), dt.date(2030, 5, 31)),
        resources=resources,
    )


def ward_boundaries(resources: tuple[ResourceMeta, ...]) -> DatasetMeta:
    """Describe the ward boundaries."""
    return dataset_record(
        slug="ward-boundaries",
        organization="clerk",
        title=LocalizedText("Ward boundaries", "Limites des quartiers électoraux"),
        description=LocalizedText(
            """The eight electoral wards of the Town, as polygons, with each ward's number, name in English
            and French, and area in hectares. The Bellefeuille River separates wards 1 to 4, on the north
            bank, from wards 5 to 8, on the south bank.

            Boundaries were last reviewed before the 2026 municipal election and are drawn so that each ward
            has roughly the same number of electors.

            **Caveats**

            - Coordinates are WGS 84 longitude and latitude (RFC 7946 GeoJSON).
            - Along the river the boundary follows the middle of the channel, simplified.""",
            """Les huit quartiers électoraux de la Ville, sous forme de polygones, avec le numéro, le nom en
            français et en anglais et la superficie en hectares de chaque quartier. La rivière Bellefeuille
            sépare les quartiers 1 à 4, sur la rive nord, des quartiers 5 à 8, sur la rive sud.

            Les limites ont été révisées avant l'élection municipale de 2026 et sont tracées pour que chaque
            quartier compte à peu près le même nombre d'électeurs.

            **Mises en garde**

            - Les coordonnées sont en longitude et latitude WGS 84 (GeoJSON RFC 7946).
            - Le long de la rivière, la limite suit le milieu du chenal, simplifié.""",
        ),
        keywords=LocalizedKeywords(
            ("wards", "electoral boundaries", "elections", "maps"),
            ("quartiers", "limites électorales", "élections", "cartes"),
        ),
        themes=("government", "geography"),
        frequency="as_needed",
        modified=dt.datetime(2025, 9, 15, 15, 0, tzinfo=dt.UTC),
        temporal=(dt.date(2025, 9, 15), None),
        resources=resources,
    )


def council_meeting_videos(resources: tuple[ResourceMeta, ...]) -> DatasetMeta:
    """Describe the council meeting video archive (links only)."""
    links = (
        ResourceMeta(
            name=LocalizedText("Council meeting video archive", "Archives vidéo des séances du conseil"),
            description=LocalizedText(
                "Recordings of every public meeting since 2019, with agendas and minutes.",
                "Enregistrements de toutes les séances publiques depuis 2019, avec ordres du jour et procès-verbaux.",
            ),
            url=f"{WEBSITE}/council/meetings/videos",
            format="HTML",
            language="en+fr",
        ),
        ResourceMeta(
            name=LocalizedText("Meeting calendar", "Calendrier des séances"),
            url=f"{WEBSITE}/council/meetings/calendar",
            format="HTML",
            language="en+fr",
        ),
    )
    return dataset_record(
        slug="council-meeting-videos",
        organization="clerk",
        title=LocalizedText("Council meeting videos", "Vidéos des séances du conseil"),
        description=LocalizedText(
            """Video recordings of the regular and special public meetings of Town Council and its
            committees since January 2019. Each recording is linked from the archive page with the meeting's
            agenda and minutes.

            Meetings are held in both official languages with simultaneous interpretation; recordings carry
            the floor audio, and the interpreted audio in English and in French.

            **Caveats**

            - Closed (in camera) sessions are not recorded.
            - This dataset links to the archive on the Town's website; the videos are not downloadable files.""",
            """Enregistrements vidéo des séances publiques ordinaires et extraordinaires du conseil municipal
            et de ses comités depuis janvier 2019. Chaque enregistrement est accessible à partir de la page
            d'archives, avec l'ordre du jour et le procès-verbal de la séance.

            Les séances se tiennent dans les deux langues officielles avec interprétation simultanée; les
            enregistrements comprennent le son du parquet et l'interprétation en français et en anglais.

            **Mises en garde**

            - Les séances à huis clos ne sont pas enregistrées.
            - Ce jeu de données renvoie aux archives du site de la Ville; les vidéos ne sont pas des fichiers
              téléchargeables.""",
        ),
        keywords=LocalizedKeywords(
            ("council meetings", "video", "agendas", "minutes"),
            ("séances du conseil", "vidéo", "ordres du jour", "procès-verbaux"),
        ),
        themes=("government", "society"),
        frequency="biweekly",
        modified=days_before(4),
        temporal=(dt.date(2019, 1, 1), dt.date(2026, 10, 27)),
        resources=resources + links,
    )


def operating_budget(resources: tuple[ResourceMeta, ...]) -> DatasetMeta:
    """Describe the operating budget."""
    return dataset_record(
        slug="operating-budget",
        organization="finance",
        title=LocalizedText("Operating budget", "Budget de fonctionnement"),
        description=LocalizedText(
            """The general fund operating budget adopted by Council for 2025 and 2026, by function and line,
            with actual amounts for 2025. Expenses are grouped by the functions of the provincial municipal
            reporting framework; revenues balance expenses, the property tax warrant making up the difference.

            Finance publishes the budget once Council adopts it, and the actuals once the year's financial
            statements are audited.

            **Caveats**

            - Amounts are in Canadian dollars. The water and sewer utility has its own budget, not included.
            - Actual amounts for 2026 will be added after the audit.""",
            """Le budget de fonctionnement du fonds général adopté par le conseil pour 2025 et 2026, par
            fonction et par poste, avec les montants réels de 2025. Les dépenses sont regroupées selon les
            fonctions du cadre provincial de rapports financiers municipaux; les recettes équilibrent les
            dépenses, le mandat d'impôt foncier comblant la différence.

            Les Finances publient le budget dès son adoption par le conseil, et les montants réels une fois
            les états financiers de l'exercice vérifiés.

            **Mises en garde**

            - Les montants sont en dollars canadiens. Le service d'eau et d'égout a son propre budget, non
              inclus.
            - Les montants réels de 2026 seront ajoutés après la vérification.""",
        ),
        keywords=LocalizedKeywords(
            ("budget", "finance", "property tax", "spending"),
            ("budget", "finances", "impôt foncier", "dépenses"),
        ),
        themes=("finance", "government"),
        frequency="annual",
        modified=dt.datetime(2026, 5, 20, 14, 0, tzinfo=dt.UTC),
        temporal=(dt.date(2025, 1, 1), dt.date(2026, 12, 31)),
        resources=resources,
    )
