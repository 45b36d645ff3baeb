"""Stage a UTF-8 delimited file into Parquet with DuckDB, counting structural problems on the way.

DuckDB's CSV scanner is the fast path, but it hides structure: it pads short rows, drops cells
past the declared columns and skips empty lines. So the scan declares a few spare columns
(extra cells land there), reads empty cells as '' (only padding is NULL, thanks to a null string
that never occurs), and empty lines are found by a cheap byte count plus, only when there are
some, a one-column scan. Structural counts then come from vectorized SQL over the staged rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from trousse.engine.tables.csv_labels import MAX_EXAMPLES
from trousse.engine.tables.source import ROW_NUMBER, Problem, ProblemCount

MEMORY_LIMIT = "1GB"
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
    width: int  # number of columns (labels)
    max_line_bytes: int


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def connect(workdir: Path) -> duckdb.DuckDBPyConnection:
    """Open an in-memory DuckDB whose memory is bounded and which spills into ``workdir``."""
    spill = workdir / "duckdb-spill"
    spill.mkdir(parents=True, exist_ok=True)
    return duckdb.connect(
        config={
            "memory_limit": MEMORY_LIMIT,
            "temp_directory": str(spill),
            "preserve_insertion_order": True,
        },
    )


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
        f"SELECT {select}, (row_number() OVER () + {plan.skip_lines})::BIGINT AS {_ident(ROW_NUMBER)}"
        f" FROM {_read_csv(plan, 0, strict=True)}"
    )
    try:
        con.execute(f"COPY ({query}) TO {_sql_string(str(target))} (FORMAT parquet, COMPRESSION zstd)")
    except duckdb.Error as exc:
        if "line size" in str(exc).lower():
            raise
        return False
    # Rows whose cells are all empty are blank rows: rare, so the lenient path reports them.
    quoted = ", ".join(_ident(name) for name in columns)
    blank = con.execute(
        f"SELECT count(*) FROM read_parquet({_sql_string(str(target))})"
        f" WHERE len(list_filter([{quoted}]::VARCHAR[], lambda x: x IS NOT NULL)) = 0"
    ).fetchone()
    return not (blank and blank[0])


def load_raw(con: duckdb.DuckDBPyConnection, plan: ScanPlan, raw: Path, spare: int = SPARE_COLUMNS) -> int:
    """Scan leniently into Parquet ``raw`` (rec = record order), widening spare columns on overflow."""
    while True:
        query = "COPY (SELECT row_number() OVER () AS rec, * FROM {}) TO {} (FORMAT parquet)"
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


def load_blank_lines(con: duckdb.DuckDBPyConnection, plan: ScanPlan) -> None:
    """Fill table ``blank`` with the record position and line number of each empty line in the data."""
    lines = (
        f"read_csv({_sql_string(str(plan.source))}, auto_detect=false, header=false,"
        f" skip={plan.skip_lines}, delim='\x1f', quote='', escape='', columns={{'line': 'VARCHAR'}},"
        f" max_line_size={plan.max_line_bytes}, buffer_size={max(plan.max_line_bytes * 2, 32 << 20)})"
    )
    con.execute(
        f"""CREATE OR REPLACE TABLE blank AS
        SELECT n + {plan.skip_lines} AS line, row_number() OVER (ORDER BY n) AS k,
               n - row_number() OVER (ORDER BY n) AS pos
        FROM (SELECT row_number() OVER () AS n, line FROM {lines})
        WHERE line IS NULL OR trim(line, chr(13)) = ''"""
    )


def cell_lists(width: int, spare: int) -> str:
    """Return SQL for the row's cells as a list (label columns, then spare columns)."""
    names = [f"c{i}" for i in range(1, width + 1)] + [f"x{i}" for i in range(1, spare + 1)]
    return "[" + ", ".join(names) + "]::VARCHAR[]"


def structure_problems(
    con: duckdb.DuckDBPyConnection, width: int, spare: int, row_expr: str, source: str
) -> list[ProblemCount]:
    """Return blank-row, missing-cell and extra-cell counts and first examples from ``source`` rows."""
    cells = cell_lists(width, spare)
    con.execute(
        f"""CREATE OR REPLACE TEMP VIEW shape AS
        SELECT {row_expr} AS row, len(list_filter({cells}, lambda x: x IS NOT NULL)) AS cells,
               len(list_filter({cells}, lambda x: x <> '')) = 0 AS blank
        FROM {source}"""
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
    for kind, count, cond, first in (
        ("missing-cell", missing, f"cells < {width}", "cells + 1"),
        ("extra-cell", extra, f"cells > {width}", f"{width} + 1"),
    ):
        if not count:
            continue
        found = con.execute(
            f"SELECT row, {first} FROM shape WHERE NOT blank AND {cond} ORDER BY row LIMIT {MAX_EXAMPLES}"
        ).fetchall()
        examples = [
            Problem(kind, f"Row {row} has a {kind.replace('-', ' ')} in column {col}", row=row, column=col)
            for row, col in found
        ]
        problems.append(ProblemCount(kind, None, count, examples=examples))
    return problems


def row_numbers(con: duckdb.DuckDBPyConnection, skip_lines: int, has_blank_lines: bool) -> tuple[str, str]:
    """Return (SQL source, row-number expression) numbering records as Frictionless does."""
    if not has_blank_lines:
        return "raw", f"rec + {skip_lines}"
    # Each empty line DuckDB skipped shifts the records after it by one row.
    source = (
        "(SELECT raw.*, coalesce(b.k, 0) AS shift FROM raw ASOF LEFT JOIN"
        " (SELECT pos, max(k) AS k FROM blank GROUP BY pos) AS b ON raw.rec > b.pos)"
    )
    return source, f"rec + {skip_lines} + shift"


def write_parquet(
    con: duckdb.DuckDBPyConnection,
    source: str,
    row_expr: str,
    columns: list[str],
    spare: int,
    target: Path,
) -> int:
    """Copy non-blank rows to Parquet: '' becomes NULL, the row number goes in ROW_NUMBER."""
    select = ", ".join(f"nullif(c{i}, '') AS {_ident(name)}" for i, name in enumerate(columns, start=1))
    cells = cell_lists(len(columns), spare)
    # Only the ASOF join (files with empty lines) can reorder rows; a plain scan keeps file order.
    order = "" if source == "raw" else " ORDER BY rec"
    query = (
        f"SELECT {select}, ({row_expr})::BIGINT AS {_ident(ROW_NUMBER)} FROM {source}"
        f" WHERE len(list_filter({cells}, lambda x: x <> '')) > 0{order}"
    )
    con.execute(f"COPY ({query}) TO {_sql_string(str(target))} (FORMAT parquet, COMPRESSION zstd)")
    count = con.execute(f"SELECT count(*) FROM read_parquet({_sql_string(str(target))})").fetchone()
    return int(count[0]) if count else 0
