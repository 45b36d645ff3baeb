"""The benchmarks' shared data: a deterministic 311 service-request table, as CSV, Parquet or SQLite.

``generate_311(path, rows)`` writes ``rows`` rows (DuckDB SQL, no randomness: the same rows on every
machine) in the format the suffix of ``path`` names: ``.csv``, ``.parquet``, or ``.sqlite``/``.db``
(the table ``requests``, with an index on each column of ``index``). The columns are those of
pipeline_vs_frictionless.py's file without its injected errors: request_id, created_at, closed_at,
status, category, ward, address, latitude, longitude, channel, description.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

CATEGORIES = ["pothole", "streetlight", "graffiti", "garbage", "recycling", "snow-removal", "noise",
              "parking", "animal-control", "tree", "water-leak", "sidewalk"]
STATUSES = ["open", "in-progress", "closed", "cancelled"]
CHANNELS = ["phone", "web", "app", "email", "counter"]
STREETS = ["rue Saint-Jérôme", "boulevard René-Lévesque", "Main Street", "avenue des Érables",
           "chemin de la Rivière-du-Loup", "King Street West", "rue Notre-Dame", "Bank Street"]
DETAILS = ["Reported by resident, follow-up requested", "Near the school; crews notified",
           "Signalé par un résident, suivi demandé", "Second report this week", "Urgent: blocking access",
           "Près de l'arrêt d'autobus", "Caller left no number", "Photo attached in the app"]
TABLE = "requests"


def _list(values: list[str]) -> str:
    return "[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def _pick(values: list[str], expr: str) -> str:
    return f"{_list(values)}[1 + ({expr}) % {len(values)}]"


def select_311(rows: int) -> str:
    """Return the DuckDB SELECT producing the ``rows`` typed rows, in request_id order."""
    created = "TIMESTAMP '2024-01-01 00:00:00' + to_seconds(i * 29 % 31536000)"
    return f"""
        SELECT
          i AS request_id,
          {created} AS created_at,
          CASE WHEN i % 4 = 2 THEN {created} + to_hours(1 + i % 71) END AS closed_at,
          {_pick(STATUSES, 'i')} AS status,
          {_pick(CATEGORIES, 'i * 7 + i // 13')} AS category,
          CAST(1 + (i * 11) % 24 AS BIGINT) AS ward,
          CAST(1 + (i * 37) % 9999 AS VARCHAR) || ' ' || {_pick(STREETS, 'i * 3 + i // 7')} AS address,
          round(45.3 + ((i * 7919) % 400000) / 1e6, 6) AS latitude,
          round(-75.9 - ((i * 104729) % 500000) / 1e6, 6) AS longitude,
          {_pick(CHANNELS, 'i * 5 + i // 3')} AS channel,
          {_pick(DETAILS, 'i * 13 + i // 5')} || ', ' || {_pick(CATEGORIES, 'i')} || ' ticket '
            || CAST(i % 977 AS VARCHAR) AS description
        FROM range(1, {rows + 1}) t(i)
        ORDER BY i
    """


def generate_311(path: str | Path, rows: int = 1_000_000, *, index: Sequence[str] = ("category",)) -> Path:
    """Write the 311 table of ``rows`` rows to ``path`` as CSV, Parquet or SQLite (by its suffix)."""
    import duckdb

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    con.execute("SET preserve_insertion_order = true")
    con.execute("SET enable_progress_bar = false")
    try:
        suffix = path.suffix.lower()
        select = select_311(rows)
        if suffix == ".csv":
            con.execute(f"COPY ({select}) TO '{path}' (FORMAT csv, HEADER true, "
                        "TIMESTAMPFORMAT '%Y-%m-%dT%H:%M:%S')")
        elif suffix == ".parquet":
            con.execute(f"COPY ({select}) TO '{path}' (FORMAT parquet, COMPRESSION zstd)")
        elif suffix in (".sqlite", ".db"):
            _write_sqlite(con, select, path, index)
        else:
            raise ValueError(f"unknown format for {path.name}: use .csv, .parquet or .sqlite")
    finally:
        con.close()
    return path


def _write_sqlite(con, select: str, path: Path, index: Sequence[str]) -> None:
    if path.exists():
        path.unlink()
    db = sqlite3.connect(path)
    try:
        db.execute(f"""CREATE TABLE {TABLE} (request_id INTEGER PRIMARY KEY, created_at TEXT, closed_at TEXT,
            status TEXT, category TEXT, ward INTEGER, address TEXT, latitude REAL, longitude REAL, channel TEXT,
            description TEXT)""")
        # ISO text timestamps, as Datasette users load them (sqlite-utils writes datetimes that way).
        reader = con.execute(f"SELECT * REPLACE (strftime(created_at, '%Y-%m-%dT%H:%M:%S') AS created_at, "
                             f"strftime(closed_at, '%Y-%m-%dT%H:%M:%S') AS closed_at) FROM ({select})")
        while batch := reader.fetchmany(50_000):
            db.executemany(f"INSERT INTO {TABLE} VALUES ({', '.join('?' * 11)})", batch)
        for column in index:
            db.execute(f'CREATE INDEX "idx_{TABLE}_{column}" ON {TABLE} ("{column}")')
        db.commit()
        db.execute("ANALYZE")
    finally:
        db.close()
