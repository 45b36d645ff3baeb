"""The search parsers: sort text, full-text patterns and typed filter values, on any input."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trousse.engine.query.columns import Column
from trousse.engine.query.errors import QueryError
from trousse.engine.query.where import fold, parse_sort, typed_literal, word_pattern

names = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=20).filter(
    lambda n: n == n.strip() and n.lower() not in ("asc", "desc") and not n.lower().endswith((" asc", " desc")))


@given(st.lists(st.tuples(names, st.booleans()), min_size=1, max_size=5))
def test_sort_text_round_trips(terms: list[tuple[str, bool]]) -> None:
    text = ", ".join('"' + name.replace('"', '""') + '"' + (" desc" if desc else "") for name, desc in terms)
    assert parse_sort(text, [name for name, _ in terms]) == terms


@given(st.text(max_size=40))
def test_parse_sort_never_fails_otherwise(text: str) -> None:
    try:
        parse_sort(text, None)
    except QueryError as error:
        assert error.field == "sort"


@given(st.text(min_size=1, max_size=30).filter(lambda w: not w.isspace()))
def test_word_patterns_are_valid_and_match_the_folded_word(word: str) -> None:
    pattern = word_pattern(word)
    assert re.search(pattern, fold(word))  # escapes and classes only: as valid for RE2 as for re


@given(st.text("abcdefghijklmnopqrstuvwxyz-' ", min_size=1, max_size=20))
def test_word_patterns_ignore_case(word: str) -> None:
    assert re.search(word_pattern(word), word.upper())


@given(st.one_of(st.text(max_size=20), st.integers(), st.floats(), st.booleans(), st.none()))
def test_typed_literals_are_either_safe_sql_or_a_query_error(value: object) -> None:
    for typ in ("BIGINT", "DOUBLE", "BOOLEAN", "DATE", "TIMESTAMP", "TIME", "VARCHAR"):
        try:
            sql = typed_literal(Column("c", "c", typ), value)
        except QueryError as error:
            assert error.code == "invalid_value"
            continue
        # Text only ever appears inside one quoted literal, its quotes doubled.
        quoted = re.findall(r"'(?:[^']|'')*'", sql)
        assert "".join(re.split(r"'(?:[^']|'')*'", sql)).count("'") == 0, sql
        assert len(quoted) <= 1


def test_accented_words_match_their_plain_forms() -> None:
    assert re.search(word_pattern("eclairage"), "Éclairage", re.IGNORECASE)
    assert re.search(word_pattern("Jérôme"), "rue saint-jerome", re.IGNORECASE)
    with pytest.raises(QueryError):
        typed_literal(Column("d", "d", "DATE"), "2024-02-30")
