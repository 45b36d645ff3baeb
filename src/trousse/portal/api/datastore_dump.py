"""/datastore/dump/<resource_id>: a filtered DataStore table in full, streamed, as CKAN serves its dumps.

The resource id may name a table after the first (``42:2``, datastore_access). Parameters as CKAN's dump (ckanext/datastore/blueprint.py ``dump_schema``): datastore_search's filters,
q, fields, sort and distinct; ``offset`` (default 0) and ``limit`` (default: every row, no cap: the
answer streams as DuckDB reads); ``format``: csv (default), tsv, json, geojson (geographic tables) or
parquet; ``bom`` (true: CSV and TSV start with a UTF-8 byte order mark, for Excel). Same permissions as
the API (404 for what the caller may not see, 403 for restricted data), rate limited as an expensive
call, errors in CKAN's error object.
"""

from __future__ import annotations

import re

from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from trousse.engine.query.errors import QueryError
from trousse.engine.query.export import EXPORT_FORMATS, export_query
from trousse.portal.api import auth, params, ratelimit
from trousse.portal.api.datastore_access import ReadableTable, action_error, query_pool, readable_table
from trousse.portal.api.datastore_actions import search_request
from trousse.portal.api.dispatch import TooManyCalls, caller_language, request_data
from trousse.portal.api.registry import ActionError
from trousse.portal.core.localized import pick

SUFFIX = {"csv": "csv", "tsv": "tsv", "json": "json", "geojson": "geojson", "parquet": "parquet"}


@require_safe
def dump_view(request: HttpRequest, resource_id: str) -> HttpResponse:
    """Stream the resource's table, filtered and sorted as asked, in the asked format."""
    with translation.override(caller_language(request)):
        try:
            return _dump(request, resource_id)
        except ActionError as error:
            return _error(error)


def _dump(request: HttpRequest, resource_id: str) -> HttpResponse:
    user, token = auth.caller(request)
    target = readable_table(user, resource_id, field="resource_id")
    wait = ratelimit.check(request, user, token)
    if wait is not None:
        response = _error(TooManyCalls(_("Too many calls: wait %(seconds)s seconds before downloading again.")
                                       % {"seconds": wait}))
        response["Retry-After"] = str(wait)
        return response
    data = request_data(request)
    fmt = str(data.get("format") or "csv").lower()
    lang = translation.get_language() or "en"
    # A dump has no row cap: limit is read here, not by search_request (whose limit is a search page's).
    limit = params.integer(data, "limit", -1)
    offset = params.integer(data, "offset", 0)
    bom = params.boolean(data, "bom", False)
    try:
        chunks = export_query(target.path, search_request({**data, "limit": "", "offset": ""}), fmt,
                              pool=query_pool(), limit=None if limit < 0 else limit, offset=offset, bom=bom)
    except QueryError as error:
        raise action_error(error, lang) from None
    if request.method == "HEAD":  # the headers a GET would have, without running the export
        chunks.close()
        response: HttpResponse = HttpResponse(content_type=EXPORT_FORMATS[fmt])
    else:
        response = StreamingHttpResponse(chunks, content_type=EXPORT_FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{_filename(target, lang)}.{SUFFIX[fmt]}"'
    response["Cache-Control"] = "private, no-store" if user.is_authenticated else "public, max-age=300"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _filename(target: ReadableTable, lang: str) -> str:
    resource = target.resource
    name = pick(resource, "name", lang).value
    stem = re.sub(r"\.[A-Za-z0-9]{1,8}$", "", str(name or ""))
    if target.table.position != 1:  # a sheet or layer after the first: say which
        stem = f"{stem}-{target.table.name or target.table.position}"
    safe = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-")[:80]
    return safe or f"resource-{resource.pk}"


def _error(error: ActionError) -> HttpResponse:
    response = JsonResponse({"success": False, "error": error.to_error()}, status=error.status,
                            json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-store"
    return response
