"""Template filters of the guide: bilingual content text in the page language."""

from __future__ import annotations

from django import template

from trousse.engine.metadata.model import LocalizedText
from trousse.portal.core.localized import current_language

register = template.Library()


@register.filter
def in_page_lang(text: LocalizedText) -> str:
    """Return the content text in the page language (the content files are complete in both)."""
    return text.get(current_language())
