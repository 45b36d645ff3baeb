"""Dataset writes with an API token: package_create, package_patch, package_update, package_delete.

They call the catalogue's services, so permissions, validation, the audit log and the review
workflow are those of the web workspace. A dataset is created as a draft; ``state: "active"``
asks for publication: published at once where the site and the caller's role allow it
(site setting require_review off), otherwise submitted to the reviewers.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from trousse.portal.api import ckan_input, packages, params
from trousse.portal.api.registry import ActionContext, Param, ValidationError, action
from trousse.portal.catalog import permissions, services
from trousse.portal.catalog.models import Dataset

_PACKAGE_PARAMS = (
    Param("title", description="Title in the caller's language (or title_translated)."),
    Param("title_translated", "object", "Title in English and French: {\"en\": …, \"fr\": …}."),
    Param("notes", description="Description in the caller's language (or notes_translated)."),
    Param("notes_translated", "object", "Description in English and French."),
    Param("license_id", description="A licence id from license_list."),
    Param("tags", "array", "Keywords in the caller's language: [{\"name\": …}] (or keywords).", items="object"),
    Param("keywords", "object", "Keywords per language: {\"en\": […], \"fr\": […]}."),
    Param("groups", "array", "Themes: [{\"name\": code}] (see group_list).", items="object"),
    Param("extras", "array", "[{\"key\", \"value\"}] for frequency, access_level, spatial_en/fr, temporal_start/end, "
                             "publisher_en/fr, contact_phone.", items="object"),
    Param("maintainer", description="Contact name."),
    Param("maintainer_email", description="Contact e-mail."),
    Param("state", description="\"active\" asks for publication (or review); anything else keeps a draft."),
)


def _answer(context: ActionContext, dataset: Dataset) -> dict[str, Any]:
    fresh = packages.with_related(Dataset.objects.filter(pk=dataset.pk)).get()
    return packages.package_dicts(context, [fresh])[0]


def _apply_state(context: ActionContext, dataset: Dataset, data: dict[str, Any]) -> Dataset:
    if params.string(data, "state") != "active" or dataset.status == Dataset.Status.PUBLISHED:
        return dataset
    if permissions.can_publish_directly(context.user, dataset):
        return services.publish_dataset(context.user, dataset)
    if dataset.status == Dataset.Status.DRAFT:
        return services.submit_for_review(context.user, dataset)
    return dataset


def _add_links(context: ActionContext, dataset: Dataset, data: dict[str, Any]) -> None:
    for item in params.json_list(data, "resources") or []:
        if not isinstance(item, dict):
            raise ValidationError(fields={"resources": [_("Each resource is an object")]})
        values = ckan_input.resource_values(item, context.lang)
        if not values.get("url"):
            raise ValidationError(fields={"resources": [_("Resources sent with a dataset need a url; upload files "
                                                          "with resource_create.")]})
        if not (values.get("name_en") or values.get("name_fr")):
            values[f"name_{context.lang}"] = values["url"][:300]
        services.add_resource(context.user, dataset, values)


@action("package_create", write=True, params=(
    Param("name", description="Short name used in addresses: lowercase letters, digits, hyphens.", required=True),
    Param("owner_org", description="The organization's id or name.", required=True),
    *_PACKAGE_PARAMS,
    Param("resources", "array", "Link resources [{\"url\", \"name\", \"format\"}]; upload files with "
                                "resource_create.", items="object"),
))
def package_create(context: ActionContext, data: dict[str, Any]) -> dict[str, Any]:
    """Create a dataset (a draft until reviewed, unless state is active and the site allows it)."""
    name = params.string(data, "name", required=True, max_length=100)
    organization = ckan_input.find_organization(params.string(data, "owner_org", required=True))
    values, keywords, themes = ckan_input.dataset_values(data, context.lang)
    dataset = services.create_dataset(context.user, organization, name, values, keywords=keywords,
                                      themes=themes or ())
    _add_links(context, dataset, data)
    dataset = _apply_state(context, dataset, data)
    return _answer(context, dataset)


def _editable(context: ActionContext, data: dict[str, Any]) -> Dataset:
    value = params.string(data, "id") or params.string(data, "name")
    return packages.visible_dataset(context, value)


@action("package_patch", write=True, params=(
    Param("id", description="The dataset's id or name.", required=True), *_PACKAGE_PARAMS))
def package_patch(context: ActionContext, data: dict[str, Any]) -> dict[str, Any]:
    """Change only the given fields of a dataset."""
    dataset = _editable(context, data)
    values, keywords, themes = ckan_input.dataset_values(data, context.lang)
    if values or keywords is not None or themes is not None:
        dataset = services.update_dataset(context.user, dataset, values, keywords=keywords, themes=themes)
    dataset = _apply_state(context, dataset, data)
    return _answer(context, dataset)


@action("package_update", write=True, params=(
    Param("id", description="The dataset's id or name.", required=True), *_PACKAGE_PARAMS))
def package_update(context: ActionContext, data: dict[str, Any]) -> dict[str, Any]:
    """Replace a dataset's metadata: fields not sent become blank (resources are kept; use resource_*)."""
    dataset = _editable(context, data)
    values, keywords, themes = ckan_input.dataset_values(data, context.lang)
    dataset = services.update_dataset(context.user, dataset, ckan_input.blank_missing(values),
                                      keywords=keywords or {}, themes=themes or [])
    dataset = _apply_state(context, dataset, data)
    return _answer(context, dataset)


@action("package_delete", write=True, params=(Param("id", description="The dataset's id or name.",
                                                     required=True),))
def package_delete(context: ActionContext, data: dict[str, Any]) -> None:
    """Delete a draft that was never published; a published dataset is archived (withdrawn) instead."""
    dataset = _editable(context, data)
    if dataset.published_at is None:
        services.delete_dataset(context.user, dataset)
    elif dataset.status == Dataset.Status.PUBLISHED:
        services.archive_dataset(context.user, dataset)
    return None
