"""Every write to readiness assessments: start a draft, save answers, complete, discard a draft.

Only program leads (program.permissions.is_program_lead: site admins and the people they name) write.
Starting, completing and discarding are recorded in the audit log; saving a draft is not, since the
draft keeps its own "last saved" time and completion records the answers that count.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from trousse.portal.core import audit
from trousse.portal.core.errors import DomainError, InvalidStateError, NotFoundError, PermissionDeniedError
from trousse.portal.core.models import User
from trousse.portal.program import permissions
from trousse.portal.program.assessment.bank import Question, question_bank
from trousse.portal.program.assessment.scoring import missing_answers, score
from trousse.portal.program.models_assessment import Assessment

NOTE_MAX = 5000


class IncompleteAssessmentError(DomainError):
    """Some activities' chains stop at an unanswered question; ``questions`` lists the first of each."""

    code = "incomplete"

    def __init__(self, questions: Sequence[Question]) -> None:
        message = ngettext("One activity still needs an answer before the assessment can be completed.",
                           "%(count)d activities still need an answer before the assessment can be completed.",
                           len(questions)) % {"count": len(questions)}
        super().__init__(message)
        self.questions = list(questions)


def _require_lead(actor: User | None) -> None:
    if not permissions.is_program_lead(actor):
        raise PermissionDeniedError(_("Only program leads and site administrators can record assessments."))


def _require_draft(assessment: Assessment) -> None:
    if assessment.is_completed:
        raise InvalidStateError(_("This assessment is completed and can no longer be changed. "
                                  "Start a new one to record progress."))


def _lock_draft(assessment: Assessment) -> None:
    """Lock the row and check, from the database, that it is still a draft (call inside a transaction)."""
    current = Assessment.objects.select_for_update().filter(pk=assessment.pk).first()
    if current is None:
        raise NotFoundError(_("There is no such assessment."))
    _require_draft(current)


def clean_answers(answers: Mapping[str, object]) -> dict[str, bool]:
    """Keep the answers to known questions, as booleans, in bank order; refuse anything else."""
    known = {q.key for q in question_bank().questions}
    unknown = sorted(set(answers) - known)
    if unknown:
        raise DomainError(_("The answers name questions that are not in the question bank."), code="unknown_question")
    if any(not isinstance(value, bool) for value in answers.values()):
        raise DomainError(_("Each answer must be yes or no."), code="invalid_answer")
    return {q.key: bool(answers[q.key]) for q in question_bank().questions if q.key in answers}


def _clean_note(note: str) -> str:
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise DomainError(_("The note is too long (at most 5,000 characters)."), field="note")
    return note


def start_assessment(actor: User, *, now: datetime | None = None) -> Assessment:
    """Open a new draft assessment, or return the draft already open: one draft at a time."""
    _require_lead(actor)
    with transaction.atomic():
        draft = Assessment.objects.select_for_update().filter(status=Assessment.Status.DRAFT).first()
        if draft is not None:
            return draft
        when = now or timezone.now()
        assessment = Assessment.objects.create(started=when, modified=when, started_by=actor,
                                               started_by_name=actor.username)
        audit.record(actor, "assessment.start", assessment)
    return assessment


def save_draft(actor: User, assessment: Assessment, answers: Mapping[str, object], note: str = "", *,
               now: datetime | None = None) -> Assessment:
    """Keep the answers given so far (any of them may be blank) and the note on a draft."""
    _require_lead(actor)
    cleaned, note = clean_answers(answers), _clean_note(note)
    with transaction.atomic():
        _lock_draft(assessment)
        assessment.answers, assessment.note, assessment.modified = cleaned, note, now or timezone.now()
        assessment.save(update_fields=["answers", "note", "modified"])
    return assessment


def complete_assessment(actor: User, assessment: Assessment, answers: Mapping[str, object], note: str = "", *,
                        now: datetime | None = None) -> Assessment:
    """Save the answers and complete the assessment; every activity's chain must be decided."""
    _require_lead(actor)
    _require_draft(assessment)
    cleaned, note = clean_answers(answers), _clean_note(note)
    bank = question_bank()
    missing = missing_answers(bank, cleaned)
    if missing:
        raise IncompleteAssessmentError(missing)
    when = now or timezone.now()
    with transaction.atomic():
        _lock_draft(assessment)  # two leads completing the same draft at once: the second is refused
        assessment.answers, assessment.note = cleaned, note
        assessment.status = Assessment.Status.COMPLETED
        assessment.modified = assessment.completed = when
        assessment.completed_by, assessment.completed_by_name = actor, actor.username
        assessment.save()
        levels = {d.dimension.code: d.level for d in score(bank, cleaned).dimensions}
        audit.record(actor, "assessment.complete", assessment, changes={"levels": [None, levels]})
    return assessment


def discard_draft(actor: User, assessment: Assessment) -> None:
    """Delete a draft that will not be completed; completed assessments are kept for good."""
    _require_lead(actor)
    with transaction.atomic():
        _lock_draft(assessment)
        audit.record(actor, "assessment.discard", assessment)
        assessment.delete()
