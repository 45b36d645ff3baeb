"""Run a file through every stage: read, infer (or take the given schema), profile, validate, convert.

The input file is only ever read; everything the run writes goes under ``workdir``. A stage
that fails raises (``TableReadError`` when the file cannot be read at all) after the progress
callback has been told which stage it was.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trousse.engine.tables.convert import WIDE_COLUMNS, write_canonical_parquet
from trousse.engine.tables.inference import infer_table_schema
from trousse.engine.tables.profile import TableProfile, TextStatistics, profile_table, profile_text
from trousse.engine.tables.report import ValidationReport
from trousse.engine.tables.schema import SchemaChange, TableSchema, compare_schemas, infer_schema
from trousse.engine.tables.source import ReadOptions, StagedTable
from trousse.engine.tables.sql import connect, release_staged
from trousse.engine.tables.validate import validate_table

Progress = Callable[[str, float], None]
COMPARE_SAMPLE_ROWS = 20_000  # rows whose types are compared with a pinned schema's
STAGES = ("read", "infer", "profile", "validate", "convert")


@dataclass
class TableResult:
    """Everything the pipeline learned about one table of the file."""

    name: str
    schema: TableSchema
    schema_inferred: bool
    profile: TableProfile
    validation: ValidationReport
    parquet: Path
    schema_changes: list[SchemaChange] = field(default_factory=list)  # pinned schema vs this version
    source_format: str = ""
    dialect: dict[str, Any] | None = None  # what was detected for a text file, so a steward can pin it

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "source_format": self.source_format,
            "dialect": self.dialect,
            "schema": self.schema.to_dict(),
            "schema_inferred": self.schema_inferred,
            "schema_changes": [c.to_dict() for c in self.schema_changes],
            "profile": self.profile.to_dict(),
            "validation": self.validation.to_dict(),
            "parquet": str(self.parquet),
        }


@dataclass
class PipelineReport:
    """The outcome of a run over one file."""

    source: Path
    tables: list[TableResult]
    timings: dict[str, float]  # seconds per stage, summed over tables

    @property
    def valid(self) -> bool:
        return all(t.validation.valid for t in self.tables)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": str(self.source),
            "valid": self.valid,
            "error_count": sum(t.validation.error_count for t in self.tables),
            "warning_count": sum(t.validation.warning_count for t in self.tables),
            "timings": {k: round(v, 4) for k, v in self.timings.items()},
            "tables": [t.to_dict() for t in self.tables],
        }


def run_pipeline(path: Path, workdir: Path, *, options: ReadOptions = ReadOptions(),
                 schema: TableSchema | None = None, progress: Progress | None = None) -> PipelineReport:
    """Read ``path`` and profile, validate and convert each of its tables into ``workdir``.

    With ``schema`` (a pinned schema) every table is validated against it and the schema a
    fresh inference would give is compared with it, to flag removed, renamed or retyped columns.
    """
    path, workdir = Path(path), Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    timings = dict.fromkeys(STAGES, 0.0)
    report = (lambda stage, fraction: progress(stage, fraction)) if progress else (lambda stage, fraction: None)

    def timed(stage: str, fn: Callable[[], Any]) -> Any:
        start = time.perf_counter()
        try:
            return fn()
        finally:
            timings[stage] += time.perf_counter() - start

    report("read", 0.0)
    # One DuckDB connection for the whole run (each costs 25 to 60 ms to open), opened, and DuckDB
    # imported (0.2 s), in a thread while the file is read: Arrow's CSV parser leaves the GIL free.
    opening = ThreadPoolExecutor(max_workers=1, thread_name_prefix="trousse-connect")
    connecting = opening.submit(connect)
    try:
        # Staged and canonical files live apart: both are named after the table. A small CSV file
        # is read into memory instead of a staged Parquet (``read_tables(in_memory=True)``).
        tables: list[StagedTable] = timed("read", lambda: _read(path, workdir / "staged", options))
        (workdir / "canonical").mkdir(exist_ok=True)
        con = connecting.result()
        results = []
        for k in range(len(tables)):
            results.append(_run_table(k, tables[k], len(tables), workdir, schema, timed, report, con))
            # Done with its cells: let their memory go before the next table.
            release_staged(con, tables[k])
            tables[k].arrow = None
    finally:
        opening.shutdown(wait=True)  # the connection is open (or failed) and its thread gone
        if connecting.exception() is None:
            connecting.result().close()
    report("done", 1.0)
    return PipelineReport(path, results, timings)


def _run_table(k: int, table: StagedTable, n_tables: int, workdir: Path, schema: TableSchema | None,
               timed: Callable[[str, Callable[[], Any]], Any], report: Progress, con: Any) -> TableResult:
    """Infer, profile, validate and convert one staged table.

    The canonical Parquet is written before the typed statistics, though: it is the one pass that
    casts every cell to its type, and profiling and validation then read the typed values from it
    instead of casting twice more. Its time is counted under "convert"; progress is still
    reported in the documented stage order.
    """
    base, step = k / n_tables, 1 / (n_tables * 4)
    report("infer", base)
    out = workdir / "canonical" / f"{k + 1}-{_safe(table.name)}.parquet"
    # With a pinned schema, inference only feeds the schema comparison: names and types, from a
    # smaller sample, suffice, and nothing waits for them. So it runs beside the canonical write,
    # profile and validation, on a cursor of the run's connection (the same database and memory
    # limit; small work: a 20,000-row sample), filling the moments they leave a core idle (query
    # planning, final merges). Its timing therefore overlaps the others'. On a staged file the
    # write and the profile are not overlapped: together they raised the peak RSS by about 200 MiB
    # for no measurable gain on two cores (issue 3); on cells in memory the profile's text
    # statistics are (below), for about 30 MiB.
    pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="trousse-infer")
    cursors: list[Any] = []
    try:
        pending: Future[TableSchema] | None = None
        if schema is None:
            used = inferred = timed("infer", lambda: infer_schema(table, con=con))
        else:
            cursors.append(con.cursor())
            pending = pool.submit(timed, "infer", lambda: infer_table_schema(
                table, constraints=False, sample_rows=COMPARE_SAMPLE_ROWS, con=cursors[0]))
            used = schema
        report("profile", base + step)
        # The profile's statistics of the cell text need no typed value: when the cells are in
        # memory (a cheap scan) they are gathered beside the canonical write, which leaves a core
        # idle while it plans and while its writer finishes row groups in order (issue 3).
        # Not for a wide table: its sliced write and these statistics would share one memory limit.
        text: Future[TextStatistics] | None = None
        if table.arrow is not None and len(table.columns) <= WIDE_COLUMNS:
            cursors.append(con.cursor())
            text = pool.submit(timed, "profile", lambda: profile_text(table, used, con=cursors[-1]))
        timed("convert", lambda: write_canonical_parquet(table, used, out, con=con))
        profile = timed("profile", lambda: profile_table(
            table, used, typed=out, con=con, text=text.result() if text is not None else None))
        report("validate", base + 2 * step)
        # The profile's missing-cell counts spare validation a scan of the cell text.
        validation = timed("validate", lambda: validate_table(table, used, typed=out, profile=profile, con=con))
        if pending is not None:
            inferred = pending.result()
    finally:
        pool.shutdown(wait=True)  # never leave a thread reading files the caller may remove
        for cursor in cursors:
            cursor.close()
    report("convert", base + 3 * step)  # already written, above
    changes = compare_schemas(schema, inferred) if schema is not None else []
    return TableResult(table.name, used, schema is None, profile, validation, out, changes,
                       source_format=table.source_format,
                       dialect=table.dialect.to_dict() if table.dialect is not None else None)


def _read(path: Path, workdir: Path, options: ReadOptions) -> list[StagedTable]:
    """Read with the general reader when it exists, else the CSV reader (imported lazily)."""
    try:
        from trousse.engine.tables import read as read_module  # type: ignore[attr-defined]
    except ImportError:
        read_module = None
    if read_module is not None and hasattr(read_module, "read_tables"):
        return list(read_module.read_tables(path, workdir, options=options, in_memory=True))
    from trousse.engine.tables.csv_reader import read_text_table  # type: ignore[import-not-found]

    return [read_text_table(path, workdir, options=options)]


def _safe(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in name) or "table"
