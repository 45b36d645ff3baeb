"""Jobs survive a worker restart, and the real database queue runs them (django-tasks-db's worker)."""

from __future__ import annotations

import signal
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.factories import make_dataset, make_organization, make_upload, make_user
from trousse.portal.catalog import services
from trousse.portal.pipeline import tasks
from trousse.portal.pipeline.models import PipelineRun

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _version_without_run():
    org = make_organization("works")
    dataset = make_dataset(org, "roads", files=())
    # No on-commit capture: the hook never fires, as when a worker died before its run began.
    resource = services.add_resource(make_user("ed", role="editor", organization=org), dataset,
                                     {"name_en": "Roads"}, upload=make_upload("roads.csv", "id,name\n1,a\n2,b\n"))
    return resource.current_version


@pytest.mark.django_db
def test_a_run_left_running_by_a_dead_worker_is_requeued_and_finishes():
    version = _version_without_run()
    old = timezone.now() - tasks.STALE_AFTER - timedelta(minutes=1)
    stale = PipelineRun.objects.create(version=version, status="running", stage="validate", progress=40,
                                       attempts=1, started=old, heartbeat=old)
    alive = PipelineRun.objects.create(version=version, status="running", attempts=1, heartbeat=timezone.now())

    assert tasks.requeue_stale_runs() == [stale.pk]
    stale.refresh_from_db()
    alive.refresh_from_db()
    assert stale.status == "succeeded" and stale.attempts == 2 and stale.tables.count() == 1
    assert alive.status == "running"  # a live worker's run is left alone


@pytest.mark.django_db
def test_a_run_that_keeps_killing_its_worker_fails_after_the_last_attempt():
    version = _version_without_run()
    old = timezone.now() - tasks.STALE_AFTER - timedelta(minutes=1)
    run = PipelineRun.objects.create(version=version, status="running", attempts=tasks.MAX_ATTEMPTS, heartbeat=old)
    tasks.requeue_stale_runs()
    run.refresh_from_db()
    assert run.status == "failed" and run.error_code == "worker-lost" and run.error_message_fr


@pytest.mark.django_db
def test_worker_start_queues_versions_the_pipeline_never_saw(django_capture_on_commit_callbacks):
    version = _version_without_run()
    with django_capture_on_commit_callbacks(execute=True):
        swept = tasks.sweep_at_worker_start()
    assert len(swept["started"]) == 1
    assert PipelineRun.objects.get(version=version).status == "succeeded"


@pytest.mark.django_db(transaction=True)
def test_the_database_queue_and_its_worker_process_an_upload(settings):
    settings.TASKS = DATABASE_TASKS
    version = _version_without_run()  # outside a test transaction: the hook fires on commit, and enqueues
    run = PipelineRun.objects.get(version=version)
    assert run.status == "queued" and run.task_id
    assert DBTaskResult.objects.get(pk=run.task_id).status == "READY"

    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
    run.refresh_from_db()
    assert run.status == "succeeded" and run.attempts == 1 and run.tables.count() == 1
    assert DBTaskResult.objects.get(pk=run.task_id).status == "SUCCESSFUL"
