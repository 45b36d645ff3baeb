"""Fetch datasets as the caller may see them and turn many at once into package dicts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from trousse.portal.api import ckan_shapes
from trousse.portal.api.ckan_input import find_dataset_row
from trousse.portal.api.registry import ActionContext, NotFound, ValidationError
from trousse.portal.catalog import permissions
from trousse.portal.catalog.models import Dataset, Resource


def with_related(queryset: QuerySet[Dataset]) -> QuerySet[Dataset]:
    """Return ``queryset`` with everything a package dict reads fetched in a fixed number of queries."""
    resources = Resource.objects.select_related("current_version")
    # to_attr gives plain lists: a related manager per dataset and relation costs more than the rows.
    return queryset.select_related("organization", "licence").prefetch_related(
        Prefetch("tags", to_attr="api_tags"), Prefetch("themes", to_attr="api_themes"),
        Prefetch("resources", queryset=resources, to_attr="api_resources"))


def package_dicts(context: ActionContext, datasets: Sequence[Dataset]) -> list[dict[str, Any]]:
    """Return package dicts for ``datasets`` (fetched with ``with_related``), in order."""
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
