"""Preview tests process uploads through the real pipeline, at once (ImmediateBackend)."""

from __future__ import annotations

import pytest

from tests.portal.pipeline.conftest import IMMEDIATE


@pytest.fixture(autouse=True)
def immediate_tasks(settings) -> None:  # type: ignore[no-untyped-def]
    settings.TASKS = IMMEDIATE


@pytest.fixture(autouse=True)
def fresh_caches() -> None:
    """Database ids come back between tests: a table cached by an earlier test must not be served."""
    from trousse.engine.query import charts, geometry
    from trousse.portal.previews import access

    access.clear_cache()
    charts.clear_cache()
    geometry.clear_cache()
