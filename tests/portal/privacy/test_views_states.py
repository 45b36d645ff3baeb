"""The privacy page in the gate's other states: a refresh held back with what it brought, a screen that failed."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import make_dataset, make_organization, make_user
from tests.portal.privacy.gate_data import CLEAN_CSV, COMPLAINTS_CSV, add_file, answer_all, upload
from trousse.portal.catalog import services as catalog
from trousse.portal.privacy import queries
from trousse.portal.privacy.models import Screen

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return make_organization("services")


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_a_held_refresh_shows_what_it_brought_and_waits_in_the_queue(org, steward, reviewer,
                                                                      django_capture_on_commit_callbacks):
    dataset = make_dataset(org, "requests", files=(), title_fr="Demandes")
    resource = add_file(django_capture_on_commit_callbacks, steward, dataset, "requests.csv", CLEAN_CSV)
    answer_all(steward, dataset)
    catalog.approve_dataset(reviewer, catalog.submit_for_review(steward, dataset))
    refresh = upload(django_capture_on_commit_callbacks, steward, resource, "requests.csv", COMPLAINTS_CSV)
    resource.refresh_from_db()
    assert resource.current_version.number == 1 and refresh.number == 2  # held back

    html = _client(steward).get("/en/workspace/privacy/datasets/requests/").content.decode()
    assert "Version 2 is held back" in html and "What it brought that the current version does not have" in html
    assert "Email address" in html and "<code>courriel</code>" in html
    assert "jean.tremblay@gmail.com" not in html
    queue = _client(reviewer).get("/en/workspace/privacy/").content.decode()
    assert "/en/workspace/privacy/datasets/requests/" in queue and "1 version held back" in queue
    french = _client(reviewer).get("/fr/workspace/privacy/").content.decode()
    assert "1 version retenue" in french and "Examens de la confidentialité" in french
    # The public page of the published dataset names no finding.
    public = Client().get("/en/datasets/requests/").content.decode()
    assert "held back" not in public and "Email address" not in public
    assert "A privacy review was done" not in public  # clean when published: no reviewer decided
    other = make_user("other", role="admin", organization=make_organization("parks"))
    assert _client(other).get("/en/workspace/privacy/datasets/requests/").status_code == 403
    assert _client(other).get(f"/en/workspace/privacy/resources/{resource.pk}/recipe/").status_code == 403
    assert _client(steward).get("/en/workspace/privacy/resources/99999/recipe/").status_code == 404


def test_a_failed_screen_is_explained_and_keeps_the_gate_closed(org, steward, reviewer, settings,
                                                                django_capture_on_commit_callbacks):
    settings.PRIVACY_SCREEN_MEMORY_LIMIT = "not a size"  # DuckDB refuses it: the screen cannot run
    dataset = make_dataset(org, "broken", files=())
    resource = add_file(django_capture_on_commit_callbacks, steward, dataset, "broken.csv", CLEAN_CSV)
    version = resource.versions.get()
    screen = queries.latest_screen(version)
    assert screen is not None and screen.status == Screen.Status.ERROR
    html = _client(steward).get("/en/workspace/privacy/datasets/broken/").content.decode()
    assert "fail closed" in html and "What blocks publication" in html
    assert "not a size" not in html  # the technical detail stays in the logs
    french = _client(steward).get("/fr/workspace/privacy/datasets/broken/").content.decode()
    assert "échec en mode fermé" in french
    # A reviewer cannot approve what was never screened: the form says why (409), nothing is recorded.
    refused = _client(reviewer).post("/en/workspace/privacy/datasets/broken/decision/", {
        "decision": "approved", "justification": "Looks fine to me, nothing personal here."})
    assert refused.status_code == 409 and "until a screen succeeds" in refused.content.decode()
    assert not dataset.privacy_reviews.exists()
