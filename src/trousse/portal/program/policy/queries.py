"""Reads of the policy kit: the versions, the latest one and the one in force."""

from __future__ import annotations

from django.db.models import QuerySet

from trousse.portal.program.models_policy import PolicyVersion


def versions() -> QuerySet[PolicyVersion]:
    """Return every version, newest first."""
    return PolicyVersion.objects.select_related("created_by", "adopted_by").order_by("-number")


def latest_version() -> PolicyVersion | None:
    """Return the newest generated version, adopted or not."""
    return versions().first()


def adopted_version() -> PolicyVersion | None:
    """Return the version in force: the one adopted most recently (by adoption date, then number)."""
    return (PolicyVersion.objects.filter(adopted_on__isnull=False).select_related("adopted_by")
            .order_by("-adopted_on", "-number").first())
