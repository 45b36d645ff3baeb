"""Template tags for the catalogue's pages: search facets, vocabulary labels, and other apps' panels."""

from __future__ import annotations

from typing import Any

from django import template
from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from trousse.engine.metadata.vocabularies import ACCESS_LEVELS, FORMATS, FREQUENCIES, RESOURCE_LANGUAGES
from trousse.portal.catalog import hooks
from trousse.portal.core.localized import current_language, pick

register = template.Library()


def _facet_titles() -> dict[str, str]:
    return {
        "organization": _("Organization"), "theme": _("Theme"), "format": _("Format"),
        "licence": _("Licence"), "tag": _("Keyword"), "frequency": _("Update frequency"),
    }


@register.simple_tag
def facet_title(facet: str) -> str:
    return _facet_titles().get(facet, facet)


@register.simple_tag
def facet_label(item: Any, facet: str, labels: dict[str, dict[str, str]]) -> str:
    """Return a facet value's label in the page language."""
    if facet == "organization":
        return pick(item.label, "name").value if not isinstance(item.label, str) else item.label
    if facet == "theme":
        return pick(item.label, "label").value if not isinstance(item.label, str) else item.label
    if facet == "licence":
        return pick(item.label, "title").value if not isinstance(item.label, str) else item.label
    return labels.get(facet, {}).get(item.value, item.value)


@register.simple_tag
def url_with(request: HttpRequest, key: str, value: str) -> str:
    """Return the current query string with ``value`` added to ``key`` (paging reset)."""
    params = request.GET.copy()
    values = params.getlist(key)
    if value not in values:
        params.setlist(key, [*values, value])
    params.pop("page", None)
    return "?" + params.urlencode()


@register.simple_tag
def url_without(request: HttpRequest, key: str, value: str) -> str:
    """Return the current query string with ``value`` removed from ``key`` (paging reset)."""
    params = request.GET.copy()
    params.setlist(key, [v for v in params.getlist(key) if v != value])
    params.pop("page", None)
    encoded = params.urlencode()
    return "?" + encoded if encoded else request.path


_VOCABULARIES = {"access_level": ACCESS_LEVELS, "frequency": FREQUENCIES, "language": RESOURCE_LANGUAGES,
                 "format": FORMATS}


@register.filter
def vocab_label(code: str, vocabulary: str) -> str:
    """Return the page-language label of a controlled-vocabulary code (the code itself if unknown)."""
    entries = _VOCABULARIES[vocabulary]
    return entries.label(code, current_language()) if code in entries else code


@register.simple_tag
def active_filters(result: Any, labels: dict[str, dict[str, str]]) -> list[tuple[str, str, str]]:
    """Return (facet, value, label) for each selected filter, labelled in the page language."""
    found = {(facet, item.value): facet_label(item, facet, labels)
             for facet, items in result.facets.items() for item in items if item.selected}
    return [(facet, value, found.get((facet, value), labels.get(facet, {}).get(value, value)))
            for facet, values in result.params.filters.items() for value in values]


@register.simple_tag(takes_context=True)
def resource_panels(context: template.Context, dataset: Any, resource: Any, staff: bool = False) -> SafeString:
    """Render what other apps registered for a resource page (catalog/hooks.py, resource panels)."""
    return mark_safe("\n".join(hooks.resource_panels(context["request"], dataset, resource, staff=staff)))


@register.simple_tag(takes_context=True)
def dataset_badges(context: template.Context, dataset: Any, resources: Any) -> dict[int, SafeString]:
    """Return the status badges other apps give each resource, by resource id (catalog/hooks.py)."""
    return hooks.dataset_badges(context["request"], dataset, list(resources))


@register.simple_tag(takes_context=True)
def dataset_panels(context: template.Context, dataset: Any) -> SafeString:
    """Render the sections other apps add to the public dataset page (catalog.hooks)."""
    return mark_safe("\n".join(hooks.dataset_panels(context["request"], dataset)))


@register.simple_tag(takes_context=True)
def dataset_head(context: template.Context, dataset: Any, resources: Any) -> SafeString:
    """Render what other apps add to the dataset page's <head> (catalog/hooks.py, dataset page head)."""
    return mark_safe("\n".join(hooks.dataset_head(context["request"], dataset, list(resources))))


@register.filter
def badge_for(badges: dict[int, SafeString], resource: Any) -> SafeString:
    """Return the badges of ``resource`` from the mapping ``dataset_badges`` returned ("" when none)."""
    return badges.get(resource.pk, mark_safe(""))
