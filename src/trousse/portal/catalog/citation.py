"""A citation line for a dataset, in the style data repositories use (publisher, year, title, URL)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from trousse.portal.catalog.models import Dataset
from trousse.portal.core.localized import pick


def citation(dataset: Dataset, lang: str, site_url: str) -> str:
    """Return "Publisher (year). Title [Data set]. Organization. URL" in ``lang``."""
    publisher = pick(dataset, "publisher", lang).value or pick(dataset.organization, "name", lang).value
    year = (dataset.data_modified or dataset.published_at or dataset.modified)
    title = pick(dataset, "title", lang).value
    with translation.override(lang):
        url = site_url.rstrip("/") + reverse("catalog:dataset", kwargs={"slug": dataset.slug})
        kind = gettext("Data set")
    year_text = f" ({year:%Y})" if year else ""
    return f"{publisher}{year_text}. {title} [{kind}]. {url}"
