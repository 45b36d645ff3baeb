"""Who is calling the API: an API token (Authorization or X-CKAN-API-Key), a session, or nobody.

A token is accepted raw (as CKAN clients send it) or as "Bearer <token>" (core.tokens.request_token,
which the metadata feeds use too). A session cookie counts
only for GET reads: the dispatcher is exempt from CSRF checks, so a POST is never authorized by a
cookie (a third-party page could make the browser send one); writes need a token.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.translation import gettext as _

from trousse.portal.api.registry import NotAuthorized
from trousse.portal.core import tokens
from trousse.portal.core.models import ApiToken


def caller(request: HttpRequest) -> tuple[Any, ApiToken | None]:
    """Return (user, token) for the request; NotAuthorized when a token is sent but not valid."""
    try:
        token = tokens.request_token(request)
    except tokens.InvalidTokenError:
        raise NotAuthorized(_("Access denied: the API token is not valid (wrong, expired or revoked).")) from None
    if token is not None:
        return token.user, token
    user = getattr(request, "user", None)
    if request.method in ("GET", "HEAD") and user is not None and user.is_authenticated and user.is_active:
        return user, None
    return AnonymousUser(), None
