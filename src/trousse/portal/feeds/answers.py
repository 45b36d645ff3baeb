"""How the feeds answer: the body in its media type, and errors a machine can read in the caller's language."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpResponse

from trousse.portal.feeds.conditional import Validators, stamp

JSON_TYPE = "application/json; charset=utf-8"


def feed_response(body: str, content_type: str, found: Validators) -> HttpResponse:
    """Return a feed body with its validators and cache headers."""
    return stamp(HttpResponse(body, content_type=content_type), found)


def json_body(document: Any) -> str:
    """Return ``document`` as compact UTF-8 JSON (accents kept as they are)."""
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def feed_error(status: int, code: str, message: str, *, as_json: bool) -> HttpResponse:
    """Return an error as JSON ``{"error": {"code", "message"}}`` or as plain text; never a page."""
    if as_json:
        response = HttpResponse(json_body({"error": {"code": code, "message": str(message)}}),
                                content_type=JSON_TYPE, status=status)
    else:
        response = HttpResponse(f"{message}\n", content_type="text/plain; charset=utf-8", status=status)
    response["Cache-Control"] = "no-store"
    return response
