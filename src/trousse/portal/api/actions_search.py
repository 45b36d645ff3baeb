"""package_search: CKAN's dataset search over the catalogue's own full-text index."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.utils.translation import gettext as _

from trousse.portal.api import packages, params, search_query
from trousse.portal.api.registry import ActionContext, Param, ValidationError, action
from trousse.portal.catalog import queries, search
from trousse.portal.catalog.models import Dataset

MAX_ROWS = 1000

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
    rows = _matching_rows(matching, columns, text)
    count = len(rows)
    page_ids = [row[0] for row in rows[start:start + rows_wanted]]
    by_id = {d.pk: d for d in packages.with_related(Dataset.objects.filter(pk__in=page_ids))} if page_ids else {}
    found = [by_id[pk] for pk in page_ids if pk in by_id]
    counts: dict[str, list[tuple[str, str, int]]] = {}
    if facet_fields:
        counts = search_query.facet_counts(rows, search_query.id_list([row[0] for row in rows]), facet_fields, context.lang, limit=facet_limit,
                                           mincount=facet_mincount)
    return {
        "count": count,
        "results": packages.package_dicts(context, found),
        "facets": {field: {name: n for name, _label, n in items} for field, items in counts.items()},
        "search_facets": {field: {"title": field, "items": [
            {"name": name, "display_name": label, "count": n} for name, label, n in items]}
            for field, items in counts.items()},
        "sort": sort,
    }


def _matching_rows(matching, columns: list[str], text: str) -> list[tuple[Any, ...]]:  # type: ignore[no-untyped-def]
    """Read every match once, narrow (id and three facet values), in the order ``columns`` asks.

    The count, the page and three facets then share this one query. On SQLite a leading relevance sort
    is applied here from one FTS5 pass over the index (``search.search``'s per-row rank would run the
    full-text match again for every matching row); the database orders by the other columns first, and
    Python's stable sort keeps that order among equal ranks.
    """
    rank_here = bool(columns) and columns[0] == "-rank" and connection.vendor != "postgresql"
    ordering = [c for c in columns if c.lstrip("-") != "rank"] if connection.vendor != "postgresql" else columns
    rows = list(matching.order_by(*ordering).values_list(*search_query.ROW_FIELDS))
    if rank_here:
        ranks = search_query.fts_ranks(text)
        rows.sort(key=lambda row: ranks.get(row[0], 0.0), reverse=True)
    return rows
