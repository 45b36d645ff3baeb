"""Staff workspace: where staff describe, upload, review and publish datasets and run their organizations.

Views stay thin: they read through ``queries``, write through ``services`` (which check permission,
validate, record the audit log and run in a transaction), and turn a service's DomainError into an
error on the form field it names (status 400). Refusals and missing objects (403, 404) and oversized
uploads (413) propagate to DomainErrorMiddleware, which renders the error page in the page language.

One module per part of the workspace: ``access`` (who may enter, which dataset or resource they may
work on), ``labels`` (vocabulary labels in the page language), ``workspace`` (the dataset list and the
review queue), ``datasets``, ``resources`` and ``organizations``. The views are re-exported here for
``catalog/urls.py``.
"""

from trousse.portal.catalog.views.staff.datasets import (
    dataset_create,
    dataset_edit,
    dataset_manage,
    dataset_transition,
)
from trousse.portal.catalog.views.staff.organizations import organization_manage
from trousse.portal.catalog.views.staff.resources import (
    resource_create,
    resource_delete,
    resource_edit,
    resource_upload,
)
from trousse.portal.catalog.views.staff.workspace import review_queue, workspace

__all__ = [
    "dataset_create", "dataset_edit", "dataset_manage", "dataset_transition", "organization_manage",
    "resource_create", "resource_delete", "resource_edit", "resource_upload", "review_queue", "workspace",
]
