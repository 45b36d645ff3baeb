"""What a column's name says: which kind of personal data it suggests, and whether it is a quasi-identifier.

Names are split into lowercase words without accents ("DateNaissance" → date, naissance;
"nom_du_proprietaire" → nom, du, proprietaire), then matched against English and French words.
A person word next to a thing word ("park_name", "nom_rue", "business owner") names the thing,
not a person.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata

PERSON = "person"
EMAIL = "email"
PHONE = "phone"
ADDRESS = "address"
POSTAL = "postal"
BIRTH = "birth"
AGE = "age"
SEX = "sex"
IDENTIFIER = "identifier"
PLATE = "plate"
DEVICE = "device"
AREA = "area"
DATE = "date"
COORDINATE = "coordinate"
COUNT = "count"

_WORDS: dict[str, frozenset[str]] = {
    PERSON: frozenset(
        "name names nom noms prenom prenoms firstname lastname surname fullname givenname familyname "
        "owner owners proprietaire proprietaires complainant complainants plaignant plaignante plaignants "
        "applicant applicants requerant requerante demandeur demandeuse resident residents tenant tenants "
        "locataire locataires occupant occupants patient patients victim victims victime victimes witness "
        "temoin caller appelant appelante requester customer customers employee employe employee driver "
        "conducteur conductrice student eleve member membre person personne individual particulier spouse "
        "conjoint conjointe child enfant guardian tuteur tutrice signatory signataire homeowner landlord "
        "proprietor contact citizen citoyen citoyenne author auteur auteure reporter declarant".split()
    ),
    EMAIL: frozenset("email emails courriel courriels mail e-mail adresse_courriel".split()),
    PHONE: frozenset("phone telephone tel cell cellphone mobile cellulaire fax telecopieur".split()),
    ADDRESS: frozenset("address addresses adresse adresses civic civique domicile residence".split()),
    POSTAL: frozenset("postal postalcode postcode zip zipcode fsa rta codepostal".split()),
    BIRTH: frozenset("dob birth birthdate birthday naissance ddn born".split()),
    AGE: frozenset("age ages".split()),
    SEX: frozenset("sex gender sexe genre".split()),
    IDENTIFIER: frozenset("sin nas ssn ohip ramq hcn passport passeport healthcard creditcard".split()),
    PLATE: frozenset("plate plates plaque plaques immatriculation".split()),
    DEVICE: frozenset("ip mac ipaddress macaddress".split()),
    AREA: frozenset(
        "ward wards quartier quartiers neighbourhood neighborhood neighbourhoods arrondissement district "
        "secteur community communaute census tract da".split()
    ),
    DATE: frozenset("date dates datetime timestamp".split()),
    COORDINATE: frozenset("lat latitude lon lng longitude".split()),
    COUNT: frozenset("count counts nombre nb n total cases cas frequency frequence effectif".split()),
}

# Words that make a person word name a thing: "park_name", "nom_rue", "business_owner".
_THING = frozenset(
    "street rue park parc business company entreprise facility etablissement building batiment school ecole "
    "file fichier dataset layer ward quartier district arrondissement road route organization organisation "
    "org dept department service program programme project projet species espece place lieu site category "
    "categorie type product produit event evenement team equipe brand marque store commerce restaurant "
    "establishment agency agence asset actif bridge pont station stop arret library bibliotheque rink arena "
    "pool piscine trail sentier zone field champ column colonne table sheet feuille city ville municipality "
    "municipalite region province country pays language langue ministry ministere unit unite vendor "
    "fournisseur supplier contractor entrepreneur operator operateur channel canal source tree arbre".split()
)
_COMPOUND = {("first", "name"), ("last", "name"), ("full", "name"), ("given", "name"), ("family", "name"),
             ("nom", "famille"), ("date", "naissance"), ("postal", "code"), ("code", "postal"),
             ("zip", "code"), ("health", "card"), ("carte", "sante"), ("credit", "card"), ("ip", "address"),
             ("licence", "plate"), ("license", "plate"), ("birth", "date"), ("mac", "address")}
_PERSONAL = (PERSON, EMAIL, PHONE, ADDRESS, POSTAL, BIRTH, AGE, SEX, IDENTIFIER, PLATE, DEVICE)


def words(name: str) -> list[str]:
    """Split a column name into lowercase words without accents (camelCase and separators split)."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"([a-z])([A-Z])", r"\1 \2", text)
    return [w for w in re.split(r"[^a-z0-9]+", text.lower()) if w]


def categories(name: str) -> list[str]:
    """Return the kinds of data a column's name suggests (person, email, birth, area, count, …)."""
    return list(_categories(name))


@functools.lru_cache(maxsize=65_536)
def _categories(name: str) -> tuple[str, ...]:
    tokens = words(name)
    joined = {"".join(tokens)}
    pairs = set(itertools.pairwise(tokens))
    found: list[str] = []
    for category, vocabulary in _WORDS.items():
        if any(t in vocabulary for t in tokens) or joined & vocabulary:
            found.append(category)
    for _first, b in pairs & _COMPOUND:
        category = {"name": PERSON, "famille": PERSON, "naissance": BIRTH, "code": POSTAL, "postal": POSTAL,
                    "card": IDENTIFIER, "sante": IDENTIFIER, "address": DEVICE, "plate": PLATE,
                    "date": BIRTH}[b]
        if category not in found:
            found.append(category)
    if PERSON in found and any(t in _THING for t in tokens):
        found.remove(PERSON)  # "park_name", "nom_rue": the name of a thing
    if ADDRESS in found and DEVICE in found and ("ip" in tokens or "mac" in tokens):
        found.remove(ADDRESS)  # "ip_address" is a device, not a home
    return tuple(found)


def suggests_personal(name: str) -> bool:
    """Return True when the column's name itself suggests personal information."""
    return any(c in _PERSONAL for c in categories(name))
