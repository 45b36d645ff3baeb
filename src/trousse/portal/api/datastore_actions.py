"""The DataStore actions: datastore_search, datastore_search_sql and datastore_info, as CKAN answers them.

Each processed table (the canonical Parquet of a resource's current version) is a DataStore table named
by its resource id, ``<resource id>:<n>`` for the n-th table of a file with several (sheets, layers;
datastore_access explains the names, datastore_info lists a resource's tables). The engine
(trousse.engine.query) runs every query read-only in a sandbox; this module reads CKAN's parameters,
checks who may read what (datastore_access) and shapes CKAN's answers.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from trousse.engine.query import datastore, sql_search
from trousse.engine.query.errors import QueryError
from trousse.portal.api import params
from trousse.portal.api.datastore_access import (
    action_error,
    limits,
    query_pool,
    readable_table,
    resource_tables,
    table_id,
)
from trousse.portal.api.datastore_fields import field_info, table_fields
from trousse.portal.api.registry import ActionContext, Param, ValidationError, action

_SEARCH_PARAMS = (
    Param("resource_id", description="The resource's id (its DataStore table); \"<id>:<n>\" for the n-th table "
                                     "of a file with several (sheets, layers), as datastore_info lists them.",
          required=True),
    Param("filters", "object", 'Equality filters {"column": value}; a list of values matches any of them.'),
    Param("q", description="Full text: every word must appear, case and accents ignored; "
                           'or {"column": "words"} to search given columns.'),
    Param("fields", "array", "Columns to return (a list, or names separated by commas).", items="string"),
    Param("sort", description='Sort, e.g. "ward, created_at desc".'),
    Param("limit", "integer", "Records to return (at most TROUSSE_DATASTORE_MAX_ROWS, 32,000 by default).",
          default=100),
    Param("offset", "integer", "Records to skip.", default=0),
    Param("distinct", "boolean", "Return distinct records only.", default=False),
    Param("include_total", "boolean", "Count the matching records.", default=True),
    Param("records_format", description="objects, lists, csv or tsv.", default="objects"),
    Param("geometry_format", description="Geometry of geographic tables as wkt or geojson.", default="wkt"),
)


@action("datastore_search", expensive=True, params=_SEARCH_PARAMS)
def datastore_search(context: ActionContext, data: dict[str, Any]) -> dict[str, Any]:
    """Search a resource's DataStore table: filters, full-text q, fields, sort, limit and offset."""
    target = readable_table(context.user, data.get("resource_id", data.get("id")))
    request = search_request(data)
    records_format = params.string(data, "records_format", "objects")
    geometry_format = params.string(data, "geometry_format", "wkt")
    context.last_modified = target.table.processed
    try:
        result = datastore.datastore_search(
            target.path, request, records_format=records_format, geometry_format=geometry_format,
            pool=query_pool(), dictionary=field_info(target.table, context.lang))
    except QueryError as error:
        raise action_error(error, context.lang) from None
    answer: dict[str, Any] = {
        "include_total": request.include_total,
        "resource_id": target.table_id,
        "fields": result.fields,
        "records_format": records_format,
        "records": result.records,
        "limit": result.limit,
        "offset": request.offset,
        "_links": _links(context, data, request.offset, result.limit),
    }
    for name in ("filters", "q", "sort", "distinct"):
        if data.get(name) not in (None, "", [], {}):
            answer[name] = _given(data, name)
    if result.total is not None:
        answer["total"] = result.total
        answer["total_was_estimated"] = result.total_was_estimated
    return answer


def search_request(data: dict[str, Any]) -> datastore.SearchRequest:
    """Read CKAN's datastore_search parameters into the engine's SearchRequest."""
    filters = params.json_object(data, "filters") or {}
    return datastore.SearchRequest(
        filters=filters,
        q=_q(data),
        fields=_fields(data),
        sort=_sort(data),
        limit=params.integer(data, "limit", datastore.DEFAULT_LIMIT, maximum=int(settings.DATASTORE_MAX_ROWS)),
        offset=params.integer(data, "offset", 0),
        distinct=params.boolean(data, "distinct", False),
        include_total=params.boolean(data, "include_total", True),
    )


@action("datastore_search_sql", expensive=True, params=(
    Param("sql", description='One SELECT; tables are resource ids in double quotes: SELECT * FROM "42" '
                             '("42:2" for the second table of a file with several).', required=True),
))
def datastore_search_sql(context: ActionContext, data: dict[str, Any]) -> dict[str, Any]:
    """Run one read-only SELECT over DataStore tables named by resource id, in a sandbox."""
    sql = params.string(data, "sql", required=True, max_length=sql_search.MAX_SQL_LENGTH)
    newest: list[Any] = []

    def resolve(name: str) -> str:
        target = readable_table(context.user, name, field="sql")
        newest.append(target.table.processed)
        return target.path

    try:
        result = sql_search.datastore_search_sql(sql, resolve, limits=limits())
    except QueryError as error:
        raise action_error(error, context.lang) from None
    context.last_modified = max((n for n in newest if n is not None), default=None)
    return {"sql": sql, "fields": result.fields, "records": result.records,
            "records_truncated": result.records_truncated}


@action("datastore_info", params=(Param("id", description="The resource's id (\"<id>:<n>\" for its n-th table).",
                                         required=True),))
def datastore_info(context: ActionContext, data: dict[str, Any]) -> dict[str, Any]:
    """Describe a DataStore table: its fields with types and data dictionary, its row count, its resource's tables."""
    target = readable_table(context.user, data.get("id", data.get("resource_id")), field="id")
    context.last_modified = target.table.processed
    try:
        fields = table_fields(target, context.lang, pool=query_pool())
    except QueryError as error:
        raise action_error(error, context.lang) from None
    # Every table of the resource's file, so a client finds the sheets or layers after the first.
    tables = [{"id": table_id(target.resource.pk, t.position), "position": t.position, "name": t.name,
               "count": t.row_count, "geographic": t.geographic} for t in resource_tables(target)]
    return {
        "meta": {"id": target.table_id, "resource_id": str(target.resource.pk), "count": target.table.row_count,
                 "table_type": "BASE TABLE", "size": target.table.parquet.size, "aliases": [],
                 "version": target.table.version, "table": target.table.name, "position": target.table.position,
                 "valid": target.table.valid, "tables": tables},
        "fields": fields,
        "schema": dict(target.table.schema),
    }


def _given(data: dict[str, Any], name: str) -> Any:
    value = data[name]
    if name in ("filters",) and isinstance(value, str):
        return params.json_object(data, name)
    if name == "q" and isinstance(value, str) and value.strip().startswith("{"):
        return params.json_object(data, name)
    return value


def _q(data: dict[str, Any]) -> str | dict[str, str] | None:
    value = data.get("q")
    if value is None or value == "":
        return None
    if isinstance(value, dict) or (isinstance(value, str) and value.strip().startswith("{")):
        found = params.json_object(data, "q") or {}
        if not all(isinstance(v, (str, int, float)) and not isinstance(v, bool) for v in found.values()):
            raise ValidationError(fields={"q": [_("Must be text or an object of column: text")]})
        return {str(k): str(v) for k, v in found.items()}
    return params.string(data, "q", max_length=1000)


def _fields(data: dict[str, Any]) -> list[str] | None:
    value = data.get("fields")
    if value is None or value == "" or value == []:
        return None
    if isinstance(value, str) and not value.strip().startswith("["):
        return [name.strip() for name in value.split(",") if name.strip()]  # CKAN: "a,b,c"
    return params.string_list(data, "fields", max_items=1000) or None


def _sort(data: dict[str, Any]) -> list[tuple[str, bool]]:
    value = data.get("sort")
    if value is None or value == "":
        return []
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        value = ", ".join(value)
    if not isinstance(value, str) or len(value) > 2000:
        raise ValidationError(fields={"sort": [_("Must be a string such as \"column, other desc\"")]})
    try:  # column names are checked by the engine, once it knows the table's columns
        return datastore.parse_sort(value, None)
    except QueryError as error:
        raise ValidationError(fields={"sort": [error.message(get_language() or "en")]}) from None


def _links(context: ActionContext, data: dict[str, Any], offset: int, limit: int) -> dict[str, str]:
    request = context.request
    if request.method == "GET":
        base = [(key, value) for key, values in request.GET.lists() if key != "offset" for value in values]
    else:
        base = [(k, v if isinstance(v, str) else json.dumps(v, ensure_ascii=False))
                for k, v in data.items() if k != "offset" and not hasattr(v, "read")]
    path = request.path

    def link(at: int | None) -> str:
        query = base + ([("offset", str(at))] if at else [])
        return f"{path}?{urlencode(query)}" if query else path

    links = {"start": link(None), "next": link(offset + limit)}
    if offset > 0:
        links["prev"] = link(max(0, offset - limit))
    return links
