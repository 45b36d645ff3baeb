"""Pipeline tests run tasks at once (ImmediateBackend) unless a test says otherwise."""

from __future__ import annotations

import pytest

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def immediate_tasks(settings) -> None:  # type: ignore[no-untyped-def]
    settings.TASKS = IMMEDIATE
