"""Small builders shared by the pipeline tests (uploads whose on-commit hooks really run)."""

from __future__ import annotations

from typing import Any

from tests.factories import make_upload
from trousse.portal.catalog import services
from trousse.portal.catalog.models import Dataset, Resource, ResourceVersion
from trousse.portal.core.models import User

GOOD_CSV = "id,name,amount\n1,=HYPERLINK(\"http://evil\"),5\n2,plain,7\n3,@SUM(A1),9\n"
# Duplicate label, extra cell, blank row: structural errors whatever the inferred schema.
BAD_CSV = "id,name,name\n1,a,b,extra\n2,c,d\n,,\n"


def add_file(capture: Any, actor: User, dataset: Dataset, name: str, content: str | bytes) -> Resource:
    """Add a file resource and run its on-commit hooks (the pipeline, at once under ImmediateBackend)."""
    with capture(execute=True):
        return services.add_resource(actor, dataset, {"name_en": name}, upload=make_upload(name, content))


def upload(capture: Any, actor: User, resource: Resource, name: str, content: str | bytes) -> ResourceVersion:
    """Upload a new version of ``resource`` and run its on-commit hooks."""
    with capture(execute=True):
        return services.upload_version(actor, resource, make_upload(name, content))
