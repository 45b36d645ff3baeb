"""What a run says in public about a table a stage replaced (a de-identified copy): never the original's facts.

When a table stage (the privacy gate) hands the run a public copy of a table, the report's profile
and schema must describe that copy, not the original: the original's top values, ranges and inferred
enumerations would leak what the copy removed. So the copy is profiled again with the engine's own
functions, and the original's report entry is kept under ``original`` for staff pages only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from trousse.engine.tables.profile import TableProfile, profile_table
from trousse.engine.tables.schema import TableSchema, infer_schema
from trousse.engine.tables.source import GEOMETRY, ROW_NUMBER, StagedTable
from trousse.engine.tables.sql import ident, literal, parquet_source


def profile_public(parquet: Path, name: str, workdir: Path, *, source_format: str = "") -> tuple[TableSchema, TableProfile]:
    """Infer the schema of the public copy ``parquet`` and profile it, as the engine does any table."""
    workdir.mkdir(parents=True, exist_ok=True)
    staged = workdir / f"{parquet.stem}-staged.parquet"
    con = duckdb.connect()
    try:
        con.execute("SET enable_progress_bar = false")
        src = parquet_source(parquet)
        names = [row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {src}").fetchall()]
        columns = [c for c in names if c not in (GEOMETRY, ROW_NUMBER)]
        # The engine's profile reads text cells and a row number, as its readers stage them.
        cells = [f"CAST({ident(c)} AS VARCHAR) AS {ident(c)}" for c in columns]
        if GEOMETRY in names:
            cells.append(ident(GEOMETRY))
        select = ", ".join([f"row_number() OVER () AS {ident(ROW_NUMBER)}", *cells])
        con.execute(f"COPY (SELECT {select} FROM {src}) TO {literal(str(staged))} (FORMAT parquet)")
        rows = con.execute(f"SELECT count(*) FROM {src}").fetchone()
    finally:
        con.close()
    table = StagedTable(name=name, parquet=staged, labels=list(columns), columns=list(columns),
                        row_count=int(rows[0]) if rows else 0, source_format=source_format)
    schema = infer_schema(table)
    return schema, profile_table(table, schema)


def without_cells(validation: dict[str, Any]) -> dict[str, Any]:
    """Return a validation report without its examples' cell values and messages (which may quote them)."""
    problems = []
    for problem in validation.get("problems") or []:
        examples = [dict(e, cell=None, message=None) for e in problem.get("examples") or []]
        problems.append(dict(problem, examples=examples))
    return dict(validation, problems=problems)


def public_entry(entry: dict[str, Any], schema: TableSchema, profile: TableProfile, note: dict[str, Any] | None,
                 original_parquet: str) -> dict[str, Any]:
    """Return the report entry of a replaced table: the copy's schema and profile, the original kept apart."""
    original = {key: entry.get(key) for key in ("schema", "profile", "validation", "dialect")}
    original["parquet"] = original_parquet
    return dict(entry, schema=schema.to_dict(), schema_inferred=True, profile=profile.to_dict(),
                validation=without_cells(entry.get("validation") or {}), deidentified=note or {"deidentified": True},
                original=original)
