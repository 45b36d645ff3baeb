"""package_search: CKAN's dataset search over the catalogue's own full-text index."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.utils.translation import gettext as _

from trousse.portal.api import packages, params, search_query
from trousse.portal.api.registry import ActionContext, Param, ValidationError, action
from trousse.portal.catalog import facet_index, queries, search
from trousse.portal.catalog.models import Dataset

MAX_ROWS = 1000
FEW_MATCHES = 1000

SEARCH_PARAMS = (
    Param("q", description="Words to find (French and English, accents optional); field:value terms work too."),
    Param("fq", description='Filters, e.g. organization:parks tags:"water quality" res_format:CSV '
                            "groups:environment license_id:ogl-canada-2.0; -field:value excludes."),
    Param("fq_list", "array", "More filter strings, each like fq.", items="string"),
    Param("rows", "integer", "Datasets per page (at most 1000; more is lowered to 1000).", default=10),
    Param("start", "integer", "How many matching datasets to skip.", default=0),
    Param("sort", description="e.g. metadata_modified desc, title_string asc, score desc, name asc.",
          default=search_query.DEFAULT_SORT),
    Param("facet.field", "array", "Fields to count: organization, groups, tags, res_format, license_id, "
                                  "frequency (a JSON list).", items="string"),
    Param("facet.limit", "integer", "Values per facet, most frequent first (-1: all).", default=50),
    Param("facet.mincount", "integer", "Leave out values with fewer datasets.", default=1),
    Param("include_private", "boolean", "Also datasets visible only to your organizations' staff.",
          default=False),
    Param("include_drafts", "boolean", "Also drafts and datasets in review you may see.", default=False),
)


def base_datasets(context: ActionContext, include_private: bool, include_drafts: bool):  # type: ignore[no-untyped-def]
    """Return the datasets the search covers: public ones, plus what the caller may see when asked."""
    user = context.user if (include_private or include_drafts) else AnonymousUser()
    statuses = [Dataset.Status.PUBLISHED]
    if include_drafts:
        statuses += [Dataset.Status.DRAFT, Dataset.Status.IN_REVIEW]
    datasets = queries.visible_datasets(user).filter(status__in=statuses)
    if not include_private:
        datasets = datasets.filter(access_level__in=("public", "restricted"))
    return datasets


@action("package_search", expensive=True, params=SEARCH_PARAMS)
def package_search(context: ActionContext, data: dict[str, Any]) -> dict[str, Any]:
    """Search datasets: full text (q), filters (fq), sorting, paging (rows, start) and facet counts.

    Returns count, results (package dicts), facets ({field: {value: count}}), search_facets and sort.
    """
    q = params.string(data, "q", max_length=1000)
    rows_wanted = params.integer(data, "rows", 10, maximum=MAX_ROWS)
    start = params.integer(data, "start", 0, maximum=10_000_000)
    fq_strings = [params.string(data, "fq", max_length=5000), *params.string_list(data, "fq_list")]
    facet_fields = params.string_list(data, "facet.field")
    unknown = [f for f in facet_fields if f not in search_query.FACET_FIELDS]
    if unknown:
        raise ValidationError(fields={"facet.field": [_("Unknown facet field “%(field)s”; use one of %(fields)s.")
                                                      % {"field": unknown[0][:40],
                                                         "fields": ", ".join(search_query.FACET_FIELDS)}]})
    facet_limit = params.integer(data, "facet.limit", 50, minimum=-1, maximum=1000)
    facet_mincount = params.integer(data, "facet.mincount", 1)
    include_private = params.boolean(data, "include_private")
    include_drafts = params.boolean(data, "include_drafts")

    text, terms = search_query.split_q(q)
    for fq in fq_strings:
        terms += search_query.parse_terms(fq)
    columns, sort = search_query.order_by(params.string(data, "sort", max_length=200), context.lang, bool(text))

    matching = search_query.apply_terms(base_datasets(context, include_private, include_drafts), terms)
    if text:
        matching = search.search(matching, text)
    ids, page_ids, stamp = _matching_ids(matching, columns, text, start, rows_wanted,
                                         bool(facet_fields) and facet_index.usable())
    by_id = {d.pk: d for d in packages.with_related(Dataset.objects.filter(pk__in=page_ids))} if page_ids else {}
    found = [by_id[pk] for pk in page_ids if pk in by_id]
    counts: dict[str, list[tuple[str, str, int]]] = {}
    if facet_fields:
        counts = _facets(ids, stamp, facet_fields, context.lang, limit=facet_limit, mincount=facet_mincount)
    return {
        "count": len(ids),
        "results": packages.package_dicts(context, found),
        "facets": {field: {name: n for name, _label, n in items} for field, items in counts.items()},
        "search_facets": {field: {"title": field, "items": [
            {"name": name, "display_name": label, "count": n} for name, label, n in items]}
            for field, items in counts.items()},
        "sort": sort,
    }


def _matching_ids(matching, columns: list[str], text: str, start: int, rows: int,  # type: ignore[no-untyped-def]
                  stamp: bool) -> tuple[list[int], list[int], str | None]:
    """Return every match's id, the page's ids in the order ``columns`` asks, and the ids' search stamp.

    Relevance order on PostgreSQL: one query reads every id in order (it reads each matching row for
    the text match anyway). Otherwise every id unordered (an index can give them without reading the
    wide dataset rows), then the page alone in order. A leading relevance sort on SQLite is done from
    one FTS5 pass (``search.search``'s per-row rank would run the full-text match again for every
    row): see ``_ranked_page``; SQLite ignores a relevance sort that does not come first, as it
    always has.
    """
    postgresql = connection.vendor == "postgresql"
    if postgresql and any(c.lstrip("-") == "rank" for c in columns):
        ids, read_at = search.ids_and_stamp(matching.order_by(*columns), stamp=stamp)
        return ids, ids[start:start + rows], read_at
    ids, read_at = search.ids_and_stamp(matching.order_by(), stamp=stamp)
    if rows <= 0 or start >= len(ids):
        return ids, [], read_at
    ordering = columns if postgresql else [c for c in columns if c.lstrip("-") != "rank"]
    if columns[0] == "-rank":
        return ids, _ranked_page(ids, text, ordering, start, rows), read_at
    if len(ids) <= FEW_MATCHES:  # a few matches: order just those rows
        ordered = Dataset.objects.filter(pk__in=search.id_list(ids)).order_by(*ordering)
        return ids, list(ordered.values_list("id", flat=True)[start:start + rows]), read_at
    if postgresql:  # many: PostgreSQL's planner walks an index on the sort column and stops after the page
        return ids, list(matching.order_by(*ordering).values_list("id", flat=True)[start:start + rows]), read_at
    return ids, _first_in_order(set(ids), ordering, start, rows), read_at


def _first_in_order(matched: set[int], ordering: list[str], start: int, rows: int) -> list[int]:
    """Return the page of ``matched`` ids in ``ordering`` by walking the whole catalogue in that order (SQLite).

    Given the filters, SQLite's planner picks the (status, access_level) index and sorts every match
    (20 ms for 10,000); unfiltered, it walks the sort column's index and stops as soon as the page is
    found (well under a millisecond when most datasets match, the only case this is used for).
    """
    page: list[int] = []
    position = 0
    for pk in Dataset.objects.order_by(*ordering).values_list("id", flat=True).iterator(chunk_size=500):
        if pk in matched:
            if position >= start:
                page.append(pk)
                if len(page) == rows:
                    break
            position += 1
    return page


def _ranked_page(ids: list[int], text: str, ordering: list[str], start: int, rows: int) -> list[int]:
    """Return ids[start:start + rows] once ordered by relevance, then by ``ordering`` among equal ranks.

    Only the datasets that can be on the page or before it are ordered in SQL: those ranked at least as
    high as the last one needed (ties included). Every other match ranks lower, so it comes after
    them all in the full order, which this prefix therefore equals.
    """
    ranks = search_query.fts_ranks(text)
    by_rank = sorted(ids, key=lambda pk: ranks.get(pk, 0.0), reverse=True)
    needed = start + rows
    if needed < len(by_rank):
        floor = ranks.get(by_rank[needed - 1], 0.0)
        by_rank = [pk for pk in by_rank if ranks.get(pk, 0.0) >= floor]
    ordered = list(Dataset.objects.filter(pk__in=search.id_list(by_rank)).order_by(*ordering)
                   .values_list("id", flat=True))
    ordered.sort(key=lambda pk: ranks.get(pk, 0.0), reverse=True)  # stable: ``ordering`` holds among ties
    return ordered[start:needed]


def _facets(ids: list[int], stamp: str | None, fields: list[str], lang: str, *, limit: int,
            mincount: int) -> dict[str, list[tuple[str, str, int]]]:
    """Count the matches' facets from the process's facet index when it is of the matches' stamp, else in SQL."""
    index = facet_index.for_stamp(stamp) if ids else None
    if index is not None:
        counts = search_query.indexed_facet_counts(index, ids, fields, lang, limit=limit, mincount=mincount)
        if counts is not None:
            return counts
    rows = list(Dataset.objects.filter(pk__in=search.id_list(ids)).order_by().values_list(*search_query.ROW_FIELDS))
    return search_query.facet_counts(rows, search.id_list(ids), fields, lang, limit=limit, mincount=mincount)
