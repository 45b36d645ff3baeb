"""Find the processed table a preview shows, checking who may see it, and a local path DuckDB can read.

Previews read tables as the DataStore API does: a local copy of the Parquet (core.query_pool, downloaded
once from object storage into the DataStore cache) queried in the process's sandboxed pool.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path

from django.http import HttpRequest
from django.utils.translation import gettext as _

from trousse.engine.query.sandbox import ConnectionPool
from trousse.portal.catalog import hooks, permissions
from trousse.portal.catalog import queries as catalog_queries
from trousse.portal.catalog.hooks import TableData
from trousse.portal.catalog.models import Dataset, Resource
from trousse.portal.core import query_pool
from trousse.portal.core.errors import DomainError, NotFoundError, PermissionDeniedError

# The processed tables of a resource's current version, kept a few seconds. The pipeline reads a run's
# report once per process, but the lookup is still several queries and the TableData built from them:
# without this cache the quick chart serves 40–60% fewer requests per second (docs/benchmarks.md, quick
# chart). A new version is a new key at once; a changed data dictionary shows after at most TABLES_TTL s.
TABLES_TTL = 10.0
_tables: dict[tuple[int, int | None], tuple[float, list[TableData]]] = {}
_tables_lock = threading.Lock()


class PreviewParameterError(DomainError):
    """A preview's query parameter is wrong (unknown column, a page that is not a number…)."""

    status = 400
    code = "bad_parameter"


@dataclass(frozen=True)
class Preview:
    """What a preview page needs: the dataset, resource, every table of it and the one chosen."""

    dataset: Dataset
    resource: Resource
    tables: list[TableData]
    table: TableData

    @property
    def public(self) -> bool:
        """Return whether anyone may read this data (shared caches may keep public answers)."""
        return self.dataset.status == Dataset.Status.PUBLISHED and self.dataset.access_level == "public"


def resolve(request: HttpRequest, dataset: Dataset, resource: Resource) -> Preview:
    """Return the preview of the table chosen by ``?table=`` (default the first), or raise a domain error."""
    # Cells are data: only those who may download the file may read them (restricted data: on request).
    if not permissions.can_download(request.user, dataset):
        raise PermissionDeniedError(_("The data of this dataset is available on request: it cannot be previewed."))
    tables = processed_tables(resource)
    if not tables:
        raise NotFoundError(_("This resource has no processed table to preview yet."))
    wanted = request.GET.get("table", "1")
    if not wanted.isdigit():
        raise PreviewParameterError(_("The table must be a number."))
    table = next((t for t in tables if t.position == int(wanted)), None)
    if table is None:
        raise NotFoundError(_("This resource has no table number %(number)s.") % {"number": wanted})
    return Preview(dataset=dataset, resource=resource, tables=tables, table=table)


def processed_tables(resource: Resource) -> list[TableData]:
    """Return the processed tables of the resource's current version (cached for TABLES_TTL seconds)."""
    key = (resource.pk, resource.current_version_id)
    now = time.monotonic()
    with _tables_lock:
        found = _tables.get(key)
        if found is not None and found[0] > now:
            return found[1]
    tables = hooks.resource_tables([resource]).get(resource.pk, [])
    with _tables_lock:
        if len(_tables) > 1024:  # forget expired entries rather than grow without bound
            for stale in [k for k, (expires, _) in _tables.items() if expires <= now]:
                del _tables[stale]
        _tables[key] = (now + TABLES_TTL, tables)
    return tables


def clear_cache() -> None:
    """Forget the cached tables (tests)."""
    with _tables_lock:
        _tables.clear()


def resolve_page(request: HttpRequest, slug: str, resource_id: int) -> Preview:
    """Resolve a language-prefixed preview page's dataset slug and resource (404 when not visible)."""
    dataset = catalog_queries.get_dataset(request.user, slug)
    resource = catalog_queries.get_resource(dataset, resource_id)
    return resolve(request, dataset, resource)


def resolve_resource(request: HttpRequest, resource_id: int) -> Preview:
    """Resolve a language-neutral address naming only the resource (404 when its dataset is not visible)."""
    resource = Resource.objects.filter(pk=resource_id).select_related("dataset").first()
    if resource is None or not permissions.can_view_dataset(request.user, resource.dataset):
        raise NotFoundError(_("No such resource"))
    return resolve(request, resource.dataset, resource)


def local_parquet(table: TableData) -> Path:
    """Return a path on this machine to the table's Parquet (object storage: a cached download)."""
    return Path(query_pool.local_parquet(table.parquet))


def pool() -> ConnectionPool:
    """Return the process's sandboxed query pool, the DataStore API's."""
    return query_pool.query_pool()
