"""CKAN's datastore_search over one canonical Parquet: filters, full text, fields, sort, paging, totals.

The answer follows CKAN's DataStore (ckanext/datastore, action ``datastore_search``): ``fields`` with
``_id`` first (here the 1-based row number in the file), ``records`` as objects, lists or CSV/TSV text,
``total`` counted exactly. Without a sort, records come in file order, so paging is stable. Filter values
are read as the column's type ("3" matches the integer 3; a bad date is an error, not an empty answer).
"""

from __future__ import annotations

import csv
import io
import json
import os
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trousse.engine.query.columns import ROW_ID, ROW_NUMBER, Column, table_columns
from trousse.engine.query.errors import QueryError
from trousse.engine.query.sandbox import MAX_LIMIT, ConnectionPool, Limits, directory_of, guarded, pool_for
from trousse.engine.query.where import column_map, filter_sql, parse_sort, q_sql, resolve_column
from trousse.engine.tables.source import GEOMETRY
from trousse.engine.tables.sql import ident

__all__ = ["RECORDS_FORMATS", "QueryError", "SearchRequest", "SearchResult", "datastore_search", "parse_sort",
           "search_fields", "where_clause"]

RECORDS_FORMATS = ("objects", "lists", "csv", "tsv")
DEFAULT_LIMIT = 100
MAX_OFFSET = 2**53  # beyond any table; DuckDB's OFFSET is a 64-bit integer


@dataclass(frozen=True)
class SearchRequest:
    """What to find: ``filters`` (a list value means OR), ``q``, ``fields``, ``sort``, paging and options."""

    filters: Mapping[str, Any] = field(default_factory=dict)
    q: str | Mapping[str, str] | None = None
    fields: Sequence[str] | None = None
    sort: Sequence[tuple[str, bool]] = ()  # (column, descending)
    limit: int = DEFAULT_LIMIT
    offset: int = 0
    distinct: bool = False
    include_total: bool = True


@dataclass
class SearchResult:
    """The fields shown, the records of the page and the total number of matching rows."""

    fields: list[dict[str, Any]]  # [{"id": name, "type": CKAN type, "info": {...}}]
    records: list[dict[str, Any]] | list[list[Any]] | str
    total: int | None
    total_was_estimated: bool = False
    limit: int = DEFAULT_LIMIT
    records_truncated: bool = False


def datastore_search(parquet: str | Path, request: SearchRequest, *, records_format: str = "objects",
                     geometry_format: str = "wkt", pool: ConnectionPool | None = None,
                     dictionary: Mapping[str, Mapping[str, Any]] | None = None) -> SearchResult:
    """Search the Parquet at ``parquet`` as CKAN's datastore_search does, inside the sandbox."""
    path = str(parquet)
    if records_format not in RECORDS_FORMATS:
        raise QueryError("invalid_parameter", f"records_format must be one of {', '.join(RECORDS_FORMATS)}.",
                         f"records_format doit être l'un de {', '.join(RECORDS_FORMATS)}.", field="records_format")
    if geometry_format not in ("wkt", "geojson"):
        raise QueryError("invalid_parameter", "geometry_format must be wkt or geojson.",
                         "geometry_format doit être wkt ou geojson.", field="geometry_format")
    pool = pool or pool_for(Limits(), [directory_of(path)])
    limit, offset = _paging(request, pool.limits.max_rows)
    con = pool.cursor()
    with guarded(con, pool.limits, secrets=[path, *pool.allowed_directories]):
        columns = table_columns(con, path)
        known = column_map(columns)
        shown = _shown_columns(request, columns, known)
        where = where_clause(request.filters, request.q, known)
        order = _order_sql(request, known, shown)
        selects = ", ".join(f"{c.json_sql()} AS {ident(c.name)}" for c in shown)
        src = pool.source(path)
        distinct = "DISTINCT " if request.distinct else ""
        sql = f"SELECT {distinct}{selects} FROM {src}{where}{order} LIMIT {limit} OFFSET {offset}"
        rows = con.execute(sql).fetchall()
        total = _total(con, path, src, where, request, selects) if request.include_total else None
    geometry = next((c.name for c in shown if c.source == GEOMETRY), None)
    names = [c.name for c in shown]
    return SearchResult(
        fields=search_fields(shown, dictionary or {}),
        records=_format(rows, names, records_format, geometry if geometry_format == "geojson" else None),
        total=total,
        limit=limit,
    )


def where_clause(filters: Mapping[str, Any], q: str | Mapping[str, Any] | None, known: Mapping[str, Column]) -> str:
    """Return the `` WHERE …`` of the filters and full-text query (empty when there are none)."""
    conditions = filter_sql(filters or {}, known) + q_sql(q, known)
    return (" WHERE " + " AND ".join(conditions)) if conditions else ""


def search_fields(shown: Sequence[Column], dictionary: Mapping[str, Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Return CKAN's ``fields`` for ``shown`` columns, with each column's data dictionary as ``info``."""
    out = []
    for c in shown:
        item: dict[str, Any] = {"id": c.name, "type": c.ckan_type}
        info = dictionary.get(c.source) or dictionary.get(c.name)
        if info:
            item["info"] = dict(info)
        out.append(item)
    return out


def _paging(request: SearchRequest, max_rows: int = MAX_LIMIT) -> tuple[int, int]:
    limit, offset = request.limit, request.offset
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
        raise QueryError("invalid_parameter", "limit must be a whole number, 0 or more.",
                         "limit doit être un nombre entier, 0 ou plus.", field="limit")
    if isinstance(offset, bool) or not isinstance(offset, int) or not 0 <= offset <= MAX_OFFSET:
        raise QueryError("invalid_parameter", "offset must be a whole number, 0 or more.",
                         "offset doit être un nombre entier, 0 ou plus.", field="offset")
    return min(limit, max_rows), offset  # CKAN caps the limit at rows_max rather than refusing it


def _shown_columns(request: SearchRequest, columns: Sequence[Column], known: Mapping[str, Column]) -> list[Column]:
    if request.fields:
        shown = []
        for name in request.fields:
            column = resolve_column(name, known, "fields")
            if column not in shown:
                shown.append(column)
        return shown
    everything = [known[ROW_ID], *columns]
    return everything[1:] if request.distinct else everything  # a row id would make every row distinct


def _order_sql(request: SearchRequest, known: Mapping[str, Column], shown: Sequence[Column]) -> str:
    terms = []
    for name, descending in request.sort:
        column = resolve_column(name, known, "sort")
        if request.distinct and column not in shown:
            raise QueryError("invalid_sort", f'With distinct, sort only on the fields returned ("{name}" is not).',
                             f"Avec distinct, triez seulement sur les champs retournés (« {name} » ne l'est pas).",
                             field="sort")
        terms.append(f"{ident(column.name if request.distinct else column.source)}{' DESC' if descending else ''}")
    if request.distinct:
        # DISTINCT has no file order to keep: order by the values so pages do not overlap.
        terms += [ident(c.name) for c in shown if c.name not in {n for n, _ in request.sort}]
    elif terms:
        terms.append(ident(ROW_NUMBER))  # ties keep file order, so pages never overlap
    return (" ORDER BY " + ", ".join(terms)) if terms else ""


_totals: OrderedDict[tuple[Any, ...], int] = OrderedDict()
_totals_lock = threading.Lock()
_TOTALS_SIZE = 4096


def _total(con: Any, path: str, src: str, where: str, request: SearchRequest, selects: str) -> int:
    # A stored table never changes under its name, so a count is cached per file and condition: paging
    # through a filtered table, or many visitors opening the same preview, count once.
    stat = os.stat(path)
    key = (path, stat.st_size, stat.st_mtime_ns, where, selects if request.distinct else "")
    with _totals_lock:
        if key in _totals:
            _totals.move_to_end(key)
            return _totals[key]
    if request.distinct:
        sql = f"SELECT count(*) FROM (SELECT DISTINCT {selects} FROM {src}{where})"
    else:
        sql = f"SELECT count(*) FROM {src}{where}"
    total = int(con.execute(sql).fetchone()[0])
    with _totals_lock:
        _totals[key] = total
        while len(_totals) > _TOTALS_SIZE:
            _totals.popitem(last=False)
    return total


def _format(rows: list[tuple], names: list[str], records_format: str, geojson_column: str | None) -> Any:
    if geojson_column is not None:
        at = names.index(geojson_column)
        rows = [(*row[:at], _geojson(row[at]), *row[at + 1:]) for row in rows]
    if records_format == "objects":
        return [dict(zip(names, row, strict=True)) for row in rows]
    if records_format == "lists":
        return [list(row) for row in rows]
    out = io.StringIO()
    writer = csv.writer(out, delimiter="," if records_format == "csv" else "\t", lineterminator="\n")
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])
    return out.getvalue()


def _csv_cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return value


def _geojson(wkt: str | None) -> Any:
    if wkt is None:
        return None
    import shapely

    try:
        return json.loads(shapely.to_geojson(shapely.from_wkt(wkt)))
    except shapely.errors.ShapelyError:
        return None
