"""Full-text search over datasets, on SQLite FTS5 or PostgreSQL, from one normalized document.

The engine's textsearch module folds accents, strips French elisions and stems
each field in its own language; the database only matches plain ASCII terms.
French therefore works the same on both databases, without database dictionaries.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import BooleanField, F, Field, FloatField, Func, QuerySet, Value
from django.db.models.expressions import RawSQL

from trousse.engine.metadata import textsearch
from trousse.portal.catalog import search_stamp
from trousse.portal.catalog.models import Dataset

FTS_TABLE = "catalog_dataset_fts"


def build_document(dataset: Dataset) -> str:
    """Return the normalized search document for ``dataset`` (titles weigh more: repeated)."""
    fields: list[tuple[str, str]] = []
    for lang in ("en", "fr"):
        title = getattr(dataset, f"title_{lang}")
        fields += [(title, lang), (title, lang)]
        fields.append((getattr(dataset, f"description_{lang}"), lang))
        fields.append((getattr(dataset, f"spatial_{lang}"), lang))
        org_name = getattr(dataset.organization, f"name_{lang}")
        fields.append((org_name, lang))
    fields.append((dataset.slug.replace("-", " "), "und"))
    if dataset.pk:
        fields += [(tag.name, tag.lang) for tag in dataset.tags.all()]
        for theme in dataset.themes.all():
            fields += [(theme.label_en, "en"), (theme.label_fr, "fr")]
        for resource in dataset.resources.all():
            fields += [(resource.name_en, "en"), (resource.name_fr, "fr"), (resource.format, "und")]
    return textsearch.document(fields)


def update_index(dataset: Dataset) -> None:
    """Recompute and store the dataset's search document (call inside the writing transaction)."""
    document = build_document(dataset)
    Dataset.objects.filter(pk=dataset.pk).update(search_document=document)
    dataset.search_document = document
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [dataset.pk])
            cursor.execute(f"INSERT INTO {FTS_TABLE}(rowid, doc) VALUES (%s, %s)", [dataset.pk, document])


def remove_from_index(dataset_id: int) -> None:
    """Drop a deleted dataset from the SQLite index (PostgreSQL indexes the column itself)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [dataset_id])


class _SearchSQL(Func):
    """SQL written around compiled expressions ({0}, {1}… in order), so Django names the table.

    Raw SQL naming ``catalog_dataset`` breaks when the search becomes a subquery, where Django
    aliases the table (facet counts do this: ``id__in=queryset.values("id")``).
    """

    def __init__(self, sql: str, *expressions: Any, output_field: Field) -> None:
        super().__init__(*expressions, output_field=output_field)
        self.sql = sql

    def as_sql(self, compiler, connection, **extra_context):  # type: ignore[no-untyped-def]
        parts, params = [], []
        for expression in self.get_source_expressions():
            sql, expression_params = compiler.compile(expression)
            parts.append(sql)
            params.extend(expression_params)
        return self.sql.format(*parts), params


class _StoredVector(Func):
    """The dataset's stored tsvector column (PostgreSQL, migration 0006), named through Django's alias.

    It is not a model field, so it is reached by compiling ``search_document`` (which Django aliases
    like any column) and swapping the column's name.
    """

    def __init__(self) -> None:
        super().__init__(F("search_document"), output_field=Field())

    def as_sql(self, compiler, connection, **extra_context):  # type: ignore[no-untyped-def]
        sql, params = compiler.compile(self.get_source_expressions()[0])
        quote = connection.ops.quote_name
        return sql.replace(quote("search_document"), quote("search_vector")), params


def search(queryset: QuerySet[Dataset], q: str) -> QuerySet[Dataset]:
    """Filter ``queryset`` to datasets matching ``q`` and annotate ``rank`` (higher is better).

    On SQLite the ``rank`` annotation runs the full-text match again for each row it is read for:
    fine for a page of rows, quadratic when ordering every match by it. Order by relevance with
    ``ranked_ids``, which reads every rank in one pass on both databases.
    """
    groups = textsearch.parse_query(q)
    if not groups:
        return queryset.annotate(rank=RawSQL("0", [], output_field=FloatField()))
    if connection.vendor == "postgresql":
        tsquery = Value(textsearch.pg_tsquery(groups))
        matches = _SearchSQL("{0} @@ to_tsquery('simple', {1})", _StoredVector(), tsquery,
                             output_field=BooleanField())
        rank = _SearchSQL("ts_rank({0}, to_tsquery('simple', {1}))", _StoredVector(), tsquery,
                          output_field=FloatField())
        return queryset.filter(matches).annotate(rank=rank)
    match = textsearch.fts5_match(groups)
    ids = RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [match])
    # bm25() is lower for better matches; negate so that higher is better on both databases.
    rank = _SearchSQL(f"(SELECT -bm25({FTS_TABLE}) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH {{0}} "
                      f"AND rowid = {{1}})", Value(match), F("id"), output_field=FloatField())
    return queryset.filter(id__in=ids).annotate(rank=rank)


def id_list(ids: list[int]) -> RawSQL:
    """Return ``ids`` as a subquery taking one parameter (a JSON array on SQLite, an array on PostgreSQL).

    One parameter instead of thousands: no variable limit, and the ORM does not process each value.
    Facet counts run over the matching ids this way rather than re-running the search as a subquery.
    """
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", [ids])
    return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(ids)])


def ids_and_stamp(queryset: QuerySet[Dataset], *, stamp: bool = True) -> tuple[list[int], str | None]:
    """Return the ids of ``queryset`` in its order, and the search stamp of the catalogue they were read from.

    The stamp is read just before and just after the ids: equal, no change to what facets count
    committed in between, so the ids are of the catalogue at that stamp, which facet_index needs to
    count them exactly; different, the stamp is None (as on a database without one, or when ``stamp``
    is false). Read through the cursor, without the ORM's per-row work (thousands of rows).
    """
    try:
        sql, params = queryset.values_list("id").query.sql_with_params()
    except EmptyResultSet:  # a condition no row can meet (e.g. id:abc): Django writes no SQL for it
        return [], None
    before = search_stamp.read(connection) if stamp else None
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        ids = [row[0] for row in cursor.fetchall()]
    if before is None or search_stamp.read(connection) != before:
        return ids, None
    return ids, before


def fts_ranks(q: str) -> dict[int, float]:
    """Return {dataset id: relevance} for ``q`` from SQLite's FTS5 index in one pass (higher is better)."""
    groups = textsearch.parse_query(q)
    if not groups:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT rowid, -bm25({FTS_TABLE}) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",
                       [textsearch.fts5_match(groups)])
        return dict(cursor.fetchall())


def ranked_ids(matching: QuerySet[Dataset], q: str, then: list[str], fields: tuple[str, ...] = ("id",),
               ) -> list[tuple[Any, ...]]:
    """Return ``fields`` of every dataset of ``matching`` (a ``search`` result), best match first.

    Ties keep the order of the ``then`` columns. PostgreSQL orders by the stored vector's ts_rank in
    SQL; SQLite reads every rank in one FTS5 pass and sorts here (Python's sort is stable, so the
    database's order by ``then`` holds among equal ranks), as its per-row ``rank`` would be quadratic.
    """
    if not textsearch.parse_query(q):  # nothing to match (punctuation only): every rank is equal
        return list(matching.order_by(*then).values_list(*fields))
    if connection.vendor == "postgresql":
        return list(matching.order_by("-rank", *then).values_list(*fields))
    rows = list(matching.order_by(*then).values_list(*fields))
    ranks = fts_ranks(q)
    position = fields.index("id")
    rows.sort(key=lambda row: ranks.get(row[position], 0.0), reverse=True)
    return rows
