"""Stage a UTF-8 delimited file into Parquet with DuckDB, counting structural problems on the way.

This is the reader's full path, for files the streaming fast path (csv_stream) refuses. DuckDB's
CSV scanner is fast, but it hides structure: it pads short rows, drops cells
past the declared columns and skips empty lines. So the scan declares a few spare columns
(extra cells land there), reads empty cells as '' (only padding is NULL, thanks to a null string
that never occurs), and empty lines are noticed by the byte scan (text_encoding) and, only when
there are some, located by a one-column scan. Structural counts then come from vectorized SQL over the staged rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from trousse.engine.tables.csv_labels import MAX_EXAMPLES
from trousse.engine.tables.source import ROW_NUMBER, Problem, ProblemCount

MEMORY_LIMIT = "1GB"
WIDE_MEMORY_LIMIT = "2GB"
WIDE_TABLE = 500  # columns
SPARE_COLUMNS = 16
# A null string no real file contains, so that DuckDB returns '' for empty cells and NULL only
# for the cells it pads onto short rows: that is how missing cells are told from empty ones.
_NEVER = "\x02trousse-padding\x03"


@dataclass(frozen=True)
class ScanPlan:
    """How to scan the file: the effective dialect and where the data starts."""

    source: Path
    delimiter: str
    quote_char: str
    skip_lines: int  # physical lines before the first data record (title lines + header)
    header_records: int  # records before the first data record (the header's row number)
    width: int  # number of columns (labels)
    max_line_bytes: int
    crlf: bool = False  # lines end with CR LF


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def connect(workdir: Path, width: int) -> duckdb.DuckDBPyConnection:
    """Open an in-memory DuckDB whose memory is bounded and which spills into ``workdir``."""
    spill = workdir / "duckdb-spill"
    spill.mkdir(parents=True, exist_ok=True)
    config: dict[str, str | bool | int | float | list[str]] = {
        "memory_limit": MEMORY_LIMIT,
        "temp_directory": str(spill),
        "preserve_insertion_order": True,
    }
    if width > WIDE_TABLE:
        # A 2,048-row vector of 10,000 text columns reserves ~330 MB per operator, so wide tables
        # get one thread and a higher ceiling (measured peak RSS ~370 MB at 10,000 columns).
        config.update(memory_limit=WIDE_MEMORY_LIMIT, threads=1)
    con = duckdb.connect(config=config)
    con.execute("SET enable_progress_bar = false")  # a session setting: workers log to files
    return con


def _row_groups(width: int) -> str:
    """Return a smaller row group for wide tables, whose writer buffers every column at once."""
    return ", ROW_GROUP_SIZE 2048" if width > WIDE_TABLE else ""


def _read_csv(plan: ScanPlan, spare: int, *, strict: bool, parallel: bool = True) -> str:
    slots = [f"c{i}" for i in range(1, plan.width + 1)] + [f"x{i}" for i in range(1, spare + 1)]
    columns = "{" + ", ".join(f"'{s}': 'VARCHAR'" for s in slots) + "}"
    quote = _sql_string(plan.quote_char)
    # Strict: any row of the wrong width fails the scan (then the lenient scan runs). Lenient:
    # pad short rows with NULL and keep empty cells as '' to tell missing cells from empty ones.
    shape = (
        "strict_mode=true"
        if strict
        else f"nullstr={_sql_string(_NEVER)}, null_padding=true, strict_mode=false"
    )
    return (
        f"read_csv({_sql_string(str(plan.source))}, auto_detect=false, header=false,"
        f" skip={plan.skip_lines}, delim={_sql_string(plan.delimiter)}, quote={quote},"
        f" escape={quote}, columns={columns}, {shape}, max_line_size={plan.max_line_bytes},"
        f" buffer_size={max(plan.max_line_bytes * 2, 32 * 1024 * 1024)},"
        f" parallel={'true' if parallel else 'false'})"
    )


def write_direct(con: duckdb.DuckDBPyConnection, plan: ScanPlan, columns: list[str], target: Path) -> bool:
    """Stage a well-formed file in one scan; return False when some row has the wrong width."""
    select = ", ".join(f"c{i} AS {_ident(name)}" for i, name in enumerate(columns, start=1))
    query = (
        f"SELECT {select}, (row_number() OVER () + {plan.header_records})::BIGINT AS {_ident(ROW_NUMBER)}"
        f" FROM {_read_csv(plan, 0, strict=True)}"
    )
    try:
        options = f"FORMAT parquet, COMPRESSION zstd{_row_groups(plan.width)}"
        con.execute(f"COPY ({query}) TO {_sql_string(str(target))} ({options})")
    except duckdb.Error as exc:
        if "line size" in str(exc).lower():
            raise
        return False
    # Rows whose cells are all empty are blank rows: rare, so the lenient path reports them.
    if plan.width <= WIDE_TABLE:
        # Plain column predicates: the Parquet scan answers from its statistics (a column with no
        # NULL in a row group rules it out), where a per-row list cost a second of CPU per 1M rows.
        where = " AND ".join(f"{_ident(name)} IS NULL" for name in columns) or "FALSE"
    else:
        quoted = ", ".join(_ident(name) for name in columns)
        where = f"len(list_filter([{quoted}]::VARCHAR[], lambda x: x IS NOT NULL)) = 0"
    blank = con.execute(f"SELECT count(*) FROM read_parquet({_sql_string(str(target))}) WHERE {where}").fetchone()
    return not (blank and blank[0])


def load_raw(con: duckdb.DuckDBPyConnection, plan: ScanPlan, raw: Path, spare: int = SPARE_COLUMNS) -> int:
    """Scan leniently into Parquet ``raw`` (rec = record order), widening spare columns on overflow."""
    while True:
        query = "COPY (SELECT row_number() OVER () AS rec, * FROM {}) TO {} (FORMAT parquet"
        query += _row_groups(plan.width) + ")"
        try:
            con.execute(query.format(_read_csv(plan, spare, strict=False), _sql_string(str(raw))))
        except duckdb.Error as exc:
            if "quoted new lines" not in str(exc):
                raise
            # DuckDB's parallel scanner cannot pad rows when cells hold line breaks.
            con.execute(
                query.format(_read_csv(plan, spare, strict=False, parallel=False), _sql_string(str(raw)))
            )
        con.execute(f"CREATE OR REPLACE VIEW raw AS SELECT * FROM read_parquet({_sql_string(str(raw))})")
        overflow = con.execute(f"SELECT count(x{spare}) FROM raw").fetchone()
        if not overflow or not overflow[0] or spare >= 4096:
            return spare
        spare *= 8


def load_blank_lines(con: duckdb.DuckDBPyConnection, plan: ScanPlan) -> int:
    """Fill table ``blank`` with each empty line's row number (``line``), rank ``k`` and position.

    ``pos`` is how many non-blank records come before it, so a staged record ``rec`` follows
    the blank lines whose ``pos`` is below ``rec``. A line inside a quoted cell (after an odd
    number of quote characters) starts no record, so it is neither a row nor a blank row.
    Only empty lines and lines with an odd quote count are kept from the scan, so the
    running sums work on a handful of rows, not on every line. Return the number of blank lines.
    """
    lines = (
        f"read_csv({_sql_string(str(plan.source))}, auto_detect=false, header=false,"
        f" skip={plan.skip_lines}, delim='\x1f', quote='', escape='', columns={{'line': 'VARCHAR'}},"
        f" strict_mode=false, max_line_size={plan.max_line_bytes},"
        f" buffer_size={max(plan.max_line_bytes * 2, 32 << 20)})"
    )
    quote = _sql_string(plan.quote_char)
    con.execute(
        f"""CREATE OR REPLACE TABLE blank AS
        WITH marks AS (
            SELECT n, line IS NULL OR trim(line, chr(13)) = '' AS empty,
                   (length(coalesce(line, '')) - length(replace(coalesce(line, ''), {quote}, ''))) % 2 = 1
                       AS odd
            FROM (SELECT row_number() OVER () AS n, line FROM {lines})
        ), small AS (
            SELECT n, empty, odd FROM marks WHERE empty OR odd
        ), odds AS (
            -- Odd lines pair up: one opens a quoted cell, the next closes it; the lines in
            -- between (and the closing one) continue the opening line's record.
            SELECT n, CASE WHEN row_number() OVER (ORDER BY n) % 2 = 0
                           THEN n - lag(n) OVER (ORDER BY n) ELSE 0 END AS span
            FROM small WHERE odd
        ), events AS (
            SELECT n, 1 AS opens, span, false AS empty FROM odds
            UNION ALL SELECT n, 0, 0, true FROM small WHERE empty
        ), running AS (
            SELECT n, empty,
                   coalesce(sum(opens) OVER w, 0) AS odd_before,
                   coalesce(sum(span) OVER w, 0) AS continued
            FROM events
            WINDOW w AS (ORDER BY n ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
        ), records AS (
            SELECT n, n - continued AS record FROM running WHERE empty AND odd_before % 2 = 0
        )
        SELECT record + {plan.header_records} AS line, row_number() OVER (ORDER BY n) AS k,
               record - row_number() OVER (ORDER BY n) AS pos
        FROM records"""
    )
    found = con.execute("SELECT count(*) FROM blank").fetchone()
    return int(found[0]) if found else 0


def cell_lists(width: int, spare: int) -> str:
    """Return SQL for the row's cells as a list (label columns, then spare columns)."""
    names = [f"c{i}" for i in range(1, width + 1)] + [f"x{i}" for i in range(1, spare + 1)]
    return "[" + ", ".join(names) + "]::VARCHAR[]"


def structure_problems(
    con: duckdb.DuckDBPyConnection, width: int, spare: int, row_expr: str, source: str
) -> list[ProblemCount]:
    """Return blank-row, missing-cell and extra-cell counts and first examples from ``source`` rows."""
    cells = cell_lists(width, spare)
    # Materialized once, in file order, so the counts and the Parquet writer share it.
    order = "" if source == "raw" else " ORDER BY rec"
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE shape AS
        SELECT {row_expr} AS row, len(list_filter({cells}, lambda x: x IS NOT NULL)) AS cells,
               len(list_filter({cells}, lambda x: x <> '')) = 0 AS blank
        FROM {source}{order}"""
    )
    totals = con.execute(
        f"""SELECT count(*) FILTER (blank),
                   coalesce(sum({width} - cells) FILTER (NOT blank AND cells < {width}), 0),
                   coalesce(sum(cells - {width}) FILTER (NOT blank AND cells > {width}), 0)
            FROM shape"""
    ).fetchone()
    assert totals is not None
    blank_rows, missing, extra = (int(v) for v in totals)
    problems: list[ProblemCount] = []
    if blank_rows:
        rows = con.execute(f"SELECT row FROM shape WHERE blank ORDER BY row LIMIT {MAX_EXAMPLES}")
        examples = [Problem("blank-row", f"Row {r} is completely blank", row=r) for (r,) in rows.fetchall()]
        problems.append(ProblemCount("blank-row", None, blank_rows, examples=examples))
    for kind, what, count, cond, first in (
        ("missing-cell", "a missing cell", missing, f"cells < {width}", "cells + 1"),
        ("extra-cell", "an extra cell", extra, f"cells > {width}", f"{width} + 1"),
    ):
        if not count:
            continue
        found = con.execute(
            f"SELECT row, {first} FROM shape WHERE NOT blank AND {cond} ORDER BY row LIMIT {MAX_EXAMPLES}"
        ).fetchall()
        examples = [
            Problem(kind, f"Row {row} has {what} in column {col}", row=row, column=col) for row, col in found
        ]
        problems.append(ProblemCount(kind, None, count, examples=examples))
    return problems


_INLINE_BLANKS = 64


def row_numbers(con: duckdb.DuckDBPyConnection, offset: int, blank_lines: int) -> tuple[str, str]:
    """Return (SQL source, row-number expression) numbering records as Frictionless does."""
    if not blank_lines:
        return "raw", f"rec + {offset}"
    # Each empty line DuckDB skipped shifts the records after it by one row.
    if blank_lines <= _INLINE_BLANKS:
        # A few blank lines: count them from a constant list, keeping the scan in file order.
        positions = [pos for (pos,) in con.execute("SELECT pos FROM blank ORDER BY k").fetchall()]
        shift = f"len(list_filter({positions}::BIGINT[], lambda p: p < rec))"
        return "raw", f"rec + {offset} + {shift}"
    source = (
        "(SELECT raw.*, coalesce(b.k, 0) AS shift FROM raw ASOF LEFT JOIN"
        " (SELECT pos, max(k) AS k FROM blank GROUP BY pos) AS b ON raw.rec > b.pos)"
    )
    return source, f"rec + {offset} + shift"


def write_parquet(con: duckdb.DuckDBPyConnection, columns: list[str], target: Path) -> int:
    """Copy non-blank rows to Parquet: '' becomes NULL, the row number goes in ROW_NUMBER."""
    select = ", ".join(f"nullif(c{i}, '') AS {_ident(name)}" for i, name in enumerate(columns, start=1))
    # raw and shape hold the same rows in the same order, so a positional join pairs them for free.
    query = (
        f"SELECT {select}, shape.row::BIGINT AS {_ident(ROW_NUMBER)}"
        " FROM raw POSITIONAL JOIN shape WHERE NOT shape.blank"
    )
    options = f"FORMAT parquet, COMPRESSION zstd{_row_groups(len(columns))}"
    con.execute(f"COPY ({query}) TO {_sql_string(str(target))} ({options})")
    count = con.execute(f"SELECT count(*) FROM read_parquet({_sql_string(str(target))})").fetchone()
    return int(count[0]) if count else 0
