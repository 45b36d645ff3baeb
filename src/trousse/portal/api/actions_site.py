"""Site-wide actions: site_read, status_show, help_show, license_list, tag_list."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

import trousse
from trousse.portal.api import ckan_shapes, params
from trousse.portal.api.registry import ACTIONS, ActionContext, NotFound, Param, action
from trousse.portal.catalog import queries
from trousse.portal.catalog.models import Licence, Tag

# The CKAN version whose Action API this one follows; clients such as ckanapi read it.
CKAN_VERSION = "2.10.0"


@action("site_read")
def site_read(context: ActionContext, data: dict[str, Any]) -> bool:
    """Return true: the caller may read this site."""
    return True


@action("status_show")
def status_show(context: ActionContext, data: dict[str, Any]) -> dict[str, Any]:
    """Return the site's address, software versions, languages and enabled extensions."""
    return {
        "site_title": settings.SITE.get(f"municipality_{context.lang}") or "Trousse",
        "site_url": settings.SITE_URL, "site_description": "",
        "ckan_version": CKAN_VERSION, "trousse_version": trousse.__version__,
        "error_emails_to": None, "locale_default": settings.LANGUAGE_CODE,
        "locales_available": [code for code, _name in settings.LANGUAGES],
        "extensions": sorted({"datastore"} if "datastore_search" in ACTIONS else set()),
    }


@action("help_show", params=(Param("name", description="An action's name.", required=True),))
def help_show(context: ActionContext, data: dict[str, Any]) -> str:
    """Return the documentation of the action ``name``."""
    name = params.string(data, "name", required=True, max_length=100)
    if name not in ACTIONS:
        raise NotFound(_("Action %(name)s not found.") % {"name": name})
    return ACTIONS[name].help


@action("license_list")
def license_list(context: ActionContext, data: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the licences datasets may carry, with their titles and addresses."""
    return [ckan_shapes.license_dict(licence, context.lang) for licence in Licence.objects.all()]


@action("tag_list", params=(
    Param("query", description="Only tags containing this text."),
    Param("all_fields", "boolean", "Return tag objects instead of names.", default=False),
))
def tag_list(context: ActionContext, data: dict[str, Any]) -> list[Any]:
    """Return the keywords used by public datasets (names, or objects with all_fields)."""
    query = params.string(data, "query", max_length=100)
    all_fields = params.boolean(data, "all_fields")
    public = queries.catalogue_datasets(None).values("id")
    tags = Tag.objects.filter(datasets__in=public).distinct().order_by("name", "lang")
    if query:
        tags = tags.filter(name__icontains=query)
    seen: dict[str, Tag] = {}
    for tag in tags:
        seen.setdefault(tag.name, tag)
    if all_fields:
        return [{"id": str(t.pk), "name": t.name, "display_name": t.name, "vocabulary_id": None,
                 "lang": t.lang} for t in seen.values()]
    return list(seen)
