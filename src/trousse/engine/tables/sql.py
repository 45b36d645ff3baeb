"""SQL building blocks shared by the stages: quoting and a DuckDB connection."""

from __future__ import annotations

import shutil
import tempfile
import weakref
from pathlib import Path
from typing import Any

import duckdb


def ident(name: str) -> str:
    """Return ``name`` quoted as a DuckDB identifier."""
    return '"' + name.replace('"', '""') + '"'


def literal(value: Any) -> str:
    """Return ``value`` as a SQL literal (strings quoted, numbers as written, None as NULL)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def parquet_source(path: Path) -> str:
    """Return a FROM clause item reading the Parquet file at ``path``."""
    return f"read_parquet({literal(str(path))})"


# Each stage's DuckDB stays well under the pipeline's 1 GiB peak-memory budget (issue 3) and
# spills to disk beyond it (large DISTINCT and GROUP BY states on 10-million-row files).
MEMORY_LIMIT = "640MB"


def connect() -> duckdb.DuckDBPyConnection:
    """Open an in-memory DuckDB connection for one stage (spills to a temp dir when memory runs short)."""
    # A private spill folder per connection, removed with it: DuckDB's default is ./.tmp.
    spill = tempfile.mkdtemp(prefix="trousse-duckdb-")
    con = duckdb.connect(":memory:", config={"memory_limit": MEMORY_LIMIT, "temp_directory": spill})
    weakref.finalize(con, shutil.rmtree, spill, True)
    # Source order matters for examples and exports; DuckDB keeps it when asked.
    con.execute("SET preserve_insertion_order = true")
    con.execute("SET enable_progress_bar = false")  # stages report progress through the pipeline
    return con
