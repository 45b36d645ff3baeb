"""Map our metadata to a package in the Canadian Open Government Portal schema (ckanext-canada).

The target is ``dataset.yaml`` + ``presets.yaml`` of open-data/ckanext-canada (copied in
``shared/standards/ckan-canada/schemas``): the dict is what that portal's
``package_show`` returns, field for field, so a harvester or ``ckanapi`` can load it.

Choices made where our record has no source for a required field:

* ``collection``: always ``primary`` (raw data, the portal's "Open Data" collection).
* ``owner_org``: our organization's slug; the receiving portal maps it to its own id.
* ``org_title_at_publication``: the dataset's publisher, else the municipality (the
  government that publishes); the department goes to ``org_section``.
* ``date_published``: ``issued``, else ``modified`` (the earliest date we know the data
  was public); left out when both are missing, so the package fails the check.
* ``imso_approval`` / ``ready_to_publish``: ``"true"`` only for a published dataset, since
  our review workflow is the approval a federal IMSO gives.
* ``restrictions``: ``unrestricted``, the schema's only choice. A restricted or non-public
  dataset cannot be expressed, so ``canada_package`` refuses it (ValueError).
* ``license_id``: the licence's ``canada_id``; a licence absent from the portal's
  ``licenses.json`` (our municipal OGL, CC BY, CC0) keeps our own code, which the receiving
  portal must register before it accepts the package.

Bilingual values are never filled from the other language: the schema's required fluent
fields need real text in both ``en`` and ``fr``, and French text under ``"en"`` would be
mislabelled. A blank side stays blank, and a checker reports it.

Not written because we hold no trustworthy source: ``character_set`` (a file's encoding
is not in our record, and the sample town has a Windows-1252 CSV), ``spatial`` (the
portal wants GeoJSON, our ``spatial`` is a place name) and ``geographic_region``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from trousse.engine.metadata.datajson import FileUrl, resource_file_url
from trousse.engine.metadata.licences import LICENCES
from trousse.engine.metadata.model import (
    DatasetMeta,
    LocalizedKeywords,
    LocalizedText,
    OrganizationMeta,
    ResourceMeta,
)
from trousse.engine.metadata.vocabularies import (
    FORMATS,
    FREQUENCIES,
    RESOURCE_LANGUAGES,
    THEMES,
    format_for_filename,
)

JURISDICTION = "municipal"
COLLECTION = "primary"
RESTRICTIONS = "unrestricted"
# canada_resource_format's catch-alls, for a format it lacks (Parquet) or one we do not know.
OTHER_FORMAT = "other"
UNKNOWN_FORMAT = "unknown"


def canada_package(
    dataset: DatasetMeta,
    organization: OrganizationMeta,
    *,
    base_url: str,
    municipality: LocalizedText,
    file_url: FileUrl | None = None,
) -> dict[str, Any]:
    """Return ``dataset`` as a Canadian Open Government Portal package (``package_show`` shape).

    ``base_url`` is the portal's root; a file's URL is ``file_url(base_url, dataset,
    resource)`` (default: ``datajson.resource_file_url``), a link's is its own ``url``.
    ``municipality`` is the publishing government's name. Raises ValueError for a dataset
    that is not public: the schema's only ``restrictions`` value is ``unrestricted``.
    """
    if dataset.access_level != "public":
        raise ValueError(
            f"dataset {dataset.slug!r} is {dataset.access_level}; the Canadian schema can only "
            f"describe unrestricted data"
        )
    base = base_url.rstrip("/")
    to_url = file_url or resource_file_url
    published = "true" if dataset.status == "published" else "false"
    package: dict[str, Any] = {
        "name": dataset.slug,
        "type": "dataset",
        "collection": COLLECTION,
        "title_translated": _fluent(dataset.title),
        "owner_org": organization.slug,
        "org_title_at_publication": _fluent(dataset.publisher or municipality),
        "org_section": _fluent(organization.name),
        "maintainer_email": (dataset.contact.email or organization.contact.email).strip(),
        "notes_translated": _fluent(dataset.description),
        "keywords": _keywords(dataset.keywords),
        "subject": _subjects(dataset.themes),
        "time_period_coverage_start": _date(dataset.temporal_start),
        "time_period_coverage_end": _date(dataset.temporal_end),
        "frequency": _frequency(dataset.frequency),
        "date_published": _date(dataset.issued or dataset.modified),
        "date_modified": _date(dataset.modified),
        "program_page_url": _fluent(LocalizedText(organization.website, organization.website)),
        "jurisdiction": JURISDICTION,
        "license_id": _licence_id(dataset.licence),
        "restrictions": RESTRICTIONS,
        "imso_approval": published,
        "ready_to_publish": published,
        "resources": [canada_resource(dataset, r, base_url=base, file_url=to_url) for r in dataset.resources],
    }
    # Leave out what we cannot fill, as package_show does for an empty optional field.
    return {key: value for key, value in package.items() if value not in ("", None, [], {})}


def canada_resource(
    dataset: DatasetMeta,
    resource: ResourceMeta,
    *,
    base_url: str,
    file_url: FileUrl | None = None,
) -> dict[str, Any]:
    """Return one resource of ``dataset`` in the Canadian schema."""
    to_url = file_url or resource_file_url
    url = resource.url or (to_url(base_url.rstrip("/"), dataset, resource) if resource.path else "")
    format_code = (
        resource.format.strip().upper() or format_for_filename(str(resource.path or resource.url)) or ""
    )
    out: dict[str, Any] = {
        "name_translated": _fluent(resource.name),
        # A link to a web page is a website; everything else we hold is data.
        "resource_type": "website" if resource.url and format_code == "HTML" else "dataset",
        "url": url,
        "format": _format(format_code),
        "language": _languages(resource.language),
        "description_translated": _fluent(resource.description),
    }
    return {key: value for key, value in out.items() if value not in ("", None, [], {})}


def _fluent(value: LocalizedText) -> dict[str, str]:
    # Both keys always, blank when missing: no language stands in for the other.
    text = {"en": value.en.strip(), "fr": value.fr.strip()}
    return text if any(text.values()) else {}


def _keywords(keywords: LocalizedKeywords) -> dict[str, list[str]]:
    out = {
        lang: list(dict.fromkeys(w.strip() for w in keywords.get(lang) if w.strip())) for lang in ("en", "fr")
    }
    return out if any(out.values()) else {}


def _subjects(themes: tuple[str, ...]) -> list[str]:
    subjects: dict[str, None] = {}
    for code in themes:
        theme = THEMES.get(code)
        for subject in theme.canada_subjects if theme else ():
            subjects[subject] = None
    return list(subjects)


def _frequency(code: str) -> str:
    frequency = FREQUENCIES.get(code)
    return frequency.canada_frequency if frequency else ""


def _date(value: dt.datetime | dt.date | None) -> str:
    if value is None:
        return ""
    return (value.date() if isinstance(value, dt.datetime) else value).isoformat()


def _licence_id(code: str) -> str:
    licence = LICENCES.get(code)
    if licence is None:
        return ""
    return licence.canada_id or licence.code


def _format(code: str) -> str:
    if not code:
        return UNKNOWN_FORMAT
    fmt = FORMATS.get(code)
    return (fmt.canada_format if fmt else None) or OTHER_FORMAT


def _languages(code: str) -> list[str]:
    entry = RESOURCE_LANGUAGES.get(code)
    return list(entry.canada_languages) if entry else []
