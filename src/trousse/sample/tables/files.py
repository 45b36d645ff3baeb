"""Write the sample files byte-for-byte reproducibly, and describe each one as a resource."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import duckdb

from trousse.engine.metadata.model import LocalizedText, ResourceMeta

NO_TEXT = LocalizedText()


def scaled(rows: int, scale: float) -> int:
    """Return ``rows`` shrunk by ``scale``, never fewer than one."""
    return max(1, round(rows * scale))


def write_csv(
    path: Path,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    encoding: str = "utf-8",
    delimiter: str = ",",
    lineterminator: str = "\n",
) -> Path:
    """Write ``rows`` under ``header`` as CSV at ``path`` (None becomes an empty cell)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding=encoding, newline="") as f:
        writer = csv.writer(f, delimiter=delimiter, lineterminator=lineterminator)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_json(path: Path, value: Any) -> Path:
    """Write ``value`` as indented UTF-8 JSON at ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(value, ensure_ascii=False, indent=2)
    path.write_text(text + "\n", encoding="utf-8")
    return path


def write_feature_collection(path: Path, features: list[dict[str, Any]]) -> Path:
    """Write a GeoJSON FeatureCollection (RFC 7946, WGS 84 lon/lat) at ``path``, compactly."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # One feature per line: small files that still diff well.
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features]
    body = ",\n".join(lines)
    path.write_text(f'{{"type":"FeatureCollection","features":[\n{body}\n]}}\n', encoding="utf-8")
    return path


def copy_query_to_csv(con: duckdb.DuckDBPyConnection, query: str, path: Path) -> Path:
    """Write the result of ``query`` (which must fix its row order) as a UTF-8 CSV at ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    target = str(path).replace("'", "''")
    con.execute(f"COPY ({query}) TO '{target}' (FORMAT csv, HEADER true, DELIMITER ',')")
    return path


def file_resource(
    path: Path,
    name: LocalizedText,
    format: str,
    language: str,
    description: LocalizedText = NO_TEXT,
) -> ResourceMeta:
    """Describe the generated file at ``path`` as a resource."""
    return ResourceMeta(name=name, description=description, path=path, format=format, language=language)


def new_connection() -> duckdb.DuckDBPyConnection:
    """Return an in-memory DuckDB connection set up for reproducible output."""
    con = duckdb.connect()
    # One thread: row order and float formatting can never depend on scheduling.
    con.execute("SET threads TO 1")
    con.execute("SET preserve_insertion_order TO true")
    con.execute("SET enable_progress_bar TO false")  # a library writes nothing to the terminal
    return con
