"""The table preview: a page of rows from the DataStore search, sorted and filtered by GET parameters."""

from __future__ import annotations

import math
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_safe

from trousse.engine.query.datastore import datastore_search
from trousse.engine.query.errors import QueryError
from trousse.portal.core.localized import current_language
from trousse.portal.previews import access
from trousse.portal.previews.columns import columns_of
from trousse.portal.previews.table_query import PAGE_SIZES, TableQuery, read_query
from trousse.portal.previews.views.context import page_context

STATUS_OF_KIND = {"invalid": 400, "not_found": 404, "forbidden": 403, "limit": 503}


@require_safe
def table_preview(request: HttpRequest, slug: str, resource_id: int) -> HttpResponse:
    """Show one page of the table, with sortable headers, column filters and page links."""
    preview = access.resolve_page(request, slug, resource_id)
    columns = columns_of(preview.table)
    context = page_context(request, preview, "table")
    query = read_query(request.GET, columns)  # a bad parameter: a 400 page saying which and why
    status, error, result = 200, "", None
    try:
        result = datastore_search(access.local_parquet(preview.table), query.search(columns), pool=access.pool())
    except QueryError as exc:  # a filter value of the wrong type: say so beside the form, keep the page
        status, error = STATUS_OF_KIND.get(exc.kind, 400), exc.message(current_language())
    total = result.total if result is not None and result.total is not None else 0
    pages = max(1, math.ceil(total / query.size))
    if result is not None and query.row is None and query.page > pages:
        status, error = 404, _page_missing(query.page, pages)
        result = None
    elif result is not None and query.row is not None and not result.records:
        status, error = 404, gettext("There is no row %(row)s in this table.") % {"row": query.row}
        result = None
    rows = [[record.get(c.name) for c in columns] for record in result.records] if result else []  # type: ignore[union-attr]
    ids = [record.get("_id") for record in result.records] if result else []  # type: ignore[union-attr]
    context.update({
        "columns": [{"column": c, **_header(query, c.name)} for c in columns],
        "rows": list(zip(ids, rows, strict=True)),
        "query": query, "total": total, "all_rows": preview.table.row_count, "error": error,
        "first_row": query.offset + 1 if rows else 0, "last_row": query.offset + len(rows),
        "paging": _paging(query, pages) if query.row is None else [],
        "pages": pages, "page_sizes": PAGE_SIZES,
        "filtered": bool(query.filters) or query.row is not None,
        "clear_url": "?" + TableQuery(table=query.table, size=query.size, sort=query.sort,
                                      descending=query.descending).params(),
    })
    return render(request, "previews/table.html", context, status=status)


def _page_missing(page: int, pages: int) -> str:
    return ngettext("There is no page %(page)s: this view has %(pages)s page.",
                    "There is no page %(page)s: this view has %(pages)s pages.", pages) % {"page": page, "pages": pages}


def _header(query: TableQuery, name: str) -> dict[str, Any]:
    """Return the column's sort state and the link that sorts by it (again: the other way)."""
    sorted_here = query.sort == name
    descending = sorted_here and not query.descending  # a second click reverses the order
    return {
        "aria_sort": ("descending" if query.descending else "ascending") if sorted_here else "",
        "sort_url": "?" + query.params(sort=name, order="desc" if descending else None, page=None, row=None),
        "next_descending": descending,
        "filter_value": query.filters.get(name, ""),
    }


def _paging(query: TableQuery, pages: int) -> list[dict[str, Any]]:
    """Return the page links: first, previous, up to five around the current one, next, last."""
    if pages <= 1:
        return []
    shown = sorted({1, pages, *range(max(1, query.page - 2), min(pages, query.page + 2) + 1)})
    links: list[dict[str, Any]] = []
    if query.page > 1:
        links.append({"kind": "previous", "page": query.page - 1, "url": "?" + query.params(page=query.page - 1)})
    previous = 0
    for number in shown:
        if number - previous > 1:
            links.append({"kind": "gap"})
        links.append({"kind": "page", "page": number, "current": number == query.page,
                      "url": "?" + query.params(page=number if number > 1 else None)})
        previous = number
    if query.page < pages:
        links.append({"kind": "next", "page": query.page + 1, "url": "?" + query.params(page=query.page + 1)})
    return links
