"""The sample town is plain Python: its tests need no Django settings and no database."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def media_root() -> None:
    """Replace the suite-wide uploads fixture, which needs Django settings, with nothing."""
