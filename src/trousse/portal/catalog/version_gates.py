"""Extension points that decide what a version may do: be read, become current, be transformed.

Declared by the catalogue so that the pipeline and the privacy gate never import each other (issue #5):

``register_table_stage(func)``
    ``func(version, run_id, tables) -> None`` runs inside every pipeline run, after the engine converted
    the file and before the downloads are made. ``tables`` is a list of ``StageTable`` (position, name,
    the canonical Parquet path in the run's private temporary folder). A stage may set a table's
    ``public_parquet`` to a new file it wrote in ``workdir`` (a de-identified copy): the pipeline then
    serves that file to everyone (DataStore, previews, derived downloads, feeds) and keeps the original
    Parquet private. A stage that raises fails the run (fail closed): the version never becomes current.

``register_version_hold(func)``
    ``func(version) -> bool``: True holds ``version`` back — it must not become its resource's current
    (public) version yet, e.g. a refresh of a published dataset not cleared by the privacy screen. The
    catalogue asks when storing an upload, the pipeline when a run ends. An app that lifts its hold
    sends ``version_released`` so the pipeline settles the resource's current version again.

``register_version_access(func)``
    ``func(user, version, what) -> bool | None`` with ``what`` "original" (the uploaded file) or "derived"
    (the pipeline's tables and downloads of that version): False forbids ``user`` to read it. A resource
    with a de-identification recipe keeps its originals to staff with the right role; a version the
    privacy gate has not cleared is not readable by the public at all. Download views ask
    ``may_read_original`` / ``may_read_derived`` before sending a file.

``register_original_substitute(func)``
    ``func(resource, version) -> str | None``: where to send someone who may not read the original of
    ``version`` (the pipeline answers with its de-identified download in the closest format). The
    catalogue's "latest file" address redirects there instead of refusing.

``run_failed``
    A signal (arguments ``version``, ``run_id``, ``code``): the pipeline could not read ``version`` as
    tables (a document, a corrupt file). A gate that screens tables decides what that means for it
    (the privacy gate asks a reviewer to check such a file by hand).

``reprocess_requested``
    A signal (arguments ``version``, ``actor``): an app changed what a version's run does (a new recipe,
    other quasi-identifiers) and asks the pipeline to run over it again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.dispatch import Signal

if TYPE_CHECKING:
    from trousse.portal.catalog.models import Resource, ResourceVersion

logger = logging.getLogger(__name__)

# Sent by an app that lifted its hold on ``version`` (arguments ``version``, ``actor``).
version_released = Signal()
# Sent by the pipeline when a run over ``version`` failed (arguments ``version``, ``run_id``, ``code``).
run_failed = Signal()
# Sent by an app that needs ``version`` processed again (arguments ``version``, ``actor``).
reprocess_requested = Signal()


@dataclass
class StageTable:
    """One converted table of a pipeline run, as table stages see it."""

    position: int  # 1-based, in the file's order
    name: str
    parquet: Path  # the canonical Parquet the engine wrote (private temporary folder)
    public_parquet: Path | None = None  # set by a stage: the file everyone else gets instead
    note: dict[str, Any] | None = None  # what the stage did, for the run's report (JSON-ready)

    @property
    def served(self) -> Path:
        """Return the Parquet the public will get: the stage's copy when there is one."""
        return self.public_parquet or self.parquet


TableStage = Callable[["ResourceVersion", int, list[StageTable], Path], None]
VersionHold = Callable[["ResourceVersion"], bool]
VersionAccess = Callable[[Any, "ResourceVersion", str], "bool | None"]
Substitute = Callable[["Resource", "ResourceVersion"], "str | None"]
_stages: list[TableStage] = []
_holds: list[VersionHold] = []
_access: list[VersionAccess] = []
# Optional batched twins of access rules: func(user, versions, what) -> ids of the versions it denies.
_access_batches: dict[Any, Callable[[Any, Sequence[ResourceVersion], str], set[int]]] = {}
_substitutes: list[Substitute] = []


def _add(registry: list[Any], func: Any) -> Any:
    if func not in registry:
        registry.append(func)
    return func


def _remove(registry: list[Any], func: Any) -> None:
    if func in registry:
        registry.remove(func)


def register_table_stage(func: TableStage) -> TableStage:
    """Add ``func(version, run_id, tables, workdir)`` to what every pipeline run does after converting."""
    return _add(_stages, func)


def unregister_table_stage(func: TableStage) -> None:
    """Remove a stage added with register_table_stage."""
    _remove(_stages, func)


def run_table_stages(version: ResourceVersion, run_id: int, tables: list[StageTable], workdir: Path) -> None:
    """Run every registered stage in order; an exception propagates (the caller fails the run)."""
    for func in list(_stages):
        func(version, run_id, tables, workdir)


def has_table_stages() -> bool:
    """Return whether any stage is registered (the pipeline keeps private originals only then)."""
    return bool(_stages)


def register_version_hold(func: VersionHold) -> VersionHold:
    """Add ``func(version) -> bool`` (True: keep the version from becoming current)."""
    return _add(_holds, func)


def unregister_version_hold(func: VersionHold) -> None:
    """Remove a hold added with register_version_hold."""
    _remove(_holds, func)


def version_held(version: ResourceVersion) -> bool:
    """Return whether any registered hold keeps ``version`` from becoming current (fail closed on errors)."""
    for func in list(_holds):
        try:
            if func(version):
                return True
        except Exception:
            logger.exception("version hold %r failed for version %s; holding it", func, version.pk)
            return True
    return False


def register_version_access(func: VersionAccess, *,
                            batch: Callable[[Any, Sequence[ResourceVersion], str], set[int]] | None = None
                            ) -> VersionAccess:
    """Add ``func(user, version, what) -> bool | None`` (False: the user may not read it).

    ``batch(user, versions, what) -> denied version ids`` answers the same for many versions in a few
    queries (listings: the DataStore, feeds and API pages ask for every resource of a page at once).
    """
    if batch is not None:
        _access_batches[func] = batch
    return _add(_access, func)


def unregister_version_access(func: VersionAccess) -> None:
    """Remove a rule added with register_version_access."""
    _access_batches.pop(func, None)
    _remove(_access, func)


def _may_read(user: Any, version: ResourceVersion, what: str) -> bool:
    for func in list(_access):
        try:
            if func(user, version, what) is False:
                return False
        except Exception:
            logger.exception("version access rule %r failed for version %s; denying", func, version.pk)
            return False
    return True


def may_read_original(user: Any, version: ResourceVersion) -> bool:
    """Return whether ``user`` may read ``version``'s original file (every rule must agree; errors deny)."""
    return _may_read(user, version, "original")


def may_read_derived(user: Any, version: ResourceVersion) -> bool:
    """Return whether ``user`` may read the pipeline's tables and downloads of ``version``."""
    return _may_read(user, version, "derived")


def anyone_may_read(version: ResourceVersion, what: str) -> bool:
    """Return whether an anonymous visitor may read ``version`` ("original" or "derived").

    Download views send a file with year-long public caching only then: a copy served to staff (a held
    refresh, a private original) must never sit in a shared cache the public reads from.
    """
    from django.contrib.auth.models import AnonymousUser

    return _may_read(AnonymousUser(), version, what)


def derived_denied(user: Any, versions: Sequence[ResourceVersion]) -> set[int]:
    """Return the ids of ``versions`` whose tables ``user`` may not read (batched where rules allow; errors deny)."""
    denied: set[int] = set()
    for func in list(_access):
        batch = _access_batches.get(func)
        if batch is None:
            denied |= {v.pk for v in versions if v.pk not in denied and not _may_read(user, v, "derived")}
            continue
        try:
            denied |= batch(user, versions, "derived")
        except Exception:
            logger.exception("batched access rule %r failed; denying", func)
            return {v.pk for v in versions}
    return denied


def register_original_substitute(func: Substitute) -> Substitute:
    """Add ``func(resource, version) -> url | None``: where to go instead of a withheld original."""
    return _add(_substitutes, func)


def unregister_original_substitute(func: Substitute) -> None:
    """Remove a function added with register_original_substitute."""
    _remove(_substitutes, func)


def original_substitute(resource: Resource, version: ResourceVersion) -> str | None:
    """Return the first substitute address offered for a withheld original, or None."""
    for func in list(_substitutes):
        try:
            url = func(resource, version)
        except Exception:
            logger.exception("original substitute %r failed for version %s", func, version.pk)
            continue
        if url:
            return url
    return None


def registered(kind: str) -> Sequence[Callable[..., Any]]:
    """Return the registered functions of ``kind`` ("stage", "hold", "access", "substitute"): for system checks and tests."""
    return tuple({"stage": _stages, "hold": _holds, "access": _access, "substitute": _substitutes}[kind])
