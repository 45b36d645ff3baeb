"""Read a delimited text file (CSV, TSV, TXT) into a ``StagedTable``.

Row numbers (``ROW_NUMBER``) are Frictionless's: the header record is row ``header_row`` and each
record after it, blank ones included, is the next row. A record is a physical line unless a
quoted cell holds a line break, as in a spreadsheet, so they point where a person will look.
Blank rows are reported (``blank-row``) but not staged; every other row is, including rows with
missing or extra cells, so later checks count the same rows as Frictionless.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import duckdb

from trousse.engine.metadata.model import LocalizedText
from trousse.engine.tables import csv_staging as staging
from trousse.engine.tables.csv_dialect import SampleDialect, detect_dialect
from trousse.engine.tables.csv_labels import MAX_EXAMPLES, column_names, label_problems
from trousse.engine.tables.source import (
    Dialect,
    Problem,
    ProblemCount,
    ReadLimits,
    ReadOptions,
    StagedTable,
    TableReadError,
)
from trousse.engine.tables.text_encoding import EncodingReport, detect_encoding, transcode_to_utf8

SAMPLE_BYTES = 1024 * 1024
_FORMATS = {".tsv": "TSV", ".tab": "TSV", ".txt": "TXT"}


def _read_sample(source: Path) -> str:
    """Return the first whole lines of a UTF-8 file (all of it when small), without a BOM."""
    with source.open("rb") as handle:
        raw = handle.read(SAMPLE_BYTES + 1)
    text = raw[:SAMPLE_BYTES].decode("utf-8", errors="replace").removeprefix("\ufeff")
    if len(raw) > SAMPLE_BYTES and "\n" in text:
        text = text[: text.rindex("\n") + 1]
    return text


def _header(sample: str, dialect: SampleDialect) -> tuple[list[str], int]:
    """Return the labels as found and the number of physical lines up to the header's end."""
    if dialect.header_row == 0:
        return [], 0
    reader = csv.reader(
        sample.splitlines(keepends=True), delimiter=dialect.delimiter, quotechar=dialect.quote_char
    )
    labels: list[str] = []
    try:
        for _ in range(dialect.header_row):
            labels = next(reader)
    except (StopIteration, csv.Error):
        pass
    return labels, reader.line_num


def _encoding_problems(report: EncodingReport) -> list[ProblemCount]:
    if not report.mixed or not report.bad_bytes:
        return []
    examples = [
        Problem(
            "encoding-error",
            f"Line {line} has bytes that are not valid UTF-8 (read as Windows-1252)",
            row=line,
        )
        for line in report.bad_lines[:MAX_EXAMPLES]
    ]
    return [ProblemCount("encoding-error", None, report.bad_bytes, examples=examples)]


def _fr(number: int) -> str:
    """Format a count the French way, with a no-break space between thousands."""
    return f"{number:,}".replace(",", "\u00a0")


def _failure(code: str, en: str, fr: str, detail: str = "") -> TableReadError:
    return TableReadError(code, LocalizedText(en=en, fr=fr), detail=detail)


def _prepare(path: Path, workdir: Path, options: ReadOptions, limits: ReadLimits) -> tuple[Path, EncodingReport]:
    """Check the size, detect the encoding and transcode to UTF-8 in ``workdir`` when needed."""
    if path.stat().st_size > limits.max_expanded_bytes:
        raise _failure(
            "too-large", "The file is larger than the size limit.", "Le fichier dépasse la taille maximale permise."
        )
    report = detect_encoding(path, options.encoding)
    if not report.needs_transcoding:
        return path, report
    return transcode_to_utf8(path, workdir, report, limits.max_expanded_bytes), report


def read_text_table(
    path: Path, workdir: Path, options: ReadOptions = ReadOptions(), *, limits: ReadLimits | None = None
) -> StagedTable:
    """Read a CSV/TSV/TXT file into Parquet in ``workdir`` with its dialect and structural problems."""
    limits = limits or ReadLimits()
    workdir.mkdir(parents=True, exist_ok=True)
    source, report = _prepare(path, workdir, options, limits)
    sample = _read_sample(source)
    dialect = detect_dialect(sample, options)
    labels, skip_lines = _header(sample, dialect)
    width = len(labels) if dialect.header_row else dialect.field_count
    if width > limits.max_columns:
        raise _failure(
            "too-many-columns",
            f"The table has {width:,} columns; the limit is {limits.max_columns:,}.",
            f"Le tableau compte {_fr(width)} colonnes, au-delà de la limite de {_fr(limits.max_columns)}.",
        )
    if not labels and dialect.header_row:
        raise _failure("no-header", "The header row is empty.", "La ligne d’en-tête est vide.")
    columns = column_names(labels, width)
    plan = staging.ScanPlan(source, dialect.delimiter, dialect.quote_char, skip_lines, width, limits.max_cell_bytes)
    target = workdir / f"{path.stem}.parquet"
    stage_dir = workdir / f".{path.stem}-staging"
    stage_dir.mkdir(parents=True, exist_ok=True)
    try:
        with staging.connect(stage_dir) as con:
            row_count, problems = _stage(con, plan, columns, target, stage_dir, report.has_blank_lines)
    except duckdb.Error as exc:
        raise _duckdb_failure(exc) from exc
    finally:
        shutil.rmtree(stage_dir, ignore_errors=True)
        if source != path:
            source.unlink(missing_ok=True)
    return StagedTable(
        name=path.stem,
        parquet=target,
        labels=labels,
        columns=columns,
        row_count=row_count,
        source_format=_FORMATS.get(path.suffix.lower(), "CSV"),
        dialect=Dialect(
            encoding=report.encoding,
            delimiter=dialect.delimiter,
            quote_char=dialect.quote_char,
            header_row=dialect.header_row,
            decimal=dialect.decimal,
            thousands=dialect.thousands,
            had_bom=report.had_bom,
        ),
        problems=label_problems(labels) + problems + _encoding_problems(report),
    )


def _stage(
    con: duckdb.DuckDBPyConnection,
    plan: staging.ScanPlan,
    columns: list[str],
    target: Path,
    scratch: Path,
    has_blank_lines: bool,
) -> tuple[int, list[ProblemCount]]:
    """Stage the file and return (rows, structural problems).

    A well-formed file (the usual case) is staged by one strict scan, as fast as DuckDB reads
    it; any file with empty lines or rows of the wrong width takes the lenient path.
    """
    if not has_blank_lines and staging.write_direct(con, plan, columns, target):
        return _parquet_rows(con, target), []
    spare = staging.load_raw(con, plan, scratch / "raw.parquet")
    if has_blank_lines:
        staging.load_blank_lines(con, plan)
    source, row_expr = staging.row_numbers(con, plan.skip_lines, has_blank_lines)
    problems = staging.structure_problems(con, plan.width, spare, row_expr, source)
    if has_blank_lines:
        problems = _merge_blank_lines(con, problems)
    row_count = staging.write_parquet(con, source, row_expr, columns, spare, target)
    return row_count, problems


def _parquet_rows(con: duckdb.DuckDBPyConnection, target: Path) -> int:
    """Return the row count from the Parquet footer."""
    found = con.execute("SELECT count(*) FROM read_parquet(?)", [str(target)]).fetchone()
    return int(found[0]) if found else 0


def _merge_blank_lines(con: duckdb.DuckDBPyConnection, problems: list[ProblemCount]) -> list[ProblemCount]:
    """Add the empty lines DuckDB skipped to the blank-row count and examples."""
    found = con.execute("SELECT count(*), list(line ORDER BY line)[:10] FROM blank").fetchone()
    assert found is not None
    count, lines = int(found[0]), list(found[1] or [])
    if not count:
        return problems
    others = [p for p in problems if p.type != "blank-row"]
    old = next((p for p in problems if p.type == "blank-row"), None)
    examples = [Problem("blank-row", f"Row {r} is completely blank", row=r) for r in lines]
    if old:
        examples += old.examples
        count += old.count
    examples.sort(key=lambda p: p.row or 0)
    return [ProblemCount("blank-row", None, count, examples=examples[:MAX_EXAMPLES]), *others]


def _duckdb_failure(exc: duckdb.Error) -> TableReadError:
    """Map a DuckDB scan error to a stable code with a bilingual message."""
    text = str(exc)
    if "line size" in text.lower():
        return _failure(
            "line-too-long",
            "A line of the file is longer than the size limit for one row.",
            "Une ligne du fichier dépasse la taille maximale permise.",
            detail=text[:500],
        )
    return _failure(
        "unreadable",
        "The file cannot be read as a table.",
        "Le fichier ne peut pas être lu comme un tableau.",
        detail=text[:500],
    )
