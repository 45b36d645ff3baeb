"""Cut the cell values a report carries to a readable length.

The profile (min, max, top values) and the validation report (each example's cell) quote cells
of the file; a 1 MB cell quoted whole made a 5 MB report (issue 3, bad input). They keep the
first ``MAX_VALUE_CHARS`` characters followed by ``ELLIPSIS``; counts are never affected, only
the text shown. docs/reference/validation-report.md documents the rule.
"""

from __future__ import annotations

from typing import Any

MAX_VALUE_CHARS = 200
ELLIPSIS = "…"  # U+2026: a clipped value is MAX_VALUE_CHARS characters and this marker


def clip_text(value: Any, limit: int = MAX_VALUE_CHARS) -> Any:
    """Return ``value`` cut to ``limit`` characters plus ``ELLIPSIS`` when it is longer text; else as is."""
    if isinstance(value, str) and len(value) > limit:
        return value[:limit] + ELLIPSIS
    return value
