"""Read a table preview's GET parameters (page, size, sort, filters) into a DataStore search, checked."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.http import QueryDict
from django.utils.translation import gettext as _

from trousse.engine.query.datastore import SearchRequest
from trousse.portal.previews.access import PreviewParameterError
from trousse.portal.previews.columns import Column, find

PAGE_SIZES = (10, 25, 50, 100)
DEFAULT_PAGE_SIZE = 25
MAX_PAGE = 10_000_000
FILTER_PREFIX = "f."  # ?f.<column>=value
TEXT_TYPES = ("string", "any")


@dataclass(frozen=True)
class TableQuery:
    """What a table preview page asks for, already checked against the table's columns."""

    table: int = 1
    page: int = 1
    size: int = DEFAULT_PAGE_SIZE
    sort: str = ""  # a column name, or "" for file order
    descending: bool = False
    filters: dict[str, str] = field(default_factory=dict)  # column -> value typed by the visitor
    row: int | None = None  # show one row (its 1-based number, as the map links to it)

    @property
    def offset(self) -> int:
        """Return the first row of the page, 0-based."""
        return (self.page - 1) * self.size

    def search(self, columns: list[Column]) -> SearchRequest:
        """Return the DataStore search for this page: text columns match words, others exact values."""
        if self.row is not None:
            # Rows come in file order without a sort, so row N is at offset N - 1.
            return SearchRequest(fields=["_id", *[c.name for c in columns]], limit=1, offset=self.row - 1)
        exact: dict[str, Any] = {}
        words: dict[str, str] = {}
        for name, value in self.filters.items():
            column = find(columns, name)
            if column is not None and column.type in TEXT_TYPES:
                words[name] = value
            else:
                exact[name] = value
        return SearchRequest(filters=exact, q=words or None, fields=["_id", *[c.name for c in columns]],
                             sort=[(self.sort, self.descending)] if self.sort else (),
                             limit=self.size, offset=self.offset)

    def params(self, **changes: Any) -> str:
        """Return this query as a URL query string, with ``changes`` applied (None drops a parameter)."""
        values: dict[str, Any] = {"table": self.table if self.table != 1 else None, "sort": self.sort or None, "order": "desc" if self.sort and self.descending else None,
                                  "size": self.size if self.size != DEFAULT_PAGE_SIZE else None,
                                  "page": self.page if self.page != 1 else None}
        values.update({f"{FILTER_PREFIX}{k}": v for k, v in self.filters.items()})
        values.update(changes)
        return urlencode([(k, v) for k, v in values.items() if v not in (None, "")])


def _whole(params: QueryDict, name: str, default: int, *, low: int, high: int, message: str) -> int:
    raw = params.get(name, "").strip()
    if raw == "":
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise PreviewParameterError(message, field=name)
    return int(raw)


def read_query(params: QueryDict, columns: list[Column]) -> TableQuery:
    """Return the checked query of a table page, or raise PreviewParameterError with a clear message."""
    sizes = ", ".join(str(s) for s in PAGE_SIZES)
    size = _whole(params, "size", DEFAULT_PAGE_SIZE, low=1, high=max(PAGE_SIZES),
                  message=_("The page size must be a whole number from 1 to %(max)s (for example %(sizes)s).")
                  % {"max": max(PAGE_SIZES), "sizes": sizes})
    page = _whole(params, "page", 1, low=1, high=MAX_PAGE,
                  message=_("The page must be a whole number, 1 or more."))
    row = _whole(params, "row", 0, low=1, high=10**12, message=_("The row must be a whole number, 1 or more.")) or None
    sort = params.get("sort", "").strip()
    if sort and find(columns, sort) is None:
        raise PreviewParameterError(_("There is no column “%(name)s” to sort on.") % {"name": sort[:100]},
                                    field="sort")
    order = params.get("order", "asc").strip().lower() or "asc"
    if order not in ("asc", "desc"):
        raise PreviewParameterError(_("The order must be “asc” or “desc”."), field="order")
    filters = {}
    for key in params:
        if not key.startswith(FILTER_PREFIX):
            continue
        name, value = key[len(FILTER_PREFIX):], params.get(key, "").strip()
        if find(columns, name) is None:
            raise PreviewParameterError(_("There is no column “%(name)s” to filter on.") % {"name": name[:100]},
                                        field=key)
        if value:
            filters[name] = value
    table = params.get("table", "1")
    return TableQuery(table=int(table) if table.isdigit() else 1, page=page, size=size, sort=sort,
                      descending=order == "desc", filters=filters, row=row)
