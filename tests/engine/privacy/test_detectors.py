"""Each detector on its own: what it must find, the hard negatives it must not, and properties (Hypothesis)."""

from __future__ import annotations

import duckdb
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from privacy_corpus import card_digits, fmt_card, luhn_check_digit, luhn_valid

from trousse.engine.privacy.columns import categories, suggests_personal
from trousse.engine.privacy.detect import cell_hits_sql, detect, scanned_columns
from trousse.engine.privacy.detectors import DETECTORS
from trousse.engine.privacy.fastpath import luhn
from trousse.engine.privacy.masking import mask


def hits(values: list[str]) -> list[set[str]]:
    """Return the detectors that fire on each cell, by the SQL definitions."""
    con = duckdb.connect()
    con.register("t", pa.table({"v": pa.array(values, pa.string())}))
    rows = con.sql(cell_hits_sql("t", "v")).fetchall()
    return [{d.code for d, h in zip(DETECTORS, row, strict=True) if h} for row in rows]


def counts(values: list[str], column: str = "description") -> dict[str, int]:
    """Return the cells per detector found by ``detect`` (the Arrow-gated path) in one column."""
    con = duckdb.connect()
    con.register("t", pa.table({column: pa.array(values, pa.string())}))
    found = detect(con, "t", scanned_columns([(column, "VARCHAR")]), len(values))
    return {f.detector: f.count for f in found}


POSITIVE = [
    ("email", "Reply to jean.tremblay@gmail.com please"),
    ("phone", "Call (613) 555-0199 poste 22"),
    ("phone", "+1 819.555.0123"),
    ("phone", "tel 1-416-555-0100 ext. 4"),
    ("sin", "SIN 130 692 544"),
    ("sin", "NAS : 130-692-544"),
    ("sin", "130692544"),
    ("credit_card", "card 4111 1111 1111 1111"),
    ("credit_card", "Amex 3782-822463-10005"),
    ("health_card_on", "OHIP 1234-567-897 AB"),
    ("health_card_qc", "RAMQ TREM 8503 0212"),
    ("postal_code", "lives near K1A 0B1"),
    ("postal_code", "h3z2y7"),
    ("street_address", "45 Main St"),
    ("street_address", "123, rue Principale"),
    ("street_address", "app. 4"),
    ("birth_date", "born on 1985-03-02"),
    ("birth_date", "née le 2 mars 1985"),
    ("age", "resident aged 34"),
    ("age", "âgée de 34 ans"),
    ("ip_address", "login from 192.168.1.20"),
    ("ip_address", "from 2001:db8:85a3::8a2e"),
    ("mac_address", "device 00:1A:2B:3C:4D:5E."),
    ("licence_plate", "plate ABCD 123"),
    ("licence_plate", "plaque 123 ABC"),
    ("url_personal", "https://www.facebook.com/jean.tremblay.9"),
    ("url_personal", "https://www.tiktok.com/@amelie.roy"),
    ("person_name", "M. Tremblay a appelé"),
    ("person_name", "Mrs. Singh called"),
]

NEGATIVE = [
    ("sin", "Invoice 130 692 545"),  # shaped like a SIN, fails Luhn
    ("sin", "Permit no. 123-456-789"),
    ("phone", "Dossier REF-613-555-0199"),  # glued to a prefix
    ("phone", "File 2023-555-01234"),
    ("phone", "Ticket SR6135550199"),
    ("email", "Write to info@ottawa.ca"),  # role mailboxes are not personal
    ("email", "311@gatineau.ca"),
    ("email", "webmaster@toronto.ca"),
    ("email", "service.client@ville.quebec.qc.ca"),
    ("credit_card", "Order 4111 1111 1111 1112"),
    ("health_card_on", "Lot 1234-567-890"),
    ("health_card_qc", "Form PERM 2024 1301"),
    ("postal_code", "Area K1A"),  # a forward sortation area is not a full postal code
    ("street_address", "Corner of Main St and Bank Ave"),
    ("street_address", "Highway 417 closed"),
    ("ip_address", "Version 2.1.3"),
    ("ip_address", "at 12:30:45"),
    ("licence_plate", "UNIT 101 responded"),
    ("url_personal", "https://ottawa.ca/en/residents"),
    ("url_personal", "https://www.facebook.com/events/123456"),
    ("age", "Problème depuis 5 ans"),
    ("birth_date", "Inspected on 2024-03-02"),
    ("person_name", "Main Street closed"),
]


@pytest.mark.parametrize(("code", "text"), POSITIVE, ids=[f"{c}:{t}" for c, t in POSITIVE])
def test_detector_finds_its_identifier(code: str, text: str) -> None:
    assert code in hits([text])[0]


@pytest.mark.parametrize(("code", "text"), NEGATIVE, ids=[f"{c}:{t}" for c, t in NEGATIVE])
def test_hard_negative_does_not_fire(code: str, text: str) -> None:
    assert code not in hits([text])[0]


def test_the_arrow_path_counts_what_the_sql_definitions_say() -> None:
    texts = [t for _, t in POSITIVE + NEGATIVE] + ["Invoice 130 692 545, SIN 130 692 544", "info@x.ca, bob.roy@gmail.com"]
    expected: dict[str, int] = {}
    for found in hits(texts):
        for code in found:
            expected[code] = expected.get(code, 0) + 1
    assert counts(texts) == expected


def test_a_later_valid_identifier_is_found_after_an_invalid_one() -> None:
    assert counts(["Invoice 130 692 545, SIN 130 692 544"]) == {"sin": 1}
    assert counts(["info@ottawa.ca or bob.roy@gmail.com"]) == {"email": 1}


def luhn_number(prefix: str, length: int) -> st.SearchStrategy[str]:
    return st.text("0123456789", min_size=length - len(prefix) - 1, max_size=length - len(prefix) - 1).map(
        lambda body: prefix + body + luhn_check_digit(prefix + body))


SINS = st.sampled_from("1234567").flatmap(lambda first: luhn_number(first, 9))
SEPARATORS = st.sampled_from([" ", "-", ""])
FAST = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(st.lists(st.tuples(SINS, SEPARATORS), min_size=1, max_size=20))
def test_every_valid_sin_is_found_and_every_luhn_invalid_one_is_not(items: list[tuple[str, str]]) -> None:
    def fmt(d: str, sep: str) -> str:
        return sep.join([d[:3], d[3:6], d[6:]])

    bad = [d[:-1] + str((int(d[-1]) + 1 + i % 8) % 10) for i, (d, _) in enumerate(items)]
    found = hits([f"SIN {fmt(d, s)} on file" for d, s in items] + [f"Invoice {fmt(d, s)}" for d, (_, s) in zip(bad, items, strict=True)])
    assert all("sin" in f for f in found[: len(items)])
    assert not any("sin" in f for f in found[len(items):])


@FAST
@given(st.integers(0, 2**32 - 1))
def test_every_valid_card_is_found_and_its_luhn_invalid_twin_is_not(seed: int) -> None:
    import random

    r = random.Random(seed)
    good = [card_digits(r) for _ in range(10)]
    bad = [card_digits(r, valid=False) for _ in range(10)]
    found = hits([f"paid with {fmt_card(r, d)}" for d in good] + [f"order {fmt_card(r, d)}" for d in bad])
    assert all("credit_card" in f for f in found[:10])
    assert not any("credit_card" in f for f in found[10:])


AREA = st.sampled_from(["613", "819", "416", "514", "604", "902", "212"])
PHONE_SHAPES = ["({a}) {b}-{c}", "{a}-{b}-{c}", "{a}.{b}.{c}", "{a} {b} {c}", "+1 {a} {b} {c}", "1-{a}-{b}-{c}",
                "{a}{b}{c}", "{a}-{b}-{c} poste 123", "{a}-{b}-{c} x45"]


@FAST
@given(st.lists(st.tuples(AREA, st.integers(200, 999), st.integers(0, 9999), st.sampled_from(PHONE_SHAPES)),
                min_size=1, max_size=20))
def test_every_north_american_phone_shape_is_found(items: list[tuple[str, int, int, str]]) -> None:
    texts = [f"Call {shape.format(a=a, b=b, c=f'{c:04d}')} today" for a, b, c, shape in items]
    assert all("phone" in f for f in hits(texts))


@FAST
@given(st.lists(st.tuples(st.sampled_from("ABCEGHJKLMNPRSTVXY"), st.integers(0, 9),
                          st.sampled_from("ABCEGHJKLMNPRSTVWXYZ"), st.integers(0, 9),
                          st.sampled_from("ABCEGHJKLMNPRSTVWXYZ"), st.integers(0, 9), SEPARATORS.filter(lambda s: s != "-")),
                min_size=1, max_size=20))
def test_every_full_postal_code_is_found_and_its_fsa_alone_is_not(items: list[tuple]) -> None:
    full = [f"Code {a}{b}{c}{s}{d}{e}{f}." for a, b, c, d, e, f, s in items]
    fsa = [f"Secteur {a}{b}{c}." for a, b, c, *_ in items]
    found = hits(full + fsa)
    assert all("postal_code" in f for f in found[: len(items)])
    assert not any("postal_code" in f for f in found[len(items):])


@FAST
@given(st.lists(st.text("0123456789", min_size=1, max_size=19), min_size=1, max_size=50))
def test_the_vectorized_luhn_agrees_with_the_textbook_one(numbers: list[str]) -> None:
    assert luhn(pa.array(numbers)).tolist() == [luhn_valid(n) for n in numbers]


def test_masking_keeps_the_shape_and_hides_the_value() -> None:
    assert mask("613-555-0199") == "•••-•••-••••"
    assert mask("jean.tremblay@ville.ca") == "j•••.t•••••••@v••••.c•"
    assert "Tremblay" not in mask("M. Tremblay")
    assert len(mask("x" * 5000)) == 40


@pytest.mark.parametrize(("name", "expected"), [
    ("nom", ["person"]), ("Propriétaire", ["person"]), ("complainant_name", ["person"]), ("plaignant", ["person"]),
    ("first_name", ["person"]), ("park_name", []), ("nom_rue", []), ("courriel", ["email"]),
    ("DateNaissance", ["date", "birth"]), ("code_postal", ["postal"]), ("ward", ["area"]), ("sexe", ["sex"]),
    ("ip_address", ["device"]), ("nombre", ["count"]), ("latitude", ["coordinate"]),
])
def test_column_names_in_english_and_french(name: str, expected: list[str]) -> None:
    assert sorted(categories(name)) == sorted(expected)


def test_name_suggests_personal() -> None:
    assert suggests_personal("owner") and suggests_personal("téléphone") and not suggests_personal("status")
