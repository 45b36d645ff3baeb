"""The sample town's program: a pilot under way, its checklists partly done by hand (for `trousse demo`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from trousse.portal.core.models import AuditEvent, User
from trousse.portal.program.guide import services
from trousse.portal.program.models_guide import ChecklistMark, ProgramSettings, Scope

# (item code, days ago, ticked by the lead (True) or the site admin (False), note)
_TICKS: tuple[tuple[str, int, bool, str], ...] = (
    ("orientation.read", 330, True, "Read together at the working group's first meeting."),
    ("orientation.examples", 325, True, "Compared the portals of three towns of our size; notes in the shared drive."),
    ("fundamentals.definition", 320, True, ""),
    ("fundamentals.benefits", 318, False, "Benefits list attached to the CAO's briefing note."),
    ("planning.sponsor", 310, False, "The CAO agreed to sponsor the pilot."),
    ("governance.sponsor", 310, False, "CAO's office."),
    ("planning.working_group", 300, True, "IT, GIS, clerk's office, communications, public works."),
    ("planning.community_talks", 270, True, "Library, chamber of commerce and the college's computing club."),
    ("use_cases.list", 265, True, "Eight use cases gathered from front-line staff and the talks."),
    ("use_cases.internal", 260, True, "Planning uses the permit data weekly."),
    ("planning.business_case", 250, True, "Three pages; approved by the working group."),
    ("planning.briefing", 235, False, "Presented to senior management and to council's committee of the whole."),
    ("sample.chosen", 220, True, "Parks, facilities, collection zones, council meetings."),
    ("sample.screened", 215, True, "Reviewed with the access-to-information coordinator."),
    ("risk.privacy", 215, True, "Privacy screening is a step of every review."),
    ("infrastructure.hosting", 210, False, "Hosted by IT; nightly backups to the regional data centre."),
    ("principles.open_default", 190, False, ""),
    ("policy.drafted", 180, True, "Draft 3 circulated to the working group."),
    ("policy.reviewed", 150, True, "Legal and records comments addressed in draft 4."),
    ("operations.routine", 140, True, "One-page routine posted on the intranet."),
    ("governance.stewards", 120, False, "Stewards named in five departments."),
    ("community.listen", 110, True, ""),
    ("pilot.team", 100, True, "Project lead: GIS; team of four, one day a week each."),
    ("pilot.goals", 95, True, "Six months, 15 datasets, answer every request within 10 working days."),
    ("risk.withdrawal", 90, False, "Withdrawal procedure added to the routine."),
    ("pilot.engagement_plan", 60, True, "Library workshop, college class, business breakfast."),
)
# Ticked then unticked: the path keeps the whole story.
_UNTICKS: tuple[tuple[str, int, str], ...] = (
    ("pilot.engagement_plan", 45, "Communications asked for a new date for the library workshop; plan under revision."),
)
_LEAD = "editor"


@dataclass
class SampleGuideReport:
    """What loading the sample program did."""

    scope: str = ""
    lead: str = ""
    ticked: list[str] = field(default_factory=list)
    unticked: list[str] = field(default_factory=list)


@transaction.atomic
def load_sample_guide(actor: User, *, lead_username: str = _LEAD, now: datetime | None = None) -> SampleGuideReport:
    """Give the sample town a pilot under way: a program lead, the scope and checklists partly done by hand.

    ``actor`` is the site administrator loading the sample; the account named ``lead_username`` (the
    demo editor) becomes program lead and ticks most items. Dates are spread over the past eleven
    months so the path reads like a real one. A site whose scope was already chosen is left alone.
    """
    report = SampleGuideReport()
    if ProgramSettings.objects.filter(changed_by__isnull=False).exists():
        return report
    now = now or timezone.now()
    lead = User.objects.filter(username=lead_username, is_active=True).first()
    if lead is not None:
        services.add_program_lead(actor, lead)
        report.lead = lead.username
    lead_actor = lead or actor
    settings_row = services.set_scope(lead_actor, Scope.PILOT)
    _backdate(settings_row, "program.scope", now - timedelta(days=335))
    ProgramSettings.objects.filter(pk=settings_row.pk).update(changed=now - timedelta(days=335))
    report.scope = Scope.PILOT
    for code, days, by_lead, note in _TICKS:
        mark = services.tick_item(lead_actor if by_lead else actor, code, note)
        _backdate(mark, "checklist.tick", now - timedelta(days=days))
        report.ticked.append(code)
    for code, days, note in _UNTICKS:
        mark = services.untick_item(lead_actor, code, note)
        _backdate(mark, "checklist.untick", now - timedelta(days=days))
        report.unticked.append(code)
    return report


def _backdate(obj: ProgramSettings | ChecklistMark, action: str, when: datetime) -> None:
    # The sample tells a year's story in one run: move the mark and its newest audit event to ``when``.
    if isinstance(obj, ChecklistMark):
        ChecklistMark.objects.filter(pk=obj.pk).update(changed=when)
    event = (AuditEvent.objects.filter(action=action, object_type=obj._meta.model_name, object_id=str(obj.pk))
             .order_by("-id").first())
    if event is not None:
        AuditEvent.objects.filter(pk=event.pk).update(created=when)
