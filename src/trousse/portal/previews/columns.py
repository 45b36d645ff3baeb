"""The columns a preview shows: name, type and the data dictionary's title in the page language."""

from __future__ import annotations

from dataclasses import dataclass

from trousse.portal.catalog.hooks import TableData
from trousse.portal.core.localized import current_language


@dataclass(frozen=True)
class Column:
    """One column of a table as a preview shows it."""

    name: str
    type: str  # the Table Schema type (string, integer, number, date, …)
    title: str  # the data dictionary's title ("" when the steward gave none)
    title_lang: str  # the language the title is in
    fallback: bool  # the title is in the other language (none in the page language)
    unit: str = ""

    @property
    def label(self) -> str:
        """Return the title, else the name (for places that show one text, like a select's options)."""
        return self.title or self.name


def columns_of(table: TableData, lang: str | None = None) -> list[Column]:
    """Return the table's columns (never the geometry) with their titles picked for the page language."""
    lang = lang or current_language()
    other = "en" if lang == "fr" else "fr"
    out = []
    for field in table.schema.get("fields", []):
        name = field["name"]
        if name.startswith("__"):  # internal columns (__geometry) are drawn, not listed
            continue
        entry = table.dictionary.get(name, {}) or {}
        own = (entry.get(f"title_{lang}") or "").strip()
        theirs = (entry.get(f"title_{other}") or "").strip()
        title, title_lang = (own, lang) if own else (theirs, other if theirs else lang)
        out.append(Column(name=name, type=str(field.get("type", "string")), title=title, title_lang=title_lang,
                          fallback=bool(theirs) and not own, unit=(entry.get("unit") or "").strip()))
    return out


def find(columns: list[Column], name: str) -> Column | None:
    """Return the column called ``name``, or None."""
    return next((c for c in columns if c.name == name), None)
