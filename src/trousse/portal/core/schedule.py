"""Daily jobs: apps register a function, every `trousse worker` queues each one once a day.

There is no separate scheduler process to install: each worker runs ``run_due_jobs`` now and then
(see cli/worker.py). A ``DailyJobRun`` row per job and day, inserted before the job is started,
makes several workers — on one machine or many, sharing the database — start it once only.
A job is a function that queues its task (or does quick work itself); one that raises is logged and
not retried that day, so a broken job cannot hammer the queue.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.utils import timezone

from trousse.portal.core.models import DailyJobRun

logger = logging.getLogger(__name__)

_jobs: dict[str, Callable[[], object]] = {}


def register_daily_job(name: str, func: Callable[[], object]) -> None:
    """Run ``func()`` once a day (local date of the site's time zone) from a worker."""
    _jobs[name] = func


def unregister_daily_job(name: str) -> None:
    """Remove a job added with register_daily_job (tests)."""
    _jobs.pop(name, None)


def daily_jobs() -> list[str]:
    """Return the names of the registered daily jobs."""
    return sorted(_jobs)


def run_due_jobs() -> list[str]:
    """Start every registered job not yet started today; return the names started by this call."""
    today = timezone.localdate()
    started = []
    for name, func in sorted(_jobs.items()):
        try:
            with transaction.atomic():
                DailyJobRun.objects.create(name=name, day=today)
        except IntegrityError:
            continue  # another worker (or an earlier pass) took it today
        try:
            func()
        except Exception:  # logged and left for tomorrow: the row stays so no worker retries in a loop
            logger.exception("daily job %s failed", name)
            continue
        started.append(name)
    return started
