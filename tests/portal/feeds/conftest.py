"""A small sample-town catalogue shared by the feed tests, loaded through the real services."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.factories import factory_admin, through_privacy_gate
from trousse.portal.catalog.sample_loader import load_sample_town
from trousse.sample import build_sample_town

# The standards live next to the repository (../shared/standards), not in it.
STANDARDS = Path(os.environ.get("TROUSSE_STANDARDS_DIR", Path(__file__).resolve().parents[4] / "shared/standards"))
CHECKERS = STANDARDS / "check"
needs_standards = pytest.mark.skipif(not CHECKERS.is_dir(), reason=f"standards checkers not found at {CHECKERS}")


def run_checker(*args: str) -> subprocess.CompletedProcess[str]:
    """Run one of the shared conformance checkers on files the test wrote."""
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def town(shared_data: Path, tmp_path_factory: pytest.TempPathFactory, django_db_blocker: Any) -> Iterator[Any]:
    """Load a scaled-down sample town once per module (rolled back when the module ends)."""
    sample = build_sample_town(tmp_path_factory.mktemp("town"), scale=0.01)
    with django_db_blocker.unblock():
        report = load_sample_town(sample, factory_admin(), before_review=through_privacy_gate)
    assert not report.failures, report.failures
    yield sample


@pytest.fixture
def media_root(shared_data: Path) -> Path:
    """Use the module's shared files (the sample town's uploads) instead of a per-test folder."""
    return shared_data
