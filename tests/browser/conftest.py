"""The browser leg: one Chromium per process, a fresh context per test, axe on every page.

Pages must not reach any host but the live server, and every page a test lands on must go
through ``axe_check``: the ``site`` fixture records both and fails the test otherwise.
Run it with ``pytest tests/browser -m browser``; it needs /usr/bin/chromium (Debian's package)
and node_modules/axe-core (``npm ci``), and skips with a message when either is missing.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.axe import AXE_JS, SEEN
from tests.browser.browsing import Site

CHROMIUM = Path(os.environ.get("TROUSSE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
VIEWPORT = {"width": 1280, "height": 900}
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"


@pytest.fixture(scope="package")
def browser() -> Iterator[Any]:
    """Start one Chromium for the browser tests; it stops when the last of them is done."""
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM}: apt-get install chromium (or set TROUSSE_CHROMIUM)")
    if not AXE_JS.exists():
        pytest.skip(f"{AXE_JS} is missing: run `npm ci`")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio loop running in this thread for as long as it is started,
    # and Django then refuses ORM calls from the thread unless told it is safe. It is: the calls come
    # from the tests and fixtures, never from the loop. Package scope stops the loop before other tests.
    before = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if before is None:
            os.environ.pop(ASYNC_UNSAFE, None)
        else:
            os.environ[ASYNC_UNSAFE] = before


@pytest.fixture(autouse=True)
def immediate_tasks(settings) -> None:  # type: ignore[no-untyped-def]
    """Run pipeline jobs within the request or service that queues them: no worker runs beside the live
    server, and a version still queued would block publication (pipeline/checks.py)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def site(request: pytest.FixtureRequest, browser: Any, live_server: Any) -> Iterator[Site]:
    """A page in a new browser context on the live server; checks what it saw after the test."""
    context = browser.new_context(viewport=VIEWPORT, locale="en-CA", accept_downloads=True)
    context.set_default_timeout(10_000)
    site = Site(context, live_server.url, re.sub(r"\W+", "-", request.node.name)[:60])
    try:
        yield site
        report = getattr(request.node, "report_call", None)
        if report is None or report.passed:  # after a failure, the rest is noise
            site.finish()
    finally:
        context.close()
        _empty_search_index()


def _empty_search_index() -> None:
    """Empty SQLite's FTS table, which is no Django model: the flush between tests would leave it full."""
    from django.db import connection

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM catalog_dataset_fts")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Keep the test's own outcome on the item, for the ``site`` fixture's teardown to read."""
    report = yield
    if report.when == "call":
        item.report_call = report  # type: ignore[attr-defined]
    return report


def _minor_findings() -> list[str]:
    return [f"{v.url}\n{v.describe()}" for v in SEEN if v.impact not in ("serious", "critical")]


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Under pytest-xdist, hand this worker's minor axe findings to the controller (tests/conftest.py lists them)."""
    output = getattr(session.config, "workeroutput", None)
    if output is not None:
        output["axe_minor"] = _minor_findings()


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """List the moderate and minor axe findings, which do not fail a test but deserve a look."""
    minor = _minor_findings()
    if not minor:
        return
    terminalreporter.section("axe: moderate and minor violations (not failing)")
    for finding in minor:
        terminalreporter.write_line(finding)
