"""Query-ready copies of processed tables: DuckDB's own storage, built once per Parquet and shared by processes.

A Parquet row group (122,880 rows) is compressed as a whole, so answering "the first 100 rows where
category = 'pothole'" from the Parquet decompresses every column of that group: tens of milliseconds
on a 1,000,000-row table. DuckDB's native storage compresses by vector (2,048 rows) and skips by zone
maps, so the same page costs a millisecond or two, and a sorted page no longer sorts the whole file.

The copy is made in the background the first time a table is queried (the Parquet answers meanwhile),
written beside its final name and renamed, so web processes never see half a file; each process attaches
it read-only and the operating system's page cache serves all of them. A stored Parquet never changes
under its name (a new upload is a new version), so the copy's name is the Parquet's path, size and
modification time, hashed; the oldest copies are deleted past ``max_bytes``.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from pathlib import Path

import duckdb

from trousse.engine.tables.sql import ident, literal

logger = logging.getLogger(__name__)
TABLE = "t"
MIN_ROWS = 50_000  # smaller tables answer from the Parquet in a few milliseconds: not worth a copy


class NativeCache:
    """The folder of query-ready copies, and the copies being built by this process."""

    def __init__(self, directory: str | Path, *, max_bytes: int = 4 * 1024**3) -> None:
        self.directory = Path(directory)
        self.max_bytes = max_bytes
        self._building: set[str] = set()
        self._lock = threading.Lock()

    def copy_path(self, parquet: str) -> Path:
        """Return where the copy of ``parquet`` lives (whether or not it exists yet)."""
        stat = os.stat(parquet)
        key = f"{os.path.realpath(parquet)}\0{stat.st_size}\0{stat.st_mtime_ns}"
        return self.directory / (hashlib.sha256(key.encode()).hexdigest()[:32] + ".duckdb")

    def ready_copy(self, parquet: str, row_count: int) -> Path | None:
        """Return the copy of ``parquet`` when it exists; start building it in the background otherwise."""
        if row_count < MIN_ROWS:
            return None
        path = self.copy_path(parquet)
        if path.exists():
            return path
        with self._lock:
            if str(path) in self._building:
                return None
            self._building.add(str(path))
        threading.Thread(target=self._build, args=(parquet, path), name="trousse-query-copy", daemon=True).start()
        return None

    def _build(self, parquet: str, path: Path) -> None:
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.partial")
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            # One thread and a modest memory cap: building must not slow the queries being answered.
            con = duckdb.connect(str(tmp), config={"threads": 1, "memory_limit": "256MB",
                                                   "preserve_insertion_order": True})
            try:
                con.execute(f"CREATE TABLE {ident(TABLE)} AS SELECT * FROM "
                            f"read_parquet({literal(parquet)}, file_row_number = true)")
                con.execute("CHECKPOINT")
            finally:
                con.close()
            os.replace(tmp, path)
            self._prune(keep=path)
        except (duckdb.Error, OSError):
            logger.exception("could not build the query copy of %s", parquet)
            tmp.unlink(missing_ok=True)
        finally:
            with self._lock:
                self._building.discard(str(path))

    def _prune(self, keep: Path) -> None:
        copies = sorted(self.directory.glob("*.duckdb"), key=lambda p: p.stat().st_atime)
        total = sum(p.stat().st_size for p in copies)
        for old in copies:
            if total <= self.max_bytes:
                break
            if old != keep:
                total -= old.stat().st_size
                old.unlink(missing_ok=True)  # a process that attached it keeps reading its open file
