"""Invented people: names common in south-east New Brunswick, and fictional ways to reach them.

Phone numbers use the 555-0100 to 555-0199 block, reserved for fiction; e-mail
domains end in ``.example`` or are the reserved ``example.com``/``example.net``.
"""

from __future__ import annotations

import random
import unicodedata

FIRST_NAMES = (
    "Marc", "Chantal", "Nathalie", "Luc", "Josée", "Rémi", "Sylvie", "André", "Geneviève", "Émilie",
    "Mathieu", "Hélène", "Gilles", "Monique", "Étienne", "Julie", "Daniel", "Isabelle", "Réjean", "Chloé",
    "John", "Sarah", "Michael", "Jennifer", "David", "Karen", "Ryan", "Emily", "Heather", "Scott",
    "Laura", "Kevin", "Megan", "Brian", "Olivia", "Jason", "Amanda", "Patrick", "Grace", "Owen",
)  # fmt: skip

LAST_NAMES = (
    "LeBlanc", "Cormier", "Gallant", "Arsenault", "Richard", "Doucet", "Léger", "Boudreau", "Goguen",
    "Melanson", "Thibodeau", "Robichaud", "Savoie", "Bourque", "Landry", "Poirier", "Babineau", "Després",
    "Smith", "MacDonald", "Murray", "Steeves", "Wilson", "Taylor", "Campbell", "Stewart", "Hicks",
    "Bishop", "Trites", "Colpitts", "Wheaton", "O'Neill", "Fraser", "Morrison",
)  # fmt: skip

EMAIL_DOMAINS = ("example.com", "example.net", "courriel.example", "mail.example")


def random_name(rng: random.Random) -> str:
    """Return an invented full name."""
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def ascii_fold(text: str) -> str:
    """Return ``text`` without accents, apostrophes or spaces, as people write it in e-mail addresses."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "".join(c for c in bare if c.isalnum()).lower()


def email_for(name: str, domain: str) -> str:
    """Return a first.last e-mail address at ``domain`` for ``name``."""
    first, _, last = name.partition(" ")
    return f"{ascii_fold(first)}.{ascii_fold(last)}@{domain}"


def office_phone(rng: random.Random) -> str:
    """Return a fictional local number in the 506-555-01XX block."""
    return f"506-555-01{rng.randrange(100):02d}"
