"""Build a browser test's committed data once per process and restore a copy of it for the tests that follow.

The browser tests need committed data (the live server reads it from another thread), so each test's data
is flushed after it and built again by the next one: for the sample town that takes many seconds. On
SQLite the test database lives in memory, and SQLite's backup API copies a whole database in milliseconds:
``built_once`` keeps a copy of the database as the first build left it and copies it back for the next
test asking for the same data. The files the build stored stay in a folder kept for the session. On any
other database the data is simply built again.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest
from django.db import connection

T = TypeVar("T")

# key -> (copy of the database after the build, folder of its stored files, what the build returned)
_KEPT: dict[str, tuple[sqlite3.Connection, Path, Any]] = {}


def built_once(request: pytest.FixtureRequest, key: str, build: Callable[[], T]) -> T:
    """Return ``build()``'s result with its data in the database: built the first time, restored after that.

    ``key`` names what ``build`` makes: two fixtures building the same data may share it. ``build`` must
    depend on nothing but the empty database (no settings a test changes, no per-test folders) and return
    values that stay valid in another test (primary keys, slugs, or model instances the tests only read).
    The test's MEDIA_ROOT points at the folder the build stored its files in.
    """
    settings = request.getfixturevalue("settings")
    request.getfixturevalue("transactional_db")
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        return build()
    connection.ensure_connection()
    raw = connection.connection
    kept = _KEPT.get(key)
    if kept is not None:
        copy, media, value = kept
        settings.MEDIA_ROOT = str(media)
        copy.backup(raw)
        return value
    media = request.getfixturevalue("tmp_path_factory").mktemp(f"built-{key}")
    settings.MEDIA_ROOT = str(media)
    value = build()
    copy = sqlite3.connect(":memory:", check_same_thread=False)
    raw.backup(copy)
    _KEPT[key] = (copy, media, value)
    return value
