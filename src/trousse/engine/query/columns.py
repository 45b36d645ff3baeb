"""The columns of a canonical Parquet as the DataStore shows them: CKAN types and JSON-ready SQL."""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from dataclasses import dataclass

import duckdb

from trousse.engine.tables.source import GEOMETRY
from trousse.engine.tables.sql import ident, literal

ROW_ID = "_id"  # CKAN's row id: here the 1-based row number in the Parquet file
ROW_NUMBER = "file_row_number"  # read_parquet's 0-based row number column

# DuckDB types of the canonical Parquet → the PostgreSQL type names CKAN's DataStore reports.
CKAN_TYPES = {
    "BIGINT": "int8", "INTEGER": "int4", "SMALLINT": "int2", "DOUBLE": "float8", "FLOAT": "float4",
    "BOOLEAN": "bool", "DATE": "date", "TIMESTAMP": "timestamp", "TIMESTAMP WITH TIME ZONE": "timestamptz",
    "TIME": "time", "VARCHAR": "text",
}


@dataclass(frozen=True)
class Column:
    """One column: its name in the Parquet, the name callers use, and its DuckDB type."""

    source: str  # the Parquet column
    name: str  # what the API calls it (the geometry column is shown as "geometry")
    duckdb_type: str

    @property
    def ckan_type(self) -> str:
        """Return the CKAN DataStore type name of this column."""
        if self.source == GEOMETRY:
            return "geometry"
        return CKAN_TYPES.get(self.duckdb_type, "text")

    @property
    def is_text(self) -> bool:
        """Return whether full-text search looks into this column."""
        return self.duckdb_type == "VARCHAR" and self.source != GEOMETRY

    @property
    def sql(self) -> str:
        """Return the SQL expression of this column's value (the row id counts from 1)."""
        return f"{ident(self.source)} + 1" if self.source == ROW_NUMBER else ident(self.source)

    def json_sql(self) -> str:
        """Return SQL giving this column's value ready for JSON (ISO dates, finite numbers)."""
        cell = ident(self.source)
        if self.source == ROW_NUMBER:
            return f"{cell} + 1"
        if self.duckdb_type in ("DATE", "TIME"):
            return f"CAST({cell} AS VARCHAR)"
        if self.duckdb_type.startswith("TIMESTAMP"):
            return f"replace(CAST({cell} AS VARCHAR), ' ', 'T')"
        if self.duckdb_type in ("DOUBLE", "FLOAT"):
            return f"CASE WHEN isfinite({cell}) THEN {cell} END"  # JSON has no NaN or Infinity
        if self.duckdb_type in CKAN_TYPES:
            return cell
        return f"CAST({cell} AS VARCHAR)"


ROW_ID_COLUMN = Column(ROW_NUMBER, ROW_ID, "BIGINT")


def parquet_scan(path: str) -> str:
    """Return the FROM item reading ``path`` with its 0-based row number (``file_row_number``)."""
    return f"read_parquet({literal(path)}, file_row_number = true)"


_cache: OrderedDict[tuple[str, int, int], list[Column]] = OrderedDict()
_cache_lock = threading.Lock()
_CACHE_SIZE = 512


def table_columns(con: duckdb.DuckDBPyConnection, path: str) -> list[Column]:
    """Return the columns of the Parquet at ``path`` (cached per file: a stored file never changes)."""
    stat = os.stat(path)
    key = (path, stat.st_mtime_ns, stat.st_size)
    with _cache_lock:
        found = _cache.get(key)
        if found is not None:
            _cache.move_to_end(key)
            return found
    described = con.execute(f"DESCRIBE SELECT * FROM read_parquet({literal(path)})").fetchall()
    types = {name: typ for name, typ, *_ in described}
    geometry_name = "geometry" if "geometry" not in types else "geometry_wkt"  # as the CSV download names it
    columns = [Column(name, geometry_name if name == GEOMETRY else name, typ) for name, typ in types.items()]
    with _cache_lock:
        _cache[key] = columns
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return columns
