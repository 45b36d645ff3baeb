"""Mask an identifier for a report: keep its shape, never its value."""

from __future__ import annotations

import re

MAX_LENGTH = 40
_WORD = re.compile(r"[^\W_]+")


def mask(value: str) -> str:
    """Return ``value`` with every digit hidden and every word cut to its first letter.

    "613-555-0199" → "•••-•••-••••", "jean.tremblay@ville.ca" → "j•••.t•••••••@v••••.c•",
    "M. Tremblay" → "M. T•••••••". Separators stay, so a person can tell the shape that matched.
    """

    def hide(match: re.Match[str]) -> str:
        word = match.group(0)
        if word[0].isdigit():
            return "•" * len(word)
        return word[0] + "".join("•" for _ in word[1:])

    text = _WORD.sub(hide, value.strip())
    return text if len(text) <= MAX_LENGTH else text[: MAX_LENGTH - 1] + "…"
