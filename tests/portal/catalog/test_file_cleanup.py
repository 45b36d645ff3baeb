"""Stored files follow their rows: deleted drafts leave no files behind; a rollback keeps them."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import transaction

from tests.factories import factory_admin, make_dataset, make_organization
from trousse.portal.catalog import services
from trousse.portal.catalog.models import ResourceVersion

pytestmark = pytest.mark.django_db


def _stored(media_root: Path) -> list[str]:
    return sorted(str(p.relative_to(media_root)) for p in media_root.rglob("*") if p.is_file())


def test_deleting_a_draft_resource_removes_its_files_after_commit(media_root, django_capture_on_commit_callbacks):
    dataset = make_dataset(make_organization("works"), "potholes")
    resource = dataset.resources.get()
    name = ResourceVersion.objects.get(resource=resource).file.name
    assert name in _stored(media_root)
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_resource(factory_admin(), resource)
    assert name not in _stored(media_root)


def test_deleting_a_draft_dataset_removes_every_version_file(media_root, django_capture_on_commit_callbacks):
    dataset = make_dataset(make_organization("works"), "potholes")
    assert _stored(media_root)
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_dataset(factory_admin(), dataset)
    assert not [n for n in _stored(media_root) if n.startswith("resources/")]


def test_a_rolled_back_deletion_keeps_the_files(media_root):
    dataset = make_dataset(make_organization("works"), "potholes")
    before = _stored(media_root)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.delete_dataset(factory_admin(), dataset)
        raise RuntimeError("a later step fails")
    assert _stored(media_root) == before
