"""Stored files follow the database: removed when a write fails or a deletion commits.

Storage is not transactional, so these two helpers keep files and rows consistent.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.core.files.storage import default_storage
from django.db import transaction

from trousse.portal.catalog.models import ResourceVersion


@contextmanager
def files_removed_on_failure() -> Iterator[list[str]]:
    """Yield a list for the names of stored files; delete them if the block fails.

    A failed service rolls its rows back, but storage is not transactional: without this, a file
    stored before the failure would stay behind with no version pointing to it.
    """
    stored: list[str] = []
    try:
        yield stored
    except BaseException:
        for name in stored:
            default_storage.delete(name)
        raise


def delete_files_on_commit(versions: Iterable[ResourceVersion]) -> None:
    """Remove the versions' stored files once the deleting transaction commits (never before: a rollback keeps them)."""
    names = [version.file.name for version in versions if version.file.name]
    transaction.on_commit(lambda: [default_storage.delete(name) for name in names])
