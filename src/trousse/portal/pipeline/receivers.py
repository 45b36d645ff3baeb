"""What the pipeline does when the catalogue announces something (catalog/hooks.py)."""

from __future__ import annotations

from typing import Any

from trousse.portal.catalog.models import ResourceVersion
from trousse.portal.core.models import User
from trousse.portal.pipeline.models import PipelineRun
from trousse.portal.pipeline.tasks import start_run
from trousse.portal.pipeline.versions import settle_current_version


def process_stored_version(sender: Any, version: ResourceVersion, actor: User | None = None, **kwargs: Any) -> None:
    """Queue a pipeline run over a version the catalogue just stored (the upload request returns at once)."""
    if PipelineRun.objects.filter(version=version).exists():
        return  # already processed while it was being stored (the sample town screens its files at once)
    start_run(version, requested_by=actor)


def process_again(sender: Any, version: ResourceVersion, actor: User | None = None, **kwargs: Any) -> None:
    """Queue a run over a version another app changed the processing of (a new recipe, other settings)."""
    start_run(version, requested_by=actor)


def settle_released(sender: Any, version: ResourceVersion, actor: User | None = None, **kwargs: Any) -> None:
    """Settle the resource's current version again once an app lifted its hold on ``version``."""
    settle_current_version(version)
