"""The API documentation page (/<lang>/api/) and the OpenAPI document (/api/3/openapi.json)."""

from __future__ import annotations

import hashlib
import json

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import get_conditional_response
from django.views.decorators.http import require_safe

from trousse.portal.api import openapi
from trousse.portal.api.registry import ACTIONS


@require_safe
def openapi_json(request: HttpRequest) -> HttpResponse:
    """Serve the OpenAPI 3 document, with an ETag for conditional GET."""
    body = json.dumps(openapi.document(request.build_absolute_uri("/").rstrip("/")), indent=1)
    response = HttpResponse(body, content_type="application/json;charset=utf-8")
    response["ETag"] = f'"{hashlib.sha256(body.encode()).hexdigest()[:40]}"'
    response["Cache-Control"] = "public, no-cache"
    response["Access-Control-Allow-Origin"] = "*"
    return get_conditional_response(request, etag=response["ETag"], response=response)


@require_safe
def api_docs(request: HttpRequest) -> HttpResponse:
    """Explain how to call the API and list every action with its parameters."""
    actions = [ACTIONS[name] for name in sorted(ACTIONS)]
    return render(request, "api/docs.html", {
        "reads": [a for a in actions if not a.write], "writes": [a for a in actions if a.write],
        "base_url": request.build_absolute_uri("/api/3/action/"),
        "example_url": request.build_absolute_uri("/api/3/action/package_search") + "?q=parks&rows=5",
        "nav": "api",
    })
