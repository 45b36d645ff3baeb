"""Reads of stored screens: the newest per version, their findings' keys, whether an approval covers them.

A finding key names what a reviewer approves: ``resource:table:column:detector`` for a detector's
hit, and ``resource:table:*:reidentification`` for a table whose re-identification risk (k below the
threshold, small cells) is measured at risk, ``resource:v<number>:*:manual-check`` for a file the
pipeline could not read (checked by hand, version by version). An approval covers the keys it lists; a refresh that
brings a key not listed is new personal information (issue #5 §4).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from trousse.portal.catalog.models import ResourceVersion
from trousse.portal.privacy.models import Review, Screen

LEVELS = ("low", "medium", "high")
REIDENTIFICATION = "reidentification"
MANUAL_CHECK = "manual-check"


def latest_screen(version: ResourceVersion) -> Screen | None:
    """Return the newest screen of ``version`` (what the gate sees), or None when none ran yet."""
    return Screen.objects.filter(version=version).order_by("-created", "-id").first()


def latest_screens(versions: Iterable[ResourceVersion]) -> dict[int, Screen]:
    """Return the newest screen per version id, in one query."""
    ids = [v.pk for v in versions]
    found: dict[int, Screen] = {}
    for screen in Screen.objects.filter(version_id__in=ids).order_by("-created", "-id"):
        found.setdefault(screen.version_id, screen)
    return found


def table_keys(resource_id: int, report: dict[str, Any]) -> set[str]:
    """Return the finding keys of one table's report (PrivacyReport.to_dict())."""
    table = report.get("table", "")
    keys = {f"{resource_id}:{table}:{f.get('column', '')}:{f.get('detector', '')}" for f in report.get("findings") or []}
    if (report.get("risk") or {}).get("at_risk"):
        keys.add(f"{resource_id}:{table}:*:{REIDENTIFICATION}")
    return keys


def finding_keys(screen: Screen) -> set[str]:
    """Return the keys of every finding in a screen's public tables."""
    resource_id = screen.version.resource_id
    if screen.status == Screen.Status.MANUAL:
        # Per version: approving one document by hand says nothing about the next one.
        return {f"{resource_id}:v{screen.version.number}:*:{MANUAL_CHECK}"}
    keys: set[str] = set()
    for report in screen.tables or []:
        keys |= table_keys(resource_id, report)
    return keys


def level_at_most(level: str, ceiling: str) -> bool:
    """Return whether risk ``level`` is not higher than ``ceiling``."""
    return LEVELS.index(level) <= LEVELS.index(ceiling) if level in LEVELS and ceiling in LEVELS else False


def latest_review(dataset_id: int) -> Review | None:
    """Return the newest decision on a dataset (approval or sending back), or None."""
    return Review.objects.filter(dataset_id=dataset_id).order_by("-created", "-id").first()


def covered_by(screen: Screen, review: Review | None) -> bool:
    """Return whether ``screen``'s findings are all covered by ``review`` (an approval); errors never are."""
    if screen.status == Screen.Status.ERROR:
        return False
    if screen.status == Screen.Status.CLEAN:
        return True
    if review is None or review.decision != Review.Decision.APPROVED:
        return False
    return finding_keys(screen) <= set(review.covered or [])
