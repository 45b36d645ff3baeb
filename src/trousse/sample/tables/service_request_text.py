"""The words of 311: request categories, their seasons, and what residents write, in both languages.

``{street}`` in a template is replaced by the street's name in the sentence's
language (with its article in French: "sur la rue Principale").
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Category:
    code: str
    en: str
    fr: str
    weight: int  # relative volume in an ordinary month
    season: str  # key of SEASONS: how the volume changes through the year
    templates_en: tuple[str, str, str]
    templates_fr: tuple[str, str, str]


# Multiplier per month, January first. Snow clearing only exists from November to April.
SEASONS: dict[str, tuple[float, ...]] = {
    "all": (1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1),
    "winter": (3, 3, 2, 0.7, 0, 0, 0, 0, 0, 0, 0.5, 2.5),
    "spring": (0.6, 0.8, 2, 3, 2.5, 1.2, 0.8, 0.7, 0.7, 0.8, 0.8, 0.6),
    "summer": (0.3, 0.3, 0.5, 0.8, 1.5, 2, 2.5, 2.5, 1.8, 1, 0.5, 0.3),
    "fall": (0.5, 0.5, 0.6, 0.8, 0.8, 0.8, 0.8, 0.9, 1.2, 2.5, 2.5, 0.8),
}

CATEGORIES: tuple[Category, ...] = (
    Category("pothole", "Pothole", "Nid-de-poule", 12, "spring",
        ("Large pothole in the eastbound lane on {street}, cars are swerving around it.",
         "Several potholes near the intersection on {street}; one is very deep.",
         "A pothole on {street} damaged my tire this morning."),
        ("Gros nid-de-poule dans la voie en direction est sur {street}, les voitures font des écarts.",
         "Plusieurs nids-de-poule près de l'intersection sur {street}; l'un d'eux est très profond.",
         "Un nid-de-poule sur {street} a endommagé mon pneu ce matin.")),
    Category("streetlight", "Streetlight out", "Lampadaire défectueux", 7, "fall",
        ("Streetlight out in front of the bus shelter on {street}.",
         "Two streetlights on {street} flicker all night.",
         "The light on the pole by the crosswalk on {street} has been off for a week."),
        ("Lampadaire éteint devant l'abribus sur {street}.",
         "Deux lampadaires sur {street} clignotent toute la nuit.",
         "Le lampadaire près du passage piéton sur {street} est éteint depuis une semaine.")),
    Category("snow_clearing", "Snow clearing", "Déneigement", 14, "winter",
        ("Plow left a windrow blocking my driveway on {street}.",
         "Sidewalk on {street} not cleared since the storm; seniors can't get to the bus.",
         "Ice ridge on {street} makes the road unsafe, please sand."),
        ("La charrue a laissé un banc de neige qui bloque mon entrée sur {street}.",
         ("Le trottoir sur {street} n'a pas été déneigé depuis la tempête; les aînés ne peuvent pas se "
          "rendre à l'autobus."),
         "Plaque de glace sur {street}, la chaussée est dangereuse, veuillez épandre du sable.")),
    Category("missed_collection", "Missed collection", "Collecte manquée", 12, "all",
        ("Green cart not picked up on {street} on collection day.",
         "Recycling missed for the whole block on {street}.",
         "Compost bin tipped over and left on {street} after pickup."),
        ("Le bac vert n'a pas été ramassé sur {street} le jour de collecte.",
         "Recyclage oublié pour tout le pâté de maisons sur {street}.",
         "Le bac de compost a été renversé et laissé sur {street} après la collecte.")),
    Category("graffiti", "Graffiti", "Graffiti", 3, "summer",
        ("Graffiti on the retaining wall along {street}.",
         "Tags painted on the utility box on {street}.",
         "Offensive graffiti on the underpass near {street}."),
        ("Graffitis sur le mur de soutènement qui longe {street}.",
         "Des tags peints sur la boîte électrique sur {street}.",
         "Graffiti injurieux sous le viaduc sur {street}.")),
    Category("noise", "Noise", "Bruit", 5, "summer",
        ("Loud music every night after 11 pm on {street}.",
         "Construction starting at 6 am on {street}, before the by-law allows.",
         "Barking dog left outside all day on {street}."),
        ("Musique forte tous les soirs après 23 h sur {street}.",
         "Travaux qui commencent à 6 h sur {street}, avant l'heure permise par l'arrêté.",
         "Chien qui jappe dehors toute la journée sur {street}.")),
    Category("water_leak", "Water leak", "Fuite d'eau", 4, "all",
        ("Water bubbling up through the pavement on {street}.",
         "Hydrant leaking on {street}, water running into the storm drain.",
         "Low water pressure and brown water on {street} since yesterday."),
        ("De l'eau jaillit à travers la chaussée sur {street}.",
         "Borne-fontaine qui fuit sur {street}, l'eau coule dans le puisard.",
         "Faible pression et eau brune sur {street} depuis hier.")),
    Category("sidewalk", "Sidewalk repair", "Réparation de trottoir", 4, "spring",
        ("Heaved sidewalk slab on {street} is a tripping hazard.",
         "Curb broken by the plow on {street}.",
         "Wheelchair ramp at the corner on {street} is crumbling."),
        ("Dalle de trottoir soulevée sur {street}, risque de chute.",
         "Bordure brisée par la charrue sur {street}.",
         "La rampe d'accès au coin sur {street} s'effrite.")),
    Category("tree", "Tree maintenance", "Entretien des arbres", 6, "summer",
        ("Large branch hanging over the sidewalk on {street} after the wind storm.",
         "Town tree on {street} looks dead, please inspect.",
         "Tree roots lifting the sidewalk on {street}."),
        ("Grosse branche suspendue au-dessus du trottoir sur {street} après la tempête de vent.",
         "L'arbre municipal sur {street} semble mort, veuillez l'inspecter.",
         "Des racines soulèvent le trottoir sur {street}.")),
    Category("abandoned_vehicle", "Abandoned vehicle", "Véhicule abandonné", 3, "all",
        ("Car without plates parked for three weeks on {street}.",
         "Abandoned trailer on the shoulder of {street}.",
         "Vehicle with flat tires has not moved in a month on {street}."),
        ("Voiture sans plaques stationnée depuis trois semaines sur {street}.",
         "Remorque abandonnée sur l'accotement sur {street}.",
         "Véhicule aux pneus à plat qui n'a pas bougé depuis un mois sur {street}.")),
    Category("illegal_dumping", "Illegal dumping", "Dépôt sauvage", 4, "spring",
        ("Old mattress and furniture dumped on {street}.",
         "Tires dumped in the ditch on {street}.",
         "Bags of household garbage left at the end of {street}."),
        ("Vieux matelas et meubles abandonnés sur {street}.",
         "Des pneus jetés dans le fossé sur {street}.",
         "Des sacs d'ordures ménagères laissés sur le terrain vacant sur {street}.")),
    Category("park_maintenance", "Park maintenance", "Entretien des parcs", 5, "summer",
        ("Playground swing broken in the park off {street}.",
         "Grass not cut in the green space on {street}.",
         "Washroom at the park on {street} is locked during opening hours."),
        ("Balançoire brisée au terrain de jeux sur {street}.",
         "Le gazon n'est pas tondu dans l'espace vert sur {street}.",
         "Les toilettes du parc sur {street} sont verrouillées pendant les heures d'ouverture.")),
    Category("traffic_signal", "Traffic signal", "Feu de circulation", 3, "all",
        ("Traffic light stuck on red at the intersection on {street}.",
         "Pedestrian signal button not working on {street}.",
         "Stop sign knocked down on {street}."),
        ("Le feu reste au rouge à l'intersection sur {street}.",
         "Le bouton du feu pour piétons ne fonctionne pas sur {street}.",
         "Panneau d'arrêt renversé sur {street}.")),
    Category("animal_control", "Animal control", "Contrôle des animaux", 4, "summer",
        ("Stray dog running loose on {street}.",
         "Raccoons getting into garbage carts on {street}.",
         "Injured deer on the side of {street}."),
        ("Chien errant en liberté sur {street}.",
         "Des ratons laveurs fouillent dans les bacs sur {street}.",
         "Chevreuil blessé en bordure de la chaussée sur {street}.")),
    Category("parking", "Parking", "Stationnement", 6, "winter",
        ("Cars parked overnight on {street} during the winter parking ban.",
         "Vehicle blocking a fire hydrant on {street}.",
         "Truck parked on the sidewalk on {street} every day."),
        ("Des voitures stationnées la nuit sur {street} malgré l'interdiction hivernale.",
         "Un véhicule bloque une borne-fontaine sur {street}.",
         "Un camion stationné sur le trottoir sur {street} tous les jours.")),
    Category("sewer_backup", "Sewer backup", "Refoulement d'égout", 2, "spring",
        ("Sewer backing up into basements on {street} after the heavy rain.",
         "Storm drain blocked on {street}, water pooling across the road.",
         "Sewer smell coming from the manhole on {street}."),
        ("Refoulement d'égout dans les sous-sols sur {street} après la forte pluie.",
         "Puisard bouché sur {street}, l'eau s'accumule sur la chaussée.",
         "Odeur d'égout qui sort du regard sur {street}.")),
    Category("dead_animal", "Dead animal", "Animal mort", 2, "all",
        ("Dead raccoon in the middle of {street}.",
         "Dead bird on the sidewalk on {street}.",
         "Dead deer on the shoulder of {street}."),
        ("Raton laveur mort en pleine chaussée sur {street}.",
         "Oiseau mort sur le trottoir sur {street}.",
         "Chevreuil mort étendu sur l'accotement qui longe {street}.")),
)  # fmt: skip

CHANNELS = ("phone", "web", "app", "walk-in")
CHANNEL_WEIGHTS = (45, 30, 20, 5)

# Personal information some residents type into the free-text box. ``{phone}``, ``{email}`` and
# ``{name}`` are filled per row; screening tools must find these before publication.
CONTACT_SENTENCES_EN = (
    "Please call me back at {phone}.",
    "You can reach me at {email}.",
    "My name is {name}, call {phone} or write to {email}.",
    "Text me at {phone} when the crew is on the way.",
)
CONTACT_SENTENCES_FR = (
    "Veuillez me rappeler au {phone}.",
    "Vous pouvez me joindre à {email}.",
    "Je m'appelle {name}, appelez au {phone} ou écrivez à {email}.",
    "Envoyez-moi un texto au {phone} quand l'équipe arrive.",
)
