"""The public inventory (minus confidential items), as the Open Data Charter asks, and its CSV download."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_safe

from trousse.portal.core.localized import current_language
from trousse.portal.program import permissions
from trousse.portal.program.inventory import files, queries
from trousse.portal.program.inventory.listing import listing

PAGE_SIZE = 50


@require_GET
def inventory(request: HttpRequest) -> HttpResponse:
    """List the public inventory: search, filter by department and status, sort by column."""
    context = listing(request, queries.build_rows(queries.public_items()), queries.PUBLIC_SORTS, "department")
    page = Paginator(context["rows"], PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "program/inventory/public.html", context | {
        "nav": "inventory", "page": page, "is_staff": permissions.can_view_program(request.user),
    })


@require_safe  # GET and HEAD: download managers and link checkers ask HEAD first
def inventory_csv(request: HttpRequest) -> HttpResponse:
    """Download the public inventory (with the page's filters) as CSV."""
    context = listing(request, queries.build_rows(queries.public_items()), queries.PUBLIC_SORTS, "department")
    lang = current_language()
    body = files.public_csv(context["rows"], lang, lambda dataset: request.build_absolute_uri(
        reverse("catalog:dataset", kwargs={"slug": dataset.slug})))
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="data-inventory-{lang}.csv"'
    return response
