"""Check a processed table against a standard's Table Schema with the engine's validator.

The resource's canonical Parquet holds typed values; the validator reads cell text (a staged table),
so the columns the standard names are projected as text, in the standard's field order (Frictionless
maps fields to columns by position), into a temporary staged Parquet, then ``validate_table`` counts
type, constraint, required, unique and primary-key errors exactly as the pipeline does. A required
column the table lacks makes it non-conforming before any row is read; extra columns are allowed.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.cache import cache

from trousse.engine.tables.schema import load_schema
from trousse.engine.tables.source import ROW_NUMBER, StagedTable
from trousse.engine.tables.sql import connect, ident, literal
from trousse.engine.tables.validate import validate_table
from trousse.portal.catalog.hooks import TableData
from trousse.portal.core.file_responses import is_local

CACHE_SECONDS = 24 * 3600


@dataclass(frozen=True)
class Conformance:
    """The outcome: conforming or not, the required columns missing, and the problem counts by type."""

    conforms: bool
    rows: int
    checked_fields: tuple[str, ...]
    missing_required: tuple[str, ...] = ()
    problems: dict[str, int] = field(default_factory=dict)  # Frictionless error type -> count

    @property
    def error_count(self) -> int:
        return sum(self.problems.values())


def _text_sql(name: str, duck_type: str) -> str:
    # Render typed values as the text a CSV of the standard would hold (ISO dates and times).
    column = ident(name)
    upper = duck_type.upper()
    if upper.startswith("TIMESTAMP"):
        return f"strftime({column}, '%Y-%m-%dT%H:%M:%S')"
    return f"CAST({column} AS VARCHAR)"


def check_parquet(parquet: Path, schema: Mapping[str, Any], *, name: str = "table") -> Conformance:
    """Check the typed Parquet at ``parquet`` against the Table Schema ``schema``."""
    con = connect()
    try:
        types = {row[0]: row[1] for row in con.execute(f"DESCRIBE SELECT * FROM read_parquet({literal(str(parquet))})").fetchall()}
        rows = int(con.execute(f"SELECT count(*) FROM read_parquet({literal(str(parquet))})").fetchone()[0])
        fields = [f for f in schema["fields"] if f["name"] in types]
        missing = tuple(f["name"] for f in schema["fields"]
                        if f["name"] not in types and (f.get("constraints") or {}).get("required"))
        if missing or not fields:
            return Conformance(False, rows, tuple(f["name"] for f in fields), missing)
        scratch = Path(tempfile.mkdtemp(prefix="trousse-conformance-"))
        try:
            staged = scratch / "staged.parquet"
            selects = [f"{_text_sql(f['name'], types[f['name']])} AS {ident(f['name'])}" for f in fields]
            con.execute(f"COPY (SELECT {', '.join(selects)}, (row_number() OVER ())::BIGINT + 1 AS {ident(ROW_NUMBER)} "
                        f"FROM read_parquet({literal(str(parquet))})) TO {literal(str(staged))} (FORMAT PARQUET)")
            names = [f["name"] for f in fields]
            table = StagedTable(name=name, parquet=staged, labels=names, columns=names, row_count=rows,
                                source_format="PARQUET")
            pk = schema.get("primaryKey") or []
            pk = [pk] if isinstance(pk, str) else list(pk)
            descriptor = {"fields": fields, "missingValues": [""]}
            if pk and all(key in names for key in pk):
                descriptor["primaryKey"] = pk
            report = validate_table(table, load_schema(descriptor), max_examples=0)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    finally:
        con.close()
    problems = {kind: n for kind, n in report.counts_by_type().items() if n}
    return Conformance(report.valid, rows, tuple(names), (), problems)


def check_table(table: TableData, schema: Mapping[str, Any], *, cache_key: str = "") -> Conformance:
    """Check a resource's processed table against ``schema`` (cached per version and schema for a day)."""
    stamp = table.processed.timestamp() if hasattr(table.processed, "timestamp") else table.processed
    key = f"program:conformance:{table.resource_id}:{table.version}:{table.position}:{cache_key}:{stamp}"
    found = cache.get(key) if cache_key else None
    if found is not None:
        return found
    storage, name = table.parquet.storage, table.parquet.name
    if is_local(storage, name):
        result = check_parquet(Path(storage.path(name)), schema, name=table.name)
    else:  # object storage: copy the file down first
        with tempfile.TemporaryDirectory(prefix="trousse-conformance-") as folder:
            local = Path(folder) / "table.parquet"
            with storage.open(name, "rb") as source, local.open("wb") as target:
                shutil.copyfileobj(source, target)
            result = check_parquet(local, schema, name=table.name)
    if cache_key:
        cache.set(key, result, CACHE_SECONDS)
    return result
