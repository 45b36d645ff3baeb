"""DuckDB connections locked down for untrusted queries: read-only files, no extensions, time and memory caps.

Every connection the query engine opens comes from here. Its database is configured at creation and then
locked (``lock_configuration``), so no statement can loosen it again:

- ``enable_external_access = false``: no file, network, COPY, ATTACH, INSTALL or LOAD; only the Parquet
  paths or directories given when the database is created can be read (``allowed_paths``,
  ``allowed_directories``).
- ``autoinstall_known_extensions`` and ``autoload_known_extensions`` off, unsigned and community
  extensions off: a query cannot pull code in.
- ``memory_limit`` and ``max_temp_directory_size``: a query that needs more fails with a clear error
  instead of starving the web process.
- a per-query time limit: a timer interrupts the connection (``Connection.interrupt``).
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import tempfile
import threading
import time
import weakref
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from trousse.engine.query.columns import parquet_scan
from trousse.engine.query.errors import QueryError
from trousse.engine.query.native_cache import TABLE, NativeCache
from trousse.engine.tables.sql import ident, literal

MAX_LIMIT = 32_000  # CKAN's ckan.datastore.search.rows_max default


@dataclass(frozen=True)
class Limits:
    """The sandbox's caps for one query: seconds, memory, rows returned and DuckDB threads."""

    timeout_seconds: float = 10.0
    memory_limit: str = "512MB"
    max_rows: int = MAX_LIMIT
    threads: int = 2


def sandbox_config(limits: Limits) -> dict[str, Any]:
    """Return the DuckDB configuration a sandboxed database starts with (before its paths are allowed)."""
    return {
        "autoinstall_known_extensions": False,
        "autoload_known_extensions": False,
        "allow_community_extensions": False,
        "allow_unsigned_extensions": False,
        "memory_limit": limits.memory_limit,
        "max_temp_directory_size": "1GB",
        "threads": max(1, limits.threads),
        "preserve_insertion_order": True,  # records come in file order, so paging is stable without a sort
    }


def open_database(limits: Limits, *, allowed_paths: Sequence[str] = (),
                  allowed_directories: Sequence[str] = ()) -> duckdb.DuckDBPyConnection:
    """Open an in-memory DuckDB database in the sandbox reading only the given files, its configuration locked."""
    spill = tempfile.mkdtemp(prefix="trousse-query-")
    config = sandbox_config(limits)
    config["temp_directory"] = spill
    con = duckdb.connect(":memory:", config=config)
    weakref.finalize(con, shutil.rmtree, spill, True)
    # Stored files never change under their name: keep their footers (a Parquet extension option,
    # settable only once the database runs).
    con.execute("SET parquet_metadata_cache = true")
    # DuckDB takes the allow-lists only once the database runs, and only while external access is on.
    if allowed_paths:
        con.execute("SET allowed_paths = ?", [[os.path.realpath(p) for p in allowed_paths]])
    if allowed_directories:
        con.execute("SET allowed_directories = ?",
                    [[os.path.join(os.path.realpath(d), "") for d in allowed_directories]])
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")
    return con


class ConnectionPool:
    """One sandboxed database per set of allowed directories, with one cursor per thread (gunicorn threads).

    With a ``cache`` (native_cache.NativeCache), large tables are answered from their query-ready copy
    once it is built, attached read-only to the pool's database.
    """

    MAX_ATTACHED = 256

    def __init__(self, limits: Limits, allowed_directories: Sequence[str], cache: NativeCache | None = None) -> None:
        self.limits = limits
        self.cache = cache
        directories = list(allowed_directories) + ([str(cache.directory)] if cache is not None else [])
        if cache is not None:
            cache.directory.mkdir(parents=True, exist_ok=True)
        self.allowed_directories = tuple(directories)
        self._database = open_database(limits, allowed_directories=directories)
        self._local = threading.local()
        self._lock = threading.Lock()
        self._attached: dict[str, str] = {}
        self._rows: dict[str, int] = {}

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """Return this thread's connection to the pool's database (DuckDB connections are not shared)."""
        cur = getattr(self._local, "cursor", None)
        if cur is None:
            cur = self._database.cursor()
            self._local.cursor = cur
        return cur

    def new_cursor(self) -> duckdb.DuckDBPyConnection:
        """Return a connection of its own (a stream that outlives the request's other queries); close it."""
        return self._database.cursor()

    def source(self, path: str) -> str:
        """Return the FROM item to read the table at ``path``: its query-ready copy when built, else the Parquet."""
        if self.cache is None:
            return parquet_scan(path)
        copy = str(self.cache.copy_path(path))
        alias = self._attached.get(copy)
        if alias is None:
            copied = self.cache.ready_copy(path, self._row_count(path))
            if copied is None or len(self._attached) >= self.MAX_ATTACHED:
                return parquet_scan(path)
            alias = self._attach(copy)
        return f"{ident(alias)}.{ident(TABLE)}"

    def _row_count(self, path: str) -> int:
        rows = self._rows.get(path)
        if rows is None:
            rows = self._rows[path] = int(self.cursor().execute(
                f"SELECT count(*) FROM read_parquet({literal(path)})").fetchone()[0])  # from the footer
        return rows

    def _attach(self, copy: str) -> str:
        with self._lock:
            alias = self._attached.get(copy)
            if alias is None:
                alias = "copy_" + os.path.basename(copy).split(".")[0]
                self._database.cursor().execute(f"ATTACH {literal(copy)} AS {ident(alias)} (READ_ONLY)")
                self._attached[copy] = alias
        return alias


MAX_POOLS = 8
_pools: dict[tuple[Limits, tuple[str, ...], str], ConnectionPool] = {}
_pools_lock = threading.Lock()


def pool_for(limits: Limits, allowed_directories: Sequence[str], cache_dir: str | Path | None = None) -> ConnectionPool:
    """Return the process's pool for these limits, directories and copy folder, opening it on first use."""
    key = (limits, tuple(sorted(os.path.realpath(d) for d in allowed_directories)),
           os.path.realpath(cache_dir) if cache_dir else "")
    with _pools_lock:
        pool = _pools.get(key)
        if pool is None:
            while len(_pools) >= MAX_POOLS:  # tests make a folder each; a site has one pool per process
                _pools.pop(next(iter(_pools)))
            cache = NativeCache(cache_dir) if cache_dir else None
            pool = _pools[key] = ConnectionPool(limits, key[1], cache)
        return pool


def directory_of(path: str) -> str:
    """Return the real directory holding ``path`` (what a pool must allow to read it)."""
    return os.path.dirname(os.path.realpath(path))


class Watchdog:
    """One thread per process that interrupts connections past their deadline (a Timer per query costs ms)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._deadlines: dict[int, tuple[float, Any]] = {}
        self._tokens = itertools.count()
        self._thread: threading.Thread | None = None
        self._pid = 0

    def watch(self, con: Any, seconds: float) -> int:
        """Interrupt ``con`` in ``seconds`` unless released first; return the token to release it."""
        with self._cond:
            token = next(self._tokens)
            self._deadlines[token] = (time.monotonic() + seconds, con)
            # A forked worker (gunicorn) inherits the object but not the thread: start one per process.
            if self._thread is None or self._pid != os.getpid() or not self._thread.is_alive():
                self._pid = os.getpid()
                self._thread = threading.Thread(target=self._run, name="trousse-query-watchdog", daemon=True)
                self._thread.start()
            self._cond.notify()
            return token

    def release(self, token: int) -> None:
        """Forget a deadline: its query finished in time."""
        with self._cond:
            self._deadlines.pop(token, None)

    def _run(self) -> None:
        with self._cond:
            while True:
                now = time.monotonic()
                for token, (deadline, con) in list(self._deadlines.items()):
                    if deadline <= now:
                        del self._deadlines[token]
                        con.interrupt()
                wait = min((d for d, _ in self._deadlines.values()), default=now + 60) - now
                self._cond.wait(timeout=max(wait, 0.001))


_watchdog = Watchdog()


@contextmanager
def guarded(con: duckdb.DuckDBPyConnection, limits: Limits, *, secrets: Sequence[str] = ()) -> Iterator[None]:
    """Run the block under the time limit, turning DuckDB errors into QueryError without leaking ``secrets``."""
    token = _watchdog.watch(con, limits.timeout_seconds)
    try:
        yield
    except duckdb.InterruptException:
        raise QueryError(
            "timeout",
            f"The query took longer than {limits.timeout_seconds:g} seconds and was stopped.",
            f"La requête a duré plus de {limits.timeout_seconds:g} secondes et a été arrêtée.",
        ) from None
    except duckdb.OutOfMemoryException:
        raise QueryError(
            "memory",
            f"The query needed more than {limits.memory_limit} of memory and was stopped.",
            f"La requête demandait plus de {limits.memory_limit} de mémoire et a été arrêtée.",
        ) from None
    except duckdb.PermissionException:
        raise QueryError("forbidden", "The query tried something the sandbox does not allow.",
                         "La requête a tenté une opération interdite par le bac à sable.") from None
    except FileNotFoundError:
        raise QueryError("not_found", "The table's file is missing.", "Le fichier du tableau est introuvable.") from None
    except duckdb.Error as exc:
        detail = scrub(str(exc), secrets)
        raise QueryError("query_failed", f"The query failed: {detail}",
                         f"La requête a échoué : {detail}", field="sql") from None
    finally:
        _watchdog.release(token)


_PATHISH = re.compile(r"(?:[A-Za-z]:)?(?:/[\w.\-~+]+){2,}/?")


def scrub(message: str, secrets: Sequence[str] = ()) -> str:
    """Return a DuckDB message without file paths (ours or any other) and without its stack of hints."""
    for secret in sorted(secrets, key=len, reverse=True):
        if secret:
            message = message.replace(secret, "…")
    message = _PATHISH.sub("…", message)
    return message.strip().splitlines()[0][:500] if message.strip() else "error"
