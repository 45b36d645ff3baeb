"""The quick chart of a chosen column: an accessible SVG with its data table, and the same counts as JSON."""

from __future__ import annotations

import hashlib
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseNotModified, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from trousse.engine.query import charts
from trousse.engine.query.charts import Chart, ChartError
from trousse.portal.core.errors import DomainError
from trousse.portal.core.file_responses import PRIVATE_CACHE
from trousse.portal.core.localized import current_language
from trousse.portal.previews import access
from trousse.portal.previews.access import Preview, PreviewParameterError
from trousse.portal.previews.columns import Column, columns_of, find
from trousse.portal.previews.drawing import draw
from trousse.portal.previews.views.context import page_context

KIND_CHOICES = ("", "categories")  # automatic (by type), or counted by value whatever the type
PUBLIC_CACHE = "public, max-age=300"  # a new version is a new file, but the current version can change


def default_column(preview: Preview, columns: list[Column]) -> Column | None:
    """Return the column charted before one is chosen: the first text column that repeats values, else a date."""
    unique = {f["name"] for f in preview.table.schema.get("fields", []) if (f.get("constraints") or {}).get("unique")}
    for types in (("string", "boolean"), ("date", "datetime"), ("integer", "number")):
        found = next((c for c in columns if c.type in types and c.name not in unique), None)
        if found is not None:
            return found
    return columns[0] if columns else None


def _chosen(request: HttpRequest, preview: Preview, columns: list[Column]) -> tuple[Column | None, str, int]:
    """Return the column, the kind asked for and the number of categories, checked."""
    fallback = default_column(preview, columns)
    if fallback is None:
        return None, "", charts.DEFAULT_TOP
    name = request.GET.get("column", "").strip() or fallback.name
    column = find(columns, name)
    if column is None:
        raise PreviewParameterError(_("There is no column “%(name)s” in this table.") % {"name": name[:100]},
                                    field="column")
    kind = request.GET.get("kind", "").strip()
    if kind not in KIND_CHOICES:
        raise PreviewParameterError(_("The chart kind must be blank (automatic) or “categories”."), field="kind")
    raw_top = request.GET.get("top", "").strip()
    if raw_top and (not raw_top.isdigit() or not 1 <= int(raw_top) <= charts.MAX_TOP):
        raise PreviewParameterError(_("The number of categories must be a whole number from 1 to %(max)s.")
                                    % {"max": charts.MAX_TOP}, field="top")
    return column, kind, int(raw_top) if raw_top else charts.DEFAULT_TOP


def _chart(preview: Preview, column: Column, kind: str, top: int) -> Chart:
    try:
        return charts.column_chart(access.local_parquet(preview.table), column.name, kind=kind or None, top=top)
    except ChartError as exc:
        # The Table Schema and the Parquet disagree only when a column cannot be charted this way.
        raise PreviewParameterError(_("This column cannot be charted this way."), field="kind") from exc


@require_safe
def chart_preview(request: HttpRequest, slug: str, resource_id: int) -> HttpResponse:
    """Show the quick chart of the chosen column, with a column chooser that works without scripts."""
    preview = access.resolve_page(request, slug, resource_id)
    columns = columns_of(preview.table)
    context = page_context(request, preview, "chart")
    context.update({"columns": columns, "kind": "", "top": charts.DEFAULT_TOP, "chart": None, "error": ""})
    status = 200
    try:
        column, kind, top = _chosen(request, preview, columns)
        context.update({"column": column, "kind": kind, "top": top})
        if column is not None:
            chart = _chart(preview, column, kind, top)
            context.update({"chart": chart, "drawing": draw(chart), "other_values": chart.distinct - len(chart.bars),
                            "json_url": reverse("previews_chart_json", args=[preview.resource.pk]) + "?"
                            + request.GET.urlencode()})
    except PreviewParameterError as exc:  # keep the chooser on the page, with the reason
        status, context["error"] = exc.status, str(exc.message)
    return render(request, "previews/chart.html", context, status=status)


def json_error(exc: DomainError) -> JsonResponse:
    """Return a refusal as JSON: its code, translated message and the parameter at fault."""
    body = {"error": {"code": exc.code, "message": str(exc.message)}}
    if exc.field:
        body["error"]["field"] = exc.field
    response = JsonResponse(body, status=exc.status, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = PRIVATE_CACHE
    return response


@require_safe
def chart_json(request: HttpRequest, resource_id: int) -> HttpResponse:
    """Return the counts behind a quick chart as JSON, with an ETag for conditional requests."""
    try:
        preview = access.resolve_resource(request, resource_id)
        columns = columns_of(preview.table)
        column, kind, top = _chosen(request, preview, columns)
        if column is None:
            raise PreviewParameterError(_("This table has no column to chart."), field="column")
        # The file's name names its version: the answer can only change when the current version does.
        tag = hashlib.sha256("|".join([preview.table.parquet.name, column.name, kind, str(top),
                                       current_language()]).encode()).hexdigest()[:32]
        cache = PUBLIC_CACHE if preview.public else PRIVATE_CACHE
        if request.headers.get("If-None-Match") == f'"{tag}"':
            response: HttpResponse = HttpResponseNotModified()
        else:
            chart = _chart(preview, column, kind, top)
            body: dict[str, Any] = {"resource_id": preview.resource.pk, "version": preview.table.version,
                                    "table": preview.table.position, "title": column.label, **chart.to_dict()}
            response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    except DomainError as exc:
        return json_error(exc)
    response["ETag"] = f'"{tag}"'
    response["Cache-Control"] = cache
    response["Vary"] = "Accept-Language, Cookie"
    return response
