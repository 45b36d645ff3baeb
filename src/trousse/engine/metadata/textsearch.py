"""Language-aware text normalization for catalogue search, in English and French.

A dataset's text becomes a *search document*: space-separated ASCII terms (``[a-z0-9]+``) that are
already lowercased, accent-folded, stripped of elisions and stop words, and stemmed here. SQLite FTS5
(unicode61) and PostgreSQL ``to_tsvector('simple', …)`` then index the terms exactly as given, so French
works the same on both databases and neither needs a language dictionary.

A query goes through the same normalization and comes back as a list of ``QueryTerm``: a document
matches when it holds at least one variant of every term. ``fts5_match`` and ``pg_tsquery`` render that
list for each database; ``matches`` evaluates it in Python and is the reference both must agree with.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

LANGS = ("en", "fr", "und")  # "und" (BCP 47 "undetermined"): use both stemmers and both stop lists

# Kept small and folded (à → a, où → ou). Left out on purpose, because the word is also content in
# the other language or in place names: "est" (east, as in Ottawa-Est), "son", "été" (summer), "it" (IT).
# French also lists elisions cut off from their word by a stray space ("l' eau").
# fmt: off
STOP_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset({
        "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "is",
        "of", "on", "or", "s", "t", "that", "the", "this", "to", "was", "were", "will", "with"
    }),
    "fr": frozenset({
        "a", "au", "aux", "avec", "ce", "ces", "d", "dans", "de", "des", "du", "elle", "en", "et",
        "il", "ils", "j", "l", "la", "le", "les", "leur", "leurs", "n", "ne", "ou", "par", "pas",
        "pour", "qu", "que", "qui", "sa", "se", "ses", "sur", "un", "une", "y"
    }),
}
ELISIONS = frozenset({"l", "d", "j", "qu", "n", "s", "c", "m", "t", "jusqu", "lorsqu", "puisqu"})
# fmt: on
MAX_QUERY_TERMS = 32  # bounds the SQL, and the work, one search box can cause

_SNOWBALL = {"en": "english", "fr": "french"}
_TERM = re.compile(r"[a-z0-9]+")
# A word: alphanumeric runs joined by apostrophes or hyphens, with an optional prefix marker (queries).
_WORD = re.compile(r"([a-z0-9]+(?:['-][a-z0-9]+)*)(\*)?")
_PIECE = re.compile(r"([a-z0-9]+)('?)")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
# Letters NFKD leaves whole, and typographic apostrophes and hyphens, mapped to what the tokenizer knows.
_FOLD_TABLE = str.maketrans(
    {
        "œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i",
        "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2010": "-", "\u00ad": "",
    }
)  # fmt: skip
_local = threading.local()


@dataclass(frozen=True)
class QueryTerm:
    """One word of a query: a document matches it when it holds any of ``variants``.

    ``variants`` are search terms: the folded word and its English and French stems (for a part of a
    hyphenated word, also those of the joined word). When ``prefix`` is set (the word ended in ``*``) a
    document term matches if it starts with a variant. Variants are checked on creation, which is what
    makes the rendered FTS5 and tsquery strings safe to pass to the database.
    """

    variants: frozenset[str]
    prefix: bool = False

    def __post_init__(self) -> None:
        if not self.variants or not all(_TERM.fullmatch(v) for v in self.variants):
            raise ValueError(f"query variants must be non-empty [a-z0-9]+ terms: {sorted(self.variants)!r}")


def fold(text: str) -> str:
    """Lowercase ``text`` and fold it to ASCII (é → e, œ → oe); other characters become spaces."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    # Everything left outside ASCII becomes a space, so folding is idempotent and terms stay ASCII.
    return _NON_ASCII.sub(" ", bare.casefold().translate(_FOLD_TABLE))


def index_terms(text: str, lang: str) -> list[str]:
    """Return the search terms of ``text`` written in ``lang`` ("en", "fr", or "und" for either)."""
    langs = _langs(lang)
    stop: frozenset[str] = frozenset().union(*(STOP_WORDS[code] for code in langs))
    terms: list[str] = []
    for parts, _prefix in _words(fold(text)):
        kept = [part for part in parts if part not in stop]
        if len(parts) > 1 and (joined := "".join(parts)) not in stop:
            kept.append(joined)  # "Saint-Jérôme" is also found as "saintjerome", "e-mail" as "email"
        for word in kept:
            terms.extend(dict.fromkeys(_stem(word, code) for code in langs))
    return terms


def document(fields: Iterable[tuple[str, str]]) -> str:
    """Build the search document of (text, lang) pairs; repeated terms are kept to help ranking."""
    return " ".join(term for text, lang in fields for term in index_terms(text, lang))


def parse_query(q: str) -> list[QueryTerm]:
    """Parse search box text into terms a document must all match; empty means "no text filter".

    The language of a query is unknown, so each word carries its English and French stems. Stop words
    of either language are dropped, unless the query has nothing else: "or" (gold) or "pour" are then
    still found in the language where they are not stop words. A hyphenated word gives one term per
    part, each also satisfied by the joined word: (a AND b) OR ab == (a OR ab) AND (b OR ab), so
    "saint-jérôme" finds "Saint Jérôme", "Saint-Jérôme" and "saintjerome". A trailing ``*`` makes
    every term of its word a prefix. There is no phrase or NOT syntax; other punctuation separates.
    """
    stop = STOP_WORDS["en"] | STOP_WORDS["fr"]
    content: list[QueryTerm] = []
    stops: list[QueryTerm] = []
    for parts, prefix in _words(fold(q)):
        if len(content) >= MAX_QUERY_TERMS:
            break
        joined = _variants("".join(parts)) if len(parts) > 1 else frozenset()
        for part in parts:
            term = QueryTerm(_variants(part) | joined, prefix)
            (stops if part in stop and not prefix else content).append(term)
    return list(dict.fromkeys(content or stops))[:MAX_QUERY_TERMS]


def matches(query: Sequence[QueryTerm], terms: Iterable[str]) -> bool:
    """Return whether a document with these search terms satisfies every term of ``query``."""
    present = frozenset(terms)
    return all(_term_matches(term, present) for term in query)


def fts5_match(query: Sequence[QueryTerm]) -> str:
    """Render ``query`` as an SQLite FTS5 MATCH expression, or "" when it is empty."""
    return " AND ".join(
        _group([f'"{v}"' + ("*" if term.prefix else "") for v in sorted(term.variants)], " OR ")
        for term in query
    )


def pg_tsquery(query: Sequence[QueryTerm]) -> str:
    """Render ``query`` for PostgreSQL ``to_tsquery('simple', …)``, or "" when it is empty."""
    return " & ".join(
        _group([v + (":*" if term.prefix else "") for v in sorted(term.variants)], " | ") for term in query
    )


def _group(items: list[str], operator: str) -> str:
    """Join alternatives with ``operator``, in parentheses when there is more than one."""
    return items[0] if len(items) == 1 else "(" + operator.join(items) + ")"


def _term_matches(term: QueryTerm, present: frozenset[str]) -> bool:
    """Return whether the document terms ``present`` satisfy ``term``."""
    if term.prefix:
        return any(t.startswith(v) for v in term.variants for t in present)
    return not term.variants.isdisjoint(present)


def _langs(lang: str) -> tuple[str, ...]:
    """Return the stemmer languages for a document language."""
    if lang not in LANGS:
        raise ValueError(f"unknown search language {lang!r}; expected one of {LANGS}")
    return ("en", "fr") if lang == "und" else (lang,)


def _words(folded: str) -> Iterator[tuple[list[str], bool]]:
    """Yield each word's parts, French elisions removed, and whether it ends in the prefix marker."""
    for match in _WORD.finditer(folded):
        # Elisions are dropped in every language: "L'Assomption" appears in English text too.
        pieces = _PIECE.findall(match.group(1))
        parts = [piece for piece, apostrophe in pieces if not (apostrophe and piece in ELISIONS)]
        yield parts, match.group(2) is not None  # never empty: the last piece has no apostrophe


def _variants(word: str) -> frozenset[str]:
    """Return the folded word with its English and French stems."""
    return frozenset((word, _stem(word, "en"), _stem(word, "fr")))


@lru_cache(maxsize=65536)
def _stem(word: str, lang: str) -> str:
    """Return the Snowball stem of the folded ``word``; numbers and codes such as "k2p" stay whole."""
    if not word.isalpha():
        return word
    stemmers = getattr(_local, "stemmers", None)
    if stemmers is None:  # Snowball stemmers keep state while stemming, so each thread gets its own
        stemmers = _local.stemmers = {code: snowballstemmer.stemmer(name) for code, name in _SNOWBALL.items()}
    stem = stemmers[lang].stemWord(word)
    return stem if _TERM.fullmatch(stem) else word
