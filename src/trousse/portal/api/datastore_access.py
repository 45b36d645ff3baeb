"""Who may query which table: DataStore resource lookup, permission checks, the process's query pool.

A DataStore table is named by its resource id: ``42`` is the resource's first (or only) table. A file
with several tables (the sheets of a workbook, the layers of a GeoPackage) has one DataStore table per
table, named ``<resource id>:<table number>`` from 1 in the file's order (``42:2`` is the second sheet;
``42:1`` is ``42``). The name goes wherever CKAN takes a resource id: datastore_search's resource_id,
datastore_info's id, a table in datastore_search_sql (``SELECT * FROM "42:2"``) and the dump address.

A resource whose dataset the caller may not see answers 404, exactly as a missing one (its existence is
not revealed). A visible dataset whose files are restricted to staff answers 403. Queries run in the
process's pool (core.query_pool), which the previews share.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils.translation import gettext as _

from trousse.engine.query.errors import QueryError
from trousse.portal.api.registry import ActionError, NotAuthorized, NotFound, ValidationError
from trousse.portal.catalog import hooks, permissions
from trousse.portal.catalog.hooks import TableData
from trousse.portal.catalog.models import Dataset, Resource
from trousse.portal.core.query_pool import cache_dir, limits, query_pool
from trousse.portal.core.query_pool import local_parquet as local_copy

__all__ = ["ReadableTable", "action_error", "cache_dir", "limits", "local_parquet", "not_found", "query_pool",
           "readable_table", "resource_tables", "table_id"]


@dataclass(frozen=True)
class ReadableTable:
    """A resource's processed table the caller may read, and the local path of its Parquet."""

    resource: Resource
    table: TableData
    path: str

    @property
    def table_id(self) -> str:
        """Return the table's DataStore name: the resource id, with ``:<n>`` for a table after the first."""
        return table_id(self.resource.pk, self.table.position)


# A DataStore table name: a resource id, and a table number for the tables after the first.
_TABLE_NAME = re.compile(r"(\d{1,18})(?::(\d{1,6}))?")


def table_id(resource_id: int, position: int) -> str:
    """Return the DataStore name of a resource's table ``position`` (from 1)."""
    return str(resource_id) if position == 1 else f"{resource_id}:{position}"


# A version's processed table changes only when a steward re-runs the pipeline or edits the dictionary:
# keep it a few seconds, so a busy table costs one small query per call (who may read it is never cached).
TABLE_TTL_SECONDS = 10.0
_tables: dict[tuple[int, int, str], tuple[float, tuple[TableData, ...]]] = {}


def readable_table(user: Any, resource_id: Any, *, field: str = "resource_id") -> ReadableTable:
    """Return the table of ``resource_id`` if ``user`` may read its data, else raise NotFound/NotAuthorized."""
    value = str(resource_id).strip() if isinstance(resource_id, (str, int)) and not isinstance(resource_id, bool) else ""
    if not value:
        raise ValidationError(fields={field: [_("Missing value")]})
    name = _TABLE_NAME.fullmatch(value)
    position = int(name.group(2) or 1) if name else 0
    resource = _resource_row(int(name.group(1))) if name and position >= 1 else None
    if resource is None:
        raise not_found(value)
    dataset = resource.dataset
    if not permissions.can_view_dataset(user, dataset):
        raise not_found(value)  # never tell a private resource from a missing one
    if not permissions.can_download(user, dataset):
        raise NotAuthorized(_("Access denied: the data of this resource is restricted to staff."))
    table = _table_of(resource, position)
    if table is None or not table.parquet:
        raise not_found(value)
    try:
        return ReadableTable(resource, table, local_parquet(table))
    except FileNotFoundError:  # re-processed since it was cached: ask again
        _tables.pop(_table_key(resource), None)
        table = _table_of(resource, position)
        if table is None or not table.parquet:
            raise not_found(value) from None
        return ReadableTable(resource, table, local_parquet(table))


def resource_tables(target: ReadableTable) -> list[TableData]:
    """Return every processed table of ``target``'s resource (its version's), first to last."""
    return list(_cached_tables(target.resource))


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


def _cached_tables(resource: Resource) -> tuple[TableData, ...]:
    key = _table_key(resource)
    now = time.monotonic()
    cached = _tables.get(key)
    if cached is not None and cached[0] > now:
        return cached[1]
    tables = tuple(hooks.resource_tables([resource]).get(resource.pk, []))
    if len(_tables) > 1024:
        _tables.clear()
    _tables[key] = (now + TABLE_TTL_SECONDS, tables)
    return tables


def _table_of(resource: Resource, position: int = 1) -> TableData | None:
    return next((t for t in _cached_tables(resource) if t.position == position), None)


def not_found(value: str) -> NotFound:
    """Return CKAN's 404 for a resource that is absent, hidden or has no DataStore table."""
    return NotFound(_('Not found: Resource "%(id)s" was not found.') % {"id": value[:100]})


def local_parquet(table: TableData) -> str:
    """Return a local path of the table's Parquet, downloading it from object storage once."""
    return local_copy(table.parquet)


def action_error(error: QueryError, lang: str) -> ActionError:
    """Return CKAN's error for a QueryError, in the caller's language (409 for bad input, as CKAN)."""
    message = error.message(lang)
    if error.kind == "not_found":
        return NotFound(message)
    if error.kind == "forbidden":
        return NotAuthorized(message)
    return ValidationError(message, fields={error.field or "query": [message]})
