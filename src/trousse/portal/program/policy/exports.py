"""Export a generated document as Markdown, a standalone HTML page or a Word (DOCX) file."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

import nh3
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from docx import Document
from docx.shared import Pt
from markdown_it import MarkdownIt
from markdown_it.token import Token

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_TAGS = {"h1", "h2", "h3", "h4", "p", "br", "em", "strong", "code", "blockquote", "ul", "ol", "li", "a", "hr"}


def body_html(markdown: str, *, shift: int = 0) -> str:
    """Return the document's Markdown as sanitized HTML; h1 is its title, or h(1+shift) under a page's own h1."""
    html = _md.render(markdown)
    for level in range(4, 0, -1) if shift else ():
        html = html.replace(f"<h{level}>", f"<h{min(level + shift, 6)}>").replace(
            f"</h{level}>", f"</h{min(level + shift, 6)}>")
    return nh3.clean(html, tags=_TAGS | {"h5", "h6"}, attributes={"a": {"href"}, "ol": {"start"}},
                     url_schemes={"http", "https", "mailto"}, link_rel=None)


def standalone_html(markdown: str, *, lang: str, title: str, meta: dict[str, Any]) -> str:
    """Return a complete, lang-tagged HTML page of the document, with no outside resources."""
    return render_to_string("program/policy/standalone.html", {
        "lang": lang, "title": title, "body": mark_safe(body_html(markdown)), "meta": meta})


def docx_bytes(markdown: str, *, lang: str, title: str, author: str, created: datetime, version: int,
               subject: str) -> bytes:
    """Return the document as a DOCX file: a title, real headings and lists, and document properties."""
    document = Document()
    styles = document.styles
    styles["Normal"].font.name = "Calibri"
    styles["Normal"].font.size = Pt(11)
    props = document.core_properties
    props.title, props.author, props.subject = title, author, subject
    props.language, props.created, props.revision = ("en-CA" if lang == "en" else "fr-CA"), created, version
    props.keywords = "open data; données ouvertes"
    _write_tokens(document, _md.parse(markdown))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _write_tokens(document: Any, tokens: list[Token]) -> None:
    # Walk markdown-it's flat token stream: block tokens open a paragraph of the right style, inline
    # tokens fill it with runs (bold, italics, links written out with their address).
    lists: list[str] = []  # "List Bullet" / "List Number" per open list
    numbers: list[int | None] = []  # per open list: its own numbering id, so each numbered list starts at 1
    quote = 0
    pending_style: str | None = None
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            level = int(token.tag[1])
            pending_style = "Title" if level == 1 else f"Heading {min(level - 1, 9)}"
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            ordered = token.type == "ordered_list_open"
            lists.append("List Number" if ordered else "List Bullet")
            numbers.append(_restarted_numbering(document) if ordered and len(lists) == 1 else None)
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
            numbers.pop()
        elif token.type == "blockquote_open":
            quote += 1
        elif token.type == "blockquote_close":
            quote -= 1
        elif token.type == "paragraph_open" and pending_style is None:
            if lists and tokens[index - 1].type == "list_item_open":
                depth = len(lists)
                pending_style = lists[-1] + (f" {depth}" if depth > 1 else "")
            elif quote:
                pending_style = "Quote"
            else:
                pending_style = "Normal"
        elif token.type == "inline" and pending_style is not None:
            paragraph = document.add_paragraph(style=pending_style)
            if pending_style == "List Number" and numbers and numbers[-1] is not None:
                paragraph._p.get_or_add_pPr().get_or_add_numPr().get_or_add_numId().val = numbers[-1]
            _write_inline(paragraph, token.children or [])
            pending_style = None


def _restarted_numbering(document: Any) -> int:
    # Word numbers every "List Number" paragraph of a document in one sequence; a new w:num over the same
    # abstract numbering, restarting at 1, gives each numbered list its own 1, 2, 3.
    numbering = document.part.numbering_part.element
    style_num = document.styles["List Number"].element.pPr.numPr.numId.val
    num = numbering.add_num(numbering.num_having_numId(style_num).abstractNumId.val)
    num.add_lvlOverride(ilvl=0).add_startOverride(1)
    return int(num.numId)


def _write_inline(paragraph: Any, children: list[Token]) -> None:
    bold = italic = False
    href = ""
    for child in children:
        if child.type == "strong_open":
            bold = True
        elif child.type == "strong_close":
            bold = False
        elif child.type == "em_open":
            italic = True
        elif child.type == "em_close":
            italic = False
        elif child.type == "link_open":
            href = str(child.attrs.get("href", ""))
        elif child.type == "link_close":
            href = ""
        elif child.type in ("text", "code_inline"):
            content = child.content
            if href.startswith("mailto:"):
                content = href.removeprefix("mailto:") if content == href else content
            run = paragraph.add_run(content)
            run.bold, run.italic = bold or None, italic or None
        elif child.type in ("softbreak", "hardbreak"):
            paragraph.add_run(" ")
