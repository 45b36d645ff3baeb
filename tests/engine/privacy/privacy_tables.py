"""Write small Parquet tables for the privacy tests (VARCHAR cells, as the pipeline stages them)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq


def write_table(path: Path, columns: dict[str, Sequence[object]], *, staged: bool = False) -> Path:
    """Write ``columns`` to a Parquet file; ``staged`` adds the ``__row`` column the readers write."""
    data = {name: pa.array(list(values)) for name, values in columns.items()}
    if staged:
        rows = len(next(iter(columns.values()))) if columns else 0
        data["__row"] = pa.array(range(2, rows + 2), type=pa.int64())
    pq.write_table(pa.table(data), path)
    return path


def texts(path: Path, values: Sequence[str | None], column: str = "description") -> Path:
    """Write one text column."""
    return write_table(path, {column: pa.array(list(values), type=pa.string())})
