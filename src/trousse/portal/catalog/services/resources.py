"""Resource writes: add files and links, upload new immutable versions, edit, remove."""

from __future__ import annotations

import hashlib
import mimetypes
import os
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import Max
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

from trousse.engine.metadata.vocabularies import format_for_filename, media_type_for
from trousse.portal.catalog import hooks, permissions, version_gates
from trousse.portal.catalog.models import Dataset, Resource, ResourceVersion
from trousse.portal.catalog.services.checks import check_bilingual_required, deny
from trousse.portal.catalog.services.datasets import refresh_derived
from trousse.portal.catalog.services.files import delete_files_on_commit, files_removed_on_failure
from trousse.portal.core import audit
from trousse.portal.core.errors import DomainError, InvalidStateError, TooLargeError
from trousse.portal.core.models import User

RESOURCE_FIELDS = ("name_en", "name_fr", "description_en", "description_fr", "url", "format", "language")


def _check_file(upload: File) -> None:
    if upload.size is None or upload.size == 0:
        raise DomainError(_("The file is empty (0 bytes). Choose the file again; nothing was saved."),
                          code="empty_file", field="file")
    if upload.size > settings.MAX_UPLOAD_BYTES:
        raise TooLargeError(_("Files larger than %(limit)s cannot be uploaded here.")
                            % {"limit": filesizeformat(settings.MAX_UPLOAD_BYTES)})


def _sha256(upload: File) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks(1024 * 1024):
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _store_version(actor: User | None, resource: Resource, upload: File, note: str,
                   when: datetime | None, stored: list[str]) -> ResourceVersion:
    _check_file(upload)
    filename = get_valid_filename(os.path.basename(upload.name or "file"))[:200] or "file"
    # Lock the resource row: two uploads at once take numbers one after the other instead of colliding.
    Resource.objects.select_for_update().filter(pk=resource.pk).first()
    number = (resource.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    fmt = format_for_filename(filename) or resource.format or ""
    version = ResourceVersion(
        resource=resource, number=number, filename=filename, size=upload.size, sha256=_sha256(upload),
        format=fmt, media_type=(media_type_for(fmt) if fmt else "") or mimetypes.guess_type(filename)[0] or
        "application/octet-stream", note=note, created_by=actor if actor is not None and actor.pk else None,
    )
    version.file.save(filename, upload, save=False)
    stored.append(version.file.name)
    version.save()
    # A hold (the privacy gate on a published dataset) keeps the public on the version it had until this
    # one is cleared; the pipeline makes it current then (catalog/version_gates.py).
    if not version_gates.version_held(version):
        resource.current_version = version
    if not resource.format and fmt:
        resource.format = fmt
    resource.save()
    Dataset.objects.filter(pk=resource.dataset_id).update(data_modified=when or timezone.now())
    hooks.send_version_stored_on_commit(version, actor)  # the pipeline processes it (issue #3)
    return version


@transaction.atomic
def add_resource(actor: User | None, dataset: Dataset, values: Mapping[str, Any], *, upload: File | None = None,
                 data_modified: datetime | None = None) -> Resource:
    """Add a file (``upload``) or a link (``values['url']``) to a dataset. None as actor is the system."""
    if actor is not None and not permissions.can_edit_dataset(actor, dataset):
        raise deny(_("You cannot change this dataset."))
    check_bilingual_required(values, "name", _("Name"))
    if upload is None and not values.get("url"):
        raise DomainError(_("Choose a file to upload or give a link."), code="required", field="file")
    resource = Resource(dataset=dataset, kind=Resource.Kind.FILE if upload is not None else Resource.Kind.LINK,
                        position=dataset.resources.count())
    for key in RESOURCE_FIELDS:
        if key in values and values[key] is not None:
            setattr(resource, key, values[key])
    if upload is None:
        resource.url = values["url"]
    resource.format = (resource.format or "").upper()
    with files_removed_on_failure() as stored:
        resource.save()
        if upload is not None:
            _store_version(actor, resource, upload, "", data_modified, stored)
        elif data_modified:
            Dataset.objects.filter(pk=dataset.pk).update(data_modified=data_modified)
        dataset.refresh_from_db()
        refresh_derived(dataset)
        audit.record(actor, "resource.create", resource, organization_id=dataset.organization_id,
                     changes={k: [None, getattr(resource, k)] for k in RESOURCE_FIELDS if getattr(resource, k)})
    return resource


@transaction.atomic
def upload_version(actor: User | None, resource: Resource, upload: File, *, note: str = "",
                   data_modified: datetime | None = None) -> ResourceVersion:
    """Store a new immutable version of a file resource; earlier versions stay downloadable."""
    dataset = resource.dataset
    if actor is not None and not permissions.can_edit_dataset(actor, dataset):
        raise deny(_("You cannot change this dataset."))
    if resource.kind != Resource.Kind.FILE:
        raise DomainError(_("This resource is a link; it has no file versions."), code="not_a_file")
    with files_removed_on_failure() as stored:
        version = _store_version(actor, resource, upload, note, data_modified, stored)
        dataset.refresh_from_db()
        refresh_derived(dataset)
        audit.record(actor, "resource.upload", resource, organization_id=dataset.organization_id,
                     changes={"version": version.number, "filename": version.filename,
                              "sha256": version.sha256})
    return version


@transaction.atomic
def set_current_version(actor: User | None, resource: Resource, version: ResourceVersion, *,
                        reason: str = "") -> Resource:
    """Make ``version`` the one the resource serves (the pipeline restores the last good one, issue #3).

    None as actor is the system (a background task acting on a steward's upload).
    """
    if actor is not None and not permissions.can_edit_dataset(actor, resource.dataset):
        raise deny(_("You cannot change this dataset."))
    if version.resource_id != resource.pk:
        raise DomainError(_("This version belongs to another resource."), code="wrong_resource")
    resource = Resource.objects.select_for_update().get(pk=resource.pk)
    before = resource.current_version.number if resource.current_version_id else None
    if resource.current_version_id == version.pk:
        return resource
    resource.current_version = version
    resource.save(update_fields=["current_version", "modified"])
    audit.record(actor, "resource.current_version", resource, organization_id=resource.dataset.organization_id,
                 changes={"version": [before, version.number]}, comment=reason)
    return resource


@transaction.atomic
def update_resource(actor: User, resource: Resource, values: Mapping[str, Any]) -> Resource:
    """Change a resource's name, description, link, format or language."""
    dataset = resource.dataset
    if not permissions.can_edit_dataset(actor, dataset):
        raise deny(_("You cannot change this dataset."))
    before = {k: getattr(resource, k) for k in RESOURCE_FIELDS}
    merged = {**before, **{k: v for k, v in values.items() if k in RESOURCE_FIELDS}}
    check_bilingual_required(merged, "name", _("Name"))
    if resource.kind == Resource.Kind.LINK and not merged.get("url"):
        raise DomainError(_("A link resource needs its address."), code="required", field="url")
    for key, value in merged.items():
        setattr(resource, key, value if value is not None else "")
    resource.format = (resource.format or "").upper()
    resource.save()
    refresh_derived(dataset)
    audit.record(actor, "resource.update", resource, organization_id=dataset.organization_id,
                 changes=audit.diff(before, {k: getattr(resource, k) for k in RESOURCE_FIELDS}))
    return resource


@transaction.atomic
def delete_resource(actor: User, resource: Resource) -> None:
    """Remove a resource from a dataset that was never published; published files stay (archive instead)."""
    dataset = resource.dataset
    if not permissions.can_edit_dataset(actor, dataset):
        raise deny(_("You cannot change this dataset."))
    # Once published, someone may have downloaded or cited the files: they are archived with the dataset.
    if dataset.published_at is not None:
        raise InvalidStateError(_("A file or link of a dataset that was published is archived with the "
                                  "dataset, not removed."))
    audit.record(actor, "resource.delete", resource, organization_id=dataset.organization_id)
    delete_files_on_commit(ResourceVersion.objects.filter(resource=resource))
    resource.delete()
    refresh_derived(dataset)

