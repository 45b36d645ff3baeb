"""Plain metadata records: what a dataset is, independent of where it is stored.

The portal maps these to and from its models; the sample town, importers and
exporters speak them. Bilingual values are ``LocalizedText``: an English and a
French string, either of which may be empty.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

LANGUAGES = ("en", "fr")


@dataclass(frozen=True)
class LocalizedText:
    """A value in English and French; either side may be blank."""

    en: str = ""
    fr: str = ""

    def get(self, lang: str) -> str:
        """Return the value in ``lang`` (blank when missing; no fallback)."""
        return self.fr if lang == "fr" else self.en

    def pick(self, lang: str) -> tuple[str, str | None]:
        """Return (value, fallback_language): the value in ``lang`` or, failing that, in the other one.

        ``fallback_language`` is None when the requested language was present,
        else the language actually returned (so a page can mark it).
        """
        own = self.get(lang).strip()
        if own:
            return own, None
        other = "en" if lang == "fr" else "fr"
        theirs = self.get(other).strip()
        return (theirs, other) if theirs else ("", None)

    def missing(self) -> list[str]:
        """Return the languages whose value is blank."""
        return [lang for lang in LANGUAGES if not self.get(lang).strip()]

    def __bool__(self) -> bool:
        return bool(self.en.strip() or self.fr.strip())


@dataclass(frozen=True)
class LocalizedKeywords:
    """Keywords in each language (lists are independent, not translations pairwise)."""

    en: tuple[str, ...] = ()
    fr: tuple[str, ...] = ()

    def get(self, lang: str) -> tuple[str, ...]:
        return self.fr if lang == "fr" else self.en


@dataclass(frozen=True)
class Contact:
    name: str = ""
    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class OrganizationMeta:
    """A department or agency that publishes datasets."""

    slug: str
    name: LocalizedText
    description: LocalizedText = LocalizedText()
    contact: Contact = Contact()
    website: str = ""


@dataclass(frozen=True)
class ResourceMeta:
    """A file (``path`` set) or an external link (``url`` set) in a dataset."""

    name: LocalizedText
    description: LocalizedText = LocalizedText()
    path: Path | None = None
    url: str = ""
    format: str = ""  # upper-case format code, e.g. CSV, GEOJSON, XLSX, PDF
    language: str = "zxx"  # en, fr, en+fr, or zxx (no linguistic content)


@dataclass(frozen=True)
class DatasetMeta:
    """A dataset's descriptive metadata, as a steward writes it."""

    slug: str
    organization: str  # organization slug
    title: LocalizedText
    description: LocalizedText  # Markdown
    keywords: LocalizedKeywords = LocalizedKeywords()
    themes: tuple[str, ...] = ()  # codes from vocabularies.THEMES
    licence: str = ""  # code from licences.LICENCES
    publisher: LocalizedText = LocalizedText()  # blank means the organization
    contact: Contact = Contact()
    spatial: LocalizedText = LocalizedText()  # e.g. "Ville de Belle-Rivière"
    temporal_start: dt.date | None = None
    temporal_end: dt.date | None = None
    frequency: str = "unknown"  # code from vocabularies.FREQUENCIES
    access_level: str = "public"  # public | restricted | non_public
    access_reason: LocalizedText = LocalizedText()  # required unless public
    resources: tuple[ResourceMeta, ...] = ()
    # State the sample town or an importer wants; a steward normally drives these through review.
    status: str = "published"  # draft | in_review | published | archived
    modified: dt.datetime | None = None  # last data update, for freshness
    issued: dt.datetime | None = None  # first publication
    extras: dict[str, str] = field(default_factory=dict)
