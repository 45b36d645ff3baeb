"""The privacy gate on real pipeline runs: screens block publication until a reviewer approves (issue #5 §4)."""

from __future__ import annotations

import pytest

from tests.factories import make_dataset
from tests.portal.privacy.gate_data import COMPLAINTS_CSV, add, answer_all
from trousse.portal.catalog import services as catalog
from trousse.portal.catalog.hooks import PublicationBlockedError
from trousse.portal.core.errors import DomainError, PermissionDeniedError
from trousse.portal.core.models import AuditEvent
from trousse.portal.privacy import queries, services
from trousse.portal.privacy.models import Screen

pytestmark = pytest.mark.django_db


def test_personal_information_blocks_publication_until_a_reviewer_approves(
        org, steward, reviewer, django_capture_on_commit_callbacks):
    dataset = make_dataset(org, "requests", files=())
    resource = add(django_capture_on_commit_callbacks, steward, dataset, "requests.csv", COMPLAINTS_CSV)
    screen = queries.latest_screen(resource.current_version)
    assert screen.status == Screen.Status.FOUND
    keys = queries.finding_keys(screen)
    assert f"{resource.pk}:requests:courriel:email" in keys
    assert f"{resource.pk}:requests:telephone:phone" in keys
    dataset = catalog.submit_for_review(steward, dataset)

    with pytest.raises(PublicationBlockedError) as refused:
        catalog.approve_dataset(reviewer, dataset, acknowledge=True)  # none of these may be acknowledged
    assert {b.code for b in refused.value.blockers} == {"privacy-questionnaire", "privacy-review"}
    assert all(not b.acknowledgeable and b.message.fr for b in refused.value.blockers)

    answer_all(steward, dataset)
    with pytest.raises(PublicationBlockedError) as refused:
        catalog.approve_dataset(reviewer, dataset)
    assert [b.code for b in refused.value.blockers] == ["privacy-review"]

    with pytest.raises(PermissionDeniedError):
        services.decide(steward, dataset, "approved", "The e-mails are needed by the public, really.")
    with pytest.raises(DomainError) as short:
        services.decide(reviewer, dataset, "approved", "fine")
    assert short.value.field == "justification"
    review = services.decide(reviewer, dataset, "approved",
                             "Contact details are of businesses registered with the town; publishing is lawful.")
    assert set(review.covered) == keys and review.risk_level in ("medium", "high")
    event = AuditEvent.objects.get(action="privacy.approved")
    assert event.actor == reviewer and event.comment.startswith("Contact details")
    assert AuditEvent.objects.filter(action="privacy.questionnaire_saved", actor=steward).exists()

    published = catalog.approve_dataset(reviewer, dataset)
    assert published.status == "published"
    assert queries.last_review_date(dataset) == review.created


def test_a_sent_back_dataset_stays_blocked(org, steward, reviewer, django_capture_on_commit_callbacks):
    dataset = make_dataset(org, "requests", files=())
    add(django_capture_on_commit_callbacks, steward, dataset, "requests.csv", COMPLAINTS_CSV)
    answer_all(steward, dataset)
    services.decide(reviewer, dataset, "approved", "Approved first, before the legal opinion came in.")
    services.decide(reviewer, dataset, "rejected", "Legal says the phone numbers must not be published.")
    state = queries.dataset_privacy(dataset)
    assert not state.approval_current
    assert [b.code for b in state.blockers] == ["privacy-review"]
    assert AuditEvent.objects.filter(action="privacy.rejected").count() == 1
