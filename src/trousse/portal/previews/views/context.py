"""What every preview page shows around its content: the resource, its tables and the preview tabs."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from trousse.portal.previews.access import Preview


def tabs(preview: Preview) -> list[dict[str, str]]:
    """Return the previews this table has (a map only for geographic tables), each with its address."""
    args = [preview.dataset.slug, preview.resource.pk]
    suffix = f"?table={preview.table.position}" if preview.table.position != 1 else ""
    found = [{"name": "table", "label": _("Table"), "url": reverse("previews:table", args=args) + suffix}]
    if preview.table.geographic:
        found.append({"name": "map", "label": _("Map"), "url": reverse("previews:map", args=args) + suffix})
    found.append({"name": "chart", "label": _("Chart"), "url": reverse("previews:chart", args=args) + suffix})
    return found


def page_context(request: HttpRequest, preview: Preview, current: str) -> dict[str, Any]:
    """Return the template context shared by the table, map and chart pages."""
    view = {"table": "previews:table", "map": "previews:map", "chart": "previews:chart"}[current]
    base = reverse(view, args=[preview.dataset.slug, preview.resource.pk])
    return {
        "dataset": preview.dataset, "resource": preview.resource, "table": preview.table,
        "tables": [{"position": t.position, "name": t.name, "current": t.position == preview.table.position,
                    "url": base + (f"?table={t.position}" if t.position != 1 else "")} for t in preview.tables],
        "tabs": tabs(preview), "current_tab": current, "nav": "datasets",
    }
