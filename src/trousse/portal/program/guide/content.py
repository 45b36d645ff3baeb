"""Load the guide's chapters and the launch path's stages from the content files in this package.

The words live in ``content/``: ``chapters.toml`` and ``stages.toml`` list the sections, their
checklist items and the Trousse screens they point to, in English and French side by side; each
section's text is a Markdown file per language (``chapters/<slug>.en.md``, ``….fr.md``). Markdown
may link to a Trousse screen by its URL name: ``[the review queue](screen:catalog:review_queue)``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.urls import NoReverseMatch, reverse

from trousse.engine.metadata.model import LocalizedText
from trousse.portal.core.markdown import render_markdown
from trousse.portal.program.models_guide import Scope

CONTENT = Path(__file__).resolve().parent / "content"
SCOPES = tuple(Scope.values)
_SCREEN_LINK = re.compile(r"\[([^\]]+)\]\(screen:([\w:]+)\)")


@dataclass(frozen=True)
class ScreenLink:
    """A Trousse screen where the reader does what the text describes."""

    url_name: str
    label: LocalizedText
    staff: bool  # a workspace screen: the public sees the label without the link

    def url(self) -> str:
        return reverse(self.url_name)


@dataclass(frozen=True)
class Item:
    """One checklist item: ticked automatically when ``auto`` names a registered check, by hand otherwise."""

    code: str
    label: LocalizedText
    help: LocalizedText
    scopes: frozenset[str]
    auto: str = ""
    group: str = ""

    def applies_to(self, scope: str) -> bool:
        return scope in self.scopes


@dataclass(frozen=True)
class Group:
    """A named part of a stage's checklist (the pilot's pre-launch, launch and post-launch)."""

    code: str
    label: LocalizedText


@dataclass(frozen=True)
class Section:
    """A chapter of the guide or a stage of the launch path, ending with its checklist."""

    kind: str  # "chapter" or "stage"
    slug: str
    number: int
    title: LocalizedText
    summary: LocalizedText
    scopes: frozenset[str]
    items: tuple[Item, ...]
    links: tuple[ScreenLink, ...] = ()
    groups: tuple[Group, ...] = ()
    chapters: tuple[str, ...] = field(default=())  # related chapters (for stages)

    def applies_to(self, scope: str) -> bool:
        return scope in self.scopes

    def body_markdown(self, lang: str) -> str:
        """Return the section's Markdown text in ``lang``."""
        folder = "chapters" if self.kind == "chapter" else "stages"
        return (CONTENT / folder / f"{self.slug}.{lang}.md").read_text(encoding="utf-8")

    def body_html(self, lang: str, *, staff: bool = True) -> str:
        """Return the section's text in ``lang`` as safe HTML, with screen links resolved.

        For the public (``staff=False``), links to workspace screens keep their words but lose the link:
        they would only lead to the login page.
        """
        return _render(self.kind, self.slug, lang, staff)

    def group_items(self) -> list[tuple[Group | None, list[Item]]]:
        """Return the items under their groups, in order (one unnamed group when there are none)."""
        if not self.groups:
            return [(None, list(self.items))]
        return [(g, [i for i in self.items if i.group == g.code]) for g in self.groups]


def _text(table: dict, key: str) -> LocalizedText:
    return LocalizedText(en=table.get(f"{key}_en", ""), fr=table.get(f"{key}_fr", ""))


def _scopes(table: dict, default: frozenset[str]) -> frozenset[str]:
    scopes = frozenset(table.get("scopes", default))
    unknown = scopes - set(SCOPES)
    if unknown:
        raise ValueError(f"unknown scopes {sorted(unknown)} in {table.get('code') or table.get('slug')}")
    return scopes


def _section(kind: str, number: int, table: dict) -> Section:
    scopes = _scopes(table, frozenset(SCOPES))
    items = tuple(Item(code=i["code"], label=_text(i, "label"), help=_text(i, "help"),
                       scopes=_scopes(i, scopes), auto=i.get("auto", ""), group=i.get("group", ""))
                  for i in table.get("items", ()))
    return Section(
        kind=kind, slug=table["slug"], number=number, title=_text(table, "title"),
        summary=_text(table, "summary"), scopes=scopes, items=items,
        links=tuple(ScreenLink(link["url"], _text(link, "label"), link.get("staff", False))
                    for link in table.get("links", ())),
        groups=tuple(Group(g["code"], _text(g, "label")) for g in table.get("groups", ())),
        chapters=tuple(table.get("chapters", ())),
    )


@cache
def chapters() -> tuple[Section, ...]:
    """Return the guide's chapters, in reading order."""
    data = tomllib.loads((CONTENT / "chapters.toml").read_text(encoding="utf-8"))
    return tuple(_section("chapter", n, t) for n, t in enumerate(data["chapter"], start=1))


@cache
def stages() -> tuple[Section, ...]:
    """Return the launch path's stages, in order."""
    data = tomllib.loads((CONTENT / "stages.toml").read_text(encoding="utf-8"))
    return tuple(_section("stage", n, t) for n, t in enumerate(data["stage"], start=1))


def sections() -> tuple[Section, ...]:
    """Return every section with a checklist: the stages, then the chapters."""
    return stages() + chapters()


def find(kind: str, slug: str) -> Section | None:
    """Return the chapter or stage called ``slug``, or None."""
    return next((s for s in (chapters() if kind == "chapter" else stages()) if s.slug == slug), None)


@cache
def items_by_code() -> dict[str, tuple[Section, Item]]:
    """Return every checklist item by its code, with its section."""
    return {item.code: (section, item) for section in sections() for item in section.items}


@cache
def _render(kind: str, slug: str, lang: str, staff: bool) -> str:
    section = find(kind, slug)
    assert section is not None
    text = section.body_markdown(lang)

    def screen(match: re.Match[str]) -> str:
        try:
            url = reverse(match.group(2))
        except NoReverseMatch:  # a screen that is gone: keep the words, drop the link (a test checks)
            return match.group(1)
        if not staff and "/workspace/" in url:
            return match.group(1)
        return f"[{match.group(1)}]({url})"

    # The page language is in each address (/en/…, /fr/…): activate it while resolving.
    from django.utils import translation

    with translation.override(lang):
        html = render_markdown(_SCREEN_LINK.sub(screen, text))
    # render_markdown starts headings at h3 (under a dataset page's h2); a chapter's own sections sit right
    # under the page title, so "#" becomes h2 here. Applied to its sanitized output, tag for tag.
    for level in (3, 4, 5, 6):
        html = html.replace(f"<h{level}>", f"<h{level - 1}>").replace(f"</h{level}>", f"</h{level - 1}>")
    return html
