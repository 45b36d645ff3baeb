"""The town's departments that publish data, with bilingual names, descriptions and contacts."""

from __future__ import annotations

from trousse.engine.metadata.model import Contact, LocalizedText, OrganizationMeta
from trousse.sample.town import DOMAIN, WEBSITE


def _org(
    slug: str, name: LocalizedText, description: LocalizedText, mailbox: str, phone: str
) -> OrganizationMeta:
    contact = Contact(name=f"{name.en} / {name.fr}", email=f"{mailbox}@{DOMAIN}", phone=phone)
    return OrganizationMeta(slug, name, description, contact, website=f"{WEBSITE}/{slug}")


ORGANIZATIONS: tuple[OrganizationMeta, ...] = (
    _org(
        "clerk",
        LocalizedText("Office of the Town Clerk", "Greffe municipal"),
        LocalizedText(
            "Supports Town Council, keeps the official records, runs municipal elections and issues "
            "business licences. Publishes council, ward and licensing data.",
            "Soutient le conseil municipal, tient les registres officiels, organise les élections "
            "municipales et délivre les permis d'entreprise. Publie les données sur le conseil, les "
            "quartiers et les permis.",
        ),
        "greffe-clerk",
        "506-555-0110",
    ),
    _org(
        "finance",
        LocalizedText("Finance", "Finances"),
        LocalizedText(
            "Prepares the operating and capital budgets, bills property-related charges and reports on "
            "the Town's financial position.",
            "Prépare les budgets de fonctionnement et d'immobilisations, facture les frais liés aux "
            "propriétés et rend compte de la situation financière de la Ville.",
        ),
        "finances",
        "506-555-0120",
    ),
    _org(
        "planning",
        LocalizedText("Planning and Development", "Urbanisme et aménagement"),
        LocalizedText(
            "Reviews development applications, issues building permits and maintains the municipal plan "
            "and zoning by-law.",
            "Étudie les demandes d'aménagement, délivre les permis de construction et tient à jour le plan "
            "municipal et l'arrêté de zonage.",
        ),
        "urbanisme-planning",
        "506-555-0130",
    ),
    _org(
        "public-works",
        LocalizedText("Public Works", "Travaux publics"),
        LocalizedText(
            "Maintains streets, sidewalks, water and sewer networks, snow clearing and solid waste "
            "collection.",
            "Entretient les rues, les trottoirs, les réseaux d'aqueduc et d'égout, assure le déneigement "
            "et la collecte des matières résiduelles.",
        ),
        "travauxpublics-publicworks",
        "506-555-0140",
    ),
    _org(
        "parks-recreation",
        LocalizedText("Parks and Recreation", "Parcs et loisirs"),
        LocalizedText(
            "Looks after parks, trails, the urban forest and recreation facilities, and runs community "
            "programs.",
            "S'occupe des parcs, des sentiers, de la forêt urbaine et des installations récréatives, et "
            "offre des programmes communautaires.",
        ),
        "parcs-parks",
        "506-555-0150",
    ),
    _org(
        "transit",
        LocalizedText("Maple Point Transit", "Transport en commun de Pointe-aux-Érables"),
        LocalizedText(
            "Operates the Town's seven bus routes and the accessible on-demand service.",
            "Exploite les sept circuits d'autobus de la Ville et le service adapté sur demande.",
        ),
        "transit",
        "506-555-0160",
    ),
    _org(
        "inspections-bylaw",
        LocalizedText("Inspections and By-law Enforcement", "Inspections et application des arrêtés"),
        LocalizedText(
            "Inspects food premises under agreement with the province and enforces municipal by-laws "
            "on noise, parking, property standards and animals.",
            "Inspecte les établissements alimentaires en vertu d'une entente avec la province et fait "
            "respecter les arrêtés municipaux sur le bruit, le stationnement, l'entretien des propriétés "
            "et les animaux.",
        ),
        "inspections",
        "506-555-0170",
    ),
    _org(
        "customer-service",
        LocalizedText("311 Customer Service Centre", "Centre de service à la clientèle 311"),
        LocalizedText(
            "Answers residents' calls, web forms and app reports through 311 and routes each request to "
            "the department that resolves it.",
            "Répond aux appels, formulaires Web et signalements par l'application du 311 et achemine "
            "chaque demande au service qui la traite.",
        ),
        "311",
        "506-555-0111",
    ),
)

BY_SLUG: dict[str, OrganizationMeta] = {org.slug: org for org in ORGANIZATIONS}
