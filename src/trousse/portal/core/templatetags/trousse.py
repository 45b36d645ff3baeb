"""Template tags for bilingual values, Markdown and the language switch."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from trousse.portal.core.localized import current_language, pick
from trousse.portal.core.markdown import plain_text, render_markdown

register = template.Library()


def _marker(lang: str) -> str:
    return _("English only") if lang == "en" else _("French only")


@register.simple_tag
def loc(obj: Any, field: str) -> SafeString:
    """Render ``obj.<field>`` in the page language, marking a value shown in the other language."""
    value = pick(obj, field)
    if not value.is_fallback:
        return format_html("{}", value.value)
    return format_html('<span lang="{}">{}</span> <span class="fallback">({})</span>',
                       value.lang, value.value, _marker(value.lang))


@register.simple_tag
def loc_text(obj: Any, field: str) -> str:
    """Return the plain value in the page language (or the other one), for attributes and titles."""
    return pick(obj, field).value


@register.simple_tag
def loc_markdown(obj: Any, field: str) -> SafeString:
    """Render a bilingual Markdown field as sanitized HTML, marking a fallback."""
    value = pick(obj, field)
    html = render_markdown(value.value)
    if not value.is_fallback:
        return mark_safe(html)  # sanitized by nh3 in render_markdown
    return format_html('<p class="fallback">{}</p><div lang="{}">{}</div>', _marker(value.lang), value.lang,
                       mark_safe(html))


@register.simple_tag
def loc_summary(obj: Any, field: str, limit: int = 240) -> str:
    """Return a bilingual Markdown field as plain text, shortened."""
    return plain_text(pick(obj, field).value, limit)


@register.simple_tag(takes_context=True)
def switch_language_url(context: template.Context, lang: str) -> str:
    """Return the current page's URL in ``lang``, query string kept."""
    request = context["request"]
    url = translate_url(request.path, lang)
    prefix = f"/{current_language()}/"
    if url == request.path and request.path.startswith(prefix):
        # translate_url leaves a path it cannot resolve (a 404 page) unchanged: swap the prefix.
        url = f"/{lang}/" + request.path[len(prefix):]
    query = request.META.get("QUERY_STRING", "")
    return f"{url}?{query}" if query else url


@register.filter
def page_lang(_: Any = None) -> str:
    return current_language()


@register.simple_tag(takes_context=True)
def query_with(context: template.Context, **changes: Any) -> str:
    """Return the current query string with ``changes`` applied (None removes a key); page resets."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    if "page" not in changes:
        params.pop("page", None)
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def change_text(value: Any) -> str:
    """Render an audit change: "old → new" for a [old, new] pair, "—" for blanks."""
    def show(item: Any) -> str:
        if item in (None, "", [], {}):
            return "—"
        if isinstance(item, list):
            return ", ".join(str(i) for i in item) or "—"
        return str(item)

    if isinstance(value, list) and len(value) == 2:
        return f"{show(value[0])} → {show(value[1])}"
    return show(value)
