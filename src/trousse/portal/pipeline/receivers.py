"""What the pipeline does when the catalogue announces something (catalog/hooks.py)."""

from __future__ import annotations

from typing import Any

from trousse.portal.catalog.models import ResourceVersion
from trousse.portal.core.models import User
from trousse.portal.pipeline.tasks import start_run


def process_stored_version(sender: Any, version: ResourceVersion, actor: User | None = None, **kwargs: Any) -> None:
    """Queue a pipeline run over a version the catalogue just stored (the upload request returns at once)."""
    start_run(version, requested_by=actor)
