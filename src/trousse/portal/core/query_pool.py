"""The process's sandboxed DuckDB pool over processed tables, shared by the DataStore API and the previews.

One pool per process (and per site configuration): the DataStore's limits from the settings, read
access to the processed tables' folder and to the DataStore cache, and the query-ready copies of large
tables (engine.query.native_cache). Both the API and the table previews query through it, so a table
previewed on the site and searched through the API share one database, its Parquet footers and copies.
Tables on object storage are downloaded once into the cache folder, since DuckDB reads local files only.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from dataclasses import replace
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.db.models.fields.files import FieldFile

from trousse.engine.query.sandbox import ConnectionPool, Limits, pool_for
from trousse.portal.core.file_responses import is_local


def limits() -> Limits:
    """Return the sandbox limits from the site's settings."""
    return Limits(timeout_seconds=float(settings.DATASTORE_TIMEOUT_SECONDS),
                  memory_limit=str(settings.DATASTORE_MEMORY_LIMIT),
                  max_rows=int(settings.DATASTORE_MAX_ROWS))


def cache_dir() -> Path:
    """Return the folder of DataStore caches (downloaded Parquet, query-ready copies)."""
    return Path(settings.DATASTORE_CACHE_DIR)


_pools: dict[tuple[Any, ...], ConnectionPool] = {}


def query_pool() -> ConnectionPool:
    """Return this process's sandboxed query pool, reading only processed tables and the cache."""
    local = is_local(default_storage, "derived")
    # One DuckDB thread per query: a web process answers many small queries at once (gunicorn threads),
    # and a second thread per query only adds work for LIMIT 100 pages. SQL queries keep their own limits.
    key = (replace(limits(), threads=1), str(cache_dir()), default_storage.path("derived") if local else "")
    pool = _pools.get(key)
    if pool is None:
        directories = [str(cache_dir() / "parquet")] + ([key[2]] if local else [])
        for directory in directories:
            os.makedirs(directory, exist_ok=True)
        pool = _pools[key] = pool_for(key[0], directories, cache_dir() / "native")
    return pool


_download_lock = threading.Lock()


def local_parquet(parquet: FieldFile) -> str:
    """Return a local path of a processed table's Parquet, downloading it from object storage once."""
    storage, name = parquet.storage, parquet.name
    if is_local(storage, name):
        path = storage.path(name)
        if not os.path.exists(path):
            raise FileNotFoundError(name)
        return path
    target = cache_dir() / "parquet" / (hashlib.sha256(name.encode()).hexdigest()[:32] + ".parquet")
    if target.exists():  # stored files never change under their name
        return str(target)
    with _download_lock:  # one download per file, however many requests ask for it at once
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".partial")
            try:
                with os.fdopen(fd, "wb") as out, storage.open(name, "rb") as src:
                    for chunk in iter(lambda: src.read(1024 * 1024), b""):
                        out.write(chunk)
                os.replace(tmp, target)
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
    return str(target)
