"""The Action API's registry and error vocabulary, shared by every action module.

Each action is a plain function ``func(context, data) -> result`` registered by name with ``@action``:
``data`` is the request's parameters (query string for GET, JSON or multipart body for POST) as a dict,
``result`` is JSON-ready and becomes the ``result`` of CKAN's envelope. Actions raise the errors below;
the dispatcher (views) turns them into CKAN's error objects and HTTP statuses, so no action builds a
response itself. Unknown parameters are ignored, as CKAN does.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest


@dataclass
class ActionContext:
    """Who calls, and how: the request, the authenticated user (AnonymousUser without a token)."""

    request: HttpRequest
    user: Any  # core.models.User or AnonymousUser
    token: Any = None  # the core ApiToken used, None for a session or an anonymous call
    lang: str = "en"  # the caller's language for messages (Accept-Language, ?lang=)
    # An action may set this to the newest change behind its answer: sent as Last-Modified (conditional GET).
    last_modified: Any = None


class ActionError(Exception):
    """An action refused: CKAN's ``__type``, a message, per-field lists, and the HTTP status."""

    status = 400
    ckan_type = "Bad request"

    def __init__(self, message: str = "", fields: Mapping[str, list[str]] | None = None) -> None:
        super().__init__(str(message))
        self.message = str(message)
        self.fields = {k: [str(m) for m in v] for k, v in (fields or {}).items()}

    def to_error(self) -> dict[str, Any]:
        """Return CKAN's error object for this error."""
        error: dict[str, Any] = {"__type": self.ckan_type, "message": self.message}
        error.update(self.fields)
        return error


class ValidationError(ActionError):
    status = 409
    ckan_type = "Validation Error"


class NotFound(ActionError):
    status = 404
    ckan_type = "Not Found Error"


class NotAuthorized(ActionError):
    status = 403
    ckan_type = "Authorization Error"


class SearchError(ActionError):
    status = 409
    ckan_type = "Search Query Error"


@dataclass(frozen=True)
class Param:
    """One declared parameter of an action, for the OpenAPI document and the API reference."""

    name: str
    type: str = "string"  # JSON Schema type: string, integer, boolean, array, object
    description: str = ""
    required: bool = False
    default: Any = None
    items: str = ""  # the type of an array's items
    file: bool = False  # a multipart file upload


@dataclass(frozen=True)
class Action:
    name: str
    func: Callable[[ActionContext, dict[str, Any]], Any]
    write: bool = False  # needs POST and an authenticated caller
    expensive: bool = False  # rate limited (search, DataStore, exports)
    help: str = field(default="")
    params: tuple[Param, ...] = ()


ACTIONS: dict[str, Action] = {}


def action(name: str, *, write: bool = False, expensive: bool = False,
           params: tuple[Param, ...] | list[Param] = ()) -> Callable[[Callable], Callable]:
    """Register ``func`` as the Action API's ``name`` (its docstring is CKAN's ``help``).

    ``params`` declares the parameters for the OpenAPI document; the action still reads ``data`` itself.
    """

    def register(func: Callable) -> Callable:
        ACTIONS[name] = Action(name, func, write=write, expensive=expensive, help=(func.__doc__ or "").strip(),
                               params=tuple(params))
        return func

    return register


def load_actions() -> None:
    """Import every module of this package that registers actions: ``actions_*`` and ``datastore*``."""
    import importlib
    import pkgutil

    package = __name__.rsplit(".", 1)[0]
    for module in pkgutil.iter_modules(importlib.import_module(package).__path__):
        if module.name.startswith(("actions_", "datastore")):
            importlib.import_module(f"{package}.{module.name}")
