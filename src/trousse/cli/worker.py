"""``trousse worker``: run background tasks (the data pipeline) from the site's database queue."""

from __future__ import annotations

import logging
import threading

import click
from rich.markup import escape

from trousse.cli import site_folder
from trousse.cli.console import console


def worker_arguments(batch: bool = False, interval: float = 1.0, max_tasks: int | None = None) -> list[str]:
    """Return the ``db_worker`` command line `trousse worker` runs."""
    args = ["--interval", str(interval), "--no-reload"]
    if batch:
        args.append("--batch")
    if max_tasks is not None:
        args += ["--max-tasks", str(max_tasks)]
    return args


# How often a running worker looks for daily jobs not yet started today (core.schedule).
DAILY_JOBS_EVERY_SECONDS = 15 * 60


def run_worker(batch: bool = False, interval: float = 1.0, max_tasks: int | None = None) -> None:
    """Re-queue what a stopped worker left behind, then process the task queue (Django's ``db_worker``).

    Daily jobs (e.g. the program's indicator snapshot) are queued at start and, while the worker
    runs, every DAILY_JOBS_EVERY_SECONDS: the first worker to reach a new day queues them once.
    """
    from django.core.management import call_command

    from trousse.portal.pipeline.tasks import sweep_at_worker_start

    swept = sweep_at_worker_start()
    if swept["requeued"] or swept["started"]:
        console.print(f"Re-queued {len(swept['requeued'])} interrupted run(s); queued {len(swept['started'])} "
                      "file version(s) never processed.")
    queue_daily_jobs()
    if not batch:
        stop = threading.Event()
        threading.Thread(target=_daily_jobs_loop, args=(stop,), name="trousse-daily-jobs", daemon=True).start()
    try:
        call_command("db_worker", *worker_arguments(batch, interval, max_tasks))
    finally:
        if not batch:
            stop.set()


def queue_daily_jobs() -> list[str]:
    """Start the daily jobs not yet started today (never raises: the queue must keep running)."""
    from django.db import connection

    from trousse.portal.core.schedule import run_due_jobs

    try:
        started = run_due_jobs()
    except Exception:  # a database hiccup: try again on the next pass
        logging.getLogger(__name__).exception("could not queue the daily jobs")
        started = []
    finally:
        if threading.current_thread() is not threading.main_thread():
            connection.close()  # this thread's own connection: never left open between passes
    if started:
        console.print(f"Queued today's daily job(s): {', '.join(started)}")
    return started


def _daily_jobs_loop(stop: threading.Event) -> None:
    while not stop.wait(DAILY_JOBS_EVERY_SECONDS):
        queue_daily_jobs()


@click.command()
@click.option("--batch", is_flag=True, help="Process the tasks waiting now, then exit.")
@click.option("--interval", type=click.FloatRange(0.1, 3600), default=1.0, show_default=True,
              help="Seconds to wait between looks at an empty queue.")
@click.option("--max-tasks", type=click.IntRange(1), default=None, help="Exit after this many tasks.")
def worker(batch: bool, interval: float, max_tasks: int | None) -> None:
    """Run a background worker: processes uploaded files through the data pipeline.

    Run one or more next to `trousse serve` (or use `trousse serve --with-worker`). Stops
    cleanly on SIGTERM or Ctrl-C after the task in progress.
    """
    values = site_folder.open_site()
    console.print(f"Trousse worker for {escape(values['home'])} (Ctrl-C stops it)")
    run_worker(batch, interval, max_tasks)
