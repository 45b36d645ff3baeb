"""Files the pipeline cannot read (documents, corrupt tables) are checked by hand, version by version (issue #5 §4)."""

from __future__ import annotations

import zlib

import pytest

from tests.factories import make_dataset, make_organization, make_user
from tests.portal.pipeline.helpers import upload
from tests.portal.privacy.gate_data import add, answer_all
from trousse.portal.catalog import services as catalog
from trousse.portal.catalog.hooks import PublicationBlockedError
from trousse.portal.pipeline.services import acknowledge_errors
from trousse.portal.privacy import queries, services
from trousse.portal.privacy.models import Screen

pytestmark = pytest.mark.django_db

# Not a table: the pipeline fails the run, so nothing can be screened automatically.
MINUTES_PDF = (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Length 40 /Filter /FlateDecode >> stream\n"
               + zlib.compress(b"BT (M. Tremblay, 45 rue Principale) Tj ET") + b"\nendstream endobj\n%%EOF\n")


def test_an_unreadable_file_needs_a_reviewer_for_each_version(django_capture_on_commit_callbacks, client) -> None:
    org = make_organization("clerk")
    steward = make_user("steward", role="editor", organization=org)
    reviewer = make_user("reviewer", reviewer=True)
    dataset = make_dataset(org, "minutes", files=())
    resource = add(django_capture_on_commit_callbacks, steward, dataset, "minutes.pdf", MINUTES_PDF)
    screen = queries.latest_screen(resource.current_version)
    assert screen.status == Screen.Status.MANUAL
    answer_all(steward, dataset)
    dataset = catalog.submit_for_review(steward, dataset)
    with pytest.raises(PublicationBlockedError) as refused:
        catalog.approve_dataset(reviewer, dataset, acknowledge=True)
    assert "privacy-review" in {b.code for b in refused.value.blockers}
    assert "privacy-pending" not in {b.code for b in refused.value.blockers}  # it can be approved, by hand

    review = services.decide(reviewer, dataset, "approved",
                             "Read the minutes page by page: only council members' names, which are public.")
    assert review.covered == [f"{resource.pk}:v1:*:manual-check"]
    acknowledge_errors(steward, resource.current_version, "Minutes are published as PDF, not as a table.")
    catalog.approve_dataset(reviewer, dataset)
    assert client.get(f"/files/{resource.pk}/v1/minutes.pdf").status_code == 200

    # A new document is another unread file: the public keeps version 1 until a reviewer checks version 2.
    second = upload(django_capture_on_commit_callbacks, steward, resource, "minutes.pdf", MINUTES_PDF + b"% v2\n")
    resource.refresh_from_db()
    assert queries.latest_screen(second).status == Screen.Status.MANUAL
    assert resource.current_version.number == 1
    assert client.get(f"/files/{resource.pk}/v2/minutes.pdf").status_code == 404

    with django_capture_on_commit_callbacks(execute=True):  # the approval releases version 2 on commit
        services.decide(reviewer, dataset, "approved", "Version 2 read page by page: council members' names only.")
    resource.refresh_from_db()
    assert resource.current_version.number == 2
    assert client.get(f"/files/{resource.pk}/v2/minutes.pdf").status_code == 200
