"""SQL expressions that read a raw VARCHAR cell as a Table Schema type, the way frictionless does.

Each expression is NULL when the text cannot be read as the field's type, so one
``count(*) FILTER (WHERE cell is not missing AND typed IS NULL)`` counts type errors, and the
same expression writes the typed canonical Parquet. The rules follow frictionless 5.21's
value readers (fields/*.py): integers are ``int(text.strip())``, numbers ``Decimal`` after
the group and decimal characters are applied, booleans an exact match of trueValues or
falseValues, dates ``strptime`` with the field's format.
"""

from __future__ import annotations

from pathlib import Path

from trousse.engine.tables.schema import Field, TableSchema
from trousse.engine.tables.source import ROW_NUMBER, StagedTable
from trousse.engine.tables.sql import ident, literal, parquet_source

INT_RE = r"^\s*[+-]?[0-9]+\s*$"
NUM_RE = r"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$"
NONFINITE_RE = r"^[+-]?(?i:nan|inf|infinity)$"
NUMBER_RE = r"^[+-]?(([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?|(?i:nan|inf|infinity))$"  # NUM_RE or NONFINITE_RE
# frictionless's bareNumber=false pattern: drop leading non-digits (but "-") and trailing non-digits.
_NOT_BARE_RE = r"((^[^-\d]*)|(\D*$))"
GEOPOINT_RE = r"^\s*([+-]?[0-9]+(?:\.[0-9]*)?)\s*,\s*([+-]?[0-9]+(?:\.[0-9]*)?)\s*$"
EMAIL_RE = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
UUID_RE = r"^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$"
URI_RE = r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$"
DURATION_RE = r"^P(?!$)([0-9.]+Y)?([0-9.]+M)?([0-9.]+W)?([0-9.]+D)?(T(?=[0-9])([0-9.]+H)?([0-9.]+M)?([0-9.]+S)?)?$"

# The DuckDB type each Table Schema type is stored as in the canonical Parquet.
DUCKDB_TYPES = {
    "integer": "BIGINT", "number": "DOUBLE", "boolean": "BOOLEAN", "date": "DATE", "datetime": "TIMESTAMP",
    "time": "TIME", "year": "INTEGER",
}


def duckdb_type(f: Field) -> str:
    """Return the DuckDB type a field is stored as (VARCHAR for text-like types)."""
    return DUCKDB_TYPES.get(f.type, "VARCHAR")


def number_text_sql(f: Field, cell: str) -> str:
    """Return SQL turning a number cell into plain ``[+-]digits.digits`` text (NULL when it cannot)."""
    expr = f"trim({cell})"
    if not f.bare_number:
        expr = f"regexp_replace({expr}, {literal(_NOT_BARE_RE)}, '', 'g')"
    if f.group_char:
        expr = f"replace({expr}, {literal(f.group_char)}, '')"
    if f.decimal_char != ".":
        expr = (f"CASE WHEN contains({expr}, '.') THEN NULL "
                f"ELSE replace({expr}, {literal(f.decimal_char)}, '.') END")
    return expr


def typed_sql(f: Field, cell: str) -> str:
    """Return SQL reading ``cell`` (a VARCHAR expression) as the field's type, NULL when it cannot."""
    t, fmt = f.type, f.format
    if t == "integer":
        text = f"trim({cell})" if f.bare_number else number_text_sql(f, cell)
        return f"CASE WHEN regexp_matches({text}, {literal(INT_RE)}) THEN TRY_CAST({text} AS BIGINT) END"
    if t == "number":
        text = number_text_sql(f, cell)
        # One regex, tried only where DuckDB reads a number at all (most cells of a number column).
        return (f"CASE WHEN TRY_CAST({text} AS DOUBLE) IS NOT NULL AND regexp_matches({text}, {literal(NUMBER_RE)}) "
                f"THEN TRY_CAST({text} AS DOUBLE) END")
    if t == "boolean":
        trues = ", ".join(literal(v) for v in f.true_values) or "NULL"
        falses = ", ".join(literal(v) for v in f.false_values) or "NULL"
        return f"CASE WHEN {cell} IN ({trues}) THEN TRUE WHEN {cell} IN ({falses}) THEN FALSE END"
    if t == "date":
        return _strptime(cell, "%Y-%m-%d" if fmt in ("default", "any") else fmt, "DATE")
    if t == "datetime":
        if fmt in ("default", "any"):
            # frictionless: ISO 8601 with at least seconds (cell[16] == ":"); offsets go to UTC.
            guard = f"length({cell}) >= 19 AND substr({cell}, 17, 1) = ':'"
            return (f"CASE WHEN {guard} THEN coalesce(TRY_CAST({cell} AS TIMESTAMP), "
                    f"timezone('UTC', TRY_CAST({cell} AS TIMESTAMPTZ))) END")
        return _strptime(cell, fmt, "TIMESTAMP")
    if t == "time":
        if fmt in ("default", "any"):
            guard = f"length({cell}) >= 8 AND substr({cell}, 6, 1) = ':'"
            return f"CASE WHEN {guard} THEN TRY_CAST({cell} AS TIME) END"
        return _strptime(cell, fmt, "TIME")
    if t == "year":
        return (f"CASE WHEN length({cell}) = 4 AND regexp_matches({cell}, {literal(INT_RE)}) "
                f"AND TRY_CAST(trim({cell}) AS INTEGER) BETWEEN 0 AND 9999 THEN TRY_CAST(trim({cell}) AS INTEGER) END")
    return f"CASE WHEN {text_valid_sql(f, cell)} THEN {cell} END"


def text_valid_sql(f: Field, cell: str) -> str:
    """Return a SQL condition: ``cell`` is a valid value of a field kept as text."""
    t, fmt = f.type, f.format
    if t == "string":
        pattern = {"email": EMAIL_RE, "uuid": UUID_RE, "uri": URI_RE}.get(fmt)
        return f"regexp_matches({cell}, {literal(pattern)})" if pattern else "TRUE"
    if t == "geopoint" and fmt == "default":
        lon = f"TRY_CAST(regexp_extract({cell}, {literal(GEOPOINT_RE)}, 1) AS DOUBLE)"
        lat = f"TRY_CAST(regexp_extract({cell}, {literal(GEOPOINT_RE)}, 2) AS DOUBLE)"
        return (f"(regexp_matches({cell}, {literal(GEOPOINT_RE)}) "
                f"AND {lon} BETWEEN -180 AND 180 AND {lat} BETWEEN -90 AND 90)")
    if t == "yearmonth":
        return (f"(regexp_matches({cell}, '^[0-9]{{4}}-[0-9]{{2}}$') "
                f"AND TRY_CAST(substr({cell}, 6, 2) AS INTEGER) BETWEEN 1 AND 12)")
    if t in ("object", "geojson") or (t == "geopoint" and fmt == "object"):
        return f"coalesce(json_type(TRY_CAST({cell} AS JSON)) = 'OBJECT', FALSE)"
    if t == "array" or (t == "geopoint" and fmt == "array"):
        return f"coalesce(json_type(TRY_CAST({cell} AS JSON)) = 'ARRAY', FALSE)"
    if t == "duration":
        return f"regexp_matches({cell}, {literal(DURATION_RE)})"
    return "TRUE"  # any, and types we do not check


def _strptime(cell: str, fmt: str, sql_type: str) -> str:
    # Python's strptime refuses surrounding spaces; DuckDB's skips them, so refuse them first.
    return (f"CASE WHEN {cell} = trim({cell}) THEN "
            f"CAST(TRY_STRPTIME({cell}, {literal(fmt)}) AS {sql_type}) END")


def missing_sql(schema: TableSchema, f: Field, cell: str) -> str:
    """Return a SQL condition: ``cell`` is missing (absent, or one of the field's missing values)."""
    values = schema.field_missing_values(f)
    if not values:
        return f"({cell} IS NULL)"
    return f"({cell} IS NULL OR {cell} IN ({', '.join(literal(v) for v in values)}))"


def constraint_value_sql(f: Field, value: object) -> str:
    """Return a SQL literal for a constraint value, read with the field's type (as frictionless does)."""
    if f.type in ("integer", "number") and isinstance(value, (int, float)) and not isinstance(value, bool):
        return literal(value)
    if f.type == "boolean" and isinstance(value, bool):
        return literal(value)
    return typed_sql(f, literal(str(value)))


def projection_sql(table: StagedTable, schema: TableSchema, typed: Path | None = None, *,
                   source: str | None = None) -> str:
    """Return a SELECT over the staged table giving, per field position ``i`` with a column:
    ``c{i}`` the cell text, ``m{i}`` whether it is missing, ``v{i}`` its typed value (NULL when
    missing or unreadable), plus ``blank`` (every field's cell missing) and ``__row``.

    With ``typed`` (the canonical Parquet of the same rows, in the same order) the typed values
    are read from it by a positional join, which costs far less than casting the text again.
    ``source``: where the staged cells are read (``sql.staged_source``; the staged Parquet by default).
    """
    n_cols = len(table.columns)
    parts = [f"r.{ident(ROW_NUMBER)}"]
    missing = []
    for i, f in enumerate(schema.fields):
        if i >= n_cols:
            missing.append("TRUE")
            continue
        cell = f"r.{ident(table.columns[i])}"
        m = missing_sql(schema, f, cell)
        missing.append(m)
        value = f"t.{ident(f.name)}" if typed is not None else f"CASE WHEN NOT {m} THEN {typed_sql(f, cell)} END"
        parts += [f"{cell} AS c{i}", f"{m} AS m{i}", f"{value} AS v{i}"]
    parts.append(f"({' AND '.join(missing) or 'FALSE'}) AS blank")
    cells = f"{source or parquet_source(table.parquet)} AS r"
    if typed is not None:
        cells += f" POSITIONAL JOIN {parquet_source(typed)} AS t"
    return f"SELECT {', '.join(parts)} FROM {cells}"
