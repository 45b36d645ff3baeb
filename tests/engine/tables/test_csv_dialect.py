"""Dialect detection on samples: delimiter, quote, header row, decimal comma and thousands separators."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trousse.engine.tables.csv_dialect import detect_dialect
from trousse.engine.tables.source import ReadOptions


def _write(
    rows: list[list[str]], delimiter: str, quoting: int = csv.QUOTE_MINIMAL, quotechar: str = '"'
) -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, quoting=quoting, quotechar=quotechar, lineterminator="\n").writerows(
        rows
    )
    return out.getvalue()


ROWS = [
    ["ville", "population", "superficie"],
    ["Rivière-du-Loup", "20118", "84,3"],
    ["Saint-Jérôme", "80213", "90,5"],
    ["Lévis", "149683", "449,3"],
]


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_detects_each_delimiter(delimiter: str) -> None:
    found = detect_dialect(_write(ROWS, delimiter))
    assert (found.delimiter, found.header_row, found.field_count) == (delimiter, 1, 3)


def test_quebec_semicolon_file_has_decimal_comma() -> None:
    found = detect_dialect(_write(ROWS, ";"))
    assert (found.decimal, found.thousands) == (",", "")


@pytest.mark.parametrize("space", [" ", "\u00a0", "\u202f"])
def test_french_thousands_with_spaces(space: str) -> None:
    rows = [["poste", "montant"], ["a", f"1{space}234,56"], ["b", f"12{space}500,00"], ["c", "15,25"]]
    found = detect_dialect(_write(rows, ";"))
    assert (found.decimal, found.thousands) == (",", space)


def test_english_thousands_in_a_comma_file() -> None:
    rows = [["item", "amount"], ["a", "1,234.56"], ["b", "12,500.00"], ["c", "15.25"]]
    found = detect_dialect(_write(rows, ","))
    assert (found.delimiter, found.decimal, found.thousands) == (",", ".", ",")


def test_plain_numbers_mean_point_and_no_thousands() -> None:
    rows = [["id", "x"], ["1", "2.5"], ["2", "3.75"]]
    found = detect_dialect(_write(rows, ","))
    assert (found.decimal, found.thousands) == (".", "")


def test_title_and_blank_lines_above_the_header() -> None:
    sample = "Rapport des requêtes 311\nVille de Lévis, 2024\n\n" + _write(ROWS * 3, ";")
    found = detect_dialect(sample)
    assert (found.delimiter, found.header_row) == (";", 4)


def test_single_quote_character() -> None:
    rows = [["nom", "note"], ["Lévis, QC", "a"], ["Québec, QC", "b"], ["Gaspé, QC", "c"]]
    found = detect_dialect(_write(rows, ",", csv.QUOTE_ALL, "'"))
    assert (found.delimiter, found.quote_char) == (",", "'")


def test_pinned_settings_win() -> None:
    options = ReadOptions(delimiter="|", quote_char="'", header_row=2, decimal=".", thousands="")
    found = detect_dialect(_write(ROWS, ";"), options)
    assert (found.delimiter, found.quote_char, found.header_row, found.decimal, found.thousands) == (
        "|",
        "'",
        2,
        ".",
        "",
    )


WORDS = st.sampled_from(
    ["Rivière-du-Loup", "Saint-Jérôme", "Québec", "rue de l’Église", "Île d'Orléans", "oui", "non", "", "x y"]
)
NUMBERS = st.one_of(
    st.integers(-(10**6), 10**6).map(str),
    st.decimals(-1000, 1000, places=2, allow_nan=False).map(lambda d: str(d).replace(".", ",")),
)


@st.composite
def tables(draw: st.DrawFn) -> list[list[str]]:
    width = draw(st.integers(2, 6))
    labels = [f"colonne {i} é" for i in range(width)]
    kinds = [draw(st.sampled_from([WORDS, NUMBERS])) for _ in range(width)]
    body = draw(st.lists(st.tuples(*kinds).map(list), min_size=2, max_size=30))
    return [labels, *body]


@settings(max_examples=200, deadline=None)
@given(
    rows=tables(),
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
    quoting=st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC]),
)
def test_detects_the_dialect_a_table_was_written_with(
    rows: list[list[str]], delimiter: str, quoting: int
) -> None:
    found = detect_dialect(_write(rows, delimiter, quoting))
    assert (found.delimiter, found.header_row, found.field_count) == (delimiter, 1, len(rows[0]))
