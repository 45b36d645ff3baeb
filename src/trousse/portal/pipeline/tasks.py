"""Background work: ``process_version`` as a django-tasks task, queueing, and the stale-run sweep.

Jobs survive a worker restart (issue #3 §6). django-tasks-db marks a task RUNNING when a worker
claims it and never looks at it again, so a worker killed mid-run would leave the run "running"
for ever. Our own rows carry a heartbeat instead: a run whose heartbeat is older than STALE_AFTER
(or a queued run whose task is gone) is queued again by ``requeue_stale_runs``, which runs when a
worker starts (``trousse worker``) and before every enqueue. After MAX_ATTEMPTS the run fails: a
file that kills its worker each time must not loop for ever.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_noop
from django_tasks import TaskResultStatus, task

from trousse.portal.catalog.models import Resource, ResourceVersion
from trousse.portal.core.models import User
from trousse.portal.pipeline import runner
from trousse.portal.pipeline.models import PipelineRun

logger = logging.getLogger(__name__)

STALE_AFTER = timedelta(minutes=10)  # 20 missed heartbeats (runner.HEARTBEAT_SECONDS)
MAX_ATTEMPTS = 3


@task()
def process_version(version_id: int, run_id: int | None = None) -> dict[str, Any]:
    """Run the pipeline over resource version ``version_id`` (its queued run ``run_id``, or a new one)."""
    if run_id is None:
        version = ResourceVersion.objects.filter(pk=version_id).first()
        if version is None:
            return {"version": version_id, "status": "missing"}
        run_id = PipelineRun.objects.create(version=version, heartbeat=timezone.now()).pk
    status = runner.execute(run_id)
    return {"version": version_id, "run": run_id, "status": status}


def start_run(version: ResourceVersion, *, requested_by: User | None = None) -> PipelineRun:
    """Create a queued run over ``version`` and enqueue it once the current transaction commits."""
    run = PipelineRun.objects.create(version=version, heartbeat=timezone.now(),
                                     requested_by=requested_by if requested_by is not None and requested_by.pk
                                     else None)
    transaction.on_commit(lambda: enqueue(run.pk, version.pk))
    return run


def enqueue(run_id: int, version_id: int, *, sweep: bool = True) -> None:
    """Hand a queued run to the task backend (after sweeping stale runs, so none stays stuck)."""
    if sweep:
        requeue_stale_runs()
    try:
        result = process_version.enqueue(version_id, run_id)
    except Exception:  # the run stays queued; the next sweep (worker start, next enqueue) retries it
        logger.exception("could not enqueue pipeline run %s", run_id)
        return
    PipelineRun.objects.filter(pk=run_id, task_id="").update(task_id=str(result.id)[:64])


def requeue_stale_runs(*, now: Any = None) -> list[int]:
    """Queue again the runs a dead worker left behind; fail those out of attempts. Return their ids."""
    now = now or timezone.now()
    limit = now - STALE_AFTER
    quiet = Q(heartbeat__lt=limit) | Q(heartbeat__isnull=True, created__lt=limit)
    candidates = PipelineRun.objects.filter(quiet, status__in=[PipelineRun.Status.QUEUED,
                                                               PipelineRun.Status.RUNNING])
    swept: list[int] = []
    for run in candidates:
        if run.status == PipelineRun.Status.QUEUED and _task_waiting(run):
            continue  # still in the queue: the workers are only busy (or none runs yet)
        if run.attempts >= MAX_ATTEMPTS:
            runner.fail(run, "worker-lost", *runner.bilingual(gettext_noop(
                "The worker processing this file stopped %(count)s times before finishing. The file may be too "
                "large or malformed; the original is kept."), count=run.attempts))
            swept.append(run.pk)
            continue
        # Conditional on the state we saw: a worker that came back to life meanwhile keeps its run.
        taken = PipelineRun.objects.filter(pk=run.pk, status=run.status, heartbeat=run.heartbeat).update(
            status=PipelineRun.Status.QUEUED, stage="", progress=0, task_id="", heartbeat=now)
        if taken:
            logger.warning("re-queueing pipeline run %s (left %s by a worker that stopped)", run.pk, run.status)
            enqueue(run.pk, run.version_id, sweep=False)
            swept.append(run.pk)
    return swept


def enqueue_unprocessed_versions() -> list[int]:
    """Start a run for every current file version the pipeline never saw (lost signal, older sites)."""
    versions = ResourceVersion.objects.filter(pk__in=Resource.objects.filter(kind=Resource.Kind.FILE)
                                              .exclude(current_version=None).values("current_version"),
                                              pipeline_runs__isnull=True)
    started = []
    for version in versions:
        started.append(start_run(version).pk)
    return started


def sweep_at_worker_start() -> dict[str, list[int]]:
    """What a starting worker does first: re-queue stale runs and queue versions never processed."""
    return {"requeued": requeue_stale_runs(), "started": enqueue_unprocessed_versions()}


def _task_waiting(run: PipelineRun) -> bool:
    """Return whether the backend still holds ``run``'s task, waiting for a worker (unknown: no)."""
    if not run.task_id:
        return False
    try:
        result = process_version.get_result(run.task_id)
    except Exception:  # no such result, or a backend that cannot look results up (immediate, dummy)
        return False
    # Only READY: a task RUNNING while its run is still queued lost its worker before the run began.
    return result.status == TaskResultStatus.READY
