"""The "Use this data" panel of a resource page: ready-to-copy snippets for curl, Python, R and DuckDB."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from trousse.portal.catalog import hooks, permissions
from trousse.portal.catalog.models import Dataset, Resource
from trousse.portal.feeds.records import latest_path

DATASTORE_SEARCH = "/api/3/action/datastore_search"


@dataclass(frozen=True)
class Snippet:
    key: str  # stable, for element ids
    title: str
    language: str  # the code's language, for the reader (shell, python, r, sql)
    code: str


@dataclass(frozen=True)
class Addresses:
    """Absolute addresses a snippet uses, built from the host the reader asked."""

    site: str
    download: str
    csv: str = ""
    parquet: str = ""
    # Every table of the file as (DataStore name, table name): sheets or layers after the first are
    # queried as "<resource id>:<n>" (api.datastore_access).
    tables: tuple[tuple[str, str], ...] = ()

    @property
    def datastore(self) -> str:
        return f"{self.site}{DATASTORE_SEARCH}"


def addresses(request: HttpRequest, resource: Resource) -> Addresses:
    """Return the site root and the download addresses of ``resource`` as the reader reaches them."""
    site = request.build_absolute_uri("/").rstrip("/")
    download = resource.url if resource.kind == Resource.Kind.LINK else site + latest_path(resource)
    tables = hooks.resource_tables([resource]).get(resource.pk, []) if resource.kind == Resource.Kind.FILE else []
    table = next((t for t in tables if t.position == 1), None)
    if table is None:
        return Addresses(site=site, download=download)
    derived = {fmt: site + reverse("derived_download", kwargs={
        "resource_id": resource.pk, "number": table.version, "fmt": fmt}) for fmt in ("csv", "parquet")}
    names = tuple((str(resource.pk) if t.position == 1 else f"{resource.pk}:{t.position}", t.name) for t in tables)
    return Addresses(site=site, download=download, csv=derived["csv"], parquet=derived["parquet"], tables=names)


def snippets(resource: Resource, where: Addresses) -> list[Snippet]:
    """Return the snippets for ``resource``: the DataStore and table readers only for processed tables."""
    rid = str(resource.pk)
    typed = _("typed columns")
    if not where.csv:
        return [Snippet("curl", "curl", "shell", f'curl -L -O -J "{where.download}"')]
    return [
        Snippet("curl", "curl", "shell",
                f'curl -L -O -J "{where.download}"\n'
                f'curl "{where.datastore}?resource_id={rid}&limit=5"'),
        Snippet("ckanapi", _("Python (ckanapi)"), "python",
                "from ckanapi import RemoteCKAN\n\n"
                f'site = RemoteCKAN("{where.site}")\n'
                f'result = site.action.datastore_search(resource_id="{rid}", limit=100)\n'
                'for record in result["records"]:\n'
                "    print(record)"),
        Snippet("pandas", _("Python (pandas)"), "python",
                "import pandas as pd\n\n"
                f'table = pd.read_csv("{where.csv}")\n'
                f'table = pd.read_parquet("{where.parquet}")  # {typed}'),
        Snippet("r", "R", "r",
                "library(ckanr)\n"
                f'ckanr_setup(url = "{where.site}")\n'
                f'result <- ds_search(resource_id = "{rid}", limit = 100, as = "table")\n\n'
                f'table <- read.csv("{where.csv}")'),
        Snippet("duckdb", "DuckDB SQL", "sql",
                f"SELECT * FROM read_parquet('{where.parquet}') LIMIT 10;"),
    ]


def resource_panel(request: HttpRequest, dataset: Dataset, resource: Resource, *, staff: bool) -> str | None:
    """Render the panel on the public resource page, for readers who may download the data."""
    if staff or not permissions.can_download(request.user, dataset):
        return None
    if resource.kind == Resource.Kind.FILE and resource.current_version_id is None:
        return None
    where = addresses(request, resource)
    return render_to_string("feeds/_use_this_data.html", {
        "resource": resource, "snippets": snippets(resource, where), "tabular": bool(where.csv),
        "tables": where.tables if len(where.tables) > 1 else (),
    }, request=request)
