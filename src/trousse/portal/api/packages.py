"""Fetch datasets as the caller may see them and turn many at once into package dicts."""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Sequence
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from trousse.portal.api import ckan_shapes
from trousse.portal.api.ckan_input import find_dataset_row
from trousse.portal.api.registry import ActionContext, NotFound, ValidationError
from trousse.portal.catalog import permissions
from trousse.portal.catalog.models import Dataset, Resource

# A package dict reads two fields of a keyword and five of a theme: rows, not model instances (a page
# of 100 datasets has about 800 keywords, and building a model per row cost more than the query).
TagRow = namedtuple("TagRow", "name lang")
ThemeRow = namedtuple("ThemeRow", "code label_en label_fr description_en description_fr")


def with_related(queryset: QuerySet[Dataset]) -> QuerySet[Dataset]:
    """Return ``queryset`` with everything a package dict reads fetched in a fixed number of queries."""
    resources = Resource.objects.select_related("current_version")
    # to_attr gives plain lists: a related manager per dataset and relation costs more than the rows.
    # Keywords and themes are attached by package_dicts (attach_labels), as rows.
    return queryset.select_related("organization", "licence").prefetch_related(
        Prefetch("resources", queryset=resources, to_attr="api_resources"))


def attach_labels(datasets: Sequence[Dataset]) -> None:
    """Set ``api_tags`` and ``api_themes`` on each of ``datasets``: two queries for them all."""
    ids = [d.pk for d in datasets if not hasattr(d, "api_tags")]
    if not ids:
        return
    tags: dict[int, list[TagRow]] = {pk: [] for pk in ids}
    for dataset_id, name, lang in (Dataset.tags.through.objects.filter(dataset_id__in=ids).order_by()
                                   .values_list("dataset_id", "tag__name", "tag__lang")):
        tags[dataset_id].append(TagRow(name, lang))
    themes: dict[int, list[ThemeRow]] = {pk: [] for pk in ids}
    for dataset_id, *row in (Dataset.themes.through.objects.filter(dataset_id__in=ids)
                             .order_by("theme__position", "theme__code")
                             .values_list("dataset_id", *(f"theme__{f}" for f in ThemeRow._fields))):
        themes[dataset_id].append(ThemeRow(*row))
    for dataset in datasets:
        if dataset.pk in tags:
            dataset.api_tags = tags[dataset.pk]  # type: ignore[attr-defined]
            dataset.api_themes = themes[dataset.pk]  # type: ignore[attr-defined]


def package_dicts(context: ActionContext, datasets: Sequence[Dataset]) -> list[dict[str, Any]]:
    """Return package dicts for ``datasets`` (fetched with ``with_related``), in order."""
    attach_labels(datasets)
    resources = [r for d in datasets for r in d.api_resources]  # type: ignore[attr-defined]
    datastore = ckan_shapes.active_tables(resources)
    return [ckan_shapes.package_dict(d, context.lang, context.request, resources=d.api_resources,  # type: ignore[attr-defined]
                                     datastore=datastore) for d in datasets]


def visible_dataset(context: ActionContext, value: str, param: str = "id") -> Dataset:
    """Return the dataset named by id or name if the caller may see it; NotFound otherwise (no leak)."""
    if not value:
        raise ValidationError(fields={param: [_("Missing value")]})
    dataset = find_dataset_row(value)
    if dataset is None or not permissions.can_view_dataset(context.user, dataset):
        raise NotFound(_("Dataset not found."))
    return dataset
