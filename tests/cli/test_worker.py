"""`trousse worker` and `trousse serve --with-worker`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.cli.test_cli import run, site_env
from trousse.cli.serve import stop_worker_process
from trousse.cli.worker import worker_arguments


def test_worker_arguments() -> None:
    assert worker_arguments() == ["--interval", "1.0", "--no-reload"]
    assert worker_arguments(True, 5, 10) == ["--interval", "5", "--no-reload", "--batch", "--max-tasks", "10"]


def test_worker_batch_runs_on_a_site(tmp_path: Path) -> None:
    home = tmp_path / "site"
    assert run(["init", str(home)], site_env(home)).returncode == 0
    result = run(["worker", "--batch"], site_env(home))
    assert result.returncode == 0, result.stderr
    assert "Trousse worker for" in result.stdout
    # The first worker of the day queues the daily jobs (and, in batch mode, runs them); the next does not.
    assert "Queued today's daily job(s): program.indicator_snapshot" in result.stdout
    again = run(["worker", "--batch"], site_env(home))
    assert again.returncode == 0 and "daily job" not in again.stdout


def test_the_worker_process_is_stopped_with_the_server() -> None:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    stop_worker_process(child, timeout=5)
    assert child.returncode is not None
