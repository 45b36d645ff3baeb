"""The detectors: each one is a SQL expression over a whole column of text, evaluated by DuckDB.

Every detector yields, for a cell ``v``, the list of identifiers found in it (``candidates``):
a regex extraction, then a check in SQL where the shape alone is not enough (Luhn for SIN, card
and Ontario health numbers; birth month for Quebec health numbers; role mailboxes for email).
A cheap prefilter (a character or a digit count) keeps the regex off cells that cannot match.
Context detectors look at whole cells, and only in columns whose name says what they hold
("date_of_birth", "age", "owner", "plaque"). Redaction replaces exactly the candidates, so
re-screening redacted text finds nothing (tests/engine/privacy/test_deidentify.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from trousse.engine.metadata.model import LocalizedText
from trousse.engine.privacy import columns as cat
from trousse.engine.privacy import patterns as p

DIGITS = "nd"  # name of the per-cell digit count computed once before the detectors run


def lit(text: str) -> str:
    """Return ``text`` as a SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def luhn(digits: str) -> str:
    """Return SQL true when the digit string ``digits`` passes the Luhn checksum."""
    x = f"(ascii({digits}[length({digits}) - i]) - 48)"
    return (f"(list_sum(list_transform(range(length({digits})), lambda i: CASE WHEN i % 2 = 1 THEN "
            f"(CASE WHEN {x} > 4 THEN 2 * {x} - 9 ELSE 2 * {x} END) ELSE {x} END)) % 10 = 0)")


def _digits(expr: str) -> str:
    return f"regexp_replace({expr}, '[^0-9]', '', 'g')"


def _extract(v: str, pattern: str, check: str | None = None, group: int = 1) -> str:
    found = f"regexp_extract_all({v}, {lit(pattern)}, {group})"
    return f"list_filter({found}, lambda m: {check})" if check else found


def _concat(*lists: str) -> str:
    return "list_concat(" + ", ".join(lists) + ")" if len(lists) > 1 else lists[0]


@dataclass(frozen=True)
class Detector:
    """One kind of personal identifier and how to find it in text."""

    code: str
    label: LocalizedText
    category: str  # the column-name category (columns.py) that backs a hit up
    confidence: float  # of a hit in a column whose name says nothing
    prefilter: Callable[[str], str]  # SQL boolean on the cell (and DIGITS): can it match at all?
    candidates: Callable[[str], str]  # SQL VARCHAR[]: the identifiers found in the cell
    context: Callable[[str], str] | None = None  # SQL boolean on a whole cell, in columns of `category`
    tag: str = ""  # what redaction writes instead, e.g. "[EMAIL]"
    patterns: tuple[str, ...] = ()  # a cell can hit only if one of these matches (the Arrow gate)
    exact: bool = False  # True when matching one of ``patterns`` is the hit itself (no check in SQL)

    def hit(self, v: str) -> str:
        """Return SQL true when the cell holds at least one identifier of this kind."""
        return f"({self.prefilter(v)} AND len({self.candidates(v)}) > 0)"


def _email(v: str) -> str:
    role = f"regexp_matches(lower(split_part(m, '@', 1)), {lit(p.ROLE_MAILBOX)})"
    return _extract(v, "(" + p.EMAIL_EXTRACT + ")", f"NOT {role}")


def _phone(v: str) -> str:
    ohip = f"regexp_matches(m, '^[0-9]{{10}}$') AND regexp_matches({v}, {lit(p.PHONE_NOT)})"
    return _extract(v, p.PHONE, f"NOT ({ohip})")


def _card_check() -> str:
    d = _digits("m")
    return f"length({d}) BETWEEN 13 AND 19 AND regexp_matches({d}, {lit(p.CARD_ISSUER)}) AND {luhn(d)}"


def _qc_check() -> str:
    d = _digits("m")
    month = f"TRY_CAST(substr({d}, 3, 2) AS INTEGER)"
    day = f"TRY_CAST(substr({d}, 5, 2) AS INTEGER)"
    return f"(({month} BETWEEN 1 AND 12) OR ({month} BETWEEN 51 AND 62)) AND {day} BETWEEN 1 AND 31"


def _plate(v: str) -> str:
    keyword = _extract(v, p.PLATE_KEYWORD, "regexp_matches(m, '[0-9]') AND regexp_matches(m, '[A-Za-z]')")
    stop = ", ".join(lit(w) for w in p.PLATE_STOPWORDS)
    standalone = _extract(v, p.PLATE_ON, f"left(m, 4) NOT IN ({stop})")
    return _concat(keyword, standalone)


def _url(v: str) -> str:
    handle = "regexp_extract(m, '([^/@~]+)/?$', 1)"
    return _extract(v, p.URL_PERSONAL, f"NOT regexp_matches({handle}, {lit(p.URL_RESERVED)})")


def _ip(v: str) -> str:
    v4 = f"CASE WHEN contains({v}, '.') THEN {_extract(v, p.IPV4)} ELSE []::VARCHAR[] END"
    v6 = (f"CASE WHEN contains({v}, ':') THEN {_extract(v, p.IPV6, f'NOT regexp_matches(m, {lit(p.MAC_FULL)})')}"
          " ELSE []::VARCHAR[] END")
    return _concat(v4, v6)


def _age_context(v: str) -> str:
    return f"(regexp_matches({v}, {lit(p.AGE_CELL)}) AND TRY_CAST({v} AS DOUBLE) BETWEEN 0 AND 120)"


def _person_context(v: str) -> str:
    return f"(regexp_matches({v}, {lit(p.PERSON_CELL)}) AND NOT regexp_matches({v}, {lit(p.ORGANIZATION)}))"


def _plate_context(v: str) -> str:
    return (f"(regexp_matches({v}, {lit(p.PLATE_CELL)}) AND regexp_matches({v}, '[0-9]') "
            f"AND regexp_matches({v}, '[A-Za-z]'))")


def _has(*chars: str) -> Callable[[str], str]:
    return lambda v: "(" + " OR ".join(f"contains({v}, {lit(c)})" for c in chars) + ")"


def _digits_at_least(n: int) -> Callable[[str], str]:
    return lambda _v: f"{DIGITS} >= {n}"


def _T(en: str, fr: str) -> LocalizedText:
    return LocalizedText(en, fr)


DETECTORS: tuple[Detector, ...] = (
    Detector("email", _T("Email address", "Adresse courriel"), cat.EMAIL, 0.95, _has("@"), _email, tag="[EMAIL]",
             patterns=(p.EMAIL_EXTRACT,)),
    Detector("phone", _T("Phone number", "Numéro de téléphone"), cat.PHONE, 0.85, _digits_at_least(10),
             _phone, tag="[PHONE]", patterns=(p.PHONE,)),
    Detector("sin", _T("Social Insurance Number", "Numéro d'assurance sociale"), cat.IDENTIFIER, 0.9,
             _digits_at_least(9), lambda v: _extract(v, p.SIN, luhn(_digits("m"))), tag="[SIN]",
             patterns=(p.SIN,)),
    Detector("credit_card", _T("Payment card number", "Numéro de carte de paiement"), cat.IDENTIFIER, 0.95,
             _digits_at_least(13), lambda v: _extract(v, p.CARD, _card_check()), tag="[CARD]",
             patterns=(p.CARD,)),
    Detector("health_card_on", _T("Ontario health card number", "Numéro de carte Santé de l'Ontario"),
             cat.IDENTIFIER, 0.85, _digits_at_least(10),
             lambda v: _extract(v, p.HEALTH_ON, luhn(f"left({_digits('m')}, 10)")), tag="[HEALTH-CARD]",
             patterns=(p.HEALTH_ON,)),
    Detector("health_card_qc", _T("Quebec health insurance number", "Numéro d'assurance maladie du Québec"),
             cat.IDENTIFIER, 0.85, _digits_at_least(8), lambda v: _extract(v, p.HEALTH_QC, _qc_check()),
             tag="[HEALTH-CARD]", patterns=(p.HEALTH_QC,)),
    Detector("postal_code", _T("Full postal code", "Code postal complet"), cat.POSTAL, 0.85,
             _digits_at_least(3), lambda v: _extract(v, p.POSTAL), tag="[POSTAL-CODE]",
             patterns=(p.POSTAL,), exact=True),
    Detector("street_address", _T("Street address", "Adresse municipale"), cat.ADDRESS, 0.75,
             _digits_at_least(1),
             lambda v: _concat(_extract(v, p.ADDRESS_EN), _extract(v, p.ADDRESS_FR), _extract(v, p.ADDRESS_UNIT)),
             tag="[ADDRESS]", patterns=(p.ADDRESS_EN, p.ADDRESS_FR, p.ADDRESS_UNIT), exact=True),
    Detector("birth_date", _T("Date of birth", "Date de naissance"), cat.BIRTH, 0.85, _digits_at_least(2),
             lambda v: _extract(v, p.BIRTH_TEXT),
             context=lambda v: f"regexp_matches({v}, {lit(p.DATE_CELL)})", tag="[BIRTH-DATE]",
             patterns=(p.BIRTH_TEXT,), exact=True),
    Detector("age", _T("Age", "Âge"), cat.AGE, 0.7, _digits_at_least(1),
             lambda v: f"list_filter(regexp_extract_all({v}, {lit(p.AGE_TEXT)}), lambda m: m <> '')",
             context=_age_context, tag="[AGE]", patterns=(p.AGE_TEXT,), exact=True),
    Detector("ip_address", _T("IP address", "Adresse IP"), cat.DEVICE, 0.9, _has(".", ":"), _ip, tag="[IP]",
             patterns=(p.IPV4, p.IPV6)),
    Detector("mac_address", _T("MAC address", "Adresse MAC"), cat.DEVICE, 0.9, _has(":", "-", "."),
             lambda v: _extract(v, p.MAC), tag="[MAC]", patterns=(p.MAC,), exact=True),
    Detector("licence_plate", _T("Licence plate", "Plaque d'immatriculation"), cat.PLATE, 0.75,
             _digits_at_least(2), _plate, context=_plate_context, tag="[PLATE]",
             patterns=(p.PLATE_KEYWORD, p.PLATE_ON)),
    Detector("url_personal", _T("Personal profile URL", "URL de profil personnel"), cat.PERSON, 0.8,
             _has("/"), _url, tag="[URL]", patterns=(p.URL_PERSONAL,)),
    Detector("person_name", _T("Person's name", "Nom d'une personne"), cat.PERSON, 0.6,
             _has("M", "D", "P"), lambda v: _extract(v, p.PERSON_TITLE), context=_person_context, tag="[NAME]",
             patterns=(p.PERSON_TITLE,), exact=True),
)
BY_CODE = {d.code: d for d in DETECTORS}


def redact_expr(detector: Detector, v: str) -> str:
    """Return SQL replacing each identifier ``detector`` finds in text ``v`` by its tag ("[EMAIL]", …)."""
    return f"list_reduce({detector.candidates(v)}, lambda acc, m: replace(acc, m, {lit(detector.tag)}), {v})"
