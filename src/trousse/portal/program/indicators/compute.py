"""Compute every tracked indicator from the live catalogue (published datasets only)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Sum
from django.utils import timezone

from trousse.engine.metadata.vocabularies import FREQUENCIES, is_overdue
from trousse.engine.tables.convert import openness_stars
from trousse.portal.catalog import hooks
from trousse.portal.catalog.metadata import completeness
from trousse.portal.catalog.models import Dataset, Resource
from trousse.portal.catalog.queries import visible_datasets


@dataclass(frozen=True)
class Measure:
    """An indicator's value; for a share, the counts behind it (a share of nothing is 0 of 0)."""

    value: float
    numerator: int | None = None
    denominator: int | None = None


def share(numerator: int, denominator: int) -> Measure:
    """Return ``numerator`` out of ``denominator`` as a percentage rounded to one decimal (0 when empty)."""
    value = round(100 * numerator / denominator, 1) if denominator else 0.0
    return Measure(value, numerator, denominator)


def published_datasets() -> list[Dataset]:
    """Return the datasets anyone can see (the public catalogue), with their licences."""
    return list(visible_datasets(None).select_related("licence", "organization").order_by("pk"))


def resource_stars(resource: Resource, tables: Sequence[hooks.TableData]) -> int:
    """Return the resource's 5-star level: its format, and whether a processed table has a schema."""
    version = resource.current_version
    format_code = (version.format if version is not None and version.format else resource.format) or ""
    has_schema = any(table.schema.get("fields") for table in tables)
    return openness_stars(format_code, has_schema)


def has_dictionary(tables: Iterable[hooks.TableData]) -> bool:
    """Return whether every table has at least one column with a title or a description."""
    tables = list(tables)
    return bool(tables) and all(
        any(any((entry.get(key) or "").strip() for key in ("title_en", "title_fr", "description_en", "description_fr"))
            for entry in table.dictionary.values())
        for table in tables)


def compute_indicators(now: datetime | None = None) -> dict[str, Measure]:
    """Return the value of every tracked indicator now (a share with nothing to count is left out)."""
    now = now or timezone.now()
    datasets = published_datasets()
    ids = [dataset.pk for dataset in datasets]
    resources = list(Resource.objects.filter(dataset_id__in=ids).select_related("current_version").order_by("pk"))
    tables = hooks.resource_tables(resources) if resources else {}
    stars = [resource_stars(resource, tables.get(resource.pk, [])) for resource in resources]
    by_dataset: dict[int, list[hooks.TableData]] = {}
    for resource in resources:
        by_dataset.setdefault(resource.dataset_id, []).extend(tables.get(resource.pk, []))
    with_tables = [pk for pk in ids if by_dataset.get(pk)]
    scheduled = [d for d in datasets if d.frequency in FREQUENCIES and FREQUENCIES[d.frequency].max_age is not None]
    on_time = [d for d in scheduled if not is_overdue(d.frequency, d.data_modified or d.published_at, now)]
    downloads = Dataset.objects.filter(pk__in=ids).aggregate(total=Sum("download_count"))["total"] or 0
    values = {
        "published": Measure(float(len(datasets))),
        "open_licence": share(sum(1 for d in datasets if d.licence is not None and d.licence.is_open), len(datasets)),
        "machine_readable": share(sum(1 for s in stars if s >= 3), len(stars)),
        "described_schema": share(sum(1 for s in stars if s >= 4), len(stars)),
        "data_dictionary": share(sum(1 for pk in with_tables if has_dictionary(by_dataset[pk])), len(with_tables)),
        "bilingual_metadata": share(sum(1 for d in datasets if completeness(d).is_complete), len(datasets)),
        "up_to_date": share(len(on_time), len(scheduled)),
        "downloads": Measure(float(downloads)),
    }
    # A share of nothing (no scheduled dataset, no processed table yet) is not 0 %: it is not measured.
    return {code: m for code, m in values.items() if m.denominator != 0}
