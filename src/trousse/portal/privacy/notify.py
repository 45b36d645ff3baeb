"""Tell the people who must act when a refresh of a published resource is held for new personal information.

Issue #5 §4: "a refresh that brings new personal information into a published resource does not
replace the public version; the steward and reviewer are told". The stewards are the editors and
administrators of the dataset's organization, the reviewers the site's reviewers; each gets one
e-mail in their own language, listing what was found with the screen's masked examples only (a
report never holds a raw value), and the notice is recorded in the audit log.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from trousse.portal.catalog.models import Dataset, Membership
from trousse.portal.core import audit
from trousse.portal.core.models import User
from trousse.portal.privacy import screens
from trousse.portal.privacy.models import Screen
from trousse.portal.privacy.queries import page_url

logger = logging.getLogger(__name__)
MAX_LISTED = 20


def screen_stored(screen: Screen) -> list[str]:
    """Notify stewards and reviewers when ``screen`` holds back a refresh of a published resource."""
    version = screen.version
    resource = version.resource
    dataset = resource.dataset
    current = resource.current_version
    refresh = current is not None and current.pk != version.pk and current.number < version.number
    if dataset.status != Dataset.Status.PUBLISHED or not refresh or screen.status != Screen.Status.FOUND:
        return []
    new = screens.finding_keys(screen) - set(_covered(dataset))
    if not new:
        return []  # everything found was approved already: the refresh goes out
    recipients = list(_recipients(dataset))
    sent = []
    for user in recipients:
        lang = user.preferred_language if user.preferred_language in ("en", "fr") else "en"
        with translation.override(lang):
            subject, body = _message(screen, dataset, resource, version, lang)
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        except Exception:  # a mail server down must not fail the run: the audit row and the queue remain
            logger.exception("could not send the privacy notice for version %s to %s", version.pk, user.pk)
            continue
        sent.append(user.email)
    audit.record(None, "privacy.refresh_held", version, organization_id=dataset.organization_id,
                 changes={"screen": screen.pk, "findings": sorted(new)[:MAX_LISTED], "notified": sent})
    return sent


def _covered(dataset: Dataset) -> list[str]:
    review = screens.latest_review(dataset.pk)
    return list(review.covered or []) if review is not None and review.decision == "approved" else []


def _recipients(dataset: Dataset) -> Any:
    stewards = Q(memberships__organization_id=dataset.organization_id,
                 memberships__role__in=[Membership.Role.EDITOR, Membership.Role.ADMIN])
    return (User.objects.filter(stewards | Q(is_site_reviewer=True), is_active=True).exclude(email="")
            .distinct().order_by("pk"))


def _message(screen: Screen, dataset: Dataset, resource: Any, version: Any, lang: str) -> tuple[str, str]:
    other = "fr" if lang == "en" else "en"
    title = getattr(dataset, f"title_{lang}") or getattr(dataset, f"title_{other}") or dataset.slug
    name = getattr(resource, f"name_{lang}") or getattr(resource, f"name_{other}") or version.filename
    subject = _("Privacy: a refresh of “%(title)s” is held back") % {"title": title}
    lines = [
        _("Version %(number)s of “%(name)s” (dataset “%(title)s”) was not published: the privacy screen found "
          "personal information that no reviewer has approved. The public still gets the previous version.")
        % {"number": version.number, "name": name, "title": title},
        "",
        _("What the screen found (examples are masked):"),
    ]
    listed = 0
    for report in screen.tables or []:
        for finding in report.get("findings") or []:
            if listed >= MAX_LISTED:
                break
            message = (finding.get("message") or {}).get(lang) or finding.get("detector", "")
            examples = ", ".join(finding.get("examples") or [])
            lines.append(f"- {message}" + (f" ({examples})" if examples else ""))
            listed += 1
        risk = report.get("risk") or {}
        if risk.get("at_risk"):
            lines.append(f"- {(risk.get('message') or {}).get(lang, '')}")
    lines += ["", _("A steward may change the resource's de-identification recipe; a reviewer may approve the "
                    "findings with a justification. Review it at %(url)s") % {"url": _review_url(dataset)}]
    return str(subject), "\n".join(str(line) for line in lines)


def _review_url(dataset: Dataset) -> str:
    path = page_url("privacy:dataset", slug=dataset.slug) or page_url("dataset_manage", slug=dataset.slug)
    return settings.SITE_URL + path
