"""A labelled corpus of English and French cells, with hard negatives, for the detectors' accuracy.

Deterministic (``random.Random(seed)``): each cell is a short 311-style sentence holding zero,
one or two identifiers, labelled with the detector codes that must fire on it. Hard negatives
look like identifiers and must not fire: invoice and permit numbers shaped like a SIN or a card
that fail Luhn, phone-shaped reference numbers glued to a prefix or grouped otherwise, role
mailboxes (info@, 311@, webmaster@), bare FSAs, intersections, versions, clock times, non-personal
URLs, "depuis 5 ans". Used by tests/engine/privacy/test_accuracy.py and bench/privacy_vs_presidio.py.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

CODES = ("email", "phone", "sin", "credit_card", "health_card_on", "health_card_qc", "postal_code",
         "street_address", "birth_date", "age", "ip_address", "mac_address", "licence_plate", "url_personal",
         "person_name")

FIRST = ["Jean", "Marie", "Priya", "Mohamed", "Sophie", "Olivier", "Wei", "Aisha", "Luc", "Chloé", "David",
         "Fatima", "Gabriel", "Émilie", "Kwame", "Nathalie", "Raj", "Isabelle", "Thomas", "Amélie"]
LAST = ["Tremblay", "Gagnon", "Roy", "Côté", "Bouchard", "Singh", "Patel", "Nguyen", "Smith", "Brown",
        "Martin", "Lavoie", "Wong", "Ahmed", "Pelletier", "Bélanger", "Campbell", "Leblanc", "Ouellet", "Chen"]
STREETS_EN = ["Main", "Bank", "Elgin", "Sparks", "Rideau", "O'Connor", "Queen", "King", "Maple", "Sussex"]
TYPES_EN = ["St", "Street", "Ave", "Avenue", "Rd", "Road", "Blvd", "Drive", "Cres", "Court", "Lane", "Way"]
STREETS_FR = ["Principale", "Saint-Joseph", "des Érables", "Notre-Dame", "Laurier", "du Parc", "Sherbrooke"]
TYPES_FR = ["rue", "boulevard", "avenue", "chemin", "route", "place", "montée"]
AREA = ["613", "819", "416", "647", "514", "438", "450", "418", "905", "289", "343", "604", "403", "780",
        "204", "306", "506", "902", "709", "867", "212", "312", "415", "617", "202"]
PERSONAL_DOMAINS = ["gmail.com", "hotmail.com", "outlook.com", "videotron.ca", "sympatico.ca", "yahoo.ca",
                    "bell.net", "icloud.com"]
ROLE_LOCALS = ["info", "311", "webmaster", "permis", "communications", "service.client", "noreply",
               "contact", "greffe", "accueil", "parks-recreation", "support"]
CITY_DOMAINS = ["ottawa.ca", "gatineau.ca", "ville.quebec.qc.ca", "toronto.ca", "montreal.ca"]
MONTHS_EN = ["January", "March", "June", "September", "November", "December"]
MONTHS_FR = ["janvier", "mars", "juin", "septembre", "novembre", "décembre"]
FILLER_EN = ["Pothole reported near the park.", "Streetlight out since Tuesday.", "Garbage not collected.",
             "Noise complaint after 11 pm.", "Tree branch blocking the sidewalk.", "Graffiti on the bus shelter.",
             "Snow not cleared on the bike lane.", "Water leak at the hydrant."]
FILLER_FR = ["Nid-de-poule signalé près du parc.", "Lampadaire éteint depuis mardi.", "Ordures non ramassées.",
             "Plainte pour bruit après 23 h.", "Branche qui bloque le trottoir.", "Graffiti sur l'abribus.",
             "Neige non déblayée sur la piste cyclable.", "Fuite d'eau à la borne-fontaine."]
_POSTAL_FIRST = "ABCEGHJKLMNPRSTVXY"
_POSTAL_OTHER = "ABCEGHJKLMNPRSTVWXYZ"


@dataclass(frozen=True)
class Cell:
    """One labelled cell."""

    text: str
    labels: frozenset[str]
    lang: str


def luhn_check_digit(digits: str) -> str:
    """Return the digit that makes ``digits`` + it pass the Luhn checksum."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return str((10 - total % 10) % 10)


def luhn_valid(digits: str) -> bool:
    """Return True when ``digits`` passes the Luhn checksum."""
    return luhn_check_digit(digits[:-1]) == digits[-1]


def sin_digits(r: random.Random, valid: bool = True) -> str:
    body = r.choice("1234567") + "".join(r.choice("0123456789") for _ in range(7))
    full = body + luhn_check_digit(body)
    return full if valid else _fail(full)


def _fail(full: str) -> str:
    bad = (int(full[-1]) + 5) % 10
    return full[:-1] + str(bad)


def fmt_sin(r: random.Random, d: str) -> str:
    sep = r.choice([" ", "-", ""])
    return sep.join([d[:3], d[3:6], d[6:]]) if sep else d


def card_digits(r: random.Random, valid: bool = True) -> str:
    prefix, length = r.choice([("4", 16), ("51", 16), ("55", 16), ("34", 15), ("37", 15), ("6011", 16)])
    body = prefix + "".join(r.choice("0123456789") for _ in range(length - len(prefix) - 1))
    full = body + luhn_check_digit(body)
    return full if valid else _fail(full)


def fmt_card(r: random.Random, d: str) -> str:
    sep = r.choice([" ", "-", ""])
    if not sep:
        return d
    if len(d) == 15:
        return sep.join([d[:4], d[4:10], d[10:]])
    return sep.join(d[i:i + 4] for i in range(0, 16, 4))


def phone(r: random.Random) -> str:
    a, b, c = r.choice(AREA), str(r.randint(200, 999)), f"{r.randint(0, 9999):04d}"
    shape = r.randrange(8)
    text = [f"({a}) {b}-{c}", f"{a}-{b}-{c}", f"{a}.{b}.{c}", f"{a} {b} {c}", f"+1 {a} {b} {c}",
            f"1-{a}-{b}-{c}", f"{a}{b}{c}", f"+1 ({a}) {b}-{c}"][shape]
    if r.random() < 0.25:
        text += r.choice([f" x{r.randint(1, 999)}", f" ext. {r.randint(10, 9999)}", f" poste {r.randint(10, 9999)}"])
    return text


def ohip(r: random.Random, valid: bool = True) -> str:
    body = "".join(r.choice("0123456789") for _ in range(9))
    d = body + luhn_check_digit(body)
    d = d if valid else _fail(d)
    version = r.choice(["", " AB", " XY", "-KL"])
    return f"{d[:4]}{r.choice(['-', ' '])}{d[4:7]}{r.choice(['-', ' '])}{d[7:]}{version}" if r.random() < 0.8 \
        else d + r.choice(["AB", " KT"])


def ramq(r: random.Random, valid: bool = True) -> str:
    letters = (r.choice(LAST)[:3] + r.choice(FIRST)[0]).upper()
    letters = letters.translate(str.maketrans("ÉÈÔÇ", "EEOC"))
    yy = r.randint(30, 99)
    mm = r.randint(1, 12) + (50 if r.random() < 0.5 else 0)
    if not valid:
        mm = r.choice([13, 24, 33, 47, 70, 88])
    dd = r.randint(1, 28)
    tail = r.randint(10, 99)
    digits = f"{yy:02d}{mm:02d}{dd:02d}{tail:02d}"
    sep = r.choice([" ", ""])
    return f"{letters}{sep}{digits[:4]}{sep}{digits[4:]}"


def postal(r: random.Random) -> str:
    code = (r.choice(_POSTAL_FIRST) + str(r.randint(0, 9)) + r.choice(_POSTAL_OTHER) + r.choice([" ", "", " "])
            + str(r.randint(0, 9)) + r.choice(_POSTAL_OTHER) + str(r.randint(0, 9)))
    return code.lower() if r.random() < 0.1 else code


def address(r: random.Random, lang: str) -> str:
    n = r.randint(1, 9999)
    if lang == "en":
        text = f"{n} {r.choice(STREETS_EN)} {r.choice(TYPES_EN)}"
        return text + (f", apt. {r.randint(1, 40)}" if r.random() < 0.2 else "")
    text = f"{n}{r.choice([',', ''])} {r.choice(TYPES_FR)} {r.choice(STREETS_FR)}"
    return text + (f", app. {r.randint(1, 40)}" if r.random() < 0.3 else "")


def date_text(r: random.Random, lang: str, year: int) -> str:
    m, d = r.randint(1, 12), r.randint(1, 28)
    if lang == "fr":
        return r.choice([f"{year}-{m:02d}-{d:02d}", f"{d} {r.choice(MONTHS_FR)} {year}", f"{d:02d}/{m:02d}/{year}"])
    return r.choice([f"{year}-{m:02d}-{d:02d}", f"{r.choice(MONTHS_EN)} {d}, {year}", f"{m:02d}/{d:02d}/{year}"])


def ipv4(r: random.Random) -> str:
    return ".".join(str(r.randint(1, 254)) for _ in range(4))


def ipv6(r: random.Random) -> str:
    if r.random() < 0.5:
        return f"2001:db8:{r.randint(1, 0xffff):x}::{r.randint(1, 0xfff):x}"
    # Full form, groups written without leading zeros (so some have two hex digits, as in logs).
    return "2607:f2c0:" + ":".join(f"{r.randint(16, 255):x}" for _ in range(6))


def mac(r: random.Random) -> str:
    sep = r.choice([":", "-"])
    text = sep.join(f"{r.randint(0, 255):02X}" for _ in range(6))
    return text.lower() if r.random() < 0.3 else text


def plate(r: random.Random) -> str:
    letters = lambda n: "".join(r.choice("ABCDEFGHJKLMNPRSTVWXZ") for _ in range(n))  # noqa: E731
    return r.choice([f"{letters(4)} {r.randint(100, 999)}", f"{r.randint(100, 999)} {letters(3)}",
                     f"{letters(3)} {r.randint(100, 999)}", f"{letters(1)}{r.randint(10, 99)} {letters(3)}"])


def handle(r: random.Random) -> str:
    f, last = r.choice(FIRST), r.choice(LAST)
    ascii_ = lambda s: s.translate(str.maketrans("éèêôçÉÈÔÇ", "eeeocEEOC"))  # noqa: E731
    return r.choice([f"{ascii_(f).lower()}.{ascii_(last).lower()}{r.randint(1, 99)}",
                     f"{ascii_(f)[0].lower()}{ascii_(last).lower()}", f"{ascii_(last).lower()}_{r.randint(10, 999)}"])


def _positive(r: random.Random, code: str, lang: str) -> str:
    fr = lang == "fr"
    name = f"{r.choice(FIRST)} {r.choice(LAST)}"
    if code == "email":
        local = handle(r)
        return (f"Répondre à {local}@{r.choice(PERSONAL_DOMAINS)}" if fr
                else f"Reply to {local}@{r.choice(PERSONAL_DOMAINS)}")
    if code == "phone":
        return f"Rappeler au {phone(r)}" if fr else f"Call back at {phone(r)}"
    if code == "sin":
        return (f"NAS : {fmt_sin(r, sin_digits(r))}" if fr else f"SIN {fmt_sin(r, sin_digits(r))} on file")
    if code == "credit_card":
        return (f"Payé par carte {fmt_card(r, card_digits(r))}" if fr else f"Paid with card {fmt_card(r, card_digits(r))}")
    if code == "health_card_on":
        return f"Carte Santé {ohip(r)}" if fr else f"Health card {ohip(r)}"
    if code == "health_card_qc":
        return f"Carte RAMQ {ramq(r)}" if fr else f"RAMQ card {ramq(r)}"
    if code == "postal_code":
        return f"Code postal {postal(r)}" if fr else f"Postal code {postal(r)}"
    if code == "street_address":
        return f"Habite au {address(r, lang)}" if fr else f"Lives at {address(r, lang)}"
    if code == "birth_date":
        year = r.randint(1930, 2015)
        return r.choice([f"né le {date_text(r, lang, year)}", f"date de naissance : {date_text(r, lang, year)}"]) if fr \
            else r.choice([f"born on {date_text(r, lang, year)}", f"DOB: {date_text(r, lang, year)}"])
    if code == "age":
        n = r.randint(2, 99)
        return r.choice([f"résident âgé de {n} ans", f"un enfant ({n} ans)"]) if fr \
            else r.choice([f"resident aged {n}", f"a {n} years old resident", f"the caller, age {n},"])
    if code == "ip_address":
        ip = ipv4(r) if r.random() < 0.8 else ipv6(r)
        return f"Connexion depuis {ip}" if fr else f"Login from {ip}"
    if code == "mac_address":
        return f"Appareil {mac(r)}" if fr else f"Device {mac(r)}"
    if code == "licence_plate":
        return f"Véhicule, plaque {plate(r)}" if fr else f"Vehicle with plate {plate(r)}"
    if code == "url_personal":
        site = r.choice(["https://www.facebook.com/", "https://twitter.com/", "instagram.com/",
                         "https://www.linkedin.com/in/", "https://x.com/", "https://www.tiktok.com/@"])
        return f"Profil : {site}{handle(r)}" if fr else f"Profile: {site}{handle(r)}"
    title = r.choice(["M.", "Mme", "Monsieur", "Madame"] if fr else ["Mr.", "Mrs.", "Ms.", "Dr.", "Mr"])
    surname = r.choice(LAST) if r.random() < 0.7 else name
    return f"{title} {surname} a appelé" if fr else f"{title} {surname} called"


def _negative(r: random.Random, lang: str) -> str:
    fr = lang == "fr"
    kind = r.randrange(17)
    if kind == 0:
        return (f"Facture {fmt_sin(r, sin_digits(r, valid=False))}" if fr
                else f"Invoice {fmt_sin(r, sin_digits(r, valid=False))}")
    if kind == 1:
        return (f"Permis no {fmt_sin(r, sin_digits(r, valid=False))}" if fr
                else f"Permit no. {fmt_sin(r, sin_digits(r, valid=False))}")
    if kind == 2:
        a, b, c = r.choice(AREA), r.randint(200, 999), r.randint(0, 9999)
        return r.choice([f"Dossier REF-{a}-{b}-{c:04d}", f"File {r.randint(2019, 2025)}-{b}-{c:05d}",
                         f"Ticket SR{a}{b}{c:04d}", f"PO {a}-{c:04d}-{b}", f"Bon {r.randint(1000, 9999)}-{b}-{c:04d}-01"])
    if kind == 3:
        local, dom = r.choice(ROLE_LOCALS), r.choice(CITY_DOMAINS)
        return f"Écrire à {local}@{dom}" if fr else f"Write to {local}@{dom}"
    if kind == 4:
        return (f"Commande {fmt_card(r, card_digits(r, valid=False))}" if fr
                else f"Order {fmt_card(r, card_digits(r, valid=False))}")
    if kind == 5:
        fsa = r.choice(_POSTAL_FIRST) + str(r.randint(0, 9)) + r.choice(_POSTAL_OTHER)
        return f"Secteur {fsa}" if fr else f"Area {fsa}"
    if kind == 6:
        return (f"Coin {r.choice(TYPES_FR)} {r.choice(STREETS_FR)} et rue Laurier" if fr
                else f"Corner of {r.choice(STREETS_EN)} St and {r.choice(STREETS_EN)} Ave")
    if kind == 7:
        return f"Version {r.randint(1, 9)}.{r.randint(0, 20)}.{r.randint(0, 9)}"
    if kind == 8:
        return f"Appel reçu à {r.randint(0, 23):02d}:{r.randint(0, 59):02d}:{r.randint(0, 59):02d}"
    if kind == 9:
        return r.choice(["Voir https://ottawa.ca/fr/residents", "See https://www.toronto.ca/services-payments/",
                         "https://www.facebook.com/events/123456789", "https://open.canada.ca/data/en/dataset"])
    if kind == 10:
        return f"Problème depuis {r.randint(2, 15)} ans" if fr else f"Page {r.randint(2, 99)} of the report"
    if kind == 11:
        return (f"Inspecté le {date_text(r, lang, r.randint(2015, 2025))}" if fr
                else f"Inspected on {date_text(r, lang, r.randint(2015, 2025))}")
    if kind == 12:
        return f"Lot {ohip(r, valid=False)}"
    if kind == 13:
        return f"Formulaire {ramq(r, valid=False)}" if fr else f"Form {ramq(r, valid=False)}"
    if kind == 15:
        # Utility account numbers: sixteen digits; no card issuer's number starts with 1, 8 or 9.
        d = r.choice("189") + "".join(r.choice("0123456789") for _ in range(15))
        return f"Compte {fmt_card(r, d)}" if fr else f"Account {fmt_card(r, d)}"
    if kind == 16:
        # By-law clauses and SNMP object identifiers: dotted numbers longer than an IP address.
        parts = ".".join(str(r.randint(1, 20)) for _ in range(r.randint(5, 7)))
        return f"Règlement 2014-123, art. {parts}" if fr else r.choice([f"By-law 2014-123, s. {parts}", f"OID {parts}"])
    if kind == 14:
        return r.choice(["UNIT 101 en service", "Autoroute 417 fermée", "Route 138 fermée"]) if fr \
            else r.choice(["UNIT 101 responded", "Highway 417 closed", "ROOM 204 booked"])
    return r.choice(["Madame la mairesse a répondu", "Rue Principale fermée"]) if fr \
        else r.choice(["Main Street closed", "St. Laurent Blvd repaving"])


def generate(cells: int = 20_000, *, seed: int = 5) -> list[Cell]:
    """Return ``cells`` labelled cells, half English, half French: 60 % with identifiers, 25 % hard negatives."""
    r = random.Random(seed)
    out = []
    for i in range(cells):
        lang = "fr" if i % 2 else "en"
        filler = FILLER_FR if lang == "fr" else FILLER_EN
        roll = r.random()
        if roll < 0.6:
            codes = [r.choice(CODES)]
            if r.random() < 0.15:
                codes.append(r.choice([c for c in CODES if c != codes[0]]))
            parts = [_positive(r, c, lang) for c in codes]
            text = f"{r.choice(filler)} {'; '.join(parts)}."
            out.append(Cell(text, frozenset(codes), lang))
        elif roll < 0.85:
            out.append(Cell(f"{r.choice(filler)} {_negative(r, lang)}.", frozenset(), lang))
        else:
            out.append(Cell(r.choice(filler), frozenset(), lang))
    return out


Predict = Callable[[list[str]], list[set[str]]]


def scores(cells: list[Cell], predicted: list[set[str]], codes: tuple[str, ...] = CODES) -> dict[str, dict[str, float]]:
    """Return precision, recall, F1 and counts per detector code, comparing ``predicted`` to the labels."""
    out = {}
    for code in codes:
        tp = sum(1 for c, p in zip(cells, predicted, strict=True) if code in c.labels and code in p)
        fp = sum(1 for c, p in zip(cells, predicted, strict=True) if code not in c.labels and code in p)
        fn = sum(1 for c, p in zip(cells, predicted, strict=True) if code in c.labels and code not in p)
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out[code] = {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn,
                     "support": tp + fn}
    return out
