"""Every write to the catalogue: checks permission, changes state, records the audit log.

Views, the CLI, the API and tasks all call these functions; none of them writes
catalogue models directly. Each takes an explicit ``actor`` and raises domain
errors (it never touches a request).
"""

from trousse.portal.catalog.services.datasets import (
    DATASET_FIELDS,
    approve_dataset,
    archive_dataset,
    create_dataset,
    delete_dataset,
    publish_dataset,
    record_download,
    record_view,
    refresh_derived,
    restore_dataset,
    send_back,
    submit_for_review,
    update_dataset,
)
from trousse.portal.catalog.services.organizations import (
    ORGANIZATION_FIELDS,
    create_organization,
    remove_membership,
    set_membership,
    update_organization,
)
from trousse.portal.catalog.services.resources import (
    RESOURCE_FIELDS,
    add_resource,
    delete_resource,
    update_resource,
    upload_version,
)

__all__ = [
    "DATASET_FIELDS", "ORGANIZATION_FIELDS", "RESOURCE_FIELDS", "add_resource", "approve_dataset",
    "archive_dataset", "create_dataset", "create_organization", "delete_dataset", "delete_resource",
    "publish_dataset", "record_download", "record_view", "refresh_derived", "remove_membership",
    "restore_dataset", "send_back", "set_membership", "submit_for_review", "update_dataset",
    "update_organization", "update_resource", "upload_version",
]
