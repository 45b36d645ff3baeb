"""The launch path's auto-check "a readiness assessment was done in the last 12 months" (issue #6 §1, §2)."""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from trousse.portal.program.assessment import system_checks  # noqa: F401  (registers the bank's system check)
from trousse.portal.program.assessment.queries import recent_assessment
from trousse.portal.program.checklists import CheckResult, SiteFacts, register_auto_check

CODE = "readiness.recent_assessment"


def recent_assessment_check(facts: SiteFacts) -> CheckResult:
    """Done when an assessment was completed in the 12 months before ``facts.now``."""
    found = recent_assessment(facts.now)
    if found is None:
        return CheckResult(False, _("No readiness assessment was completed in the last 12 months."))
    assert found.completed is not None  # completed assessments always have a date
    return CheckResult(True, _("Readiness assessment completed on %(date)s by %(name)s.") % {
        "date": date_format(localtime(found.completed).date(), "DATE_FORMAT"),
        "name": found.completed_by_name or _("an unknown person")})


register_auto_check(CODE, recent_assessment_check)
