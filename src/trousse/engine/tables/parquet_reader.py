"""Read a Parquet file into a staged table: DuckDB casts every column to text, streaming."""

from __future__ import annotations

from pathlib import Path

import duckdb

from trousse.engine.metadata.model import LocalizedText
from trousse.engine.tables.read import column_names, staged_path
from trousse.engine.tables.source import ROW_NUMBER, ReadLimits, ReadOptions, StagedTable, TableReadError
from trousse.engine.tables.sql import connect, ident, literal

_NESTED = ("STRUCT", "MAP", "UNION")


def read_parquet_table(
    path: Path,
    workdir: Path,
    options: ReadOptions = ReadOptions(),
    *,
    limits: ReadLimits | None = None,
) -> list[StagedTable]:
    """Stage the Parquet file at ``path`` with every column as text and ROW_NUMBER = row index."""
    limits = limits or ReadLimits()
    con = connect()
    source = f"read_parquet({literal(str(path))}, file_row_number=true)"
    try:
        described = con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()
        fields = [(name, kind) for name, kind, *_ in described if name != "file_row_number"]
        if len(fields) > limits.max_columns:
            raise TableReadError(
                "too-many-columns",
                LocalizedText(f"The file has {len(fields)} columns; the limit is {limits.max_columns}.",
                              f"Le fichier a {len(fields)} colonnes; la limite est de {limits.max_columns}."),
            )
        labels = [name for name, _ in fields]
        columns, problems = column_names(labels)
        target = staged_path(workdir, path.stem)
        cells = "".join(f", {_as_text(name, kind)} AS {ident(column)}" for (name, kind), column in zip(fields, columns, strict=True))
        con.execute(
            f"COPY (SELECT file_row_number + 1 AS {ident(ROW_NUMBER)}{cells} FROM {source}) "
            f"TO {literal(str(target))} (FORMAT parquet)"
        )
        rows = con.execute(f"SELECT count(*) FROM {source}").fetchone()[0]
    except duckdb.Error as error:
        if isinstance(error, duckdb.InvalidInputException) or "parquet" in str(error).lower():
            raise TableReadError(
                "corrupt-file",
                LocalizedText("The Parquet file is damaged or incomplete.",
                              "Le fichier Parquet est endommagé ou incomplet."),
                detail=str(error).splitlines()[0],
            ) from error
        raise
    finally:
        con.close()
    return [
        StagedTable(name=path.stem, parquet=target, labels=labels, columns=columns, row_count=int(rows),
                    source_format="PARQUET", problems=problems)
    ]


def _as_text(name: str, kind: str) -> str:
    """Return the SQL turning column ``name`` of DuckDB type ``kind`` into text."""
    column = ident(name)
    if kind.startswith(_NESTED) or kind.endswith("[]") or "[" in kind:
        # Lists and structs as JSON, which every later stage and person can read.
        return f"CAST(to_json({column}) AS VARCHAR)"
    if kind == "BLOB":
        # Binary cells (WKB geometry, images) have no text form; hex keeps them lossless.
        return f"hex({column})"
    if kind == "BOOLEAN":
        return f"CASE WHEN {column} THEN 'true' WHEN NOT {column} THEN 'false' END"
    if kind.startswith("TIMESTAMP"):
        # ISO 8601 wants the T; DuckDB writes a space and drops a zero fraction itself.
        return f"replace(CAST({column} AS VARCHAR), ' ', 'T')"
    return f"CAST({column} AS VARCHAR)"
