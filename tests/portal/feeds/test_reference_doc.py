"""Every feed address is documented in docs/reference/feeds.md (a new feed without docs fails here)."""

from __future__ import annotations

import re
from pathlib import Path

from trousse.portal.feeds.urls import root_urlpatterns

DOC = Path(__file__).resolve().parents[3] / "docs" / "reference" / "feeds.md"


def _documented_form(pattern: str) -> str:
    """Turn a route into the form the reference writes it in: /dataset/<name>.ttl, /catalog.ttl…"""
    text = pattern.lstrip("^").rstrip("$").replace("\\.", ".")
    text = re.sub(r"\(\?P<ext>[^)]*\)", "ttl", text)
    text = re.sub(r"\(\?P<slug>[^)]*\)|<slug:slug>", "<name>", text)
    return "/" + text.replace("<int:number>", "<n>")


def test_every_feed_address_is_in_the_reference() -> None:
    doc = DOC.read_text(encoding="utf-8")
    missing = [_documented_form(str(p.pattern)) for p in root_urlpatterns
               if f"`{_documented_form(str(p.pattern))}" not in doc]
    assert missing == []
