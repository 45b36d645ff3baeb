"""A refresh of a published resource that brings new personal information is held back (issue #5 §4)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from tests.factories import make_dataset, make_user
from tests.portal.privacy.gate_data import CLEAN_CSV, COMPLAINTS_CSV, RAW_VALUES, add, answer_all, upload
from trousse.portal.catalog import services as catalog
from trousse.portal.core.models import AuditEvent
from trousse.portal.privacy import gate, queries, services
from trousse.portal.privacy.models import Screen

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def local_mail(settings) -> None:  # type: ignore[no-untyped-def]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def steward(org):
    user = make_user("steward", role="editor", organization=org)
    user.email, user.preferred_language = "steward@example.ca", "fr"
    user.save()
    return user


@pytest.fixture
def reviewer():
    user = make_user("reviewer", reviewer=True)
    user.email = "privacy@example.ca"
    user.save()
    return user


def _body(response) -> str:  # type: ignore[no-untyped-def]
    return b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()


@pytest.fixture
def published(org, steward, reviewer, django_capture_on_commit_callbacks):
    dataset = make_dataset(org, "requests", files=())
    resource = add(django_capture_on_commit_callbacks, steward, dataset, "requests.csv", CLEAN_CSV)
    assert queries.latest_screen(resource.current_version).status == Screen.Status.CLEAN
    answer_all(steward, dataset)
    dataset = catalog.approve_dataset(reviewer, catalog.submit_for_review(steward, dataset))
    assert dataset.status == "published"
    resource.refresh_from_db()
    return dataset, resource


def test_a_refresh_with_new_personal_information_is_held_and_released_by_approval(
        published, steward, reviewer, django_capture_on_commit_callbacks):
    dataset, resource = published
    first = resource.current_version
    mail.outbox.clear()
    second = upload(django_capture_on_commit_callbacks, steward, resource, "requests.csv", COMPLAINTS_CSV)
    resource.refresh_from_db()
    assert resource.current_version_id == first.pk  # the public keeps the old version
    assert queries.latest_screen(second).status == Screen.Status.FOUND
    assert gate.hold(second)
    state = queries.dataset_privacy(dataset)
    assert [v.pk for v, _s in state.resources[0].held] == [second.pk]
    assert dataset in [s.dataset for s in queries.review_queue(reviewer)]

    public = Client()
    latest = public.get(f"/files/{resource.pk}/latest")
    assert latest.status_code == 302 and f"/v{first.number}/" in latest["Location"]
    assert "pothole" in _body(public.get(latest["Location"]))
    for path in (f"/files/{resource.pk}/v{second.number}/{second.filename}",
                 f"/files/{resource.pk}/v{second.number}/derived/csv"):
        assert public.get(path).status_code == 404
    assert public.get(f"/files/{resource.pk}/v{first.number}/derived/csv").status_code == 200
    search = public.get("/api/3/action/datastore_search", {"resource_id": resource.pk})
    assert search.status_code == 200 and not any(raw in search.content.decode() for raw in RAW_VALUES)
    # The held version's validation report shows no cell values (ranges would be e-mail addresses).
    report = public.get(f"/en/datasets/requests/resources/{resource.pk}/validation/?version={second.number}")
    assert report.status_code == 200 and "anne.cote@gmail.com" not in report.content.decode()
    staff = Client()
    staff.force_login(steward)
    assert staff.get(f"/files/{resource.pk}/v{second.number}/derived/csv").status_code == 200

    # Steward and reviewer are told, each in their language, with masked examples only.
    assert sorted(m.to[0] for m in mail.outbox) == ["privacy@example.ca", "steward@example.ca"]
    french = next(m for m in mail.outbox if m.to == ["steward@example.ca"])
    assert french.subject.startswith("Confidentialité") and "retenue" in french.subject
    for message in mail.outbox:
        assert not any(raw in message.body for raw in RAW_VALUES)
        assert "•" in message.body
    event = AuditEvent.objects.get(action="privacy.refresh_held")
    assert sorted(event.changes["notified"]) == ["privacy@example.ca", "steward@example.ca"]

    with django_capture_on_commit_callbacks(execute=True):
        services.decide(reviewer, dataset, "approved",
                        "The contact details are those of businesses; the by-law allows publishing them.")
    resource.refresh_from_db()
    assert resource.current_version_id == second.pk
    assert public.get(f"/files/{resource.pk}/v{second.number}/derived/csv").status_code == 200


def test_a_refresh_with_approved_findings_only_goes_out(published, steward, reviewer,
                                                         django_capture_on_commit_callbacks):
    dataset, resource = published
    second = upload(django_capture_on_commit_callbacks, steward, resource, "requests.csv", COMPLAINTS_CSV)
    with django_capture_on_commit_callbacks(execute=True):
        services.decide(reviewer, dataset, "approved", "Business contacts, published under the by-law.")
    mail.outbox.clear()
    third = upload(django_capture_on_commit_callbacks, steward, resource, "requests.csv",
                   COMPLAINTS_CSV.replace("Graffiti", "Graffiti encore"))
    resource.refresh_from_db()
    assert resource.current_version_id == third.pk != second.pk
    assert mail.outbox == []
