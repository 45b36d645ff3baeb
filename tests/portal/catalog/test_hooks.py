"""The catalogue's declared hooks: version_stored on commit, and publication checks."""

from __future__ import annotations

import pytest
from django.db import transaction

from tests.factories import factory_admin, make_dataset, make_organization, make_upload, prepare_publication
from trousse.engine.metadata.model import LocalizedText
from trousse.portal.catalog import hooks, services
from trousse.portal.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def received():
    seen = []

    def receiver(sender, version, actor, **kwargs):
        seen.append((version.number, actor))

    hooks.version_stored.connect(receiver, dispatch_uid="test-hooks")
    yield seen
    hooks.version_stored.disconnect(dispatch_uid="test-hooks")


def test_version_stored_is_sent_on_commit_only(received, django_capture_on_commit_callbacks):
    admin = factory_admin()
    dataset = make_dataset(make_organization("works"), "roads", files=())
    with django_capture_on_commit_callbacks(execute=True):
        resource = services.add_resource(admin, dataset, {"name_en": "Roads"}, upload=make_upload("r.csv", "a\n1\n"))
        services.add_resource(admin, dataset, {"name_en": "Link", "url": "https://example.org/"})
    assert received == [(1, admin)]
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        with transaction.atomic():
            services.upload_version(admin, resource, make_upload("r.csv", "a\n2\n"))
            raise RuntimeError("rolled back")
    assert received == [(1, admin)]


def test_publication_checks_block_unless_acknowledged():
    dataset = make_dataset(make_organization("works"), "roads")
    prepare_publication(dataset)  # the privacy gate's own checks pass: only this test's check speaks
    hard = hooks.Blocker("hard", LocalizedText("Hard stop.", "Arrêt."))
    soft = hooks.Blocker("soft", LocalizedText("Look first.", "Regardez d’abord."), acknowledgeable=True)
    answers = {"blockers": [soft]}

    def check(ds):
        return answers["blockers"] if ds.pk == dataset.pk else []

    hooks.register_publication_check(check)
    try:
        with pytest.raises(hooks.PublicationBlockedError) as refused:
            services.publish_dataset(factory_admin(), dataset)
        assert refused.value.code == "publication_blocked" and "Look first." in str(refused.value.message)
        answers["blockers"] = [soft, hard]
        with pytest.raises(hooks.PublicationBlockedError) as refused:
            services.publish_dataset(factory_admin(), dataset, acknowledge=True)
        assert [b.code for b in refused.value.blockers] == ["hard"]
        answers["blockers"] = [soft]
        services.publish_dataset(factory_admin(), dataset, "seen", acknowledge=True)
    finally:
        hooks.unregister_publication_check(check)
    event = AuditEvent.objects.get(action="dataset.acknowledge_blockers")
    assert event.changes["blockers"][0]["code"] == "soft" and event.comment == "seen"
