"""Who may query which table: DataStore resource lookup, permission checks, the process's query pool.

A resource whose dataset the caller may not see answers 404, exactly as a missing one (its existence is
not revealed). A visible dataset whose files are restricted to staff answers 403. Tables on object
storage are downloaded once into the DataStore cache folder, since DuckDB reads local files only here.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection
from django.utils.translation import gettext as _

from trousse.engine.query.errors import QueryError
from trousse.engine.query.sandbox import ConnectionPool, Limits, pool_for
from trousse.portal.api.registry import ActionError, NotAuthorized, NotFound, ValidationError
from trousse.portal.catalog import hooks, permissions
from trousse.portal.catalog.hooks import TableData
from trousse.portal.catalog.models import Dataset, Resource
from trousse.portal.core.file_responses import is_local


@dataclass(frozen=True)
class ReadableTable:
    """A resource's processed table the caller may read, and the local path of its Parquet."""

    resource: Resource
    table: TableData
    path: str


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


# A version's processed table changes only when a steward re-runs the pipeline or edits the dictionary:
# keep it a few seconds, so a busy table costs one small query per call (who may read it is never cached).
TABLE_TTL_SECONDS = 10.0
_tables: dict[tuple[int, int, str], tuple[float, TableData | None]] = {}


def readable_table(user: Any, resource_id: Any, *, field: str = "resource_id") -> ReadableTable:
    """Return the table of ``resource_id`` if ``user`` may read its data, else raise NotFound/NotAuthorized."""
    value = str(resource_id).strip() if isinstance(resource_id, (str, int)) and not isinstance(resource_id, bool) else ""
    if not value:
        raise ValidationError(fields={field: [_("Missing value")]})
    resource = _resource_row(int(value)) if value.isdigit() and len(value) < 19 else None
    if resource is None:
        raise not_found(value)
    dataset = resource.dataset
    if not permissions.can_view_dataset(user, dataset):
        raise not_found(value)  # never tell a private resource from a missing one
    if not permissions.can_download(user, dataset):
        raise NotAuthorized(_("Access denied: the data of this resource is restricted to staff."))
    table = _table_of(resource)
    if table is None or not table.parquet:
        raise not_found(value)
    try:
        return ReadableTable(resource, table, local_parquet(table))
    except FileNotFoundError:  # re-processed since it was cached: ask again
        _tables.pop(_table_key(resource), None)
        table = _table_of(resource)
        if table is None or not table.parquet:
            raise not_found(value) from None
        return ReadableTable(resource, table, local_parquet(table))


def _resource_row(pk: int) -> Resource | None:
    # The one query every DataStore call makes, written out: the ORM's query building costs more than the
    # query (a third of a millisecond against one). Only what the permission checks and the table need.
    r, d = Resource._meta, Dataset._meta
    sql = (f"SELECT r.id, r.name_en, r.name_fr, r.current_version_id, d.id, d.status, d.access_level, "
           f"d.organization_id FROM {connection.ops.quote_name(r.db_table)} r "
           f"JOIN {connection.ops.quote_name(d.db_table)} d ON d.id = r.dataset_id WHERE r.id = %s")
    with connection.cursor() as cursor:
        cursor.execute(sql, [pk])
        row = cursor.fetchone()
    if row is None:
        return None
    dataset = Dataset(id=row[4], status=row[5], access_level=row[6], organization_id=row[7])
    resource = Resource(id=row[0], name_en=row[1], name_fr=row[2], current_version_id=row[3], dataset_id=row[4])
    resource.dataset = dataset
    return resource


def _table_key(resource: Resource) -> tuple[int, int, str]:
    return (resource.pk, resource.current_version_id or 0, str(settings.MEDIA_ROOT))


def _table_of(resource: Resource) -> TableData | None:
    key = _table_key(resource)
    now = time.monotonic()
    cached = _tables.get(key)
    if cached is not None and cached[0] > now:
        return cached[1]
    table = hooks.resource_table(resource)
    if len(_tables) > 1024:
        _tables.clear()
    _tables[key] = (now + TABLE_TTL_SECONDS, table)
    return table


def not_found(value: str) -> NotFound:
    """Return CKAN's 404 for a resource that is absent, hidden or has no DataStore table."""
    return NotFound(_('Not found: Resource "%(id)s" was not found.') % {"id": value[:100]})


def local_parquet(table: TableData) -> str:
    """Return a local path of the table's Parquet, downloading it from object storage once."""
    storage, name = table.parquet.storage, table.parquet.name
    if is_local(storage, name):
        path = storage.path(name)
        if not os.path.exists(path):
            raise FileNotFoundError(name)
        return path
    target = cache_dir() / "parquet" / (hashlib.sha256(name.encode()).hexdigest()[:32] + ".parquet")
    if not target.exists():  # stored files never change under their name
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


def action_error(error: QueryError, lang: str) -> ActionError:
    """Return CKAN's error for a QueryError, in the caller's language (409 for bad input, as CKAN)."""
    message = error.message(lang)
    if error.kind == "not_found":
        return NotFound(message)
    if error.kind == "forbidden":
        return NotAuthorized(message)
    return ValidationError(message, fields={error.field or "query": [message]})
