"""De-identification recipes: every operation, the keyed pseudonym, and a clean re-screen."""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from privacy_tables import write_table

from trousse.engine.privacy.deidentify import apply_recipe, hmac_sql, validate_recipe
from trousse.engine.privacy.errors import PrivacyError
from trousse.engine.privacy.screen import ScreenOptions, screen_parquet

KEY = b"site-secret-key-kept-server-side"


@pytest.fixture
def people(tmp_path: Path) -> Path:
    return write_table(tmp_path / "people.parquet", {
        "name": ["Jean Tremblay", "Marie Roy", "Priya Singh", "Wei Chen", "Luc Côté", "Aisha Ahmed"],
        "email": ["jean.tremblay@gmail.com", "marie.roy@videotron.ca", None, "wchen@outlook.com", "luc@bell.net", ""],
        "phone": ["613-555-0199", "(819) 555-0123", "514 555 0100", None, "+1 416 555 0111", "6045550122"],
        "date_of_birth": ["1985-03-02", "1990-12-01", "1979-07-15", "2001-01-31", "1955-11-11", "not a date"],
        "postal_code": ["K1A 0B1", "J8X 2K1", "H3Z 2Y7", "K2P 1L4", "M5V 3L9", "V6B 1A1"],
        "age": ["39", "33", "44", "23", "68", "97"],
        "description": ["Call Mrs. Singh at 613-555-0199", "SIN 130 692 544 on file", "lives at 45 Main St",
                        "email bob.roy@gmail.com, card 4111 1111 1111 1111", "nothing", "plaque ABC 123"],
        "__geometry": ["POINT (-75.697193 45.421530)", "POINT (-75.7 45.43)", None, "LINESTRING (0 0, 1 1)",
                       "POINT (-73.5673 45.5017)", "POINT (-123.1207 49.2827)"],
    }, staged=True)


def test_hmac_in_sql_is_rfc_2104(people: Path) -> None:
    con = duckdb.connect()
    for key in (KEY, b"k", b"x" * 100):
        for text in ("Jean Tremblay", "é", ""):
            got = con.sql(f"SELECT {hmac_sql(repr(text).replace(chr(34), chr(39)), key)}").fetchall()[0][0]
            assert got == hmac.new(key, text.encode(), hashlib.sha256).hexdigest()


def test_a_full_recipe_is_applied_and_the_output_rescreens_clean(people: Path, tmp_path: Path) -> None:
    recipe = [
        {"op": "pseudonymize", "column": "name"},
        {"op": "drop", "column": "email"},
        {"op": "mask", "column": "phone", "keep_last": 0},
        {"op": "generalize", "column": "date_of_birth", "to": "year"},
        {"op": "generalize", "column": "postal_code", "to": "fsa"},
        {"op": "generalize", "column": "age", "to": "age_band", "width": 10},
        {"op": "top_code", "column": "age", "max": 90},
        {"op": "redact", "column": "description"},
        {"op": "generalize", "column": "__geometry", "to": "round", "decimals": 2},
    ]
    out = apply_recipe(people, recipe, tmp_path / "public.parquet", key=KEY)
    assert out.rows_in == out.rows_out == 6 and "email" not in out.columns
    rows = pq.read_table(out.output).to_pylist()
    assert rows[0]["name"] == hmac.new(KEY, b"Jean Tremblay", hashlib.sha256).hexdigest()[:24]
    assert rows[0]["phone"] == "***-***-****" and rows[3]["phone"] is None
    assert [r["date_of_birth"] for r in rows] == ["1985", "1990", "1979", "2001", "1955", None]
    assert [r["postal_code"] for r in rows] == ["K1A", "J8X", "H3Z", "K2P", "M5V", "V6B"]
    assert rows[0]["description"] == "Call Mrs. [NAME] at [PHONE]"  # the title stays, the name goes
    assert rows[1]["description"] == "SIN [SIN] on file"
    assert rows[3]["description"] == "email [EMAIL], card [CARD]"
    assert rows[0]["__geometry"] == "POINT (-75.7 45.42)" and rows[3]["__geometry"] == "LINESTRING (0 0, 1 1)"
    report = screen_parquet(out.output, options=ScreenOptions(quasi_identifiers=()))
    assert [(f.column, f.detector) for f in report.findings] == [], report.to_dict()["findings"]


def test_age_bands_top_coding_and_grid_snapping(tmp_path: Path) -> None:
    path = write_table(tmp_path / "t.parquet", {"age": ["4", "17", "95", None], "lat": ["45.4215", "45.4299", "45.001", "x"]})
    out = apply_recipe(path, [{"op": "top_code", "column": "age", "max": 90},
                              {"op": "generalize", "column": "age", "to": "age_band", "width": 5},
                              {"op": "generalize", "column": "lat", "to": "grid", "size": 0.01}], tmp_path / "o.parquet")
    rows = pq.read_table(out.output).to_pylist()
    assert [r["age"] for r in rows] == ["0-4", "15-19", "90-94", None]
    assert [r["lat"] for r in rows] == [45.425, 45.425, 45.005, None]


def test_small_cells_and_small_groups_are_suppressed(tmp_path: Path) -> None:
    agg = write_table(tmp_path / "agg.parquet", {"quartier": ["A", "B", "C"], "nombre": ["12", "3", "0"]})
    out = apply_recipe(agg, [{"op": "suppress_small_cells", "column": "nombre", "threshold": 5}], tmp_path / "a.parquet")
    assert [r["nombre"] for r in pq.read_table(out.output).to_pylist()] == ["12", None, "0"]
    assert screen_parquet(out.output).status == "clean"
    rec = write_table(tmp_path / "rec.parquet", {"ward": ["1"] * 5 + ["2"], "sex": ["F"] * 6})
    out = apply_recipe(rec, [{"op": "suppress_small_groups", "columns": ["ward", "sex"], "k": 5}], tmp_path / "r.parquet")
    assert out.rows_out == 5


@pytest.mark.parametrize(("recipe", "fragment"), [
    ("drop everything", "list of steps"),
    ([{"op": "explode", "column": "name"}], "unknown operation"),
    ([{"op": "drop", "column": "nope"}], "no column named 'nope'"),
    ([{"op": "drop", "column": "name"}, {"op": "mask", "column": "name"}], "no column named 'name'"),
    ([{"op": "pseudonymize", "column": "name"}], "key"),
    ([{"op": "generalize", "column": "age", "to": "decade"}], "generalize to one of"),
    ([{"op": "top_code", "column": "age"}], "limit"),
    ([{"op": "redact", "column": "description", "detectors": ["dna"]}], "unknown detector"),
    ([{"op": "mask", "column": "phone", "keep_last": "4"}], "must be a number"),
])
def test_bad_recipes_are_refused_with_a_bilingual_reason(people: Path, recipe: object, fragment: str) -> None:
    columns = [f.name for f in pq.read_schema(people)]
    with pytest.raises(PrivacyError) as caught:
        validate_recipe(recipe, columns)
    assert caught.value.code == "bad-recipe" and fragment in caught.value.message.en
    assert caught.value.message.fr.startswith("Recette")
