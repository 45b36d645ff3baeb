"""The sample town's launch path: a pilot under way, partly done by hand, with a believable history."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import factory_admin, make_organization, make_user
from trousse.portal.core.models import AuditEvent
from trousse.portal.program.guide import progress
from trousse.portal.program.models_guide import ChecklistMark, ProgramLead, ProgramSettings
from trousse.portal.program.sample import load_sample_guide

pytestmark = pytest.mark.django_db


def test_the_sample_program_is_a_pilot_partly_done() -> None:
    admin = factory_admin()
    make_user("editor", role="editor", organization=make_organization("parks"))
    now = timezone.now()
    report = load_sample_guide(admin, now=now)

    assert report.scope == "pilot" and report.lead == "editor"
    assert ProgramSettings.objects.get().scope == "pilot"
    assert ProgramLead.objects.get().user.username == "editor"
    path = progress.path_progress()
    assert 0 < path.percent < 100 and path.done < path.total
    marks = {m.item: m for m in ChecklistMark.objects.select_related("changed_by")}
    assert len(marks) == len(set(report.ticked)) and report.unticked == ["pilot.engagement_plan"]
    assert not marks["pilot.engagement_plan"].done
    assert {m.changed_by.username for m in marks.values()} == {"editor", admin.username}
    # Dates spread over the past year, and the audit log tells the same story.
    assert all(now - timedelta(days=366) < m.changed < now - timedelta(days=30) for m in marks.values())
    sponsor = AuditEvent.objects.get(action="checklist.tick", object_label="planning.sponsor")
    assert sponsor.created == marks["planning.sponsor"].changed and sponsor.actor == admin

    again = load_sample_guide(admin, now=now)  # a site that already chose its scope is left alone
    assert again.ticked == [] and ChecklistMark.objects.count() == len(marks)


def test_without_the_demo_editor_the_admin_does_it_all() -> None:
    admin = factory_admin()
    report = load_sample_guide(admin)
    assert report.lead == "" and not ProgramLead.objects.exists()
    assert set(ChecklistMark.objects.values_list("changed_by__username", flat=True)) == {admin.username}
