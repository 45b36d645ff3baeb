"""Resources: resource_show and resource_search (reads), resource_create, _patch and _delete (writes)."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q
from django.utils.translation import gettext as _

from trousse.portal.api import ckan_input, ckan_shapes, packages, params
from trousse.portal.api.registry import ActionContext, NotFound, Param, ValidationError, action
from trousse.portal.catalog import permissions, queries, services
from trousse.portal.catalog.models import Resource

# resource_search fields -> the columns they search (both languages for bilingual ones).
_SEARCH_FIELDS = {"name": ("name_en", "name_fr"), "description": ("description_en", "description_fr"),
                  "format": ("format",), "url": ("url",), "id": ("id",)}
_RESOURCE_PARAMS = (
    Param("name", description="Name, in the caller's language (or name_translated {en, fr})."),
    Param("name_translated", "object", "Name in English and French: {\"en\": …, \"fr\": …}."),
    Param("description", description="Description, in the caller's language (or description_translated)."),
    Param("url", description="For a link resource: its address."),
    Param("format", description="File format, e.g. CSV (found from the file name when blank)."),
    Param("upload", "string", "The file (multipart/form-data).", file=True),
)


def _resource_for(context: ActionContext, value: str) -> Resource:
    if not value:
        raise ValidationError(fields={"id": [_("Missing value")]})
    resource = ckan_input.find_resource_row(value)
    if not permissions.can_view_dataset(context.user, resource.dataset):
        raise NotFound(_("Resource was not found."))
    return resource


def _dict(context: ActionContext, resource: Resource) -> dict[str, Any]:
    resource = Resource.objects.select_related("current_version", "dataset").get(pk=resource.pk)
    datastore = ckan_shapes.active_tables([resource])
    return ckan_shapes.resource_dict(resource, context.lang, context.request,
                                     datastore_active=resource.pk in datastore)


def _upload(data: dict[str, Any]) -> UploadedFile | None:
    upload = data.get("upload")
    if upload is None or upload == "":
        return None
    if not isinstance(upload, UploadedFile):
        raise ValidationError(fields={"upload": [_("Send the file as multipart/form-data.")]})
    return upload


@action("resource_show", params=(Param("id", description="The resource's id.", required=True),))
def resource_show(context: ActionContext, data: dict[str, Any]) -> dict[str, Any]:
    """Return one resource of a dataset the caller may see."""
    resource = _resource_for(context, params.string(data, "id"))
    context.last_modified = resource.modified
    return _dict(context, resource)


@action("resource_search", expensive=True, params=(
    Param("query", "array", 'Terms "field:text" (fields: name, description, format, url); all must match.',
          items="string"),
    Param("order_by", description="A field to sort by: name, format, url or id.", default="id"),
    Param("offset", "integer", "How many to skip.", default=0),
    Param("limit", "integer", "How many to return (at most 1000).", default=100),
))
def resource_search(context: ActionContext, data: dict[str, Any]) -> dict[str, Any]:
    """Return the resources of public datasets whose fields contain the query terms."""
    terms = params.string_list(data, "query", max_items=20)
    order = params.string(data, "order_by", "id", max_length=40)
    if order not in _SEARCH_FIELDS:
        raise ValidationError(fields={"order_by": [_("Use one of %(fields)s.") % {"fields": ", ".join(_SEARCH_FIELDS)}]})
    limit = params.integer(data, "limit", 100, maximum=1000)
    offset = params.integer(data, "offset", 0, maximum=10_000_000)
    resources = Resource.objects.filter(dataset__in=queries.catalogue_datasets(None).values("id"))
    for term in terms:
        field, sep, text = term.partition(":")
        if not sep or field not in _SEARCH_FIELDS or not text.strip():
            raise ValidationError(fields={"query": [_("Each term is field:text, with a field among %(fields)s.")
                                                    % {"fields": ", ".join(_SEARCH_FIELDS)}]})
        condition = Q()
        for column in _SEARCH_FIELDS[field]:
            if column == "id":
                condition |= Q(id=int(text)) if text.strip().isdigit() else Q(pk__in=[])
            else:
                condition |= Q(**{f"{column}__icontains": text.strip()})
        resources = resources.filter(condition)
    column = "name_en" if order == "name" else order
    found = list(resources.select_related("current_version", "dataset").order_by(column, "id")[offset:offset + limit])
    datastore = ckan_shapes.active_tables(found)
    return {"count": resources.count(), "results": [
        ckan_shapes.resource_dict(r, context.lang, context.request, datastore_active=r.pk in datastore)
        for r in found]}


@action("resource_create", write=True, params=(
    Param("package_id", description="The dataset's id or name.", required=True), *_RESOURCE_PARAMS))
def resource_create(context: ActionContext, data: dict[str, Any]) -> dict[str, Any]:
    """Add a file (upload, multipart) or a link (url) to a dataset; uploads go through the pipeline."""
    dataset = packages.visible_dataset(context, params.string(data, "package_id"), "package_id")
    values = ckan_input.resource_values(data, context.lang)
    upload = _upload(data)
    if upload is not None:
        values.pop("url", None)
    if not (values.get("name_en") or values.get("name_fr")):  # CKAN names an unnamed resource after its file
        values[f"name_{context.lang}"] = ((upload.name if upload is not None else values.get("url")) or "")[:300]
    resource = services.add_resource(context.user, dataset, values, upload=upload)
    return _dict(context, resource)


@action("resource_patch", write=True, params=(
    Param("id", description="The resource's id.", required=True), *_RESOURCE_PARAMS))
def resource_patch(context: ActionContext, data: dict[str, Any]) -> dict[str, Any]:
    """Change the given fields of a resource; an upload stores a new version of its file."""
    resource = _resource_for(context, params.string(data, "id"))
    values = ckan_input.resource_values(data, context.lang)
    upload = _upload(data)
    if values:
        resource = services.update_resource(context.user, resource, values)
    if upload is not None:
        services.upload_version(context.user, resource, upload)
    return _dict(context, resource)


@action("resource_update", write=True, params=(
    Param("id", description="The resource's id.", required=True), *_RESOURCE_PARAMS))
def resource_update(context: ActionContext, data: dict[str, Any]) -> dict[str, Any]:
    """Change a resource like resource_patch (fields not sent are kept: a file's versions are never lost)."""
    return resource_patch(context, data)


@action("resource_delete", write=True, params=(Param("id", description="The resource's id.", required=True),))
def resource_delete(context: ActionContext, data: dict[str, Any]) -> None:
    """Remove a resource from a dataset that was never published."""
    resource = _resource_for(context, params.string(data, "id"))
    services.delete_resource(context.user, resource)
    return None
