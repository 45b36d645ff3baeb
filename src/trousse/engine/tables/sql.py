"""SQL building blocks shared by the stages: quoting, a DuckDB connection, the staged cells as a source.

A pipeline run opens one connection and hands it to every stage (``con=``): opening one costs
25 to 60 ms, which a run paid four times and small files felt most (issue 3). A stage called on
its own opens and closes its own (``session``).
"""

from __future__ import annotations

import shutil
import tempfile
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import duckdb

    from trousse.engine.tables.source import StagedTable


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
    """Open an in-memory DuckDB connection for a run or a stage (spills to a temp dir when memory runs short)."""
    import duckdb

    # A private spill folder per connection, removed with it: DuckDB's default is ./.tmp.
    spill = tempfile.mkdtemp(prefix="trousse-duckdb-")
    con = duckdb.connect(":memory:", config={"memory_limit": MEMORY_LIMIT, "temp_directory": spill})
    weakref.finalize(con, shutil.rmtree, spill, True)
    # Source order matters for examples and exports; DuckDB keeps it when asked.
    con.execute("SET preserve_insertion_order = true")
    con.execute("SET enable_progress_bar = false")  # stages report progress through the pipeline
    return con


@contextmanager
def session(con: duckdb.DuckDBPyConnection | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """Yield ``con`` (left open: its owner closes it), or a connection of its own closed at the end."""
    if con is not None:
        yield con
        return
    own = connect()
    try:
        yield own
    finally:
        own.close()


def staged_source(con: duckdb.DuckDBPyConnection, table: StagedTable) -> str:
    """Return a FROM clause item reading ``table``'s cells: its in-memory Arrow table, else its Parquet.

    The Arrow table is registered on ``con`` under a name of its own (registering again is cheap
    and replaces it), so that DuckDB scans it in place, on every core, without a copy.
    """
    if table.arrow is None:
        return parquet_source(table.parquet)
    name = _registered_name(table)
    con.register(name, table.arrow)
    return name


def release_staged(con: duckdb.DuckDBPyConnection, table: StagedTable) -> None:
    """Drop ``con``'s reference to ``table``'s in-memory cells (``staged_source``), so their memory can go."""
    if table.arrow is not None:
        con.unregister(_registered_name(table))


def _registered_name(table: StagedTable) -> str:
    return f"trousse_staged_{id(table.arrow):x}"
