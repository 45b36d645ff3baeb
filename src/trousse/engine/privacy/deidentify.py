"""De-identification recipes: a list of JSON steps, applied to a table in one DuckDB query → Parquet.

A recipe is what a steward sets once per resource; the pipeline applies it to every version. Steps
on the same column compose in order; ``suppress_small_groups`` (a row filter) applies last, to
the transformed values. Unknown operations, missing columns or bad parameters raise a
PrivacyError("bad-recipe") naming the step, before anything is written. The operations and their
parameters are documented in docs/reference/privacy-report.md#de-identification-recipes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from trousse.engine.metadata.model import LocalizedText
from trousse.engine.privacy.detect import GEOMETRY, quote
from trousse.engine.privacy.detectors import BY_CODE, DETECTORS, lit, redact_expr
from trousse.engine.privacy.errors import PrivacyError

OPERATIONS = ("drop", "mask", "pseudonymize", "generalize", "suppress_small_cells", "suppress_small_groups",
              "top_code", "bottom_code", "redact")
GENERALIZE_TO = ("month", "year", "fsa", "age_band", "round", "grid")
PSEUDONYM_HEX = 24  # 96 bits of HMAC-SHA256: no collision in any municipal table
_POINT = r"^\s*POINT\s*\(\s*([-+0-9.eE]+)\s+([-+0-9.eE]+)\s*\)\s*$"


@dataclass(frozen=True)
class RecipeResult:
    """What applying a recipe wrote."""

    output: Path
    rows_in: int
    rows_out: int
    columns: list[str]


def validate_recipe(recipe: Any, columns: list[str], *, key: bytes | None = None) -> list[dict[str, Any]]:
    """Check ``recipe`` against the table's ``columns`` and return its steps; raise PrivacyError if bad."""
    if not isinstance(recipe, list):
        raise _bad(None, "a recipe is a list of steps", "une recette est une liste d'étapes")
    steps = []
    dropped: set[str] = set()
    for index, step in enumerate(recipe, start=1):
        if not isinstance(step, dict) or step.get("op") not in OPERATIONS:
            raise _bad(index, f"unknown operation (one of: {', '.join(OPERATIONS)})",
                       f"opération inconnue (une de : {', '.join(OPERATIONS)})")
        op = step["op"]
        targets = step.get("columns") if op == "suppress_small_groups" else [step.get("column")]
        if not isinstance(targets, list) or not targets:
            raise _bad(index, "give the columns", "indiquez les colonnes")
        for column in targets:
            if column not in columns or column in dropped:
                raise _bad(index, f"no column named {column!r}", f"aucune colonne nommée {column!r}")
        if op == "drop":
            dropped.add(targets[0])
        if op == "pseudonymize" and not key:
            raise _bad(index, "a pseudonym needs the site's key", "un pseudonyme exige la clé du site")
        if op == "generalize" and step.get("to") not in GENERALIZE_TO:
            raise _bad(index, f"generalize to one of: {', '.join(GENERALIZE_TO)}",
                       f"généraliser vers l'un de : {', '.join(GENERALIZE_TO)}")
        for number in ("threshold", "k", "max", "min", "width", "decimals", "size", "keep_last"):
            if number in step and (not isinstance(step[number], int | float) or isinstance(step[number], bool)):
                raise _bad(index, f"{number} must be a number", f"{number} doit être un nombre")
        if op in ("top_code", "bottom_code") and ("max" if op == "top_code" else "min") not in step:
            raise _bad(index, "give the limit (max or min)", "indiquez la limite (max ou min)")
        if op == "generalize" and step.get("to") == "grid" and step.get("size", 0.01) <= 0:
            raise _bad(index, "the grid size must be positive", "la taille de la grille doit être positive")
        if op == "redact":
            unknown = [c for c in step.get("detectors") or [] if c not in BY_CODE]
            if unknown:
                raise _bad(index, f"unknown detector {unknown[0]!r}", f"détecteur inconnu {unknown[0]!r}")
        steps.append(dict(step))
    return steps


def recipe_sql(table: str, columns: list[str], recipe: list[dict[str, Any]], *, key: bytes | None = None) -> str:
    """Return the SELECT that applies the (validated) ``recipe`` to ``table``."""
    exprs = {c: quote(c) for c in columns}
    kept = list(columns)
    redactions: list[tuple[str, list[str]]] = []
    groups: list[dict[str, Any]] = []
    for step in recipe:
        op, column = step["op"], step.get("column")
        if op == "drop":
            kept.remove(column)
        elif op == "suppress_small_groups":
            groups.append(step)
        elif op == "redact":
            redactions.append((column, list(step.get("detectors") or [d.code for d in DETECTORS])))
        else:
            exprs[column] = _column_expr(op, exprs[column], step, column, key)
    sql = "SELECT " + ", ".join(f"{exprs[c]} AS {quote(c)}" for c in kept) + f" FROM {table}"
    # Redaction nests one projection per detector: the text passes through each in turn, and a
    # second round catches identifiers that touched one another (RE2 has no look-around).
    for column, codes in redactions:
        if column not in kept:
            continue
        for _ in range(2):
            for code in codes:
                text = f"CAST({quote(column)} AS VARCHAR)"
                sql = f"SELECT * REPLACE ({redact_expr(BY_CODE[code], text)} AS {quote(column)}) FROM ({sql})"
    for step in groups:
        cols = [c for c in step["columns"] if c in kept]
        keys = ", ".join(f"nullif(trim(CAST({quote(c)} AS VARCHAR)), '')" for c in cols)
        k = int(step.get("k", 5))
        sql = f"SELECT * FROM ({sql}) QUALIFY count(*) OVER (PARTITION BY {keys}) >= {k}"
    return sql


def apply_recipe(source: Path | str, recipe: Any, output: Path | str, *, key: bytes | None = None,
                 memory_limit: str = "2GB") -> RecipeResult:
    """Apply ``recipe`` to the Parquet file ``source`` and write the result to ``output`` (Parquet)."""
    source, output = Path(source), Path(output)
    con = duckdb.connect(config={"memory_limit": memory_limit})
    con.execute("SET enable_progress_bar = false")
    try:
        relation = con.read_parquet(str(source))
        columns = list(relation.columns)
        steps = validate_recipe(recipe, columns, key=key)
        relation.create_view("__recipe_source")
        sql = recipe_sql("__recipe_source", columns, steps, key=key)
        output.parent.mkdir(parents=True, exist_ok=True)
        con.execute(f"COPY ({sql}) TO {lit(str(output))} (FORMAT parquet, COMPRESSION zstd)")
        rows_in = con.sql("SELECT count(*) FROM __recipe_source").fetchall()[0]
        written = con.read_parquet(str(output))
        rows_out = written.aggregate("count(*)").fetchall()[0]
        return RecipeResult(output, int(rows_in[0]) if rows_in else 0, int(rows_out[0]) if rows_out else 0,
                            list(written.columns))
    finally:
        con.close()


def hmac_sql(expr: str, key: bytes) -> str:
    """Return SQL computing hex HMAC-SHA256(``key``, text of ``expr``), as RFC 2104 defines it."""
    block = 64
    if len(key) > block:
        key = hashlib.sha256(key).digest()
    key = key.ljust(block, b"\0")
    inner = bytes(b ^ 0x36 for b in key).hex()
    outer = bytes(b ^ 0x5C for b in key).hex()
    text = f"encode(CAST({expr} AS VARCHAR))"
    return f"sha256(unhex('{outer}') || unhex(sha256(unhex('{inner}') || {text})))"


def _column_expr(op: str, v: str, step: dict[str, Any], column: str, key: bytes | None) -> str:
    text = f"CAST({v} AS VARCHAR)"
    number = f"TRY_CAST({text} AS DOUBLE)"
    if op == "mask":
        keep = max(0, int(step.get("keep_last", 0)))
        body = f"left({text}, greatest(length({text}) - {keep}, 0))"
        return (f"CASE WHEN {v} IS NULL THEN NULL ELSE regexp_replace({body}, '[^ .@()/-]', '*', 'g') || "
                f"right({text}, least({keep}, length({text}))) END")
    if op == "pseudonymize":
        assert key is not None
        return f"CASE WHEN {v} IS NULL THEN NULL ELSE left({hmac_sql(v, key)}, {PSEUDONYM_HEX}) END"
    if op == "suppress_small_cells":
        threshold = int(step.get("threshold", 5))
        return f"CASE WHEN {number} >= 1 AND {number} < {threshold} THEN NULL ELSE {v} END"
    if op == "top_code":
        return f"CASE WHEN {number} > {float(step['max'])} THEN {float(step['max'])} ELSE {number} END"
    if op == "bottom_code":
        return f"CASE WHEN {number} < {float(step['min'])} THEN {float(step['min'])} ELSE {number} END"
    return _generalize(v, text, number, step, column)


def _generalize(v: str, text: str, number: str, step: dict[str, Any], column: str) -> str:
    to = step["to"]
    if to in ("month", "year"):
        # Unparseable dates become NULL: generalizing must never let an exact value through.
        when = f"TRY_CAST({text} AS TIMESTAMP)"
        return f"strftime({when}, '{'%Y-%m' if to == 'month' else '%Y'}')"
    if to == "fsa":
        return f"nullif(upper(left(regexp_replace({text}, '[^A-Za-z0-9]', '', 'g'), 3)), '')"
    if to == "age_band":
        width = float(step.get("width", 10))
        low = f"floor({number} / {width}) * {width}"
        return (f"CASE WHEN {number} IS NULL THEN NULL ELSE CAST(CAST({low} AS BIGINT) AS VARCHAR) || '-' || "
                f"CAST(CAST({low} + {width} - 1 AS BIGINT) AS VARCHAR) END")
    if to == "round":
        decimals = int(step.get("decimals", 2))
        snap = lambda x: f"round({x}, {decimals})"  # noqa: E731
    else:
        size = float(step.get("size", 0.01))
        snap = lambda x: f"round(floor({x} / {size}) * {size} + {size / 2}, 9)"  # noqa: E731  (cell centre)
    if column == GEOMETRY:
        x = f"TRY_CAST(regexp_extract({text}, {lit(_POINT)}, 1) AS DOUBLE)"
        y = f"TRY_CAST(regexp_extract({text}, {lit(_POINT)}, 2) AS DOUBLE)"
        # Points only: lines and polygons (roads, parcels, parks) describe places, not people.
        return (f"CASE WHEN regexp_matches({text}, {lit(_POINT)}) THEN 'POINT (' || CAST({snap(x)} AS VARCHAR) "
                f"|| ' ' || CAST({snap(y)} AS VARCHAR) || ')' ELSE {v} END")
    return snap(number)


def _bad(index: int | None, en: str, fr: str) -> PrivacyError:
    where_en = f"step {index}: " if index else ""
    where_fr = f"étape {index} : " if index else ""
    return PrivacyError("bad-recipe", LocalizedText(f"Recipe {where_en}{en}.", f"Recette, {where_fr}{fr}."))
