"""Template tags of the inventory: sortable column headers that work without JavaScript."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

register = template.Library()
# Columns whose natural first sort is high-to-low (a score, a rating): the first click ranks them.
_DESCENDING_FIRST = {"score", "value", "demand", "requests", "risk", "effort", "release"}


@register.simple_tag(takes_context=True)
def sort_header(context: template.Context, key: str, label: Any, numeric: bool = False) -> SafeString:
    """Return a <th> whose link sorts by ``key`` (again: the other way), with aria-sort on the current one."""
    request = context["request"]
    current, descending = context.get("sort"), context.get("descending")
    params = request.GET.copy()
    params.pop("page", None)
    if key == current:
        params["sort"] = key if descending else f"-{key}"
        state = "descending" if descending else "ascending"
        hint = _("sorted high to low") if descending else _("sorted low to high")
    else:
        params["sort"] = f"-{key}" if key in _DESCENDING_FIRST else key
        state, hint = "", ""
    mark = format_html(' <span aria-hidden="true">{}</span><span class="visually-hidden">({})</span>',
                       "▼" if descending else "▲", hint) if state else ""
    return format_html('<th scope="col"{}{}><a href="?{}">{}{}</a></th>',
                       format_html(' aria-sort="{}"', state) if state else "",
                       " class=\"numeric\"" if numeric else "", params.urlencode(), label, mark)


@register.filter
def yes_no(value: bool | None) -> str:
    """Return yes, no or not known in the page language."""
    if value is None:
        return _("Not known")
    return _("Yes") if value else _("No")
