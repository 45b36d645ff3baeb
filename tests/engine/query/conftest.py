"""A small typed Parquet shaped like the pipeline's canonical output, made by DuckDB for each test module."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest


def write_requests(path: Path, rows: int = 30) -> Path:
    """Write ``rows`` service requests with every canonical type and a ``__geometry`` WKT column."""
    con = duckdb.connect()
    con.execute(f"""COPY (SELECT
        CAST(i AS BIGINT) AS request_id,
        ['pothole', 'graffiti', 'Éclairage'][1 + i % 3] AS category,
        CAST(1 + i % 4 AS BIGINT) AS ward,
        CASE WHEN i % 5 = 0 THEN NULL ELSE i / 4.0 END AS amount,
        i % 2 = 0 AS urgent,
        DATE '2024-01-01' + CAST(i AS INTEGER) AS opened,
        TIMESTAMP '2024-01-01 08:30:00' + to_hours(i) AS created_at,
        CASE WHEN i = 7 THEN '=HYPERLINK("http://evil")' ELSE 'Rue Saint-Jérôme ' || i END AS address,
        'POINT (' || (-75.7 + i / 100.0) || ' ' || (45.4 + i / 100.0) || ')' AS __geometry
        FROM range(1, {rows + 1}) t(i) ORDER BY i) TO '{path}' (FORMAT parquet)""")
    con.close()
    return path


@pytest.fixture(scope="module")
def requests_parquet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a 30-row canonical Parquet of service requests."""
    return write_requests(tmp_path_factory.mktemp("query") / "requests.parquet")
