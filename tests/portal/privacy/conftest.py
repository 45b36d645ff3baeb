"""Fixtures shared by the privacy gate's tests: the pipeline runs at once, a steward and a reviewer."""

from __future__ import annotations

import pytest

from tests.factories import make_organization, make_user


@pytest.fixture(autouse=True)
def immediate_tasks(settings) -> None:  # type: ignore[no-untyped-def]
    """Run pipeline runs (and their privacy screens) at once, as a worker would."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def org():  # type: ignore[no-untyped-def]
    return make_organization("bylaw")


@pytest.fixture
def steward(org):  # type: ignore[no-untyped-def]
    return make_user("steward", role="editor", organization=org)


@pytest.fixture
def reviewer():  # type: ignore[no-untyped-def]
    return make_user("reviewer", reviewer=True)
