"""The daily snapshot as a django-tasks task (queued once a day by `trousse worker` through core.schedule)."""

from __future__ import annotations

import logging

from django_tasks import task

from trousse.portal.program.indicators.services import take_snapshot

logger = logging.getLogger(__name__)


@task()
def snapshot_indicators() -> dict[str, float]:
    """Take today's indicator snapshot; return the values stored."""
    return {code: measure.value for code, measure in take_snapshot().items()}


def enqueue_daily_snapshot() -> bool:
    """Queue today's snapshot; return False (and log) when the task backend refuses it."""
    try:
        snapshot_indicators.enqueue()
    except Exception:  # the dashboard takes the snapshot when viewed: a missed queueing loses no day
        logger.exception("could not enqueue the indicator snapshot")
        return False
    return True
