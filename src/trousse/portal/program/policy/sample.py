"""The sample town's policy: two versions of the documents, the second adopted by council (for `trousse demo`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from trousse.portal.core.models import AuditEvent, User
from trousse.portal.program.models_policy import PolicyVersion
from trousse.portal.program.policy import services

_DEPARTMENTS = (
    ("Office of the Town Clerk", "Greffe municipal"),
    ("Finance", "Finances"),
    ("Planning and Development", "Urbanisme et aménagement"),
    ("Public Works", "Travaux publics"),
    ("Parks and Recreation", "Parcs et loisirs"),
    ("Maple Point Transit", "Transport en commun de Pointe-aux-Érables"),
    ("Inspections and By-law Enforcement", "Inspections et application des arrêtés"),
    ("311 Customer Service Centre", "Centre de service à la clientèle 311"),
)

SAMPLE_VALUES: dict[str, str] = {
    "municipality_en": "Town of Maple Point",
    "municipality_fr": "Ville de Pointe-aux-Érables",
    "province": "ON",
    "approving_body_en": "Town Council",
    "approving_body_fr": "Conseil municipal",
    "departments_en": "\n".join(en for en, _fr in _DEPARTMENTS),
    "departments_fr": "\n".join(fr for _en, fr in _DEPARTMENTS),
    "contact_en": "Open Data Lead, Office of the Town Clerk",
    "contact_fr": "Responsable des données ouvertes, Greffe municipal",
    "contact_email": "opendata@maplepoint.example",
    "portal_url": "https://data.maplepoint.example",
    "licence": "ogl-municipal",
    "privacy_act": "on-mfippa",
    "privacy_act_other_en": "",
    "privacy_act_other_fr": "",
}
# The first draft offered CC BY; the working group preferred the town's own OGL after legal review.
_DRAFT = {**SAMPLE_VALUES, "licence": "cc-by-4.0", "contact_email": "clerk@maplepoint.example"}
_LEAD = "editor"


@dataclass
class SamplePolicyReport:
    """What loading the sample policy did."""

    versions: int = 0
    adopted: int | None = None
    resolution: str = ""


@transaction.atomic
def load_sample_policy(actor: User, *, lead_username: str = _LEAD, now: datetime | None = None) -> SamplePolicyReport:
    """Give the sample town a draft (v1) and an adopted version (v2) of its policy, with the town's own OGL.

    ``actor`` is the site administrator; the demo editor, a program lead after the guide's sample,
    generates the versions. The dates follow the guide's sample story (drafted 180 days ago, reviewed
    150 days ago, adopted 140 days ago). A site that already has a policy version is left alone.
    """
    report = SamplePolicyReport()
    if PolicyVersion.objects.exists():
        return report
    now = now or timezone.now()
    lead = User.objects.filter(username=lead_username, is_active=True).first()
    author = lead if lead is not None and services.permissions.is_program_lead(lead) else actor
    draft = services.generate_policy(author, _DRAFT)
    _backdate(draft, "policy.generate", now - timedelta(days=180))
    final = services.generate_policy(author, SAMPLE_VALUES)
    _backdate(final, "policy.generate", now - timedelta(days=150))
    adopted_on = timezone.localdate(now) - timedelta(days=140)
    resolution = f"{adopted_on.year}-047"
    services.adopt_policy(author, final, adopted_on, resolution)
    recorded = now - timedelta(days=139)
    PolicyVersion.objects.filter(pk=final.pk).update(adoption_recorded=recorded)
    for action, object_type, object_id in (("policy.adopt", "policyversion", str(final.pk)),
                                           ("licence.default", "licence", None)):
        events = AuditEvent.objects.filter(action=action, object_type=object_type)
        if object_id is not None:
            events = events.filter(object_id=object_id)
        event = events.order_by("-id").first()
        if event is not None:
            AuditEvent.objects.filter(pk=event.pk).update(created=recorded)
    report.versions, report.adopted, report.resolution = 2, final.number, resolution
    return report


def _backdate(version: PolicyVersion, action: str, when: datetime) -> None:
    # The sample tells the policy's story in one run: move the version and its audit event to ``when``.
    PolicyVersion.objects.filter(pk=version.pk).update(created=when)
    AuditEvent.objects.filter(action=action, object_type="policyversion", object_id=str(version.pk)).update(
        created=when)
