"""The assessment services: who may write, one draft at a time, completion rules, the audit trail."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import factory_admin, make_organization, make_user
from trousse.portal.core.errors import DomainError, InvalidStateError, PermissionDeniedError
from trousse.portal.core.models import AuditEvent
from trousse.portal.program.assessment import queries, services
from trousse.portal.program.assessment.bank import question_bank
from trousse.portal.program.assessment.checks import CODE
from trousse.portal.program.assessment.sample import (
    EARLIER_LEVELS,
    RECENT_LEVELS,
    answers_for,
    load_sample_assessments,
)
from trousse.portal.program.checklists import SiteFacts, registered_checks, run_auto_check
from trousse.portal.program.guide.services import add_program_lead
from trousse.portal.program.models_assessment import Assessment

pytestmark = pytest.mark.django_db
BANK = question_bank()


def test_site_admins_and_named_program_leads_write_others_are_refused() -> None:
    editor = make_user("edith", role="editor", organization=make_organization("parks"))
    with pytest.raises(PermissionDeniedError):
        services.start_assessment(editor)
    add_program_lead(factory_admin(), editor)
    editor = type(editor).objects.get(pk=editor.pk)  # the lead flag is cached per user object
    assert services.start_assessment(editor).started_by == editor


def test_there_is_one_draft_at_a_time() -> None:
    admin = factory_admin()
    first = services.start_assessment(admin)
    assert services.start_assessment(admin) == first
    assert Assessment.objects.count() == 1
    assert AuditEvent.objects.filter(action="assessment.start").count() == 1


def test_a_draft_keeps_partial_answers_and_refuses_unknown_questions() -> None:
    admin = factory_admin()
    draft = services.start_assessment(admin)
    key = BANK.questions[0].key
    services.save_draft(admin, draft, {key: True}, "  Working group meeting  ")
    draft.refresh_from_db()
    assert draft.answers == {key: True} and draft.note == "Working group meeting"
    with pytest.raises(DomainError) as raised:
        services.save_draft(admin, draft, {"leadership.invented.defined": True})
    assert raised.value.code == "unknown_question"
    with pytest.raises(DomainError) as raised:
        services.save_draft(admin, draft, {key: "yes"})
    assert raised.value.code == "invalid_answer"


def test_completing_needs_every_chain_decided_and_lists_the_missing_questions() -> None:
    admin = factory_admin()
    draft = services.start_assessment(admin)
    answers = answers_for({}, BANK)
    first = BANK.activities[0].questions[0].key
    del answers[first]
    with pytest.raises(services.IncompleteAssessmentError) as raised:
        services.complete_assessment(admin, draft, answers)
    assert [q.key for q in raised.value.questions] == [first]
    assert "One activity still needs an answer" in str(raised.value.message)
    draft.refresh_from_db()
    assert draft.status == Assessment.Status.DRAFT and draft.answers == {}  # nothing saved


def test_completion_is_recorded_with_the_levels_and_the_assessment_is_then_read_only() -> None:
    admin = factory_admin()
    draft = services.start_assessment(admin)
    done = services.complete_assessment(admin, draft, answers_for(RECENT_LEVELS, BANK), "Yearly review")
    assert done.status == Assessment.Status.COMPLETED and done.completed and done.completed_by == admin
    event = AuditEvent.objects.get(action="assessment.complete")
    assert event.actor == admin and event.object_id == str(done.pk)
    levels = event.changes["levels"][1]
    assert levels["technology"] == 2 and levels["policy"] == 3 and levels["engagement"] == 2
    with pytest.raises(InvalidStateError):
        services.save_draft(admin, done, {})
    with pytest.raises(InvalidStateError):
        services.discard_draft(admin, done)


def test_discarding_a_draft_deletes_it_and_leaves_a_trace() -> None:
    admin = factory_admin()
    draft = services.start_assessment(admin)
    pk = draft.pk
    services.discard_draft(admin, draft)
    assert not Assessment.objects.exists()
    assert AuditEvent.objects.filter(action="assessment.discard", object_id=str(pk)).exists()


def test_the_auto_check_wants_an_assessment_completed_in_the_last_12_months() -> None:
    assert CODE in registered_checks()
    admin = factory_admin()
    assert not run_auto_check(CODE, SiteFacts()).done
    old = timezone.now() - timedelta(days=400)
    services.complete_assessment(admin, services.start_assessment(admin, now=old), answers_for({}, BANK), now=old)
    result = run_auto_check(CODE, SiteFacts())
    assert not result.done and result.available
    services.complete_assessment(admin, services.start_assessment(admin), answers_for({}, BANK))
    result = run_auto_check(CODE, SiteFacts())
    assert result.done and admin.username in result.evidence
    # Seen from a year later, the recent one is too old as well.
    assert not run_auto_check(CODE, SiteFacts(now=timezone.now() + timedelta(days=366))).done


def test_the_sample_town_gets_an_older_and_a_recent_assessment_once() -> None:
    admin = factory_admin()
    now = timezone.now()
    older, recent = load_sample_assessments(admin, now=now)
    assert now - older.completed > timedelta(days=400) and now - recent.completed < timedelta(days=31)
    assert load_sample_assessments(admin) == []  # already there: nothing added
    levels = {a.activity.key: a.level for a in queries.result_of(older).activities}
    assert levels == {a.key: EARLIER_LEVELS.get(a.key, 1) for a in BANK.activities}
    assert queries.latest_completed_assessment() == recent
    assert {d.level for d in queries.result_of(recent).dimensions} == {2, 3}  # a varied profile


def test_the_sample_programs_lead_records_this_years_assessment_and_events_are_dated() -> None:
    admin = factory_admin()
    editor = make_user("editor", role="editor", organization=make_organization("clerk"))
    add_program_lead(admin, editor)
    older, recent = load_sample_assessments(admin)
    assert older.completed_by == admin and recent.completed_by == editor
    event = AuditEvent.objects.get(action="assessment.complete", object_id=str(older.pk))
    assert event.created == older.completed


def test_a_stale_copy_of_a_completed_assessment_cannot_change_it() -> None:
    admin = factory_admin()
    draft = services.start_assessment(admin)
    stale = Assessment.objects.get(pk=draft.pk)  # another lead's page, opened before completion
    services.complete_assessment(admin, draft, answers_for({}, BANK))
    with pytest.raises(InvalidStateError):
        services.complete_assessment(admin, stale, answers_for(RECENT_LEVELS, BANK))
    with pytest.raises(InvalidStateError):
        services.discard_draft(admin, stale)
    draft.refresh_from_db()
    assert queries.result_of(draft).dimensions[0].level == 1  # the first completion stands
