"""Who is calling the API: an API token (Authorization or X-CKAN-API-Key), a session, or nobody.

A token is accepted raw (as CKAN clients send it) or as "Bearer <token>". A session cookie counts
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


def presented_token(request: HttpRequest) -> str:
    """Return the token the request carries, or ""."""
    value = request.META.get("HTTP_AUTHORIZATION", "") or request.META.get("HTTP_X_CKAN_API_KEY", "")
    value = value.strip()
    if value[:7].lower() == "bearer ":
        value = value[7:].strip()
    return value


def caller(request: HttpRequest) -> tuple[Any, ApiToken | None]:
    """Return (user, token) for the request; NotAuthorized when a token is sent but not valid."""
    secret = presented_token(request)
    if secret:
        token = tokens.authenticate(secret)
        if token is None:
            raise NotAuthorized(_("Access denied: the API token is not valid (wrong, expired or revoked)."))
        return token.user, token
    user = getattr(request, "user", None)
    if request.method in ("GET", "HEAD") and user is not None and user.is_authenticated and user.is_active:
        return user, None
    return AnonymousUser(), None
