"""The parts of a DataStore search that become SQL: filters, full-text q, fields and sort, all checked."""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

from trousse.engine.query.columns import ROW_ID, ROW_ID_COLUMN, Column
from trousse.engine.query.errors import QueryError
from trousse.engine.tables.sql import ident, literal

_INT_RE = re.compile(r"^\s*[+-]?\d+\s*$")
_TRUE = {"true", "t", "1", "yes", "y", "on"}
_FALSE = {"false", "f", "0", "no", "n", "off"}


def column_map(columns: Sequence[Column]) -> dict[str, Column]:
    """Return the searchable columns by API name, ``_id`` included."""
    found = {ROW_ID: ROW_ID_COLUMN}
    found.update({c.name: c for c in columns})
    return found


def resolve_column(name: Any, columns: Mapping[str, Column], field: str) -> Column:
    """Return the column called ``name`` or raise QueryError naming the parameter ``field``."""
    column = columns.get(name) if isinstance(name, str) else None
    if column is None:
        shown = str(name)[:100]
        raise QueryError("unknown_column", f'There is no column "{shown}" in this table.',
                         f"Il n'y a pas de colonne « {shown} » dans ce tableau.", field=field)
    return column


def typed_literal(column: Column, value: Any) -> str:
    """Return ``value`` as a SQL literal of the column's type, or raise QueryError when it is not one."""
    if value is None:
        return "NULL"
    typ = column.duckdb_type
    try:
        if typ in ("BIGINT", "INTEGER", "SMALLINT"):
            if isinstance(value, bool) or not (isinstance(value, int) or _INT_RE.match(str(value))):
                raise ValueError
            return str(int(str(value).strip()))
        if typ in ("DOUBLE", "FLOAT"):
            if isinstance(value, bool):
                raise ValueError
            number = float(str(value).strip())
            if not math.isfinite(number):
                raise ValueError
            return f"CAST({number!r} AS DOUBLE)"
        if typ == "BOOLEAN":
            text = str(value).strip().lower()
            if isinstance(value, bool):
                return "TRUE" if value else "FALSE"
            if text in _TRUE or text in _FALSE:
                return "TRUE" if text in _TRUE else "FALSE"
            raise ValueError
        if typ == "DATE":
            return f"DATE {literal(dt.date.fromisoformat(str(value).strip()).isoformat())}"
        if typ.startswith("TIMESTAMP"):
            stamp = dt.datetime.fromisoformat(str(value).strip())
            return f"TIMESTAMP {literal(stamp.replace(tzinfo=None).isoformat(sep=' '))}"
        if typ == "TIME":
            return f"TIME {literal(dt.time.fromisoformat(str(value).strip()).isoformat())}"
    except (ValueError, OverflowError):
        shown = str(value)[:100]
        raise QueryError("invalid_value", f'"{shown}" is not a valid {column.ckan_type} value for column "{column.name}".',
                         f"« {shown} » n'est pas une valeur {column.ckan_type} valide pour la colonne "
                         f"« {column.name} ».", field="filters") from None
    if isinstance(value, (dict, list)):
        raise QueryError("invalid_value", f'Filter values for column "{column.name}" must be text or numbers.',
                         f"Les valeurs de filtre de la colonne « {column.name} » doivent être du texte ou des "
                         "nombres.", field="filters")
    text = ("true" if value else "false") if isinstance(value, bool) else str(value)
    return literal(text)


def filter_sql(filters: Mapping[str, Any], columns: Mapping[str, Column]) -> list[str]:
    """Return one SQL condition per filtered column (a list of values means any of them)."""
    if not isinstance(filters, Mapping):
        raise QueryError("invalid_parameter", "filters must be an object of column: value.",
                         "filters doit être un objet colonne: valeur.", field="filters")
    conditions = []
    for name, value in filters.items():
        column = resolve_column(name, columns, "filters")
        cell = f"({column.sql})"
        values = list(value) if isinstance(value, (list, tuple)) else [value]
        if not values:
            conditions.append("FALSE")  # CKAN: an empty list matches nothing
            continue
        literals = [typed_literal(column, v) for v in values if v is not None]
        parts = []
        if literals:
            parts.append(f"{cell} = {literals[0]}" if len(literals) == 1 else f"{cell} IN ({', '.join(literals)})")
        if len(literals) < len(values):
            parts.append(f"{cell} IS NULL")
        conditions.append(parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")")
    return conditions


def fold(text: str) -> str:
    """Return ``text`` lowercased and without accents, as full-text search compares it."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# Each unaccented letter matches its accented forms (case is ignored by the (?i) flag), so the column's
# text is searched as stored: folding every cell with strip_accents(lower()) costs three times more.
_ACCENTED = {"a": "aàâäáãå", "c": "cç", "e": "eéèêë", "i": "iîïíì", "o": "oôöóòõ", "u": "uùûüú", "y": "yÿý",
             "n": "nñ"}


def word_pattern(word: str) -> str:
    """Return the RE2 pattern matching ``word`` whatever its case and accents."""
    out = []
    for ch in fold(word):
        out.append(f"[{_ACCENTED[ch]}]" if ch in _ACCENTED else re.escape(ch))
    return "(?i)" + "".join(out)


def _words(text: Any) -> list[str]:
    # CKAN's prefix marker ("water:*") means what substring matching already does.
    return [w.removesuffix(":*") for w in str(text).split() if w.removesuffix(":*")]


def q_sql(q: str | Mapping[str, Any] | None, columns: Mapping[str, Column]) -> list[str]:
    """Return the conditions of a full-text ``q``: every word appears, case and accents ignored.

    A string searches every text column; a mapping {column: words} searches each column for its words.
    """
    if q is None or q == "":
        return []
    if isinstance(q, Mapping):
        conditions = []
        for name, text in q.items():
            column = resolve_column(name, columns, "q")
            cell = f"CAST({column.sql} AS VARCHAR)"
            conditions += [f"regexp_matches({cell}, {literal(word_pattern(w))})" for w in _words(text)]
        return conditions
    if not isinstance(q, str):
        raise QueryError("invalid_parameter", "q must be text or an object of column: text.",
                         "q doit être du texte ou un objet colonne: texte.", field="q")
    text_columns = [ident(c.source) for c in columns.values() if c.is_text]
    if not text_columns:
        return ["FALSE"]
    haystack = f"concat_ws(' ', {', '.join(text_columns)})"
    return [f"regexp_matches({haystack}, {literal(word_pattern(w))})" for w in _words(q)]


def parse_sort(text: str, columns: Sequence[str] | Mapping[str, Any] | None) -> list[tuple[str, bool]]:
    """Return ``"a, b desc"`` as [(column, descending)], checking each name against ``columns`` (unless None)."""
    known = None if columns is None else set(columns)
    out: list[tuple[str, bool]] = []
    for part in _split_commas(text):
        part = part.strip()
        if not part:
            continue
        match = re.match(r'^(?:"((?:[^"]|"")*)"|(.*?))\s*(?:\s(asc|desc))?\s*$', part, re.IGNORECASE | re.DOTALL)
        if match is None:
            raise QueryError("invalid_sort", f'Cannot read the sort "{part[:100]}".',
                             f"Impossible de lire le tri « {part[:100]} ».", field="sort")
        quoted, bare, direction = match.groups()
        name = quoted.replace('""', '"') if quoted is not None else bare.strip()
        descending = (direction or "").lower() == "desc"
        if known is not None and name not in known:
            raise QueryError("unknown_column", f'Cannot sort on "{name[:100]}": there is no such column.',
                             f"Impossible de trier sur « {name[:100]} » : cette colonne n'existe pas.", field="sort")
        out.append((name, descending))
    return out


def _split_commas(text: str) -> list[str]:
    parts, current, quoted = [], [], False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        if ch == "," and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts
