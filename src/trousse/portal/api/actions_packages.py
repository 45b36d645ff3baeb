"""Dataset reads: package_list, package_show, current_package_list_with_resources, package_activity_list."""

from __future__ import annotations

from typing import Any

from trousse.portal.api import ckan_shapes, packages, params
from trousse.portal.api.actions_search import base_datasets
from trousse.portal.api.registry import ActionContext, Param, action
from trousse.portal.catalog import permissions, queries
from trousse.portal.catalog.models import Dataset
from trousse.portal.core.models import AuditEvent

_PAGING = (Param("limit", "integer", "How many to return."), Param("offset", "integer", "How many to skip.",
                                                                     default=0))
# Our audit actions in CKAN's activity types.
_ACTIVITY_TYPES = {"dataset.create": "new package", "dataset.delete": "deleted package",
                   "dataset.archive": "deleted package"}


@action("package_list", params=_PAGING)
def package_list(context: ActionContext, data: dict[str, Any]) -> list[str]:
    """Return the names of the public datasets, alphabetically."""
    limit = params.integer(data, "limit", 0, maximum=100_000)
    offset = params.integer(data, "offset", 0)
    names = queries.catalogue_datasets(None).filter(access_level__in=("public", "restricted")).order_by(
        "slug").values_list("slug", flat=True)
    return list(names[offset:offset + limit] if limit else names[offset:])


@action("package_show", params=(
    Param("id", description="The dataset's id or name.", required=True),
))
def package_show(context: ActionContext, data: dict[str, Any]) -> dict[str, Any]:
    """Return one dataset with its resources, tags, groups (themes) and organization."""
    value = params.string(data, "id") or params.string(data, "name_or_id") or params.string(data, "name")
    dataset = packages.visible_dataset(context, value)
    dataset = packages.with_related(Dataset.objects.filter(pk=dataset.pk)).get()
    context.last_modified = dataset.modified
    return packages.package_dicts(context, [dataset])[0]


@action("current_package_list_with_resources", expensive=True, params=(
    Param("limit", "integer", "How many datasets (at most 1000).", default=10),
    Param("offset", "integer", "How many to skip.", default=0),
    Param("page", "integer", "A page number of limit datasets (instead of offset)."),
    Param("include_private", "boolean", "Also datasets visible only to your organizations' staff.",
          default=False),
))
def current_package_list_with_resources(context: ActionContext, data: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the most recently modified datasets with their resources."""
    limit = params.integer(data, "limit", 10, maximum=1000)
    offset = params.integer(data, "offset", 0)
    page = params.integer(data, "page", 0)
    if page:
        offset = (page - 1) * limit
    datasets = base_datasets(context, params.boolean(data, "include_private"), False)
    found = list(packages.with_related(datasets.order_by("-modified", "id"))[offset:offset + limit])
    return packages.package_dicts(context, found)


@action("package_activity_list", params=(
    Param("id", description="The dataset's id or name.", required=True), *_PAGING,
))
def package_activity_list(context: ActionContext, data: dict[str, Any]) -> list[dict[str, Any]]:
    """Return what happened to a dataset, newest first (details and people only for its staff)."""
    dataset = packages.visible_dataset(context, params.string(data, "id"))
    limit = params.integer(data, "limit", 31, minimum=1, maximum=100)
    offset = params.integer(data, "offset", 0, maximum=100_000)
    staff = permissions.sees_everything(context.user) or permissions.role_in(
        context.user, dataset.organization_id) is not None
    resource_ids = [str(pk) for pk in dataset.resources.values_list("pk", flat=True)]
    events = (AuditEvent.objects.filter(object_type="dataset", object_id=str(dataset.pk))
              | AuditEvent.objects.filter(object_type="resource", object_id__in=resource_ids))
    if not staff:
        # The public sees the published life of a dataset, not the drafting before it.
        if dataset.published_at is None:
            return []
        events = events.filter(created__gte=dataset.published_at)
    summary = {"id": str(dataset.pk), "name": dataset.slug, "title": ckan_shapes.translated(dataset, "title")}
    out = []
    for event in events.select_related("actor").order_by("-created", "-id")[offset:offset + limit]:
        item: dict[str, Any] = {
            "id": str(event.pk), "timestamp": ckan_shapes.timestamp(event.created),
            "activity_type": _ACTIVITY_TYPES.get(event.action, "changed package"),
            "object_id": str(dataset.pk), "user_id": None, "action": event.action,
            "data": {"package": summary},
        }
        if staff:
            item["user_id"] = str(event.actor_id) if event.actor_id else None
            item["user_name"] = event.actor_name
            item["data"]["changes"] = event.changes
            item["data"]["comment"] = event.comment
        out.append(item)
    return out
