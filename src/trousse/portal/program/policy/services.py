"""Every write of the policy kit: generate a version of the documents, record its adoption. Each is audited."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from trousse.engine.metadata.licences import LICENCES
from trousse.portal.catalog.services.licences import set_default_licence
from trousse.portal.core import audit
from trousse.portal.core.errors import ConflictError, DomainError, PermissionDeniedError
from trousse.portal.core.models import User
from trousse.portal.program import permissions
from trousse.portal.program.models_policy import PolicyVersion
from trousse.portal.program.policy.documents import ADOPTABLE, render_all
from trousse.portal.program.policy.jurisdictions import JURISDICTIONS, OTHER_ACT, PRIVACY_ACTS

REQUIRED = ("municipality_en", "municipality_fr", "province", "approving_body_en", "approving_body_fr",
            "departments_en", "departments_fr", "contact_en", "contact_fr", "contact_email", "licence")


def _require_lead(actor: User | None) -> None:
    if not permissions.is_program_lead(actor):
        raise PermissionDeniedError(_("Only the program lead or a site administrator can do this."))


def _check(values: dict[str, Any]) -> None:
    # The form checks these too; the service checks again for callers without a form (the sample, the CLI).
    for name in REQUIRED:
        if not str(values.get(name) or "").strip():
            raise DomainError(_("This field is required."), field=name)
    if values["province"] not in JURISDICTIONS:
        raise DomainError(_("Choose a province or territory."), field="province")
    if values["licence"] not in ADOPTABLE:
        raise DomainError(_("Choose one of the licences offered."), field="licence")
    act = values.get("privacy_act") or ""
    if act != OTHER_ACT and act not in PRIVACY_ACTS:
        raise DomainError(_("Choose an access to information and privacy act."), field="privacy_act")


def generate_policy(actor: User, values: dict[str, Any]) -> PolicyVersion:
    """Make the next version of the four documents, in English and French, from the form's ``values``."""
    _require_lead(actor)
    values = dict(values)
    if not values.get("privacy_act") and values.get("province") in JURISDICTIONS:
        values["privacy_act"] = JURISDICTIONS[values["province"]].act
    _check(values)
    with transaction.atomic():
        # Lock the newest row so two generations at once cannot take the same number.
        list(PolicyVersion.objects.select_for_update().order_by("-number")[:1])
        number = (PolicyVersion.objects.aggregate(top=Max("number"))["top"] or 0) + 1
        version = PolicyVersion.objects.create(
            number=number, values=values, documents=render_all(values, number), licence_code=values["licence"],
            created=timezone.now(), created_by=actor, created_by_name=actor.username)
        audit.record(actor, "policy.generate", version, changes={"version": [None, number],
                                                                  "licence": [None, values["licence"]]})
    return version


def adopt_policy(actor: User, version: PolicyVersion, adopted_on: date, resolution: str) -> PolicyVersion:
    """Record that the approving body adopted ``version``; its licence becomes the catalogue's default."""
    _require_lead(actor)
    resolution = (resolution or "").strip()
    if not resolution:
        raise DomainError(_("Give the resolution number."), field="resolution")
    if len(resolution) > 100:
        raise DomainError(_("Keep the resolution number under 100 characters."), field="resolution")
    if adopted_on > timezone.localdate():
        raise DomainError(_("The date of adoption cannot be in the future."), field="adopted_on")
    with transaction.atomic():
        version = PolicyVersion.objects.select_for_update().get(pk=version.pk)
        if version.is_adopted:
            raise ConflictError(_("This version is already recorded as adopted."))
        version.adopted_on, version.resolution = adopted_on, resolution
        version.adoption_recorded, version.adopted_by, version.adopted_by_name = timezone.now(), actor, actor.username
        version.save()
        audit.record(actor, "policy.adopt", version, comment=resolution, changes={
            "adopted_on": [None, adopted_on.isoformat()], "resolution": [None, resolution]})
        set_default_licence(actor, version.licence_code, text_urls=licence_page_urls(version.licence_code),
                            comment=_("Adopted with the open data policy, version %(number)s (resolution "
                                      "%(resolution)s).") % {"number": version.number, "resolution": resolution})
    return version


def licence_page_urls(code: str) -> tuple[str, str] | None:
    """Return the public licence page's addresses (English, French) for a licence whose text only the site has."""
    if not LICENCES[code].is_template:  # a standard licence keeps its own text's address
        return None
    urls = []
    for lang in ("en", "fr"):
        with override(lang):
            urls.append(settings.SITE_URL + reverse("program:licence"))
    return urls[0], urls[1]
