"""Our nouns in CKAN's words: datasets as packages, themes as groups, licences as licenses.

The only place that knows CKAN's field names (DESIGN.md §3: CKAN compatibility is a translation
layer). Bilingual values are also given as the Canadian Open Government Portal does:
``title_translated`` / ``notes_translated`` ``{"en", "fr"}`` and ``keywords`` ``{"en": [...], "fr": [...]}``.
Ids are our primary keys as strings; every lookup accepts an id or a name.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from django.http import HttpRequest

from trousse.portal.api import links
from trousse.portal.catalog import hooks
from trousse.portal.catalog.models import Dataset, Licence, Organization, Resource, Theme
from trousse.portal.core.localized import pick

# Our workflow states in CKAN's: a package is "active" once published, "draft" before, and an
# archived (withdrawn) one reads as "deleted", which is how CKAN shows a removed package to its staff.
STATES = {Dataset.Status.PUBLISHED: "active", Dataset.Status.DRAFT: "draft", Dataset.Status.IN_REVIEW: "draft",
          Dataset.Status.ARCHIVED: "deleted"}
# Dataset fields without a CKAN equivalent travel as extras (key -> our field).
EXTRAS = ("frequency", "access_level", "spatial_en", "spatial_fr", "temporal_start", "temporal_end",
          "publisher_en", "publisher_fr", "contact_phone")


def timestamp(value: datetime | None) -> str | None:
    """Return CKAN's timestamp form: naive UTC ISO 8601."""
    if value is None:
        return None
    return value.astimezone(UTC).replace(tzinfo=None).isoformat()


def translated(obj: Any, field: str) -> dict[str, str]:
    return {"en": getattr(obj, f"{field}_en", "") or "", "fr": getattr(obj, f"{field}_fr", "") or ""}


def is_private(dataset: Dataset) -> bool:
    """A package is private when the public cannot see it (unpublished, or listed for staff only)."""
    return not (dataset.status == Dataset.Status.PUBLISHED and dataset.access_level in ("public", "restricted"))


def organization_dict(organization: Organization, lang: str, request: HttpRequest | None = None,
                      package_count: int | None = None) -> dict[str, Any]:
    """Return an organization as CKAN's organization dict."""
    title = pick(organization, "name", lang).value or organization.slug
    image = ""
    if organization.logo and request is not None:
        image = links.for_request(request).absolute("organization_logo", slug=organization.slug)
    out: dict[str, Any] = {
        "id": str(organization.pk), "name": organization.slug, "title": title, "display_name": title,
        "title_translated": translated(organization, "name"),
        "description": pick(organization, "description", lang).value,
        "description_translated": translated(organization, "description"),
        "image_url": image, "image_display_url": image, "created": timestamp(organization.created),
        "is_organization": True, "type": "organization", "state": "active", "approval_status": "approved",
    }
    if package_count is not None:
        out["package_count"] = package_count
    return out


def group_dict(theme: Theme, lang: str, package_count: int | None = None) -> dict[str, Any]:
    """Return a theme as CKAN's group dict."""
    title = pick(theme, "label", lang).value
    out: dict[str, Any] = {
        "id": theme.code, "name": theme.code, "title": title, "display_name": title,
        "title_translated": translated(theme, "label"),
        "description": pick(theme, "description", lang).value,
        "image_url": "", "image_display_url": "", "is_organization": False, "type": "group",
        "state": "active", "approval_status": "approved",
    }
    if package_count is not None:
        out["package_count"] = package_count
    return out


def license_dict(licence: Licence, lang: str) -> dict[str, Any]:
    """Return a licence as an entry of CKAN's license_list."""
    return {
        "id": licence.code, "title": pick(licence, "title", lang).value, "url": pick(licence, "url", lang).value,
        "title_translated": translated(licence, "title"),
        "od_conformance": "approved" if licence.is_open else "not reviewed",
        "osd_conformance": "not reviewed", "is_okd_compliant": licence.is_open, "is_osi_compliant": False,
        "domain_content": True, "domain_data": True, "domain_software": False, "status": "active",
        "family": "", "maintainer": "",
    }


def resource_dict(resource: Resource, lang: str, request: HttpRequest, *, datastore_active: bool,
                  dataset: Dataset | None = None) -> dict[str, Any]:
    """Return a resource as CKAN's resource dict (file resources point at their immutable download)."""
    version = resource.current_version
    name = pick(resource, "name", lang).value
    if resource.kind == Resource.Kind.FILE and version is not None:
        url = links.for_request(request).absolute("version_download", resource_id=resource.pk,
                                                  number=version.number, filename=version.filename)
    else:
        url = resource.url
    dataset = dataset or resource.dataset
    return {
        "id": str(resource.pk), "package_id": str(resource.dataset_id), "name": name,
        "name_translated": translated(resource, "name"),
        "description": pick(resource, "description", lang).value,
        "description_translated": translated(resource, "description"),
        "url": url, "format": resource.format, "language": [resource.language],
        "url_type": "upload" if resource.kind == Resource.Kind.FILE else None,
        "resource_type": resource.kind,
        "mimetype": version.media_type if version else None,
        "size": version.size if version else None,
        "hash": f"sha256:{version.sha256}" if version else "",
        "version": version.number if version else None,
        "created": timestamp(resource.created),
        "last_modified": timestamp(version.created) if version else None,
        "metadata_modified": timestamp(resource.modified),
        "position": resource.position, "state": STATES.get(dataset.status, "active"),
        "datastore_active": datastore_active,
    }


def active_tables(resources: Sequence[Resource]) -> set[int]:
    """Return the ids of ``resources`` that have a processed table (CKAN's ``datastore_active``)."""
    if not resources:
        return set()
    return hooks.resources_with_tables(resources)


def package_dict(dataset: Dataset, lang: str, request: HttpRequest, *, resources: Iterable[Resource],
                 datastore: set[int]) -> dict[str, Any]:
    """Return a dataset as CKAN's package dict (fetch it with packages.with_related)."""
    tags = getattr(dataset, "api_tags", None)
    if tags is None:
        tags = list(dataset.tags.all())
    themes = getattr(dataset, "api_themes", None)
    if themes is None:
        themes = list(dataset.themes.all())
    resources = list(resources)
    licence = dataset.licence
    title = pick(dataset, "title", lang).value
    extras = [{"key": key, "value": _extra(getattr(dataset, key))} for key in EXTRAS if getattr(dataset, key)]
    tag_names = sorted({t.name for t in tags})
    return {
        "id": str(dataset.pk), "name": dataset.slug, "title": title, "type": "dataset",
        "title_translated": translated(dataset, "title"),
        "notes": pick(dataset, "description", lang).value,
        "notes_translated": translated(dataset, "description"),
        "keywords": {"en": sorted(t.name for t in tags if t.lang == "en"),
                     "fr": sorted(t.name for t in tags if t.lang == "fr")},
        "owner_org": str(dataset.organization_id),
        "organization": organization_dict(dataset.organization, lang, request),
        "private": is_private(dataset), "state": STATES.get(dataset.status, "draft"),
        "workflow_status": dataset.status,
        "license_id": licence.code if licence else "",
        "license_title": pick(licence, "title", lang).value if licence else "",
        "license_url": pick(licence, "url", lang).value if licence else "",
        "isopen": bool(licence and licence.is_open),
        "maintainer": dataset.contact_name or None, "maintainer_email": dataset.contact_email or None,
        "author": pick(dataset, "publisher", lang).value or None, "author_email": None,
        "url": links.for_request(request).absolute("catalog:dataset", slug=dataset.slug),
        "version": None,
        "metadata_created": timestamp(dataset.created), "metadata_modified": timestamp(dataset.modified),
        "tags": [{"name": n, "display_name": n, "state": "active", "vocabulary_id": None} for n in tag_names],
        "groups": [group_dict(t, lang) for t in themes],
        "extras": extras,
        "resources": [resource_dict(r, lang, request, datastore_active=r.pk in datastore, dataset=dataset)
                      for r in resources],
        "num_resources": len(resources), "num_tags": len(tag_names),
    }


def _extra(value: Any) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)
