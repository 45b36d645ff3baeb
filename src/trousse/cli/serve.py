"""``trousse serve``: the portal behind gunicorn, with static files from WhiteNoise."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import click
from rich.markup import escape

from trousse.cli import site_folder
from trousse.cli.console import console, error_console

WSGI_APP = "trousse.portal.wsgi:application"


def server_url(host: str, port: int) -> str:
    """Return the address to open in a browser for a server bound to ``host``:``port``."""
    shown = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(host, host)
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/"


def gunicorn_options(host: str, port: int, workers: int, threads: int, timeout: int, log_level: str,
                     forwarded_allow_ips: str | None = None) -> dict[str, Any]:
    """Return the gunicorn settings `trousse serve` runs with."""
    bind_host = f"[{host}]" if ":" in host and not host.startswith("[") else host
    options: dict[str, Any] = {
        "bind": [f"{bind_host}:{port}"],
        "workers": workers,
        # Threads let one slow download or upload not block a whole process.
        "worker_class": "gthread",
        "threads": threads,
        "timeout": timeout,
        "graceful_timeout": 30,
        "keepalive": 5,
        # Load Django once in the master, then fork: workers start fast and share memory.
        "preload_app": True,
        # Recycling workers now and then bounds the damage of any slow memory leak; with a single worker
        # a restart stalls every request for a second or two (measured in bench/datastore_vs_datasette.py),
        # so only recycle when another worker keeps serving, and rarely enough that the warm DataStore
        # caches pay off. The jitter keeps workers from restarting together.
        "max_requests": 20000 if workers > 1 else 0,
        "max_requests_jitter": 2000 if workers > 1 else 0,
        "accesslog": "-",
        "errorlog": "-",
        "loglevel": log_level.lower(),
        "proc_name": "trousse",
        # gunicorn's default control socket lives in $HOME and is shared by every instance on the
        # machine; several `trousse serve` (several sites, or ports) must not fight over it.
        "control_socket_disable": True,
    }
    if Path("/dev/shm").is_dir():
        options["worker_tmp_dir"] = "/dev/shm"  # heartbeat files off a possibly slow disk
    if forwarded_allow_ips:
        options["forwarded_allow_ips"] = forwarded_allow_ips
    return options


def run_server(options: Mapping[str, Any], url: str) -> None:
    """Serve the portal with gunicorn until it is stopped (SIGTERM or Ctrl-C)."""
    from django.db import connections
    from gunicorn.app.base import BaseApplication

    # Defined here so that gunicorn is imported only when a server really starts.
    class PortalServer(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)
            self.cfg.set("when_ready", lambda arbiter: console.print(
                f"Trousse is ready at [bold]{escape(url)}[/bold] "
                f"({options['workers']} workers × {options['threads']} threads; Ctrl-C stops it)"))

        def load(self) -> Any:
            from trousse.portal.wsgi import application

            return application

    # The connection the start-up checks opened must not be shared by the workers forked from here.
    connections.close_all()
    PortalServer(prog="trousse serve").run()


def _warn_about_the_database() -> None:
    """Warn when the database is behind the code or does not answer; start anyway."""
    from django.db import DatabaseError

    try:
        pending = site_folder.pending_migrations()
    except DatabaseError as exc:
        # Under a process manager, refusing would only loop; /-/health says 503 until it answers.
        error_console.print(f"[yellow]Warning: the database does not answer ({escape(str(exc))}); "
                            "/-/health reports 503 until it does.[/yellow]")
        return
    if pending:
        error_console.print(f"[yellow]Warning: {len(pending)} database migration(s) not applied; run "
                            "`trousse manage migrate` (or `trousse init`).[/yellow]")


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; 0.0.0.0 for every interface (behind a firewall or proxy).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option("--workers", type=click.IntRange(1, 256), default=None,
              help="Web processes [default: the web_workers setting].")
@click.option("--threads", type=click.IntRange(1, 64), default=4, show_default=True,
              help="Threads per web process.")
@click.option("--timeout", type=click.IntRange(10), default=120, show_default=True,
              help="Seconds a request may take before its process is restarted.")
@click.option("--forwarded-allow-ips", metavar="IPS", default=None,
              help="Comma-separated addresses of proxies trusted to say the request was HTTPS "
                   "[default: 127.0.0.1,::1].")
@click.option("--with-worker", is_flag=True,
              help="Also start one background worker (`trousse worker`), for a single-machine site.")
def serve(host: str, port: int, workers: int | None, threads: int, timeout: int,
          forwarded_allow_ips: str | None, with_worker: bool) -> None:
    """Serve the portal with gunicorn, a production web server.

    Collects static files first when they have never been collected. Put a reverse
    proxy with TLS in front (see docs/deploy.md).
    """
    values = site_folder.open_site(require_secret_key=True)
    if not site_folder.has_static_manifest():
        console.print("Collecting static files (first start)…")
        site_folder.collect_static()
    _warn_about_the_database()
    url = server_url(host, port)
    options = gunicorn_options(host, port, workers or values["web_workers"] or 1, threads, timeout,
                               values["log_level"], forwarded_allow_ips)
    console.print(f"Starting Trousse for {escape(values['home'])} at {escape(url)}")
    worker = start_worker_process() if with_worker else None
    try:
        run_server(options, url)
    finally:
        if worker is not None:
            stop_worker_process(worker)


def start_worker_process() -> subprocess.Popen[bytes]:
    """Start `trousse worker` as a child process (same site folder, from the environment)."""
    console.print("Starting one background worker")
    return subprocess.Popen([sys.executable, "-m", "trousse.cli", "worker"])


def stop_worker_process(process: subprocess.Popen[bytes], timeout: float = 30) -> None:
    """Ask the worker to finish its task and stop (SIGTERM), then kill it after ``timeout`` seconds."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
