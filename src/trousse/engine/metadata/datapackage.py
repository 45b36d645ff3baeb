"""Map a dataset to a Frictionless Data Package (v1) descriptor (``datapackage.json``).

The package is a ``tabular-data-package`` when every resource has a Table Schema, else a
plain ``data-package`` (where the tabular resources still say ``tabular-data-resource``).
Bilingual text follows the house Table Schema convention (see ``engine.tables.schema``):
the standard ``title`` and ``description`` hold English (French when English is blank, so
any consumer shows something), and ``title_fr`` / ``description_fr`` hold French, as extra
properties the v1 profiles allow.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from typing import Any

from trousse.engine.metadata.datajson import FileUrl, dataset_url, resource_file_url
from trousse.engine.metadata.licences import LICENCES, licence_title, licence_url
from trousse.engine.metadata.model import DatasetMeta, LocalizedText, ResourceMeta
from trousse.engine.metadata.vocabularies import media_type_for

# A data dictionary: column name -> {title_en, title_fr, description_en, description_fr, unit}
# (the portal's ResourceSettings.data_dictionary, see pipeline.services.DICTIONARY_KEYS).
DataDictionary = Mapping[str, Mapping[str, str]]

_NAME_BAD = re.compile(r"[^-a-z0-9._/]+")
_LICENCE_NAME_BAD = re.compile(r"[^-a-zA-Z0-9._]+")


def data_package(
    dataset: DatasetMeta,
    *,
    base_url: str,
    schemas: Mapping[int, dict[str, Any]] | None = None,
    dictionaries: Mapping[int, DataDictionary] | None = None,
    municipality: str | LocalizedText = "",
    municipal_licence_url: str | LocalizedText = "",
    file_url: FileUrl | None = None,
) -> dict[str, Any]:
    """Return a Frictionless Data Package v1 descriptor for ``dataset``.

    ``schemas`` and ``dictionaries`` are keyed by the resource's position in
    ``dataset.resources`` (0-based): the pinned or inferred Table Schema (a descriptor
    dict, not modified) and the steward's data dictionary, whose texts override the
    schema's field titles and descriptions. ``municipality`` fills the name into the
    ``ogl-municipal`` licence title; ``municipal_licence_url`` is its text's URL.
    """
    schemas = schemas or {}
    dictionaries = dictionaries or {}
    base = base_url.rstrip("/")
    to_url = file_url or resource_file_url
    resources = [
        _resource(r, i, _path(to_url, base, dataset, r), schemas.get(i), dictionaries.get(i))
        for i, r in enumerate(dataset.resources)
    ]
    _dedupe_names(resources)
    tabular = bool(resources) and all("schema" in r for r in resources)
    page = dataset_url(base, dataset.slug)
    package: dict[str, Any] = {
        "profile": "tabular-data-package" if tabular else "data-package",
        "name": package_name(dataset.slug),
        "id": page,
        "homepage": page,
        **_bilingual("title", dataset.title),
        **_bilingual("description", dataset.description),
        "keywords": list(dataset.keywords.en or dataset.keywords.fr),
        "keywords_fr": list(dataset.keywords.fr) if dataset.keywords.en else [],
        "created": dataset.issued.isoformat() if dataset.issued else "",
        "licenses": _licences(dataset.licence, municipality, municipal_licence_url),
        "resources": resources,
    }
    return _drop_blank(package)


def package_name(text: str) -> str:
    """Return ``text`` as a Data Package name: lower case, only ``-a-z0-9._/``."""
    name = _NAME_BAD.sub("-", text.strip().lower()).strip("-")
    return name or "dataset"


def _path(to_url: FileUrl, base_url: str, dataset: DatasetMeta, resource: ResourceMeta) -> str:
    if resource.url:
        return resource.url
    return to_url(base_url, dataset, resource) if resource.path else ""


def _resource(
    resource: ResourceMeta,
    index: int,
    path: str,
    schema: dict[str, Any] | None,
    dictionary: DataDictionary | None,
) -> dict[str, Any]:
    stem = resource.path.stem if resource.path else (resource.name.en or resource.name.fr or "")
    fmt = resource.format.strip().lower()
    out: dict[str, Any] = {
        "profile": "tabular-data-resource" if schema is not None else "data-resource",
        "name": package_name(stem or f"resource-{index + 1}"),
        "path": path,
        **_bilingual("title", resource.name),
        **_bilingual("description", resource.description),
        "format": fmt,
        "mediatype": (media_type_for(resource.format) or "") if resource.format else "",
    }
    if schema is not None:
        out["schema"] = schema_with_dictionary(schema, dictionary)
    return _drop_blank(out)


def schema_with_dictionary(schema: Mapping[str, Any], dictionary: DataDictionary | None) -> dict[str, Any]:
    """Return a copy of a Table Schema descriptor with the data dictionary's texts on its fields.

    A blank dictionary text keeps the schema's own; ``unit`` becomes an extra field property.
    """
    out = copy.deepcopy(dict(schema))
    for field in out.get("fields", []):
        entry = (dictionary or {}).get(field.get("name", ""), {})
        for key in ("title", "description"):
            en, fr = (entry.get(f"{key}_en") or "").strip(), (entry.get(f"{key}_fr") or "").strip()
            if en or fr:
                field.update(_bilingual(key, LocalizedText(en, fr)))
        if (entry.get("unit") or "").strip():
            field["unit"] = entry["unit"].strip()
    return out


def _licences(
    code: str, municipality: str | LocalizedText, municipal_url: str | LocalizedText
) -> list[dict[str, str]]:
    licence = LICENCES.get(code)
    if licence is None:
        return []
    try:
        title = licence_title(code, "en", municipality)
    except ValueError:  # a municipal template with no municipality named: better no title than a placeholder
        title = ""
    item = {
        "name": licence.spdx_id or _LICENCE_NAME_BAD.sub("-", code),
        "path": licence_url(code, "en", municipal_url) or licence_url(code, "fr", municipal_url),
        "title": title,
    }
    return [{k: v for k, v in item.items() if v}]


def _bilingual(key: str, text: LocalizedText) -> dict[str, str]:
    """Return ``{key: English (French when blank), key_fr: French}``; blanks are dropped later."""
    return {key: text.pick("en")[0], f"{key}_fr": text.fr.strip()}


def _dedupe_names(resources: list[dict[str, Any]]) -> None:
    """Make resource names unique (the spec requires it) by suffixing the format, then a number."""
    seen: set[str] = set()
    for resource in resources:
        name = resource["name"]
        if name in seen and resource.get("format"):
            name = f"{name}.{resource['format']}"
        base, n = name, 2
        while name in seen:
            name, n = f"{base}-{n}", n + 1
        resource["name"] = name
        seen.add(name)


def _drop_blank(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v not in ("", None, [], {})}
