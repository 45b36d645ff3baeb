"""The gate itself: what keeps a dataset from publication, a refresh from going public, a file from a reader.

Fail closed everywhere (issue #5 §4): no screen yet, a screen that failed, a recipe that does not
fit the version's columns — the version is not published and the public cannot read it.

- ``publication_blockers``: none of them may be acknowledged away (a catalog publication check).
- ``hold``: a refresh of a PUBLISHED dataset stays back until its screen is clean, or every finding is
  covered by the latest approval and the risk is not higher than approved.
- ``version_access``: originals of a resource with a recipe go to staff only; a version held back or
  not cleared goes to nobody but staff. Staff: who may edit the dataset or review it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from trousse.portal.catalog import permissions
from trousse.portal.catalog.hooks import Blocker
from trousse.portal.catalog.models import Dataset, ResourceVersion
from trousse.portal.privacy import queries, risk, screens
from trousse.portal.privacy.models import ResourcePrivacy, Screen


def publication_blockers(dataset: Dataset) -> list[Blocker]:
    """Return the privacy gate's blockers for ``dataset`` (catalog.hooks publication check)."""
    return queries.dataset_privacy(dataset).blockers


def cleared(version: ResourceVersion, screen: Screen | None = None) -> bool:
    """Return whether ``version`` may go public: screened clean, or its findings approved at its risk level."""
    screen = screen or screens.latest_screen(version)
    if screen is None or screen.status == Screen.Status.ERROR:
        return False
    if screen.status == Screen.Status.CLEAN:
        return True
    resource = version.resource
    review = screens.latest_review(resource.dataset_id)
    if not screens.covered_by(screen, review):
        return False
    assert review is not None  # covered_by is False without an approval
    level = risk.assess_version(resource.dataset, resource, version, screen).level
    return screens.level_at_most(level, review.risk_level)


def hold(version: ResourceVersion) -> bool:
    """Return True to keep a refresh of a published dataset from becoming current until it is cleared."""
    # Read the status afresh: the caller's resource may carry a dataset loaded before it was published.
    status = Dataset.objects.filter(pk=version.resource.dataset_id).values_list("status", flat=True).first()
    if status != Dataset.Status.PUBLISHED:
        return False  # not public yet: the publication check guards it instead
    return not cleared(version)


def recipe_snapshot(settings: ResourcePrivacy | None) -> dict[str, Any]:
    """Return the recipes a run applies, as a Screen stores them (tables with at least one step)."""
    if settings is None:
        return {}
    return {table: steps for table, steps in (settings.recipes or {}).items() if steps}


def _staff(user: Any, dataset: Dataset) -> bool:
    return permissions.can_edit_dataset(user, dataset) or permissions.can_review(user, dataset)


def version_access(user: Any, version: ResourceVersion, what: str) -> bool | None:
    """Return False when ``user`` may not read ``version``'s original or derived tables (else no opinion)."""
    if _staff(user, version.resource.dataset):
        return None
    settings = ResourcePrivacy.objects.filter(resource_id=version.resource_id).first()
    return _decide(version, what, settings, screens.latest_screen(version))


def versions_denied(user: Any, versions: Sequence[ResourceVersion], what: str) -> set[int]:
    """Return the ids of ``versions`` that ``user`` may not read: version_access in three queries for many."""
    others = [v for v in versions if not _staff(user, v.resource.dataset)]
    if not others:
        return set()
    settings = {p.resource_id: p for p in ResourcePrivacy.objects.filter(
        resource_id__in={v.resource_id for v in others})}
    latest = screens.latest_screens(others)
    return {v.pk for v in others if _decide(v, what, settings.get(v.resource_id), latest.get(v.pk)) is False}


def _decide(version: ResourceVersion, what: str, settings: ResourcePrivacy | None, screen: Screen | None) -> bool | None:
    recipe = settings is not None and settings.has_recipe()
    if what == "original" and recipe:
        return False  # the original is what the recipe exists to keep private
    if recipe and screen is not None and screen.recipe != recipe_snapshot(settings):
        return False  # a new recipe waits for its run: the tables served were made without it
    if screen is None:
        # Never screened: a version processed before the gate existed may stay as it was while it is
        # the current one (publication checks every new one); anything else waits for its screen.
        return None if version.resource.current_version_id == version.pk else False
    return None if cleared(version, screen) else False
