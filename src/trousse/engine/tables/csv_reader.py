"""Read a delimited text file (CSV, TSV, TXT) into a ``StagedTable``.

Row numbers (``ROW_NUMBER``) are Frictionless's: the header record is row ``header_row`` and each
record after it, blank ones included, is the next row. A record is a physical line unless a
quoted cell holds a line break, as in a spreadsheet, so they point where a person will look.
Blank rows are reported (``blank-row``) but not staged; every other row is, including rows with
missing or extra cells, so later checks count the same rows as Frictionless.

Two paths: a well-formed UTF-8 file (the usual case) is staged by Arrow's streaming reader in one
pass (csv_stream), with no whole-file byte scan; anything that path cannot vouch for (another
encoding, a blank line, a row of the wrong width, invalid UTF-8, a very long record) goes the full
way: whole-file encoding scan, transcoding when needed, and DuckDB (csv_staging), which locates
and counts every structural problem.
"""

from __future__ import annotations

import codecs
import csv
import dataclasses
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from trousse.engine.metadata.model import LocalizedText
from trousse.engine.tables.csv_dialect import SampleDialect, detect_dialect
from trousse.engine.tables.csv_labels import MAX_EXAMPLES, column_names, label_problems
from trousse.engine.tables.csv_stream import (
    MEMORY_BYTES,
    MEMORY_COLUMNS,
    StreamPlan,
    stage_memory,
    stage_stream,
)
from trousse.engine.tables.source import (
    Dialect,
    Problem,
    ProblemCount,
    ReadLimits,
    ReadOptions,
    StagedTable,
    TableReadError,
)
from trousse.engine.tables.text_encoding import EncodingReport, detect_encoding, sniff_utf8, transcode_to_utf8

if TYPE_CHECKING:
    # The DuckDB path only (imported when taken): the pipeline imports DuckDB while the fast path reads.
    import duckdb

    from trousse.engine.tables import csv_staging as staging

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


def _label_problems(labels: list[str], header_row: int) -> list[ProblemCount]:
    """Return blank- and duplicate-label problems whose examples point at the header row."""
    problems = label_problems(labels)
    for count in problems:
        count.examples = [dataclasses.replace(example, row=header_row) for example in count.examples]
    return problems


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


def _prepare(
    path: Path, workdir: Path, options: ReadOptions, limits: ReadLimits
) -> tuple[Path, EncodingReport]:
    """Detect the encoding and transcode to UTF-8 in ``workdir`` when needed."""
    report = detect_encoding(path, options.encoding)
    source = path
    if report.needs_transcoding:
        source = transcode_to_utf8(path, workdir, report, limits.max_expanded_bytes)
    if report.longest_line > limits.max_cell_bytes:
        if source != path:
            source.unlink()
        raise _line_too_long(f"a line of {report.longest_line:,} bytes")
    return source, report


def _check_size(path: Path, limits: ReadLimits) -> None:
    if path.stat().st_size > limits.max_expanded_bytes:
        raise _failure(
            "too-large",
            "The file is larger than the size limit.",
            "Le fichier dépasse la taille maximale permise.",
        )


def _line_too_long(detail: str) -> TableReadError:
    return _failure(
        "line-too-long",
        "A line of the file is longer than the size limit.",
        "Une ligne du fichier dépasse la taille maximale permise.",
        detail=detail[:500],
    )


def read_text_table(
    path: Path, workdir: Path, options: ReadOptions = ReadOptions(), *, limits: ReadLimits | None = None,
    in_memory: bool = False,
) -> StagedTable:
    """Read a CSV/TSV/TXT file into Parquet in ``workdir`` with its dialect and structural problems.

    ``in_memory``: a well-formed UTF-8 file of at most ``csv_stream.MEMORY_BYTES`` and
    ``MEMORY_COLUMNS`` columns is read into memory (``StagedTable.arrow``) instead, and its Parquet
    is not written.
    """
    limits = limits or ReadLimits()
    workdir.mkdir(parents=True, exist_ok=True)
    _check_size(path, limits)
    # Fast path first: a well-formed UTF-8 file (the usual case) is staged in one streaming pass,
    # without the whole-file byte scans; anything it cannot vouch for goes the full way below.
    staged = _read_streamed(path, workdir, options, limits, in_memory=in_memory)
    if staged is not None:
        return staged
    source, report = _prepare(path, workdir, options, limits)
    try:
        return _read_utf8(path, source, report, workdir, options, limits)
    finally:
        if source != path:
            source.unlink(missing_ok=True)


@dataclass(frozen=True)
class _Layout:
    """What the first megabyte says: dialect, header labels and where the data starts."""

    sample: str
    dialect: SampleDialect
    labels: list[str]
    skip_lines: int  # lines of the sample up to the header's end
    width: int
    columns: list[str]


def _layout(source: Path, options: ReadOptions, limits: ReadLimits) -> _Layout:
    """Detect the dialect and header of the UTF-8 ``source`` from its first lines."""
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
    return _Layout(sample, dialect, labels, skip_lines, width, column_names(labels, width))


def _read_streamed(path: Path, workdir: Path, options: ReadOptions, limits: ReadLimits, *,
                   in_memory: bool = False) -> StagedTable | None:
    """Stage ``path`` with Arrow's streaming reader when it is well-formed UTF-8, else return None."""
    report = sniff_utf8(path, options.encoding)
    if report is None:
        return None
    layout = _layout(path, options, limits)
    # Wide tables too: Arrow wrote 10,000 columns 20 times faster than DuckDB's Parquet writer
    # (0.3 s against 4.8 s for three rows), and a 5,000-column, 78 MB file peaked at 420 MiB
    # there against 1,050 MiB on the DuckDB path (issue 3, bad input).
    offset = _data_offset(path, layout.sample, layout.skip_lines, report.had_bom)
    if offset is None:
        return None
    plan = StreamPlan(path, offset, layout.dialect.delimiter, layout.dialect.quote_char,
                      layout.dialect.header_row, limits.max_cell_bytes)
    target = workdir / f"{path.stem}.parquet"
    if in_memory and path.stat().st_size <= MEMORY_BYTES and len(layout.columns) <= MEMORY_COLUMNS:
        cells = stage_memory(plan, layout.columns, target)
        if cells is None:
            return None
        table = _staged_table(path, target, layout, cells.table.num_rows, report, [])
        table.sample, table.text_stats, table.arrow = cells.sample, cells.text_stats, cells.table
        return table
    staged = stage_stream(plan, layout.columns, target)
    if staged is None:
        return None
    table = _staged_table(path, target, layout, staged.rows, report, [])
    table.sample, table.text_stats = staged.sample, staged.text_stats
    return table


def _data_offset(source: Path, sample: str, skip_lines: int, had_bom: bool) -> int | None:
    """Return the byte where the data records start, or None unless the header's bytes are exactly
    its text in UTF-8 (which also proves them valid: undecodable bytes were replaced in the sample)."""
    head = "".join(sample.splitlines(keepends=True)[:skip_lines]).encode("utf-8")
    if skip_lines and not head.endswith((b"\n", b"\r")):
        return None  # the header's last line is cut by the sample's end
    bom = len(codecs.BOM_UTF8) if had_bom else 0
    with source.open("rb") as handle:
        raw = handle.read(bom + len(head))
    return bom + len(head) if raw[bom:] == head else None


def _read_utf8(
    path: Path, source: Path, report: EncodingReport, workdir: Path, options: ReadOptions, limits: ReadLimits
) -> StagedTable:
    """Detect the dialect of the UTF-8 ``source`` and stage it (``path`` names the table)."""
    import duckdb

    from trousse.engine.tables import csv_staging as staging

    layout = _layout(source, options, limits)
    dialect = layout.dialect
    plan = staging.ScanPlan(
        source,
        dialect.delimiter,
        dialect.quote_char,
        skip_lines=layout.skip_lines,
        header_records=dialect.header_row,
        width=layout.width,
        max_line_bytes=limits.max_cell_bytes,
        crlf="\r\n" in layout.sample,
    )
    target = workdir / f"{path.stem}.parquet"
    stage_dir = workdir / f".{path.stem}-staging"
    stage_dir.mkdir(parents=True, exist_ok=True)
    try:
        with staging.connect(stage_dir, layout.width) as con:
            row_count, problems = _stage(con, plan, layout.columns, target, stage_dir, report)
    except duckdb.Error as exc:
        raise _duckdb_failure(exc) from exc
    finally:
        shutil.rmtree(stage_dir, ignore_errors=True)
    return _staged_table(path, target, layout, row_count, report, problems + _encoding_problems(report))


def _staged_table(path: Path, target: Path, layout: _Layout, rows: int, report: EncodingReport,
                  problems: list[ProblemCount]) -> StagedTable:
    """Return the StagedTable of ``path`` staged in ``target``, with its label problems first."""
    dialect = layout.dialect
    return StagedTable(
        name=path.stem,
        parquet=target,
        labels=layout.labels,
        columns=layout.columns,
        row_count=rows,
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
        problems=_label_problems(layout.labels, dialect.header_row) + problems,
    )


def _stage(
    con: duckdb.DuckDBPyConnection,
    plan: staging.ScanPlan,
    columns: list[str],
    target: Path,
    scratch: Path,
    report: EncodingReport,
) -> tuple[int, list[ProblemCount]]:
    """Stage the file and return (rows, structural problems).

    A well-formed file (the usual case) is staged by one strict scan, as fast as DuckDB reads
    it; any file with empty lines or rows of the wrong width takes the lenient path.
    """
    from trousse.engine.tables import csv_staging as staging

    direct = not report.has_blank_lines and not _ends_with_delimiter(plan.source, plan.delimiter, plan.crlf)
    if direct and staging.write_direct(con, plan, columns, target):
        rows = _parquet_rows(con, target)
        return rows, _trailing_blank_rows(plan.header_records + rows, report, [])
    spare = staging.load_raw(con, plan, scratch / "raw.parquet")
    blank_lines = staging.load_blank_lines(con, plan) if report.has_blank_lines else 0
    source, row_expr = staging.row_numbers(con, plan.header_records, blank_lines)
    problems = staging.structure_problems(con, plan.width, spare, row_expr, source)
    if blank_lines:  # the one-column scan saw every empty line, the trailing ones too
        return staging.write_parquet(con, columns, target), _merge_blank_lines(con, problems)
    last = con.execute("SELECT max(row) FROM shape").fetchone()
    last_row = int(last[0]) if last and last[0] is not None else plan.header_records
    return staging.write_parquet(con, columns, target), _trailing_blank_rows(last_row, report, problems)


def _trailing_blank_rows(
    last_row: int, report: EncodingReport, problems: list[ProblemCount]
) -> list[ProblemCount]:
    """Add the empty lines ending the file (after ``last_row``), which DuckDB skips, as blank rows."""
    first = last_row + 1
    return _merge_blank_rows(
        list(range(first, first + report.trailing_blank_lines)), report.trailing_blank_lines, problems
    )


def _ends_with_delimiter(source: Path, delimiter: str, crlf: bool) -> bool:
    """Tell whether a line ends with the delimiter: DuckDB's strict scan silently drops that empty cell.

    Frictionless counts it as an extra cell, so such files take the lenient path.
    """
    # One pattern (the file's own line break), searched in place: no chunk copies.
    pattern = delimiter.encode() + (b"\r\n" if crlf else b"\n")
    tail = b""
    with source.open("rb") as handle:
        while chunk := handle.read(16 * 1024 * 1024):
            if pattern in chunk or pattern in tail + chunk[: len(pattern)]:
                return True
            tail = chunk[-len(pattern) :]
    return False


def _parquet_rows(con: duckdb.DuckDBPyConnection, target: Path) -> int:
    """Return the row count from the Parquet footer."""
    found = con.execute("SELECT count(*) FROM read_parquet(?)", [str(target)]).fetchone()
    return int(found[0]) if found else 0


def _merge_blank_lines(con: duckdb.DuckDBPyConnection, problems: list[ProblemCount]) -> list[ProblemCount]:
    """Add the empty lines DuckDB skipped (table ``blank``) to the blank-row count and examples."""
    found = con.execute(f"SELECT count(*), list(line ORDER BY line)[:{MAX_EXAMPLES}] FROM blank").fetchone()
    assert found is not None
    return _merge_blank_rows(list(found[1] or []), int(found[0]), problems)


def _merge_blank_rows(rows: list[int], count: int, problems: list[ProblemCount]) -> list[ProblemCount]:
    """Add ``count`` blank rows (first examples ``rows``) to the blank-row problem in ``problems``."""
    if not count:
        return problems
    others = [p for p in problems if p.type != "blank-row"]
    old = next((p for p in problems if p.type == "blank-row"), None)
    examples = [Problem("blank-row", f"Row {r} is completely blank", row=r) for r in rows[:MAX_EXAMPLES]]
    if old:
        examples += old.examples
        count += old.count
    examples.sort(key=lambda p: p.row or 0)
    return [ProblemCount("blank-row", None, count, examples=examples[:MAX_EXAMPLES]), *others]


def _duckdb_failure(exc: duckdb.Error) -> TableReadError:
    """Map a DuckDB scan error to a stable code with a bilingual message."""
    text = str(exc)
    if "line size" in text.lower():
        return _line_too_long(text)
    return _failure(
        "unreadable",
        "The file cannot be read as a table.",
        "Le fichier ne peut pas être lu comme un tableau.",
        detail=text[:500],
    )
