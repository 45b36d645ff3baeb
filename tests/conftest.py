"""Fixtures shared by the whole suite. Object factories live in tests/factories.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings


@pytest.fixture(autouse=True)
def fast_password_hashing(settings) -> None:  # type: ignore[no-untyped-def]
    """Hash test passwords with one cheap round: the real hasher costs a third of a second per account."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def english_by_default() -> Iterator[None]:
    """Start every test in English: a French request leaves French active in the thread that served it."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    """Store every uploaded file of a test in its own temporary folder, never in a site folder.

    Tests that share stored files (see ``shared_data``) override this fixture to point at the
    shared folder.
    """
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = str(root)
    return root


@pytest.fixture(scope="module")
def shared_data(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[Path]:
    """Hold a transaction open around a test module, for data its tests share.

    Building a catalogue through the services takes a second or more on PostgreSQL, so tests that
    only read one share it: a module-scoped fixture that requests this one builds it once. Each
    test still runs in its own savepoint (the ``db`` fixture), so what a test writes is undone after
    it; the shared data is rolled back when the module ends. A class-scoped fixture can nest its
    own savepoint (tests.factories.shared_savepoint) for data only that class's tests see. Yields
    the folder the shared data's files are stored in.
    """
    root = tmp_path_factory.mktemp("shared-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=str(root)), transaction.atomic():
        yield root
        transaction.set_rollback(True)


# The browser tests' minor axe findings, sent by pytest-xdist workers (tests/browser/conftest.py): the
# controller collects no tests, so the browser conftest's own summary never runs there.
_WORKER_AXE_FINDINGS: list[str] = []


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:
    """Keep the minor axe findings a pytest-xdist worker reports when it finishes."""
    _WORKER_AXE_FINDINGS.extend(getattr(node, "workeroutput", {}).get("axe_minor", []))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """List the minor axe findings the workers reported (a run without workers lists its own, in tests/browser)."""
    if not _WORKER_AXE_FINDINGS:
        return
    terminalreporter.section("axe: moderate and minor violations (not failing)")
    for finding in dict.fromkeys(_WORKER_AXE_FINDINGS):
        terminalreporter.write_line(finding)
