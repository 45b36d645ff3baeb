"""Read the standards directory with the datasets that follow each standard and their conformance."""

from __future__ import annotations

from dataclasses import dataclass

from trousse.portal.catalog import hooks
from trousse.portal.catalog.models import Dataset, Resource
from trousse.portal.catalog.permissions import AnyUser
from trousse.portal.catalog.queries import visible_datasets
from trousse.portal.program.models_indicators import DatasetStandard
from trousse.portal.program.standards.conformance import Conformance, check_table
from trousse.portal.program.standards.directory import Standard, StandardTable, find, standards


@dataclass(frozen=True)
class TaggedDataset:
    """A dataset that follows a standard, with the conformance of its first table (when one is checked)."""

    tag: DatasetStandard
    dataset: Dataset
    table: StandardTable | None
    resource: Resource | None
    conformance: Conformance | None  # None: nothing to check (no schema, or no processed table yet)


@dataclass(frozen=True)
class DirectoryEntry:
    """A standard and the datasets the user may see that follow it."""

    standard: Standard
    datasets: list[TaggedDataset]


def first_table(dataset: Dataset) -> tuple[Resource, hooks.TableData] | None:
    """Return the dataset's first resource with a processed table, and that table."""
    resources = list(Resource.objects.filter(dataset=dataset).select_related("current_version").order_by("position", "pk"))
    tables = hooks.resource_tables(resources) if resources else {}
    for resource in resources:
        if tables.get(resource.pk):
            return resource, tables[resource.pk][0]
    return None


def tagged(tag: DatasetStandard) -> TaggedDataset:
    """Return a tag with its conformance checked (cached per table version)."""
    standard = find(tag.standard)
    table = standard.table(tag.table) if standard is not None and tag.table else None
    found = first_table(tag.dataset) if table is not None else None
    if table is None or found is None:
        return TaggedDataset(tag, tag.dataset, table, found[0] if found else None, None)
    resource, data = found
    return TaggedDataset(tag, tag.dataset, table, resource,
                         check_table(data, table.schema, cache_key=f"{tag.standard}.{table.code}"))


def directory(user: AnyUser | None) -> list[DirectoryEntry]:
    """Return every standard with the datasets ``user`` may see that follow it."""
    visible = visible_datasets(user)
    tags = list(DatasetStandard.objects.filter(dataset__in=visible).select_related("dataset", "dataset__organization")
                .order_by("dataset__title_en", "pk"))
    by_code: dict[str, list[TaggedDataset]] = {}
    for tag in tags:
        by_code.setdefault(tag.standard, []).append(tagged(tag))
    return [DirectoryEntry(standard, by_code.get(standard.code, [])) for standard in standards()]


def dataset_tags(dataset: Dataset) -> list[TaggedDataset]:
    """Return the standards ``dataset`` follows, each with its conformance."""
    return [tagged(tag) for tag in DatasetStandard.objects.filter(dataset=dataset).order_by("standard")]
