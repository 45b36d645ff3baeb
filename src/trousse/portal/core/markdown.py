"""Render steward-written Markdown to HTML that is safe to put in a page."""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")

_TAGS = {"p", "br", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "a", "h3", "h4", "h5",
         "h6", "table", "thead", "tbody", "tr", "th", "td", "hr"}
_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}, "ol": {"start"}}


def render_markdown(text: str) -> str:
    """Return sanitized HTML for ``text``; headings start at h3 so they sit under the page's h2."""
    html = _md.render(text or "")
    # Shift headings down two levels: a description never outranks the page title.
    for level in (4, 3, 2, 1):
        html = html.replace(f"<h{level}>", f"<h{min(level + 2, 6)}>").replace(
            f"</h{level}>", f"</h{min(level + 2, 6)}>")
    return nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes={"http", "https", "mailto"},
                     link_rel="nofollow noopener")


def plain_text(text: str, limit: int = 300) -> str:
    """Return ``text`` with Markdown markup removed, cut at ``limit`` characters on a word boundary."""
    stripped = nh3.clean(_md.render(text or ""), tags=set()).replace("\n", " ").strip()
    stripped = " ".join(stripped.split())
    if len(stripped) <= limit:
        return stripped
    return stripped[:limit].rsplit(" ", 1)[0] + "…"
