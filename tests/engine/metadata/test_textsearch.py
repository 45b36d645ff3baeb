"""Tests for language-aware search normalization: folding, terms, query parsing and rendering."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trousse.engine.metadata.textsearch import (
    ELISIONS,
    MAX_QUERY_TERMS,
    QueryTerm,
    document,
    fold,
    fts5_match,
    index_terms,
    matches,
    parse_query,
    pg_tsquery,
)

TERM = re.compile(r"[a-z0-9]+")


def finds(query: str, text: str, lang: str) -> bool:
    """Return whether ``query`` matches the search document of ``text`` in ``lang``."""
    return matches(parse_query(query), document([(text, lang)]).split())


# --- folding and index terms ---------------------------------------------------------------------


def test_fold_strips_accents_and_expands_ligatures() -> None:
    assert fold("Rivière Œuvre ÆSOP Ça Straße") == "riviere oeuvre aesop ca strasse"


def test_fold_maps_typographic_apostrophes_and_hyphens() -> None:
    assert fold("l’eau Saint\u2011Jérôme") == "l'eau saint-jerome"


def test_fold_turns_other_scripts_into_separators() -> None:
    assert fold("Toronto東京Québec") == "toronto quebec"


def test_folding_happens_before_stemming() -> None:
    assert index_terms("Rivière", "fr") == index_terms("riviere", "fr") == ["rivier"]


@pytest.mark.parametrize("elision", sorted(ELISIONS))
@pytest.mark.parametrize("apostrophe", ["'", "\u2019"])
def test_french_elisions_are_stripped(elision: str, apostrophe: str) -> None:
    assert index_terms(f"{elision}{apostrophe}arbre", "fr") == index_terms("arbre", "fr") == ["arbre"]


def test_elisions_are_stripped_inside_hyphenated_names() -> None:
    assert index_terms("Saint-Jean-d'Iberville", "fr") == ["saint", "jean", "ibervill", "saintjeanibervill"]


def test_stop_words_of_the_language_are_dropped() -> None:
    assert index_terms("Les arbres de la ville", "fr") == ["arbre", "vill"]
    assert index_terms("The trees of the city", "en") == ["tree", "citi"]


def test_stop_words_of_the_other_language_are_kept() -> None:
    assert index_terms("Mines d'or", "fr") == ["min", "or"]  # "or" is gold in French


def test_numbers_and_codes_are_kept_whole() -> None:
    assert index_terms("Appels 311 en 2024, K2P 1L5", "fr") == ["appel", "311", "2024", "k2p", "1l5"]


def test_hyphenated_words_give_parts_and_joined_form() -> None:
    assert index_terms("Saint-Jérôme", "fr") == ["saint", "jerom", "saintjerom"]
    assert index_terms("e-mail", "en") == ["e", "mail", "email"]


def test_undetermined_language_uses_both_stemmers() -> None:
    assert index_terms("arbres trees", "und") == ["arbr", "arbre", "tree", "tre"]


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown search language"):
        index_terms("arbres", "de")


def test_document_joins_terms_of_each_field() -> None:
    fields = [("Trees in parks", "en"), ("Arbres des parcs", "fr"), ("Parc Lansdowne", "und")]
    assert document(fields) == "tree park arbre parc parc lansdown"
    assert document(fields) == document(list(fields))
    assert document([]) == ""


# --- parsing and matching --------------------------------------------------------------------------


def test_query_word_carries_both_stems_and_the_folded_word() -> None:
    assert parse_query("Arbres") == [QueryTerm(frozenset({"arbres", "arbr", "arbre"}))]


def test_query_drops_stop_words_of_either_language() -> None:
    assert parse_query("collectes des déchets") == [
        QueryTerm(frozenset({"collectes", "collect"})),
        QueryTerm(frozenset({"dechets", "dechet"})),
    ]
    assert parse_query("trees of the city") == parse_query("trees city")


def test_query_of_only_stop_words_keeps_them() -> None:
    assert parse_query("de la") == [QueryTerm(frozenset({"de"})), QueryTerm(frozenset({"la"}))]


def test_trailing_star_makes_a_prefix_term() -> None:
    assert parse_query("bibliothè*") == [QueryTerm(frozenset({"biblioth", "bibliothe"}), prefix=True)]
    assert parse_query("de*") == [QueryTerm(frozenset({"de"}), prefix=True)]  # a prefix is never a stop word


def test_empty_and_punctuation_only_queries_are_empty() -> None:
    for q in ["", "   ", "!?;,*", "東京"]:
        assert parse_query(q) == []
        assert fts5_match(parse_query(q)) == pg_tsquery(parse_query(q)) == ""


def test_query_length_is_bounded() -> None:
    assert len(parse_query(" ".join(f"w{i}" for i in range(100)))) == MAX_QUERY_TERMS


def test_query_term_refuses_unsafe_variants() -> None:
    for bad in [frozenset(), frozenset({'a" OR "b'}), frozenset({"A"}), frozenset({"é"}), frozenset({""})]:
        with pytest.raises(ValueError):
            QueryTerm(bad)


@pytest.mark.parametrize(
    ("query", "text", "lang"),
    [
        ("arbres", "Inventaire des arbres", "fr"),
        ("arbre", "Inventaire des arbres", "fr"),
        ("arbres", "Arbre remarquable", "fr"),
        ("parcs", "Parc Lansdowne", "fr"),
        ("parc", "Parcs et espaces verts", "fr"),
        ("permits", "Building permit", "en"),
        ("permit", "Building permits", "en"),
        ("l'eau", "Eau potable", "fr"),
        ("eau", "Qualité de l’eau", "fr"),
        ("d'arbres", "Plantation arbres", "fr"),
        ("arbres", "Plantation d'arbres", "fr"),
        ("Québec", "quebec", "fr"),
        ("quebec", "Ville de Québec", "fr"),
        ("collectes des déchets", "Collecte déchets", "fr"),
        ("collecte déchets", "Collectes des déchets", "fr"),
        ("trees", "Street tree", "en"),
        ("tree", "Street trees", "en"),
        ("Rivière", "riviere", "fr"),
        ("311", "Demandes au 311", "fr"),
        ("K2P", "Codes postaux K2P", "fr"),
        ("saint-jérôme", "Saint Jérôme", "fr"),
        ("saint jérôme", "Saint-Jérôme", "fr"),
        ("saintjerome", "Saint-Jérôme", "fr"),
        ("e-mail", "Email addresses", "en"),
        ("email", "E-mail addresses", "en"),
        ("or", "Mines d'or", "fr"),
        ("bibliothè*", "Bibliothèques publiques", "fr"),
        ("perm*", "Building permits", "en"),
    ],
)
def test_query_finds_document(query: str, text: str, lang: str) -> None:
    assert finds(query, text, lang)


@pytest.mark.parametrize(
    ("query", "text", "lang"),
    [
        ("arbres", "Parcs et espaces verts", "fr"),
        ("arbres parcs", "Inventaire des arbres", "fr"),  # every word must match
        ("the", "The trees", "en"),  # stop words are never indexed
        ("bib*", "Parcs", "fr"),
    ],
)
def test_query_misses_document(query: str, text: str, lang: str) -> None:
    assert not finds(query, text, lang)


def test_mixed_language_query_works_on_either_language() -> None:
    bilingual = document([("Trees in parks", "en"), ("Arbres des parcs", "fr")]).split()
    assert matches(parse_query("parcs trees"), bilingual)
    assert matches(parse_query("arbres parks"), bilingual)
    # A French word in English text, and an English word in French text, are still found.
    assert finds("parcs", "Parc Lansdowne events", "en")
    assert finds("parking", "Stationnement et parking", "fr")


def test_empty_query_matches_everything() -> None:
    assert matches([], [])


# --- rendering -------------------------------------------------------------------------------------

# What the renderers may emit: quoted or bare terms, grouped alternatives, and nothing else.
FTS5_ALT = r'"[a-z0-9]+"\*?'
FTS5_GROUP = rf"(?:{FTS5_ALT}|\({FTS5_ALT}(?: OR {FTS5_ALT})+\))"
FTS5_GRAMMAR = re.compile(rf"(?:{FTS5_GROUP}(?: AND {FTS5_GROUP})*)?")
PG_ALT = r"[a-z0-9]+(?::\*)?"
PG_GROUP = rf"(?:{PG_ALT}|\({PG_ALT}(?: \| {PG_ALT})+\))"
PG_GRAMMAR = re.compile(rf"(?:{PG_GROUP}(?: & {PG_GROUP})*)?")


def test_fts5_match_rendering() -> None:
    assert fts5_match(parse_query("parcs eau*")) == '("parc" OR "parcs") AND "eau"*'


def test_pg_tsquery_rendering() -> None:
    assert pg_tsquery(parse_query("parcs eau*")) == "(parc | parcs) & eau:*"


def test_rendering_neutralizes_operators_in_the_query() -> None:
    q = "x\" OR NEAR(a b) NOT y:* & !z | (w) -- '; DROP TABLE t;"
    query = parse_query(q)
    assert (
        fts5_match(query)
        == '"x" AND "near" AND "b" AND "not" AND "z" AND "w" AND "drop" AND ("tabl" OR "table")'
    )
    assert pg_tsquery(query) == "x & near & b & not & z & w & drop & (tabl | table)"


# --- properties ------------------------------------------------------------------------------------

LANG = st.sampled_from(["en", "fr", "und"])
LETTERS = "a-zA-Z0-9àâäçéèêëîïôöùûüÿœæÀÂÇÉÈÊÎÔÙÛŒÆßøł"
WORD = st.from_regex(rf"\A[{LETTERS}]+(?:['’\-‑][{LETTERS}]+)*\Z", fullmatch=True)


@given(st.text(), LANG)
def test_index_terms_never_raises_and_yields_ascii_terms(text: str, lang: str) -> None:
    assert all(TERM.fullmatch(term) for term in index_terms(text, lang))


@given(st.text())
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


@given(st.text())
def test_rendered_queries_only_contain_terms_and_operators(q: str) -> None:
    query = parse_query(q)
    assert FTS5_GRAMMAR.fullmatch(fts5_match(query))
    assert PG_GRAMMAR.fullmatch(pg_tsquery(query))


@given(WORD, st.sampled_from(["en", "fr"]))
def test_word_finds_document_made_of_that_word(word: str, lang: str) -> None:
    terms = index_terms(word, lang)
    if terms:  # a word that is only a stop word of ``lang`` leaves nothing to find
        assert matches(parse_query(word), terms)


# --- SQLite FTS5 -----------------------------------------------------------------------------------

CORPUS = {
    1: [("Trees in parks", "en"), ("Arbres des parcs", "fr")],
    2: [("Collecte des déchets", "fr")],
    3: [("Building permits 2024", "en")],
    4: [("Qualité de l’eau — Rivière des Outaouais", "fr")],
    5: [("Saint-Jérôme", "fr"), ("Codes postaux K2P", "fr")],
    6: [("Mines d'or", "fr")],
}


@pytest.fixture(scope="module")
def fts5() -> Iterator[sqlite3.Connection]:
    """Yield an in-memory FTS5 table holding the search documents of ``CORPUS``."""
    db = sqlite3.connect(":memory:")
    try:
        db.execute('CREATE VIRTUAL TABLE t USING fts5(doc, tokenize="unicode61 remove_diacritics 2")')
    except sqlite3.OperationalError:
        pytest.skip("this Python's SQLite is built without FTS5")
    db.executemany("INSERT INTO t (rowid, doc) VALUES (?, ?)", [(k, document(v)) for k, v in CORPUS.items()])
    yield db
    db.close()


def search(db: sqlite3.Connection, q: str) -> set[int]:
    """Return the rowids FTS5 finds for the query ``q`` (none when the query is empty)."""
    expression = fts5_match(parse_query(q))
    if not expression:
        return set()
    return {row[0] for row in db.execute("SELECT rowid FROM t WHERE t MATCH ?", (expression,))}


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("arbre", {1}),
        ("trees", {1}),
        ("parc", {1}),
        ("arbres trees", {1}),
        ("collectes des déchets", {2}),
        ("permit", {3}),
        ("2024", {3}),
        ("perm*", {3}),
        ("l'eau", {4}),
        ("riviere", {4}),
        ("riv*", {4}),
        ("saint jerome", {5}),
        ("saintjerome", {5}),
        ("k2p", {5}),
        ("or", {6}),
        ("cinéma", set()),
        ('" OR 1 --', set()),
    ],
)
def test_fts5_finds_expected_rows(fts5: sqlite3.Connection, q: str, expected: set[int]) -> None:
    assert search(fts5, q) == expected


VOCABULARY = ["arbre", "trees", "parcs", "park", "collecte", "déchet", "permits", "2024", "eau", "rivières",
              "saint-jérôme", "k2p", "or", "des", "the", "mines", "building", "qualité", "zzz"]  # fmt: skip


def query_word(word: str, prefix: bool) -> str:
    """Return ``word``, or its first letters with the prefix marker when ``prefix``."""
    return word[:-1] + "*" if prefix else word


QUERY = st.lists(st.builds(query_word, st.sampled_from(VOCABULARY), st.booleans()), max_size=4).map(" ".join)


@given(q=QUERY)
def test_fts5_agrees_with_reference_evaluator(fts5: sqlite3.Connection, q: str) -> None:
    query = parse_query(q)
    expected = {k for k, v in CORPUS.items() if matches(query, document(v).split())} if query else set()
    assert search(fts5, q) == expected
