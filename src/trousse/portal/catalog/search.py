"""Full-text search over datasets, on SQLite FTS5 or PostgreSQL, from one normalized document.

The engine's textsearch module folds accents, strips French elisions and stems
each field in its own language; the database only matches plain ASCII terms.
French therefore works the same on both databases, without database dictionaries.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import FloatField, QuerySet
from django.db.models.expressions import RawSQL

from trousse.engine.metadata import textsearch
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


def search(queryset: QuerySet[Dataset], q: str) -> QuerySet[Dataset]:
    """Filter ``queryset`` to datasets matching ``q`` and annotate ``rank`` (higher is better)."""
    groups = textsearch.parse_query(q)
    if not groups:
        return queryset.annotate(rank=RawSQL("0", [], output_field=FloatField()))
    if connection.vendor == "postgresql":
        tsquery = textsearch.pg_tsquery(groups)
        vector = "to_tsvector('simple', catalog_dataset.search_document)"
        return (queryset.extra(where=[f"{vector} @@ to_tsquery('simple', %s)"], params=[tsquery])
                .annotate(rank=RawSQL(f"ts_rank({vector}, to_tsquery('simple', %s))", [tsquery],
                                      output_field=FloatField())))
    match = textsearch.fts5_match(groups)
    ids = RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [match])
    # bm25() is lower for better matches; negate so that higher is better on both databases.
    rank = RawSQL(f"(SELECT -bm25({FTS_TABLE}) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "
                  f"AND rowid = catalog_dataset.id)", [match], output_field=FloatField())
    return queryset.filter(id__in=ids).annotate(rank=rank)
