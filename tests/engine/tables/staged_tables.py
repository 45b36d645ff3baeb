"""Build StagedTable objects for tests: a Parquet of VARCHAR cells written with DuckDB."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from trousse.engine.tables.source import GEOMETRY, ROW_NUMBER, Dialect, StagedTable


def make_staged(
    tmp: Path,
    columns: Sequence[str],
    rows: Sequence[Sequence[str | None]],
    *,
    name: str = "table",
    labels: Sequence[str] | None = None,
    dialect: Dialect | None = None,
    geometry: Sequence[str | None] | None = None,
    first_row: int = 2,
) -> StagedTable:
    """Write ``rows`` as a staged Parquet (``__row`` from ``first_row``, like a CSV with a header)."""
    data: dict[str, pa.Array] = {
        col: pa.array([r[i] for r in rows], type=pa.string()) for i, col in enumerate(columns)
    }
    data[ROW_NUMBER] = pa.array(range(first_row, first_row + len(rows)), type=pa.int64())
    if geometry is not None:
        data[GEOMETRY] = pa.array(list(geometry), type=pa.string())
    path = tmp / f"{name}.staged.parquet"
    pq.write_table(pa.table(data), path)
    return StagedTable(
        name=name, parquet=path, labels=list(labels if labels is not None else columns), columns=list(columns),
        row_count=len(rows), source_format="CSV", dialect=dialect or Dialect(encoding="utf-8", delimiter=","),
        geometry_type="Point" if geometry is not None else None,
    )


def make_staged_sql(tmp: Path, columns: Sequence[str], select_sql: str, *, name: str = "big") -> StagedTable:
    """Write a large staged table from a DuckDB SELECT yielding the VARCHAR columns then ``__row``."""
    path = tmp / f"{name}.staged.parquet"
    con = duckdb.connect()
    con.execute(f"COPY ({select_sql}) TO '{path}' (FORMAT parquet)")
    count = con.execute(f"SELECT count(*) FROM read_parquet('{path}')").fetchone()[0]
    con.close()
    return StagedTable(name=name, parquet=path, labels=list(columns), columns=list(columns), row_count=count,
                       source_format="CSV", dialect=Dialect(encoding="utf-8", delimiter=","))
