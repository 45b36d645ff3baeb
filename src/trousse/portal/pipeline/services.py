"""Every write of the pipeline app: pin read options and schemas, the data dictionary, acknowledgements, reprocessing.

Each takes an explicit ``actor``, checks ``catalog.permissions.can_edit_dataset``, records the audit
log and raises domain errors (docs/DESIGN.md §2).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from trousse.engine.tables.schema import load_schema
from trousse.engine.tables.source import ReadOptions
from trousse.portal.catalog import permissions
from trousse.portal.catalog.models import Resource, ResourceVersion
from trousse.portal.core import audit
from trousse.portal.core.errors import DomainError, PermissionDeniedError
from trousse.portal.core.models import User
from trousse.portal.pipeline import queries
from trousse.portal.pipeline.models import ErrorAcknowledgement, PipelineRun, ResourceSettings
from trousse.portal.pipeline.tasks import start_run

# Table Schema v1 field types (https://specs.frictionlessdata.io/table-schema/#types-and-formats).
SCHEMA_TYPES = frozenset({"string", "number", "integer", "boolean", "object", "array", "date", "time", "datetime",
                          "year", "yearmonth", "duration", "geopoint", "geojson", "any"})
_OPTION_CHOICES: dict[str, tuple[Any, ...]] = {
    "encoding": ("utf-8", "utf-8-sig", "cp1252", "windows-1252", "latin-1", "iso-8859-1", "utf-16"),
    "delimiter": (",", ";", "\t", "|"),
    "quote_char": ('"', "'"),
    "decimal": (".", ","),
    "thousands": ("", ",", ".", " ", "\u202f", "\u00a0", "'"),
}
DICTIONARY_KEYS = ("title_en", "title_fr", "description_en", "description_fr", "unit")
_TEXT_LIMIT = 2000


def _settings_for_edit(actor: User, resource: Resource) -> ResourceSettings:
    if not permissions.can_edit_dataset(actor, resource.dataset):
        raise PermissionDeniedError(_("You cannot change this dataset."))
    if resource.kind != Resource.Kind.FILE:
        raise DomainError(_("This resource is a link; it has no file to process."), code="not_a_file")
    return ResourceSettings.objects.select_for_update().get_or_create(resource=resource)[0]


def _record(actor: User, action: str, resource: Resource, changes: Mapping[str, Any], comment: str = "") -> None:
    audit.record(actor, action, resource, organization_id=resource.dataset.organization_id, changes=changes,
                 comment=comment)


@transaction.atomic
def pin_read_options(actor: User, resource: Resource, options: Mapping[str, Any]) -> ResourceSettings:
    """Keep read settings (encoding, delimiter, header row, sheet…) for every later version; {} unpins."""
    pinned = _settings_for_edit(actor, resource)
    cleaned = _clean_options(options)
    before = pinned.read_options
    pinned.read_options = cleaned
    pinned.save()
    _record(actor, "pipeline.pin_read_options", resource, {"read_options": [before, cleaned]})
    return pinned


def _clean_options(options: Mapping[str, Any]) -> dict[str, Any]:
    known = {f.name for f in fields(ReadOptions)}
    unknown = sorted(set(options) - known)
    if unknown:
        raise DomainError(_("Unknown read setting: %(names)s.") % {"names": ", ".join(unknown)},
                          code="unknown_option", field=unknown[0])
    cleaned: dict[str, Any] = {}
    for key, value in options.items():
        if value is None or (value == "" and key != "thousands"):
            continue
        if key in _OPTION_CHOICES and value not in _OPTION_CHOICES[key]:
            raise DomainError(_("“%(value)s” is not a possible value for %(name)s.") % {"value": value, "name": key},
                              code="invalid_option", field=key)
        if key == "header_row":
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 1000:
                raise DomainError(_("The header row is a line number from 0 (no header) to 1000."),
                                  code="invalid_option", field=key)
        elif not isinstance(value, str) or len(value) > 200:
            raise DomainError(_("“%(name)s” must be a short text.") % {"name": key}, code="invalid_option", field=key)
        cleaned[key] = value
    ReadOptions(**cleaned)  # the engine's own contract
    return cleaned


@transaction.atomic
def pin_schema(actor: User, resource: Resource, schema: Mapping[str, Any] | None) -> ResourceSettings:
    """Pin a Table Schema, enforced on every later version (None or {} unpins it)."""
    pinned = _settings_for_edit(actor, resource)
    descriptor = clean_schema(schema) if schema else None
    before = pinned.table_schema
    pinned.table_schema = descriptor
    pinned.save()
    _record(actor, "pipeline.pin_schema", resource,
            {"fields": [_field_names(before), _field_names(descriptor)]})
    return pinned


def clean_schema(schema: Mapping[str, Any]) -> dict[str, Any]:
    """Check a Table Schema descriptor and return it as the engine writes it; raise DomainError if invalid."""
    if not isinstance(schema, Mapping):
        raise DomainError(_("A Table Schema is a JSON object."), code="invalid_schema", field="schema")
    raw_fields = schema.get("fields")
    if not isinstance(raw_fields, list) or not raw_fields:
        raise DomainError(_("A Table Schema needs a list of fields."), code="invalid_schema", field="schema")
    names: list[str] = []
    for position, item in enumerate(raw_fields, start=1):
        if not isinstance(item, Mapping) or not isinstance(item.get("name"), str) or not item["name"].strip():
            raise DomainError(_("Field %(position)s has no name.") % {"position": position},
                              code="invalid_schema", field="schema")
        if item.get("type", "string") not in SCHEMA_TYPES:
            raise DomainError(_("Field “%(name)s” has an unknown type “%(type)s”.")
                              % {"name": item["name"], "type": item.get("type")}, code="invalid_schema",
                              field="schema")
        if not isinstance(item.get("constraints", {}), Mapping):
            raise DomainError(_("The constraints of field “%(name)s” must be an object.") % {"name": item["name"]},
                              code="invalid_schema", field="schema")
        names.append(item["name"])
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise DomainError(_("Field names must be unique: %(names)s.") % {"names": ", ".join(duplicates)},
                          code="invalid_schema", field="schema")
    key = schema.get("primaryKey") or []
    missing = [k for k in ([key] if isinstance(key, str) else key) if k not in names]
    if missing:
        raise DomainError(_("The primary key names unknown fields: %(names)s.") % {"names": ", ".join(missing)},
                          code="invalid_schema", field="schema")
    try:
        return load_schema(dict(schema)).to_dict()
    except (TypeError, ValueError, KeyError) as exc:
        raise DomainError(_("This is not a valid Table Schema (%(error)s).") % {"error": exc},
                          code="invalid_schema", field="schema") from None


def _field_names(descriptor: Mapping[str, Any] | None) -> list[str] | None:
    return [f.get("name") for f in descriptor.get("fields", [])] if descriptor else None


@transaction.atomic
def update_data_dictionary(actor: User, resource: Resource, entries: Mapping[str, Mapping[str, str]]) -> ResourceSettings:
    """Set columns' bilingual titles, descriptions and units; a column given an empty entry is cleared."""
    pinned = _settings_for_edit(actor, resource)
    dictionary = dict(pinned.data_dictionary)
    for column, entry in entries.items():
        if not isinstance(column, str) or not column.strip() or not isinstance(entry, Mapping):
            raise DomainError(_("Each dictionary entry names a column and gives its texts."),
                              code="invalid_dictionary", field="dictionary")
        unknown = sorted(set(entry) - set(DICTIONARY_KEYS))
        if unknown:
            raise DomainError(_("Unknown dictionary property: %(names)s.") % {"names": ", ".join(unknown)},
                              code="invalid_dictionary", field="dictionary")
        texts = {k: str(entry.get(k) or "").strip()[:_TEXT_LIMIT] for k in DICTIONARY_KEYS}
        if any(texts.values()):
            dictionary[column] = {k: v for k, v in texts.items() if v}
        else:
            dictionary.pop(column, None)
    before = pinned.data_dictionary
    changes = {k: [before.get(k), dictionary.get(k)] for k in sorted({*before, *dictionary})
               if before.get(k) != dictionary.get(k)}  # removed columns too (audit.diff sees only new keys)
    pinned.data_dictionary = dictionary
    pinned.save()
    if changes:
        _record(actor, "pipeline.update_dictionary", resource, changes)
    return pinned


@transaction.atomic
def acknowledge_errors(actor: User, version: ResourceVersion, comment: str) -> ErrorAcknowledgement:
    """Accept the pipeline outcome of ``version`` (errors, failure, schema change) so it may be published."""
    resource = version.resource
    if not permissions.can_edit_dataset(actor, resource.dataset):
        raise PermissionDeniedError(_("You cannot change this dataset."))
    if not comment.strip():
        raise DomainError(_("Say why these problems are acceptable: a comment is required."), code="required",
                          field="comment")
    run = queries.latest_run_of_version(version)
    if run is None or run.is_clean:
        raise DomainError(_("This version has no pipeline problem to acknowledge."), code="nothing_to_acknowledge")
    ack = ErrorAcknowledgement.objects.create(version=version, run=run, actor=actor, comment=comment.strip())
    audit.record(actor, "pipeline.acknowledge_errors", version, organization_id=resource.dataset.organization_id,
                 comment=ack.comment, changes={
                     "resource": resource.pk, "version": version.number, "run": run.pk, "status": run.status,
                     "error_count": run.error_count, "error_code": run.error_code,
                     "schema_change": run.schema_change})
    return ack


@transaction.atomic
def reprocess_version(actor: User, version: ResourceVersion) -> PipelineRun:
    """Run the pipeline again over ``version`` (after pinning options or a schema); queued on commit."""
    resource = version.resource
    if not permissions.can_edit_dataset(actor, resource.dataset):
        raise PermissionDeniedError(_("You cannot change this dataset."))
    busy = PipelineRun.objects.filter(version=version, status__in=[PipelineRun.Status.QUEUED,
                                                                     PipelineRun.Status.RUNNING]).exists()
    if busy:
        raise DomainError(_("This version is already being processed."), code="already_processing")
    run = start_run(version, requested_by=actor)
    audit.record(actor, "pipeline.reprocess", version, organization_id=resource.dataset.organization_id,
                 changes={"resource": resource.pk, "version": version.number, "run": run.pk})
    return run
