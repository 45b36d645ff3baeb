"""Read a JSON array of objects or NDJSON into a staged table with DuckDB, streaming.

Each record is kept as JSON text by DuckDB and every key is extracted with
``json_extract_string``: strings come out unquoted and untouched, numbers in their shortest
JSON form (``12.50`` becomes ``12.5``, ``1.0`` stays ``1.0``), booleans as true/false, nested
values as minified JSON text and ``null`` as NULL. No string is type-detected, so no date is
rewritten before profiling sees it.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from trousse.engine.metadata.model import LocalizedText
from trousse.engine.tables.read import column_names, staged_path
from trousse.engine.tables.source import ROW_NUMBER, ReadLimits, ReadOptions, StagedTable, TableReadError
from trousse.engine.tables.sql import connect, ident, literal


def read_json_table(
    path: Path,
    workdir: Path,
    options: ReadOptions = ReadOptions(),
    *,
    format: str = "JSON",
    limits: ReadLimits | None = None,
) -> list[StagedTable]:
    """Stage the records of a JSON array (ROW_NUMBER = record index) or NDJSON (= line number)."""
    limits = limits or ReadLimits()
    con = connect()
    con.execute(f"SET temp_directory = {literal(str(workdir / 'duckdb-tmp'))}")
    try:
        source = _envelope_sql(con, path, limits) if format == "JSON" and _starts_with_object(path) else None
        con.execute(f"CREATE TEMP VIEW records AS {source or _records_sql(path, format, limits)}")
        invalid, not_object, rows = con.execute(
            "SELECT min(rn) FILTER (WHERE NOT json_valid(json)),"
            " min(rn) FILTER (WHERE json_valid(json) AND json_type(json) <> 'OBJECT'), count(*) FROM records"
        ).fetchone()
        if invalid is not None:
            raise _invalid(f"line {invalid}", invalid)
        if not_object is not None:
            raise _not_a_table(not_object)
        keys = [
            row[0] for row in con.execute(
                "SELECT k FROM (SELECT rn, unnest(json_keys(json)) AS k,"
                " generate_subscripts(json_keys(json), 1) AS pos FROM records)"
                " GROUP BY k ORDER BY min(rn), arg_min(pos, rn)"
            ).fetchall()
        ]
        if len(keys) > limits.max_columns:
            raise TableReadError(
                "too-many-columns",
                LocalizedText(
                    f"The records have {len(keys)} distinct keys; the limit is {limits.max_columns}.",
                    f"Les enregistrements ont {len(keys)} clés distinctes; la limite est de {limits.max_columns}.",
                ),
            )
        columns, problems = column_names(keys)
        target = staged_path(workdir, path.stem)
        extracts = ", ".join(
            f"json_extract_string(json, {literal(_pointer(key))}) AS {ident(column)}"
            for key, column in zip(keys, columns, strict=True)
        )
        select = f"rn::BIGINT AS {ident(ROW_NUMBER)}" + (f", {extracts}" if extracts else "")
        con.execute(f"COPY (SELECT {select} FROM records ORDER BY rn) TO {literal(str(target))} (FORMAT parquet)")
    except duckdb.InvalidInputException as error:
        detail = str(error).splitlines()[0]
        if "Expected top-level JSON array" in detail:
            # One object (an API envelope such as {"data": [...]}) is JSON, but not a table.
            raise _not_a_table(1) from error
        raise _invalid(detail, None) from error
    finally:
        con.close()
    if rows == 0 and not keys:
        raise TableReadError("empty-file", LocalizedText("The file holds no records.", "Le fichier ne contient aucun enregistrement."))
    return [
        StagedTable(
            name=path.stem, parquet=target, labels=keys, columns=columns, row_count=int(rows),
            source_format=format, problems=problems,
        )
    ]


def _records_sql(path: Path, format: str, limits: ReadLimits) -> str:
    """Return a query yielding (rn, json): one row per record with its source position."""
    if format == "NDJSON":
        # Read lines, not records, so blank lines still count and rn is the line a person sees.
        # \x01 never occurs unescaped in valid JSON, so each line is one column.
        lines = (
            f"read_csv({literal(str(path))}, columns={{'json': 'VARCHAR'}}, delim=E'\\x01', quote='',"
            f" escape='', header=false, auto_detect=false, max_line_size={int(limits.max_cell_bytes)})"
        )
        return (
            f"SELECT rn, json FROM (SELECT row_number() OVER () AS rn, json FROM {lines})"
            " WHERE json IS NOT NULL AND trim(json) <> ''"
        )
    objects = (
        f"read_json_objects({literal(str(path))}, format='array',"
        f" maximum_object_size={int(min(limits.max_cell_bytes, 2**31 - 1))})"
    )
    return f"SELECT row_number() OVER () AS rn, json FROM {objects}"


def _starts_with_object(path: Path) -> bool:
    """Return whether the file's first non-blank character opens an object (an API-style envelope)."""
    with path.open("rb") as handle:
        head = handle.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"{")


def _envelope_sql(con: duckdb.DuckDBPyConnection, path: Path, limits: ReadLimits) -> str | None:
    """Return the records query for {"key": [ {...}, … ], …}: the one property holding an array of objects.

    APIs and exports often wrap their rows this way ({"data": [...]}, {"members": [...]}). With no
    such property, or several, the file is not one table and None lets the caller say so.
    """
    con.execute(
        "CREATE TEMP TABLE envelope AS SELECT json FROM read_json_objects("
        f"{literal(str(path))}, format='unstructured', maximum_object_size={int(min(limits.max_cell_bytes, 2**31 - 1))})"
    )
    candidates = con.execute(
        "SELECT k FROM (SELECT unnest(json_keys(json)) AS k, json FROM envelope WHERE json_type(json) = 'OBJECT')"
        " WHERE json_type(json, '/' || replace(replace(k, '~', '~0'), '/', '~1') || '/0') = 'OBJECT'"
    ).fetchall()
    if len(candidates) != 1:
        return None
    pointer = literal(_pointer(candidates[0][0]))
    return (
        "SELECT row_number() OVER () AS rn, value AS json FROM"
        f" (SELECT unnest(json_extract(json, {pointer})::JSON[]) AS value FROM envelope)"
    )


def _pointer(key: str) -> str:
    """Return the JSON Pointer (RFC 6901) for a top-level key; it handles dots, quotes and blank keys."""
    return "/" + key.replace("~", "~0").replace("/", "~1")


def _invalid(detail: str, line: int | None) -> TableReadError:
    where_en = f" (record or line {line})" if line else ""
    where_fr = f" (enregistrement ou ligne {line})" if line else ""
    return TableReadError(
        "invalid-json",
        LocalizedText(
            f"The file is not valid JSON{where_en}.",
            f"Le fichier n'est pas du JSON valide{where_fr}.",
        ),
        detail=detail,
    )


def _not_a_table(position: int) -> TableReadError:
    return TableReadError(
        "not-a-table",
        LocalizedText(
            f"Record {position} is not an object: a table needs an array of objects (or one object per line).",
            f"L'enregistrement {position} n'est pas un objet : un tableau demande une liste d'objets "
            "(ou un objet par ligne).",
        ),
    )
