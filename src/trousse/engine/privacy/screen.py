"""Screen a table for personal information and re-identification risk: the function the pipeline calls.

``screen_parquet`` opens a Parquet file (canonical or staged) in its own DuckDB connection with a
memory limit; ``screen_relation`` screens any DuckDB relation. Both always return a report: when
anything goes wrong (bad options, too many columns, timeout, out of memory, an unreadable file)
the report carries the error and its status is "error", so a gate reading it stays closed.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from trousse.engine.metadata.model import LocalizedText
from trousse.engine.privacy.detect import GEOMETRY, ROW_NUMBER, detect, quote, scanned_columns
from trousse.engine.privacy.errors import PrivacyError
from trousse.engine.privacy.masking import mask
from trousse.engine.privacy.report import PrivacyReport
from trousse.engine.privacy.risk import (
    RiskResult,
    count_columns,
    k_anonymity,
    small_cells,
    suggest_quasi_identifiers,
)

WIDE_COLUMNS = 256
WIDE_MAX_CELLS = 20_000_000


@dataclass(frozen=True)
class ScreenOptions:
    """What a steward (or the site) may set; None quasi-identifiers means "suggest them"."""

    quasi_identifiers: tuple[str, ...] | None = None
    sensitive: tuple[str, ...] = ()
    k_threshold: int = 5
    small_cell_threshold: int = 5
    max_seconds: float = 600.0  # the screen is interrupted after this, and the report says so
    max_columns: int = 10_000
    memory_limit: str = "2GB"  # for the connection screen_parquet opens
    threads: int | None = None


def screen_parquet(path: Path | str, *, name: str | None = None,
                   options: ScreenOptions = ScreenOptions()) -> PrivacyReport:
    """Screen the Parquet file at ``path`` and return the report (never raises for bad data)."""
    path = Path(path)
    report = PrivacyReport(table=name or path.stem)
    config = {"memory_limit": options.memory_limit}
    if options.threads:
        config["threads"] = str(options.threads)
    try:
        con = duckdb.connect(config=config)
        con.execute("SET enable_progress_bar = false")  # a library prints nothing on a terminal
    except duckdb.Error as exc:
        report.error = PrivacyError("bad-option", LocalizedText(
            "The screen's settings are not valid.", "Les réglages du filtrage ne sont pas valides."), detail=str(exc))
        return report
    try:
        try:
            relation = con.read_parquet(str(path))
            meta = pq.ParquetFile(path).metadata
            # The uncompressed size per row sizes the batches, so that 1 MB cells stay in bounds.
            row_bytes = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups)) / max(1, meta.num_rows)
            if meta.num_columns > WIDE_COLUMNS and meta.num_rows * meta.num_columns <= WIDE_MAX_CELLS:
                # Every query over a very wide Parquet file reads its metadata again (seconds for
                # 10,000 columns): a short, wide table is loaded once instead.
                relation.to_table("__trousse_privacy_wide")
                return _screen(con, "__trousse_privacy_wide", _schema(con.table("__trousse_privacy_wide")),
                               report.table, options, row_bytes)
        except (duckdb.Error, OSError, pa.ArrowException) as exc:
            report.error = _unreadable(exc)
            return report
        return screen_relation(con, relation, name=report.table, options=options, row_bytes=row_bytes)
    finally:
        con.close()


def screen_relation(con: duckdb.DuckDBPyConnection, relation: duckdb.DuckDBPyRelation, *, name: str,
                    options: ScreenOptions = ScreenOptions(), row_bytes: float | None = None) -> PrivacyReport:
    """Screen ``relation`` (of connection ``con``) and return the report (never raises for bad data).

    ``row_bytes``, the average size of a row when known, keeps each batch of cells under 128 MB.
    """
    view = f"__trousse_privacy_{id(relation):x}"
    try:
        relation.create_view(view, replace=True)
    except duckdb.Error as exc:
        report = PrivacyReport(table=name)
        report.error = _unreadable(exc)
        return report
    try:
        return _screen(con, quote(view), _schema(relation), name, options, row_bytes)
    finally:
        try:
            con.execute(f"DROP VIEW IF EXISTS {quote(view)}")
        except duckdb.Error:
            pass  # an interrupted connection may refuse; the view is temporary anyway


def _schema(relation: duckdb.DuckDBPyRelation) -> list[tuple[str, str]]:
    return [(c, str(t)) for c, t in zip(relation.columns, relation.types, strict=True)]


def _screen(con: duckdb.DuckDBPyConnection, table: str, schema: list[tuple[str, str]], name: str,
            options: ScreenOptions, row_bytes: float | None = None) -> PrivacyReport:
    """Screen the table or view ``table`` of ``con``; turn every failure into the report's error."""
    started = time.perf_counter()
    report = PrivacyReport(table=name)
    timer = threading.Timer(options.max_seconds, con.interrupt)
    timer.daemon = True
    timer.start()
    try:
        _run(con, table, schema, report, options, row_bytes)
    except PrivacyError as error:
        report.error = error
    except (duckdb.InterruptException, TimeoutError):
        report.error = _timeout(options)
    except duckdb.OutOfMemoryException as exc:
        report.error = PrivacyError("out-of-memory", LocalizedText(
            "The screen ran out of memory on this table.", "Le filtrage a manqué de mémoire sur ce tableau."),
            detail=str(exc).splitlines()[0])
    except OSError as exc:  # an interrupt that reaches us through an Arrow stream
        report.error = _timeout(options) if "INTERRUPT" in str(exc) else _unreadable(exc)
    except duckdb.Error as exc:
        report.error = _unreadable(exc)
    finally:
        timer.cancel()
    if report.error is not None:
        report.findings = []  # a partial list would read as "that is all there is"
    report.seconds = time.perf_counter() - started
    return report


def _run(con: duckdb.DuckDBPyConnection, table: str, schema: list[tuple[str, str]], report: PrivacyReport,
         options: ScreenOptions, row_bytes: float | None = None) -> None:
    deadline = time.monotonic() + options.max_seconds
    names = [c for c, _ in schema]
    # The pipeline's own __row and __geometry columns are not the publisher's: a file of exactly
    # max_columns columns (the readers' own limit) must not fail for the row number they add.
    report.column_count = len([c for c in names if c not in (ROW_NUMBER, GEOMETRY)])
    if report.column_count > options.max_columns:
        count = report.column_count
        raise PrivacyError("too-many-columns", LocalizedText(
            f"The table has {count:,} columns; the screen reads at most {options.max_columns:,}.",
            f"Le tableau a {count:,} colonnes; le filtrage en lit au plus {options.max_columns:,}."
            .replace(",", "\u202f")))
    quasi, source = _quasi(options, schema)
    sensitive = list(options.sensitive)
    missing = [c for c in [*quasi, *sensitive] if c not in names]
    if missing:
        raise PrivacyError("missing-column", LocalizedText(
            f"No column named {', '.join(missing)} in this table (columns: {', '.join(names[:20])}).",
            f"Aucune colonne nommée {', '.join(missing)} dans ce tableau (colonnes : {', '.join(names[:20])})."),
            detail=", ".join(missing))
    row = con.sql(f"SELECT count(*) FROM {table}").fetchall()[0]
    report.row_count = int(row[0]) if row else 0
    report.columns = scanned_columns(schema)
    report.findings = detect(con, table, report.columns, report.row_count, threads=options.threads or 2,
                             row_bytes=row_bytes,
                             deadline=deadline)
    types = dict(schema)
    counts = count_columns(schema)
    # Direct identifiers found in a quasi-identifier column are masked in the smallest groups;
    # an age is shown as it is, since it identifies no one alone.
    flagged = {f.column for f in report.findings if f.detector != "age"}
    if quasi and not (source == "suggested" and counts):
        report.risk = k_anonymity(con, table, quasi, k_threshold=options.k_threshold, sensitive=sensitive,
                                  types=types)
        report.risk.quasi_identifiers_source = source
        # A quasi-identifier that is also an identifier (a full postal code, a birth date) is masked
        # in the list of smallest groups like any other example.
        for group in report.risk.smallest_groups:
            group["values"] = {q: mask(v) if q in flagged and v is not None else v for q, v in group["values"].items()}
        report.risk.small_cell_threshold = options.small_cell_threshold
    elif counts:
        report.risk = RiskResult("aggregate", [], source, options.k_threshold,
                                 small_cell_threshold=options.small_cell_threshold)
        report.risk.small_cells = small_cells(con, table, counts, report.row_count,
                                              threshold=options.small_cell_threshold)
    else:
        report.risk = RiskResult("none", [], source, options.k_threshold,
                                 small_cell_threshold=options.small_cell_threshold)


def _quasi(options: ScreenOptions, schema: list[tuple[str, str]]) -> tuple[list[str], str]:
    if options.quasi_identifiers is not None:
        return list(options.quasi_identifiers), "given"
    return suggest_quasi_identifiers(schema), "suggested"


def _timeout(options: ScreenOptions) -> PrivacyError:
    seconds = f"{options.max_seconds:g}"
    return PrivacyError("timeout", LocalizedText(
        f"The screen did not finish within {seconds} s.",
        f"Le filtrage ne s'est pas terminé en {seconds.replace('.', ',')} s."))


def _unreadable(exc: BaseException) -> PrivacyError:
    return PrivacyError("unreadable", LocalizedText(
        "The table could not be read for screening.", "Le tableau n'a pas pu être lu pour le filtrage."),
        detail=str(exc).splitlines()[0][:300] if str(exc) else type(exc).__name__)
