"""CKAN's words in ours: read package and resource dicts sent by CKAN clients into service values.

The inbound half of ckan_shapes. A client may send CKAN's single-language fields (``title``, ``notes``,
``tags``: read in the caller's language), the Canadian portal's bilingual ones (``title_translated``,
``notes_translated``, ``keywords``), or our own field names (``title_fr``, ``frequency``…).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from trousse.portal.api import params
from trousse.portal.api.ckan_shapes import EXTRAS
from trousse.portal.api.registry import NotFound, ValidationError
from trousse.portal.catalog.models import Dataset, Organization, Resource
from trousse.portal.catalog.services import DATASET_FIELDS, RESOURCE_FIELDS

# Our field names (as DomainError.field) in CKAN's, for per-field error lists.
CKAN_FIELD = {
    "slug": "name", "title_en": "title", "title_fr": "title", "description_en": "notes",
    "description_fr": "notes", "licence": "license_id", "organization": "owner_org", "themes": "groups",
    "name_en": "name", "name_fr": "name", "file": "upload", "contact_name": "maintainer",
    "contact_email": "maintainer_email",
}
_DATES = ("temporal_start", "temporal_end")
# CKAN's single-language names -> our bilingual field stem.
_DATASET_TEXT = {"title": "title", "notes": "description", "author": "publisher"}
_RESOURCE_TEXT = {"name": "name", "description": "description"}


def ckan_field(field: str | None) -> str:
    """Return the CKAN parameter name for one of our field names."""
    return CKAN_FIELD.get(field or "", field or "message")


def _bilingual(data: Mapping[str, Any], values: dict[str, Any], names: Mapping[str, str], lang: str) -> None:
    for ckan_name, stem in names.items():
        if ckan_name in data:
            values[f"{stem}_{lang}"] = params.string(data, ckan_name, max_length=100_000)
        translated = params.json_object(data, f"{ckan_name}_translated")
        if translated is not None:
            for code in ("en", "fr"):
                if code in translated:
                    text = translated[code]
                    if text is not None and not isinstance(text, str):
                        raise ValidationError(fields={f"{ckan_name}_translated": [_("Must be a string")]})
                    values[f"{stem}_{code}"] = (text or "").strip()


def _date(name: str, value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise ValidationError(fields={name: [_("Use a date such as 2024-12-31")]}) from None


def dataset_values(data: Mapping[str, Any], lang: str) -> tuple[dict[str, Any], dict[str, list[str]] | None,
                                                                 list[str] | None]:
    """Return (values, keywords, themes) given in a package dict; absent ones are left out (None)."""
    values: dict[str, Any] = {}
    for key in DATASET_FIELDS:  # our own names first, CKAN's below win when both are sent
        if key in data and key != "licence":
            values[key] = data[key] if key in _DATES else params.string(data, key, max_length=100_000)
    extras = params.json_list(data, "extras") or []
    for extra in extras:
        if not isinstance(extra, dict) or "key" not in extra:
            raise ValidationError(fields={"extras": [_("Each extra is an object with a key and a value")]})
        if extra["key"] in EXTRAS:
            values[extra["key"]] = extra.get("value")
    _bilingual(data, values, _DATASET_TEXT, lang)
    if "maintainer" in data:
        values["contact_name"] = params.string(data, "maintainer")
    if "maintainer_email" in data:
        values["contact_email"] = params.string(data, "maintainer_email")
    for key in ("license_id", "licence"):
        if key in data:
            values["licence"] = params.string(data, key)
    translated_reason = params.json_object(data, "access_reason_translated")
    for code in ("en", "fr"):
        if translated_reason and code in translated_reason:
            values[f"access_reason_{code}"] = str(translated_reason[code] or "")
    for key in _DATES:
        if key in values:
            values[key] = _date(key, values[key])
    for key, value in list(values.items()):
        if key not in _DATES and key != "licence" and value is not None and not isinstance(value, str):
            values[key] = str(value)
    return values, _keywords(data, lang), _themes(data)


def _keywords(data: Mapping[str, Any], lang: str) -> dict[str, list[str]] | None:
    keywords = params.json_object(data, "keywords")
    if keywords is not None:
        out = {}
        for code in ("en", "fr"):
            words = keywords.get(code) or []
            if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
                raise ValidationError(fields={"keywords": [_("Give a list of words per language")]})
            out[code] = words
        return out
    tags = params.json_list(data, "tags")
    if tags is None:
        return None
    names = []
    for tag in tags:
        name = tag.get("name") if isinstance(tag, dict) else tag
        if not isinstance(name, str) or not name.strip():
            raise ValidationError(fields={"tags": [_("Each tag needs a name")]})
        names.append(name)
    return {lang: names}


def _themes(data: Mapping[str, Any]) -> list[str] | None:
    groups = params.json_list(data, "groups")
    if groups is None:
        return None
    codes = []
    for group in groups:
        code = (group.get("name") or group.get("id")) if isinstance(group, dict) else group
        if not isinstance(code, str) or not code:
            raise ValidationError(fields={"groups": [_("Each group needs a name")]})
        codes.append(code)
    return codes


def blank_missing(values: dict[str, Any]) -> dict[str, Any]:
    """Return ``values`` with every dataset field it lacks set to blank or its default (package_update)."""
    defaults = {"access_level": "public", "frequency": "unknown"}
    return {key: values.get(key, defaults.get(key)) for key in DATASET_FIELDS}


def resource_values(data: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """Return the resource fields given in a resource dict; absent ones are left out."""
    values: dict[str, Any] = {}
    for key in RESOURCE_FIELDS:
        if key in data and not isinstance(data[key], (list, dict)):
            values[key] = params.string(data, key, max_length=100_000)
    _bilingual(data, values, _RESOURCE_TEXT, lang)
    if "url" in data:
        values["url"] = params.string(data, "url", max_length=1000)
    if isinstance(data.get("language"), list):
        languages = data["language"]
        values["language"] = str(languages[0]) if languages else "zxx"
    if "format" in values:
        values["format"] = values["format"].upper()[:20]
    return values


def find_organization(value: str) -> Organization:
    """Return the organization named by its id or its name."""
    organization = Organization.objects.filter(slug=value).first()
    if organization is None and value.isdigit():
        organization = Organization.objects.filter(pk=int(value)).first()
    if organization is None:
        raise ValidationError(fields={"owner_org": [_("Organization does not exist")]})
    return organization


def find_dataset_row(value: str) -> Dataset | None:
    """Return the dataset named by its name (short name) or its id, without any permission check."""
    queryset = Dataset.objects.select_related("organization", "licence")
    dataset = queryset.filter(slug=value).first()
    if dataset is None and value.isdigit() and len(value) < 19:
        dataset = queryset.filter(pk=int(value)).first()
    return dataset


def find_resource_row(value: str) -> Resource:
    """Return the resource with id ``value`` (NotFound for anything else), without a permission check."""
    resource = None
    if value.isdigit() and len(value) < 19:
        resource = Resource.objects.select_related("dataset", "dataset__organization", "current_version"
                                                   ).filter(pk=int(value)).first()
    if resource is None:
        raise NotFound(_("Resource was not found."))
    return resource
