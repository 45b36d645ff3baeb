"""The searchable, sortable list both inventory pages share: filters and sort from the query string."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from trousse.portal.program.inventory import queries


def listing(request: HttpRequest, rows: list[queries.Row], sorts: tuple[str, ...], default: str) -> dict[str, Any]:
    """Return the context of a searchable, sortable list: filters from GET, rows sorted, facets counted."""
    text = request.GET.get("q", "").strip()[:200]
    department, status = request.GET.get("department", ""), request.GET.get("status", "")
    sort, descending = queries.parse_sort(request.GET.get("sort", ""), sorts, default)
    kept = queries.sort_rows(queries.search(rows, text, department, status), sort, descending)
    return {"rows": kept, "total": len(rows), "q": text, "department": department, "status": status,
            "sort": sort, "descending": descending, "departments": queries.departments(rows),
            "statuses": queries.statuses(rows)}
