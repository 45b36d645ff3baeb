"""The OpenAPI 3 document of the Action API, built from the registry's actions and declared parameters."""

from __future__ import annotations

from typing import Any

import trousse
from trousse.portal.api.registry import ACTIONS, Action, Param

ERROR_STATUSES = {
    "400": "Bad request: malformed JSON, unknown action, a write sent as GET.",
    "403": "Authorization Error: no token, an invalid token, or a role that does not allow it.",
    "404": "Not Found Error: no such object, or one you may not see.",
    "409": "Validation Error (per-field lists) or Search Query Error.",
    "413": "Validation Error on upload: the file or body is over the site's upload limit (max_upload_bytes).",
    "429": "Rate Limit Error: too many expensive calls; see the Retry-After header.",
    "500": "Internal Server Error: our fault, logged; the message never holds details.",
}


def summary(action: Action) -> str:
    """Return the first line of the action's help."""
    return action.help.splitlines()[0].strip() if action.help else ""


def _schema(param: Param, *, as_query: bool) -> dict[str, Any]:
    if param.file:
        return {"type": "string", "format": "binary"}
    if as_query and param.type in ("array", "object"):
        return {"type": "string", "description": "JSON-encoded"}
    schema: dict[str, Any] = {"type": param.type}
    if param.type == "array":
        schema["items"] = {"type": param.items or "string"}
    if param.default is not None:
        schema["default"] = param.default
    return schema


def _body(action: Action) -> dict[str, Any]:
    properties = {p.name: {**_schema(p, as_query=False), "description": p.description} for p in action.params}
    required = [p.name for p in action.params if p.required]
    schema: dict[str, Any] = {"type": "object", "properties": properties, "additionalProperties": True}
    if required:
        schema["required"] = required
    content: dict[str, Any] = {"application/json": {"schema": schema}}
    if any(p.file for p in action.params):
        content["multipart/form-data"] = {"schema": schema}
    return {"required": bool(required), "content": content}


def _responses() -> dict[str, Any]:
    responses: dict[str, Any] = {"200": {"description": "CKAN's envelope with the result.", "content": {
        "application/json": {"schema": {"$ref": "#/components/schemas/Success"}}}}}
    for status, text in ERROR_STATUSES.items():
        responses[status] = {"description": text, "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/Failure"}}}}
    responses["304"] = {"description": "Not modified (conditional GET with If-None-Match or If-Modified-Since)."}
    return responses


def operation(action: Action, method: str) -> dict[str, Any]:
    """Return the OpenAPI operation for ``action`` called with ``method``."""
    op: dict[str, Any] = {
        "operationId": f"{action.name}_{method}", "summary": summary(action), "description": action.help,
        "tags": ["write" if action.write else "read"], "responses": _responses(),
    }
    if method == "get":
        op["parameters"] = [{"name": p.name, "in": "query", "required": p.required, "description": p.description,
                             "schema": _schema(p, as_query=True)} for p in action.params if not p.file]
    else:
        op["requestBody"] = _body(action)
    if action.write:
        op["security"] = [{"apiToken": []}, {"ckanApiKey": []}]
    if action.expensive:
        op["x-rate-limited"] = True
    return op


def document(server_url: str = "") -> dict[str, Any]:
    """Return the OpenAPI 3 document for every registered action."""
    paths: dict[str, Any] = {}
    for name in sorted(ACTIONS):
        action = ACTIONS[name]
        item = {"post": operation(action, "post")}
        if not action.write:
            item["get"] = operation(action, "get")
        paths[f"/api/3/action/{name}"] = item
    error = {"type": "object", "required": ["__type"], "additionalProperties": {
        "type": "array", "items": {"type": "string"}, "description": "Per-field messages (Validation Error)"},
        "properties": {"__type": {"type": "string", "example": "Validation Error"},
                       "message": {"type": "string"}}}
    doc: dict[str, Any] = {
        "openapi": "3.0.3",
        "info": {"title": "Trousse Action API (CKAN-compatible)", "version": trousse.__version__,
                 "description": "CKAN's Action API v3 over the Trousse catalogue. Every answer is CKAN's "
                                "envelope; every error has the same shape."},
        "paths": paths,
        "components": {
            "schemas": {
                "Success": {"type": "object", "required": ["success", "result"], "properties": {
                    "help": {"type": "string"}, "success": {"type": "boolean", "enum": [True]}, "result": {}}},
                "Failure": {"type": "object", "required": ["success", "error"], "properties": {
                    "help": {"type": "string"}, "success": {"type": "boolean", "enum": [False]},
                    "error": {"$ref": "#/components/schemas/Error"}}},
                "Error": error,
            },
            "securitySchemes": {
                "apiToken": {"type": "apiKey", "in": "header", "name": "Authorization",
                             "description": "An API token, raw or as \"Bearer <token>\"."},
                "ckanApiKey": {"type": "apiKey", "in": "header", "name": "X-CKAN-API-Key"},
            },
        },
    }
    if server_url:
        doc["servers"] = [{"url": server_url}]
    return doc
