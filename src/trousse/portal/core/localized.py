"""Pick a bilingual model value in the page language, with a marker when it falls back."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language


@dataclass(frozen=True)
class Localized:
    value: str
    lang: str  # the language the value is actually in
    is_fallback: bool

    def __str__(self) -> str:
        return self.value


def current_language() -> str:
    """Return the page language, en or fr."""
    return "fr" if (get_language() or "en").startswith("fr") else "en"


def pick(obj: Any, field: str, lang: str | None = None) -> Localized:
    """Return ``obj.<field>_<lang>`` or, when blank, the other language's value marked as fallback."""
    lang = lang or current_language()
    other = "en" if lang == "fr" else "fr"
    own = (getattr(obj, f"{field}_{lang}", "") or "").strip()
    if own:
        return Localized(own, lang, False)
    theirs = (getattr(obj, f"{field}_{other}", "") or "").strip()
    return Localized(theirs, other, bool(theirs))
