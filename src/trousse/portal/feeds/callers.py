"""Who is harvesting: an API token stands for its user on the feeds, as it does on the Action API.

A harvester with a token (``Authorization``, raw or "Bearer …", or ``X-CKAN-API-Key``) gets the feeds
its user's session would: the published datasets the user may see, private ones of their organizations
included. Without a token the feeds are what they are for anyone (a session cookie still counts, for a
person's browser). A token that is wrong, expired or revoked is refused (403), never taken for no token.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse

from trousse.portal.core import tokens
from trousse.portal.feeds.answers import feed_error

FeedView = Callable[..., HttpResponse]


def token_caller(*, as_json: bool | Callable[[dict[str, Any]], bool]) -> Callable[[FeedView], FeedView]:
    """Make ``view`` see the token's user as ``request.user``; ``as_json`` says how its errors are written."""

    def decorate(view: FeedView) -> FeedView:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            try:
                token = tokens.request_token(request)
            except tokens.InvalidTokenError as error:
                json_errors = as_json(kwargs) if callable(as_json) else as_json
                return feed_error(403, error.code, str(error.message), as_json=json_errors)
            if token is not None:
                # The feeds ask request.user what the caller may see (catalog permissions, validators, caches).
                request.user = token.user
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


def rdf_errors_as_json(kwargs: dict[str, Any]) -> bool:
    """Return whether an RDF feed's errors are JSON: for its JSON-LD syntax only, as its other errors."""
    return kwargs.get("ext") == "jsonld"
