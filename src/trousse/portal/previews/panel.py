"""The previews' panel on the public resource page: links to the table, map and chart of each table."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse

from trousse.portal.catalog import hooks, permissions
from trousse.portal.catalog.models import Dataset, Resource


def resource_panel(request: HttpRequest, dataset: Dataset, resource: Resource, *, staff: bool) -> str | None:
    """Render links to the previews of a processed file resource (None where there is nothing to show)."""
    if staff or resource.kind != Resource.Kind.FILE or not permissions.can_download(request.user, dataset):
        return None
    tables = hooks.resource_tables([resource]).get(resource.pk, [])
    if not tables:
        return None
    args = [dataset.slug, resource.pk]
    entries = []
    for table in tables:
        suffix = f"?table={table.position}" if table.position != 1 else ""
        entries.append({
            "table": table,
            "table_url": reverse("previews:table", args=args) + suffix,
            "map_url": reverse("previews:map", args=args) + suffix if table.geographic else "",
            "chart_url": reverse("previews:chart", args=args) + suffix,
        })
    return render_to_string("previews/_panel.html", {"entries": entries, "multiple": len(entries) > 1},
                            request=request)
