"""Every read of readiness assessments: the history, the open draft, one assessment and its results."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trousse.portal.core.errors import NotFoundError
from trousse.portal.program.assessment.bank import question_bank
from trousse.portal.program.assessment.scoring import Result, score
from trousse.portal.program.models_assessment import Assessment

RECENT_DAYS = 365  # "a readiness assessment was done in the last 12 months"


def completed_assessments() -> QuerySet[Assessment]:
    """Return the completed assessments, newest first."""
    return (Assessment.objects.filter(status=Assessment.Status.COMPLETED)
            .select_related("completed_by").order_by("-completed", "-id"))


def open_draft() -> Assessment | None:
    """Return the draft being answered, if any (there is at most one)."""
    return Assessment.objects.filter(status=Assessment.Status.DRAFT).order_by("-started").first()


def latest_completed_assessment(since: datetime | None = None) -> Assessment | None:
    """Return the newest completed assessment, or None; only one completed after ``since`` when given."""
    found = completed_assessments()
    if since is not None:
        found = found.filter(completed__gte=since)
    return found.first()


def recent_assessment(now: datetime | None = None) -> Assessment | None:
    """Return the newest assessment completed in the last 12 months, or None."""
    return latest_completed_assessment((now or timezone.now()) - timedelta(days=RECENT_DAYS))


def get_assessment(pk: int) -> Assessment:
    """Return the assessment ``pk``; NotFoundError when there is none."""
    assessment = Assessment.objects.filter(pk=pk).first()
    if assessment is None:
        raise NotFoundError(_("There is no such assessment."))
    return assessment


def result_of(assessment: Assessment) -> Result:
    """Return the levels, strengths, gaps and action plan computed from the assessment's answers."""
    answers = {k: v for k, v in (assessment.answers or {}).items() if isinstance(v, bool)}
    return score(question_bank(), answers)
