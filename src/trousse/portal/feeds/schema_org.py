"""schema.org ``Dataset`` for a dataset page, as Google Dataset Search and other crawlers read it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.urls import reverse
from django.utils.translation import override

from trousse.engine.metadata.dcat import dataset_uri
from trousse.engine.metadata.licences import LICENCES
from trousse.engine.metadata.vocabularies import media_type_for
from trousse.portal.catalog.models import Dataset, Resource
from trousse.portal.core.localized import pick
from trousse.portal.feeds import site
from trousse.portal.feeds.records import latest_path


def _other(lang: str) -> str:
    return "en" if lang == "fr" else "fr"


def _page(name: str, lang: str, **kwargs: Any) -> str:
    with override(lang):
        return site.base_url() + reverse(name, kwargs=kwargs)


def _organization(dataset: Dataset, lang: str) -> dict[str, Any]:
    organization = dataset.organization
    out = {"@type": "Organization", "name": pick(organization, "name", lang).value,
           "url": _page("catalog:organization", lang, slug=organization.slug)}
    if organization.email:
        out["contactPoint"] = {"@type": "ContactPoint", "email": organization.email,
                               "contactType": "customer support"}
    return out


def _licence_url(dataset: Dataset, lang: str) -> str:
    licence = dataset.licence
    if licence is None:
        return ""
    url = pick(licence, "url", lang).value
    if not url and licence.code in LICENCES:
        url = LICENCES[licence.code].url.pick(lang)[0]
    return url


def _temporal(dataset: Dataset) -> str:
    # ISO 8601 interval; ".." marks an open end, as schema.org's temporalCoverage documents.
    if dataset.temporal_start is None:
        return ""
    end = dataset.temporal_end.isoformat() if dataset.temporal_end else ".."
    return f"{dataset.temporal_start.isoformat()}/{end}"


def _distribution(resource: Resource, lang: str) -> dict[str, Any] | None:
    version = resource.current_version
    if resource.kind == Resource.Kind.LINK:
        url = resource.url
    elif version is not None:
        url = site.base_url() + latest_path(resource)
    else:
        return None
    fmt = resource.format or (version.format if version is not None else "")
    encoding = (version.media_type if version is not None else "") or (media_type_for(fmt) if fmt else "") or ""
    out = {"@type": "DataDownload", "name": pick(resource, "name", lang).value, "contentUrl": url,
           "encodingFormat": encoding or fmt}
    return {k: v for k, v in out.items() if v}


def dataset_jsonld(dataset: Dataset, resources: Sequence[Resource], lang: str, *, downloadable: bool) -> dict[str, Any]:
    """Return the schema.org Dataset of ``dataset`` in ``lang``, the other language as alternates.

    ``downloadable``: whether the viewer may download the files (only then are they listed).
    """
    other = _other(lang)
    title = pick(dataset, "title", lang)
    tags = list(dataset.tags.all())
    keywords = [t.name for t in tags if t.lang == lang] or [t.name for t in tags]
    meta = site.catalog_meta()
    out: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "@id": dataset_uri(site.base_url(), dataset.slug),
        "name": title.value,
        "description": pick(dataset, "description", lang).value,
        "url": _page("catalog:dataset", lang, slug=dataset.slug),
        "identifier": dataset_uri(site.base_url(), dataset.slug),
        "inLanguage": lang,
        "keywords": keywords,
        "license": _licence_url(dataset, lang),
        "isAccessibleForFree": True if dataset.access_level == "public" else None,
        "creator": _organization(dataset, lang),
        "publisher": ({"@type": "Organization", "name": pick(dataset, "publisher", lang).value}
                      if (dataset.publisher_en or dataset.publisher_fr) else _organization(dataset, lang)),
        "temporalCoverage": _temporal(dataset),
        "spatialCoverage": ({"@type": "Place", "name": pick(dataset, "spatial", lang).value}
                            if (dataset.spatial_en or dataset.spatial_fr) else None),
        "dateModified": (dataset.data_modified or dataset.modified).isoformat(),
        "datePublished": dataset.published_at.isoformat() if dataset.published_at else "",
        "includedInDataCatalog": {"@type": "DataCatalog", "name": meta.title.get(lang), "url": meta.homepage},
    }
    alternate = pick(dataset, "title", other)
    if alternate.value and alternate.value != title.value and not alternate.is_fallback:
        out["alternateName"] = alternate.value
    # The page in the other language is a translation of this one (schema.org workTranslation).
    out["workTranslation"] = {"@type": "Dataset", "url": _page("catalog:dataset", other, slug=dataset.slug),
                              "inLanguage": other}
    if downloadable and dataset.access_level == "public":
        out["distribution"] = [d for d in (_distribution(r, lang) for r in resources) if d]
    return {k: v for k, v in out.items() if v not in ("", None, [], {})}
