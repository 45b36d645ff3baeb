"""Build a sample dataset record with the town's defaults: its licence, its territory, the publisher's contact."""

from __future__ import annotations

import datetime as dt

from trousse.engine.metadata.model import DatasetMeta, LocalizedKeywords, LocalizedText, ResourceMeta
from trousse.sample.organizations import BY_SLUG
from trousse.sample.town import SPATIAL

TOWN_LICENCE = "ogl-municipal"
NO_TEXT = LocalizedText()


def dataset_record(
    *,
    slug: str,
    organization: str,
    title: LocalizedText,
    description: LocalizedText,
    keywords: LocalizedKeywords,
    themes: tuple[str, ...],
    frequency: str,
    modified: dt.datetime,
    temporal: tuple[dt.date | None, dt.date | None],
    resources: tuple[ResourceMeta, ...],
    licence: str = TOWN_LICENCE,
    spatial: LocalizedText = SPATIAL,
    status: str = "published",
    access_level: str = "public",
    access_reason: LocalizedText = NO_TEXT,
) -> DatasetMeta:
    """Return a DatasetMeta whose contact is the organization's and whose description is trimmed Markdown."""
    return DatasetMeta(
        slug=slug,
        organization=organization,
        title=title,
        description=LocalizedText(_dedent(description.en), _dedent(description.fr)),
        keywords=keywords,
        themes=themes,
        licence=licence,
        contact=BY_SLUG[organization].contact,
        spatial=spatial,
        temporal_start=temporal[0],
        temporal_end=temporal[1],
        frequency=frequency,
        access_level=access_level,
        access_reason=access_reason,
        resources=resources,
        status=status,
        modified=modified,
    )


def _dedent(markdown: str) -> str:
    """Strip the indentation of a triple-quoted string, keeping paragraphs and list items."""
    lines = [line.strip() for line in markdown.strip().splitlines()]
    return "\n".join(lines)
