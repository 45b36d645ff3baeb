"""Map catalogue models to the engine's metadata records (the one path for every export)."""

from __future__ import annotations

from trousse.engine.metadata.completeness import Completeness, assess_completeness
from trousse.engine.metadata.model import (
    Contact,
    DatasetMeta,
    LocalizedKeywords,
    LocalizedText,
    OrganizationMeta,
    ResourceMeta,
)
from trousse.portal.catalog.models import Dataset, Organization


def _text(obj: object, field: str) -> LocalizedText:
    return LocalizedText(getattr(obj, f"{field}_en", "") or "", getattr(obj, f"{field}_fr", "") or "")


def organization_meta(organization: Organization) -> OrganizationMeta:
    """Return the organization as an engine record."""
    return OrganizationMeta(slug=organization.slug, name=_text(organization, "name"),
                            description=_text(organization, "description"),
                            contact=Contact(email=organization.email, phone=organization.phone),
                            website=organization.website)


def dataset_meta(dataset: Dataset) -> DatasetMeta:
    """Return the dataset, its keywords, themes and resources as an engine record."""
    tags = list(dataset.tags.all())
    resources = tuple(
        ResourceMeta(name=_text(r, "name"), description=_text(r, "description"), url=r.url,
                     format=r.format, language=r.language)
        for r in dataset.resources.all()
    )
    return DatasetMeta(
        slug=dataset.slug,
        organization=dataset.organization.slug,
        title=_text(dataset, "title"),
        description=_text(dataset, "description"),
        keywords=LocalizedKeywords(en=tuple(t.name for t in tags if t.lang == "en"),
                                   fr=tuple(t.name for t in tags if t.lang == "fr")),
        themes=tuple(t.code for t in dataset.themes.all()),
        licence=dataset.licence.code if dataset.licence_id else "",
        publisher=_text(dataset, "publisher"),
        contact=Contact(dataset.contact_name, dataset.contact_email, dataset.contact_phone),
        spatial=_text(dataset, "spatial"),
        temporal_start=dataset.temporal_start,
        temporal_end=dataset.temporal_end,
        frequency=dataset.frequency,
        access_level=dataset.access_level,
        access_reason=_text(dataset, "access_reason"),
        resources=resources,
        status=dataset.status,
        modified=dataset.data_modified,
        issued=dataset.published_at,
    )


def completeness(dataset: Dataset) -> Completeness:
    """Return the dataset's metadata completeness with the missing fields per language."""
    return assess_completeness(dataset_meta(dataset))
