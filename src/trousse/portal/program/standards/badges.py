"""Show, on the public dataset page, which standard a dataset follows and whether its table conforms."""

from __future__ import annotations

from collections.abc import Sequence

from django.http import HttpRequest
from django.template.loader import render_to_string

from trousse.portal.catalog import hooks
from trousse.portal.catalog.models import Dataset, Resource
from trousse.portal.program.models_indicators import DatasetStandard
from trousse.portal.program.standards import queries
from trousse.portal.program.standards.directory import find


@hooks.register_dataset_badges
def standard_badges(request: HttpRequest, dataset: Dataset, resources: Sequence[Resource]) -> dict[int, str]:
    """Badge the checked resource (or the first one) with each standard the dataset follows."""
    if not resources or not DatasetStandard.objects.filter(dataset=dataset).exists():
        return {}
    out: dict[int, list[str]] = {}
    for item in queries.dataset_tags(dataset):
        standard = find(item.tag.standard)
        if standard is None:
            continue
        target = item.resource.pk if item.resource is not None else resources[0].pk
        out.setdefault(target, []).append(render_to_string("program/standards/_badge.html", {
            "standard": standard, "item": item}, request=request))
    return {key: " ".join(parts) for key, parts in out.items()}
