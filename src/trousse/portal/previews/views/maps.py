"""The map preview of a geographic table: an SVG of its features, each a link to its row, and GeoJSON."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from trousse.engine.query.geometry import FeatureMap, feature_map
from trousse.portal.core.errors import DomainError, NotFoundError
from trousse.portal.core.file_responses import PRIVATE_CACHE
from trousse.portal.core.security import POLICY
from trousse.portal.previews import access, basemap
from trousse.portal.previews.access import Preview
from trousse.portal.previews.columns import Column, columns_of
from trousse.portal.previews.views.chart import PUBLIC_CACHE, json_error
from trousse.portal.previews.views.context import page_context


def _drawn(preview: Preview) -> tuple[list[Column], FeatureMap]:
    if not preview.table.geographic:
        raise NotFoundError(_("This table has no geometries to map."))
    columns = columns_of(preview.table)
    return columns, feature_map(access.local_parquet(preview.table), [c.name for c in columns])


def _name_column(columns: list[Column]) -> Column | None:
    """Return the column whose value best names a feature: a text column called like a name, else the first."""
    texts = [c for c in columns if c.type == "string"]
    for column in texts:
        if any(word in column.name.lower() for word in ("name", "nom", "title", "titre", "label")):
            return column
    return texts[0] if texts else None


@require_safe
def map_preview(request: HttpRequest, slug: str, resource_id: int) -> HttpResponse:
    """Show the table's features on an SVG map; each feature opens its details (or its row without scripts)."""
    preview = access.resolve_page(request, slug, resource_id)
    columns, drawn = _drawn(preview)
    name_column = _name_column(columns)
    table_url = reverse("previews:table", args=[preview.dataset.slug, preview.resource.pk])
    table_param = f"table={preview.table.position}&" if preview.table.position != 1 else ""
    features = []
    for feature in drawn.features:
        name = feature.properties.get(name_column.name) if name_column else None
        features.append({
            "feature": feature,
            "name": name or _("Row %(row)s") % {"row": feature.row + 1},
            "url": f"{table_url}?{table_param}row={feature.row + 1}",
        })
    context = page_context(request, preview, "map")
    context.update({
        "map": drawn, "features": features, "columns": columns,
        "tiles": basemap.tiles(drawn), "attribution": (getattr(settings, "MAP_BASEMAP_ATTRIBUTION", "") or "").strip(),
        "features_url": reverse("previews_features", args=[preview.resource.pk])
        + (f"?table={preview.table.position}" if preview.table.position != 1 else ""),
    })
    response = render(request, "previews/map.html", context)
    origin = basemap.basemap_origin()
    if origin and context["tiles"]:
        # The only other host a page may load from: the basemap's tiles, as the site configured them.
        response["Content-Security-Policy"] = POLICY.replace("img-src 'self' data:", f"img-src 'self' data: {origin}")
    return response


@require_safe
def features_geojson(request: HttpRequest, resource_id: int) -> HttpResponse:
    """Return the drawn (simplified, possibly sampled) features as GeoJSON, for the map's scripts."""
    try:
        preview = access.resolve_resource(request, resource_id)
        if not preview.table.geographic:
            raise NotFoundError(_("This table has no geometries to map."))
        tag = hashlib.sha256(f"features|{preview.table.parquet.name}".encode()).hexdigest()[:32]
        if request.headers.get("If-None-Match") == f'"{tag}"':
            response: HttpResponse = HttpResponseNotModified()
        else:
            drawn = _drawn(preview)[1]
            body = drawn.geojson()
            body["trousse"] = {"rows": drawn.rows, "with_geometry": drawn.with_geometry, "step": drawn.step,
                               "drawn": len(drawn.features)}
            response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
            response["Content-Type"] = "application/geo+json"
    except DomainError as exc:
        return json_error(exc)
    response["ETag"] = f'"{tag}"'
    response["Cache-Control"] = PUBLIC_CACHE if preview.public else PRIVATE_CACHE
    response["Vary"] = "Cookie"
    return response
