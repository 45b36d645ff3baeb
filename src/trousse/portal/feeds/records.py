"""Catalogue models → engine records for the feeds, with the portal's real download addresses."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.urls import reverse

from trousse.engine.metadata.model import DatasetMeta, OrganizationMeta, ResourceMeta
from trousse.portal.catalog.metadata import dataset_meta, organization_meta
from trousse.portal.catalog.models import Dataset, Resource


@dataclass
class Records:
    """Engine records of some datasets, their organizations, and the download address of each file."""

    datasets: list[DatasetMeta] = field(default_factory=list)
    organizations: list[OrganizationMeta] = field(default_factory=list)
    # id() of a file's ResourceMeta -> the portal's download path (records are frozen and may be equal,
    # so identity is the only safe key while the records live).
    _paths: dict[int, str] = field(default_factory=dict)

    def file_url(self, base_url: str, dataset: DatasetMeta, resource: ResourceMeta) -> str:
        """Return a file's download URL (the engine's ``FileUrl``): ``{base}/files/<id>/latest``."""
        path = self._paths.get(id(resource), "")
        return f"{base_url.rstrip('/')}{path}" if path else ""


_PLACEHOLDER = 987654321


def latest_path(resource: Resource, template: str | None = None) -> str:
    """Return the stable download path of a file resource (redirects to the current version).

    ``template`` is ``latest_template()``, when mapping many resources: reverse() costs more than
    the rest of a resource's mapping.
    """
    if template is None:
        return reverse("latest_download", kwargs={"resource_id": resource.pk})
    return template.replace(str(_PLACEHOLDER), str(resource.pk))


def latest_template() -> str:
    """Return the download path of an imaginary resource, for latest_path to fill in."""
    return reverse("latest_download", kwargs={"resource_id": _PLACEHOLDER})


def records_for(datasets: Iterable[Dataset]) -> Records:
    """Map datasets (with organization, licence, tags, themes and resources prefetched) to engine records."""
    out = Records()
    template = latest_template()
    organizations: dict[int, OrganizationMeta] = {}
    for dataset in datasets:
        meta = dataset_meta(dataset)
        resources: Sequence[Resource] = list(dataset.resources.all())
        metas = [_with_file(out, resource, rmeta, template)
                 for resource, rmeta in zip(resources, meta.resources, strict=True)]
        out.datasets.append(dataclasses.replace(meta, resources=tuple(metas)))
        if dataset.organization_id not in organizations:
            organizations[dataset.organization_id] = organization_meta(dataset.organization)
    out.organizations = list(organizations.values())
    return out


def _with_file(records: Records, resource: Resource, meta: ResourceMeta, template: str) -> ResourceMeta:
    # The engine maps a file only when its record has a path; the name is enough (never opened here).
    version: Any = resource.current_version
    if resource.kind != Resource.Kind.FILE or version is None:
        return meta
    meta = dataclasses.replace(meta, path=Path(version.filename), format=meta.format or version.format)
    records._paths[id(meta)] = latest_path(resource, template)
    return meta
