"""docs/reference/api.md, generated from the registry (a test fails when the file drifts from the code).

Regenerate: ``DJANGO_SETTINGS_MODULE=trousse.portal.settings python -m trousse.portal.api.reference
> docs/reference/api.md``.
"""

from __future__ import annotations

from trousse.portal.api.openapi import ERROR_STATUSES
from trousse.portal.api.registry import ACTIONS, Param

INTRO = """# Action API reference

Trousse answers CKAN's Action API v3 at `/api/3/action/<name>` and `/api/action/<name>`, so CKAN
clients (ckanapi, ckanr, ckanext-harvest, scripts written for open.canada.ca) work unchanged. The
OpenAPI 3 document is at `/api/3/openapi.json`; a readable version is the site's API page (`/en/api/`).
This file is generated from the code: see `trousse/portal/api/reference.py`.
The DataStore actions (`datastore_search`, `datastore_search_sql`, `datastore_info`), the full exports
at `/datastore/dump/<resource id>` and their sandbox and limits: [DataStore API reference](datastore.md).

## Calling

- **GET** with query parameters (read actions only), or **POST** with a JSON object body
  (`multipart/form-data` to upload a file to `resource_create` / `resource_patch`). Lists and objects
  in a query string or a multipart form are JSON-encoded strings, e.g. `facet.field=["tags"]`.
- Parameters an action does not know are ignored. `lang=en|fr` (or `Accept-Language`) picks the
  language of titles and messages.
- **Tokens**: create one on the *API tokens* page of the staff workspace (`/en/accounts/tokens/`). It is
  shown once, expires, and can be revoked. Send it as `Authorization: <token>`,
  `Authorization: Bearer <token>` or `X-CKAN-API-Key: <token>`. A token acts with its owner's roles.
  Write actions need a token and POST; a browser session authorizes GET reads only.
- **Answers**: `{"help": "<url>", "success": true, "result": …}`.
- **Reads** carry an `ETag` (and `Last-Modified` for one dataset or resource); send `If-None-Match`
  (or `If-Modified-Since`) to get `304 Not Modified` when nothing changed.
- **Rate limits**: actions marked *limited* count against `api_rate_anon` (per client address) or
  `api_rate_token` (per token or signed-in user), e.g. `60/minute`; past it the answer is 429 with
  `Retry-After`. The counters are kept in the database cache table `trousse_rate_limits`, shared by
  every web process and server.
- **Workflow**: `package_create` makes a draft. Send `state: "active"` (create, patch or update) to
  publish where the site lets you publish directly (`require_review` off), or otherwise to submit
  it to the reviewers. `package_delete` deletes a never-published draft and archives a published dataset.

## Errors

Every error has one shape, CKAN's:

```json
{"help": "…", "success": false,
 "error": {"__type": "Validation Error", "message": "…", "name": ["That URL is already in use."]}}
```

`__type` is one of Bad request, Authorization Error, Not Found Error, Validation Error,
Search Query Error, Rate Limit Error, Internal Server Error. Validation errors add a list of
messages per parameter. Messages are in the caller's language.

| Status | Meaning |
|---|---|
"""


def _param_row(param: Param) -> str:
    kind = "file" if param.file else param.type + (f" of {param.items}" if param.items else "")
    default = "" if param.default is None else f"`{param.default}`"
    required = "yes" if param.required else ""
    return f"| `{param.name}` | {kind} | {required} | {default} | {param.description} |"


def render() -> str:
    """Return docs/reference/api.md for the registered actions."""
    lines = [INTRO.rstrip("\n")]
    lines += [f"| {status} | {text} |" for status, text in ERROR_STATUSES.items()]
    lines += ["", "## Actions", ""]
    for name in sorted(ACTIONS):
        action = ACTIONS[name]
        marks = ["write: POST with a token" if action.write else "read: GET or POST"]
        if action.expensive:
            marks.append("limited")
        lines += [f"### {name}", "", f"*{'; '.join(marks)}*", "", action.help or "(no description)", ""]
        if action.params:
            lines += ["| Parameter | Type | Required | Default | Description |", "|---|---|---|---|---|"]
            lines += [_param_row(p) for p in action.params]
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


if __name__ == "__main__":
    import django

    django.setup()
    print(render(), end="")
