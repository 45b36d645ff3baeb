"""Organizations and groups (our themes): organization_list/show, group_list/show."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from trousse.portal.api import ckan_shapes, packages, params
from trousse.portal.api.registry import ActionContext, NotFound, Param, ValidationError, action
from trousse.portal.catalog import queries
from trousse.portal.catalog.models import Organization, Theme

_LIST_PARAMS = (
    Param("all_fields", "boolean", "Return objects (with package_count) instead of names.", default=False),
    Param("sort", description="name asc, name desc, title asc, package_count desc…", default="name asc"),
    Param("limit", "integer", "How many to return."),
    Param("offset", "integer", "How many to skip.", default=0),
)
_SHOW_PARAMS = (
    Param("id", description="The id or name.", required=True),
    Param("include_datasets", "boolean", "Add up to 1000 of its public datasets as packages.", default=False),
)
MAX_DATASETS = 1000


def _sorted(items: list[dict[str, Any]], sort: str) -> list[dict[str, Any]]:
    words = (sort or "name asc").split()
    field = words[0] if words else "name"
    if field not in ("name", "title", "package_count") or len(words) > 2 or (
            len(words) == 2 and words[1].lower() not in ("asc", "desc")):
        raise ValidationError(fields={"sort": [_("Use name, title or package_count, then asc or desc.")]})
    reverse = len(words) == 2 and words[1].lower() == "desc"
    return sorted(items, key=lambda i: (i[field].lower() if isinstance(i[field], str) else i[field], i["name"]),
                  reverse=reverse)


def _page(items: list[Any], data: dict[str, Any]) -> list[Any]:
    limit = params.integer(data, "limit", 0, maximum=10_000)
    offset = params.integer(data, "offset", 0)
    return items[offset:offset + limit] if limit else items[offset:]


def _public_ids():  # type: ignore[no-untyped-def]
    return queries.catalogue_datasets(None).values("id")


@action("organization_list", params=(
    *_LIST_PARAMS, Param("organizations", "array", "Only these names.", items="string")))
def organization_list(context: ActionContext, data: dict[str, Any]) -> list[Any]:
    """Return the organizations: names, or objects with their public dataset counts (all_fields)."""
    organizations = Organization.objects.annotate(
        n=Count("datasets", filter=Q(datasets__in=_public_ids()), distinct=True))
    wanted = params.string_list(data, "organizations")
    if wanted:
        organizations = organizations.filter(slug__in=wanted)
    items = [ckan_shapes.organization_dict(o, context.lang, context.request, package_count=o.n)
             for o in organizations]
    items = _page(_sorted(items, params.string(data, "sort")), data)
    return items if params.boolean(data, "all_fields") else [i["name"] for i in items]


@action("organization_show", params=_SHOW_PARAMS)
def organization_show(context: ActionContext, data: dict[str, Any]) -> dict[str, Any]:
    """Return one organization, with its public datasets when include_datasets is true."""
    value = params.string(data, "id", required=True)
    organization = Organization.objects.filter(slug=value).first()
    if organization is None and value.isdigit() and len(value) < 19:
        organization = Organization.objects.filter(pk=int(value)).first()
    if organization is None:
        raise NotFound(_("Organization not found."))
    datasets = queries.catalogue_datasets(None).filter(organization=organization)
    out = ckan_shapes.organization_dict(organization, context.lang, context.request,
                                        package_count=datasets.count())
    if params.boolean(data, "include_datasets"):
        found = list(packages.with_related(datasets.order_by("slug"))[:MAX_DATASETS])
        out["packages"] = packages.package_dicts(context, found)
    return out


@action("group_list", params=(*_LIST_PARAMS, Param("groups", "array", "Only these names.", items="string")))
def group_list(context: ActionContext, data: dict[str, Any]) -> list[Any]:
    """Return the themes as CKAN groups: names, or objects with their public dataset counts."""
    themes = Theme.objects.annotate(n=Count("datasets", filter=Q(datasets__in=_public_ids()), distinct=True))
    wanted = params.string_list(data, "groups")
    if wanted:
        themes = themes.filter(code__in=wanted)
    items = _page(_sorted([ckan_shapes.group_dict(t, context.lang, package_count=t.n) for t in themes],
                          params.string(data, "sort")), data)
    return items if params.boolean(data, "all_fields") else [i["name"] for i in items]


@action("group_show", params=_SHOW_PARAMS)
def group_show(context: ActionContext, data: dict[str, Any]) -> dict[str, Any]:
    """Return one theme as a CKAN group, with its public datasets when include_datasets is true."""
    theme = Theme.objects.filter(code=params.string(data, "id", required=True)).first()
    if theme is None:
        raise NotFound(_("Group not found."))
    datasets = queries.catalogue_datasets(None).filter(themes=theme)
    out = ckan_shapes.group_dict(theme, context.lang, package_count=datasets.count())
    if params.boolean(data, "include_datasets"):
        found = list(packages.with_related(datasets.order_by("slug"))[:MAX_DATASETS])
        out["packages"] = packages.package_dicts(context, found)
    return out
