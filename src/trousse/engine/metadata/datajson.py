"""Map our metadata to a DCAT-US 1.1 (Project Open Data) ``data.json`` catalogue.

The target is the **non-federal** profile that data.gov's harvester applies to city,
county and state catalogues (GSA/ckanext-datajson ``pod_schema/non-federal-v1.1``): a
municipality has no OMB ``bureauCode`` or ``programCode``, and that profile drops them
from the required list.

DCAT-US is monolingual, so each catalogue is written in one language (``lang``), taking
the other language's text where a value is blank in ``lang``. Blank values are left out
rather than written as ``""``: a dataset with no description at all then fails the
schema's ``required`` check, which is the honest result.

The functions are pure: they map what they are given. Choosing which datasets to list
(published ones, and whether to disclose non-public ones) is the caller's policy.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from trousse.engine.metadata.licences import LICENCES, licence_url
from trousse.engine.metadata.model import DatasetMeta, LocalizedText, OrganizationMeta, ResourceMeta
from trousse.engine.metadata.vocabularies import (
    ACCESS_LEVELS,
    FREQUENCIES,
    RESOURCE_LANGUAGES,
    THEMES,
    media_type_for,
)

POD_SCHEMA = "https://project-open-data.cio.gov/v1.1/schema"
POD_CONTEXT = f"{POD_SCHEMA}/catalog.jsonld"
POD_CATALOG_SCHEMA = f"{POD_SCHEMA}/catalog.json"
# Rights text is limited to 255 characters by the schema.
RIGHTS_MAX = 255
# A downloadURL requires a mediaType; this is the IANA type for "some bytes".
FALLBACK_MEDIA_TYPE = "application/octet-stream"

# (base_url, dataset, resource) -> the URL that serves a resource's file.
FileUrl = Callable[[str, DatasetMeta, ResourceMeta], str]


def data_json(
    datasets: Iterable[DatasetMeta],
    organizations: Iterable[OrganizationMeta],
    *,
    base_url: str,
    catalog_title: str | LocalizedText,
    lang: str = "en",
    municipal_licence_url: str | LocalizedText = "",
    catalog_url: str | None = None,
    file_url: FileUrl | None = None,
) -> dict[str, Any]:
    """Return a DCAT-US 1.1 catalogue (the ``data.json`` document) for ``datasets``.

    ``base_url`` is the portal's root (``https://data.example.ca``); dataset pages are
    ``{base_url}/datasets/{slug}/`` and serve as identifiers. ``municipal_licence_url``
    is the URL of the municipality's own licence text (for ``ogl-municipal``).
    ``catalog_url`` is where this document is served (default ``{base_url}/data.json``).
    ``file_url`` builds a file's download URL (default: ``resource_file_url``).
    """
    base = base_url.rstrip("/")
    orgs = {org.slug: org for org in organizations}
    title = _text(catalog_title, lang) if isinstance(catalog_title, LocalizedText) else catalog_title.strip()
    catalog: dict[str, Any] = {
        "@context": POD_CONTEXT,
        "@id": catalog_url or f"{base}/data.json",
        "@type": "dcat:Catalog",
        "conformsTo": POD_SCHEMA,
        "describedBy": POD_CATALOG_SCHEMA,
    }
    if title:
        # Not a DCAT-US 1.1 catalogue property, but the schema allows extra keys and
        # harvesters that show a source name read it.
        catalog["title"] = title
    catalog["dataset"] = [
        datajson_dataset(
            dataset,
            orgs.get(dataset.organization),
            base_url=base,
            lang=lang,
            municipal_licence_url=municipal_licence_url,
            file_url=file_url,
        )
        for dataset in datasets
    ]
    return catalog


def datajson_dataset(
    dataset: DatasetMeta,
    organization: OrganizationMeta | None,
    *,
    base_url: str,
    lang: str = "en",
    municipal_licence_url: str | LocalizedText = "",
    file_url: FileUrl | None = None,
) -> dict[str, Any]:
    """Return one DCAT-US 1.1 dataset object (non-federal profile), blank values left out."""
    base = base_url.rstrip("/")
    to_url = file_url or resource_file_url
    page = dataset_url(base, dataset.slug)
    access = ACCESS_LEVELS[dataset.access_level]
    out: dict[str, Any] = {
        "@type": "dcat:Dataset",
        "title": _text(dataset.title, lang),
        "description": _text(dataset.description, lang),
        "keyword": _keywords(dataset, lang),
        "modified": _timestamp(dataset.modified),
        "issued": _timestamp(dataset.issued),
        "publisher": _publisher(dataset, organization, lang),
        "contactPoint": _contact_point(dataset, organization, lang),
        "identifier": page,
        "landingPage": page,
        "accessLevel": access.dcat_us,
        "license": _licence_url(dataset.licence, lang, municipal_licence_url),
        "spatial": _text(dataset.spatial, lang),
        "temporal": _temporal(dataset.temporal_start, dataset.temporal_end),
        "accrualPeriodicity": _periodicity(dataset.frequency),
        "language": _languages(dataset.resources),
        "theme": [THEMES.label(code, lang) for code in dataset.themes if code in THEMES],
        "distribution": [
            d
            for d in (
                _distribution(r, _download_url(to_url, base, dataset, r), dataset.access_level, lang)
                for r in dataset.resources
            )
            if d
        ],
    }
    if dataset.access_level != "public":
        # DCAT-US asks non-public entries to explain themselves in "rights".
        out["rights"] = _text(dataset.access_reason, lang)[:RIGHTS_MAX]
    return _drop_blank(out)


def dataset_url(base_url: str, slug: str) -> str:
    """Return the public page of a dataset (the portal's ``catalog:dataset`` URL)."""
    return f"{base_url.rstrip('/')}/datasets/{slug}/"


def resource_file_url(base_url: str, dataset: DatasetMeta, resource: ResourceMeta) -> str:
    """Return ``{base_url}/datasets/{slug}/files/{file name}``, the static-export layout of a file.

    The portal serves stored files by resource id (``/files/<id>/latest``), which the
    engine does not know, so it passes its own ``file_url`` instead.
    """
    name = resource.path.name if resource.path else ""
    return f"{base_url.rstrip('/')}/datasets/{dataset.slug}/files/{name}" if name else ""


def _download_url(to_url: FileUrl, base_url: str, dataset: DatasetMeta, resource: ResourceMeta) -> str:
    return to_url(base_url, dataset, resource) if resource.path and not resource.url else ""


def _text(value: LocalizedText, lang: str) -> str:
    return value.pick(lang)[0]


def _keywords(dataset: DatasetMeta, lang: str) -> list[str]:
    other = "en" if lang == "fr" else "fr"
    words = dataset.keywords.get(lang) or dataset.keywords.get(other)
    return list(dict.fromkeys(w.strip() for w in words if w.strip()))


def _timestamp(value: dt.datetime | dt.date | None) -> str:
    return value.isoformat() if value else ""


def _temporal(start: dt.date | None, end: dt.date | None) -> str:
    # DCAT-US wants an interval; an open-ended coverage has no valid form, so it is left out.
    if start is None or end is None:
        return ""
    return f"{start.isoformat()}/{end.isoformat()}"


def _periodicity(code: str) -> str:
    frequency = FREQUENCIES.get(code)
    return (frequency.dcat_us or "") if frequency else ""


def _publisher(dataset: DatasetMeta, organization: OrganizationMeta | None, lang: str) -> dict[str, Any]:
    name = _text(dataset.publisher, lang) or (_text(organization.name, lang) if organization else "")
    return {"@type": "org:Organization", "name": name} if name else {}


def _contact_point(dataset: DatasetMeta, organization: OrganizationMeta | None, lang: str) -> dict[str, Any]:
    fallback = organization.contact if organization else None
    name = dataset.contact.name.strip() or (fallback.name.strip() if fallback else "")
    email = dataset.contact.email.strip() or (fallback.email.strip() if fallback else "")
    if not name:
        name = _text(dataset.publisher, lang) or (_text(organization.name, lang) if organization else "")
    if not name:
        return {}
    point: dict[str, Any] = {"@type": "vcard:Contact", "fn": name}
    if email:
        point["hasEmail"] = f"mailto:{email}"
    return point


def _licence_url(code: str, lang: str, municipal_url: str | LocalizedText) -> str:
    if code not in LICENCES:
        return ""
    return licence_url(code, lang, municipal_url) or licence_url(
        code, "en" if lang == "fr" else "fr", municipal_url
    )


def _languages(resources: Iterable[ResourceMeta]) -> list[str]:
    codes: dict[str, None] = {}
    for resource in resources:
        entry = RESOURCE_LANGUAGES.get(resource.language)
        for code in entry.canada_languages if entry else ():
            if code != "zxx":
                codes[code] = None
    return list(codes)


def _distribution(resource: ResourceMeta, download_url: str, access_level: str, lang: str) -> dict[str, Any]:
    """Return a distribution, or {} when there is nothing a reader may fetch."""
    out: dict[str, Any] = {
        "@type": "dcat:Distribution",
        "title": _text(resource.name, lang),
        "description": _text(resource.description, lang),
        "format": resource.format,
    }
    media_type = media_type_for(resource.format) if resource.format else None
    if resource.url:
        # A link (a web page, an API): the reader goes there, it is not a file to download.
        out["accessURL"] = resource.url
        out["mediaType"] = media_type or ""
    elif download_url and access_level == "public":
        # Restricted and non-public data is described, never linked for download.
        out["downloadURL"] = download_url
        out["mediaType"] = media_type or FALLBACK_MEDIA_TYPE
    else:
        return {}
    return _drop_blank(out)


def _drop_blank(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v not in ("", None, [], {})}
