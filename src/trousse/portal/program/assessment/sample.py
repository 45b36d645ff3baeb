"""The sample town's readiness assessments: one about 14 months ago and one this year, to compare.

The answers follow a fixed profile per activity, so the demo always shows the same levels, strengths,
gaps and action plan: an early program with a few solid practices, and a year of visible progress.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from trousse.portal.core.models import AuditEvent, User
from trousse.portal.program.assessment import services
from trousse.portal.program.assessment.bank import QuestionBank, question_bank
from trousse.portal.program.models_assessment import Assessment
from trousse.portal.program.permissions import is_program_lead

# The level each activity had reached, by assessment (activities not listed: level 1, initial).
EARLIER_LEVELS = {
    "leadership.sponsorship": 2, "leadership.strategy": 2,
    "policy.policy": 2, "policy.licensing": 2,
    "governance.release_process": 2, "governance.standards": 1, "governance.data_ownership": 2,
    "governance.sensitive_data": 2,
    "people.roles": 2, "people.skills": 2,
    "technology.platform": 2, "technology.automation": 1,
    "engagement.requests": 1, "engagement.documentation": 2, "engagement.reuser_support": 1,
    "funding.budget": 1,
}
RECENT_LEVELS = {
    "leadership.sponsorship": 3, "leadership.strategy": 3,
    "policy.policy": 3, "policy.licensing": 4,
    "governance.release_process": 3, "governance.standards": 3, "governance.data_ownership": 2,
    "governance.sensitive_data": 4,
    "people.roles": 3, "people.skills": 2,
    "technology.platform": 4, "technology.automation": 2,
    "engagement.requests": 2, "engagement.documentation": 3, "engagement.reuser_support": 2,
    "funding.budget": 2,
}
# Notes are free text a person types; the sample town's working group writes them in both languages.
EARLIER_NOTE = ("First self-assessment by the interim working group (clerk’s office, IT, planning), before the "
                "pilot.\nPremière autoévaluation du groupe de travail provisoire (greffe, TI, urbanisme), avant "
                "le projet pilote.")
RECENT_NOTE = ("Yearly review by the open data working group, after the pilot became a program.\nBilan annuel "
               "du groupe de travail sur les données ouvertes, après le passage du projet pilote au programme.")
EARLIER_AGE = timedelta(days=425)  # about 14 months
RECENT_AGE = timedelta(days=18)


def answers_for(levels: dict[str, int], bank: QuestionBank) -> dict[str, bool]:
    """Return the answers that give each activity its level: "yes" up to it, then one "no"."""
    answers: dict[str, bool] = {}
    for activity in bank.activities:
        level = levels.get(activity.key, 1)
        for question in activity.questions:
            answers[question.key] = question.level <= level
            if question.level > level:
                break
    return answers


def load_sample_assessments(actor: User, *, lead_username: str = "editor",
                            now: datetime | None = None) -> list[Assessment]:
    """Record the sample town's two completed assessments, unless the site already has assessments.

    ``actor`` (the site administrator loading the sample) records the older one, made by the interim
    working group; the program lead named by the sample guide (``lead_username``), when there is one,
    records this year's. The audit events are dated like the assessments, so the history reads true.
    """
    if Assessment.objects.exists():
        return []
    now = now or timezone.now()
    bank = question_bank()
    lead = User.objects.filter(username=lead_username, is_active=True).first()
    recent_actor = lead if lead is not None and is_program_lead(lead) else actor
    made = []
    for who, age, levels, note in ((actor, EARLIER_AGE, EARLIER_LEVELS, EARLIER_NOTE),
                                   (recent_actor, RECENT_AGE, RECENT_LEVELS, RECENT_NOTE)):
        started = now - age
        completed = started + timedelta(days=6, hours=3)
        assessment = services.start_assessment(who, now=started)
        made.append(services.complete_assessment(who, assessment, answers_for(levels, bank), note, now=completed))
        for action, when in (("assessment.start", started), ("assessment.complete", completed)):
            AuditEvent.objects.filter(action=action, object_type="assessment",
                                      object_id=str(assessment.pk)).update(created=when)
    return made
