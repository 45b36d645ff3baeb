"""API tokens: create (the secret is returned once), authenticate, revoke. Only a hash is stored.

A secret reads ``trs_<prefix>_<random>``: the prefix (random too) finds the row through a unique
index, then the SHA-256 of the whole secret is compared in constant time. Secrets carry 256 bits
of randomness, so a fast unsalted hash is enough: nobody can guess or brute-force one, and a
stolen database yields no usable token.

Every machine-facing address (the Action API, the DataStore dumps, the metadata feeds) finds its caller
with ``request_token``: the token in ``Authorization`` (raw, as CKAN clients send it, or "Bearer …")
or in ``X-CKAN-API-Key``.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trousse.portal.core import audit
from trousse.portal.core.errors import DomainError, NotFoundError, PermissionDeniedError
from trousse.portal.core.models import ApiToken, User

SCHEME = "trs_"
LIFETIMES_DAYS = (30, 90, 180, 365)
DEFAULT_LIFETIME_DAYS = 90
MAX_ACTIVE_TOKENS = 20
# last_used is written at most this often per token: a busy script must not write on every call.
_LAST_USED_RESOLUTION = timedelta(minutes=5)


class InvalidTokenError(PermissionDeniedError):
    """A request presented an API token that is wrong, expired or revoked (refused, never ignored)."""

    code = "invalid_token"


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str  # shown to its owner once, never stored


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def active_tokens(user: User) -> list[ApiToken]:
    """Return the user's tokens that are neither revoked nor expired, newest first."""
    now = timezone.now()
    return list(ApiToken.objects.filter(user=user, revoked__isnull=True, expires__gt=now))


def user_tokens(user: User) -> list[ApiToken]:
    """Return every token of ``user``, newest first, each with ``state``: active, expired or revoked."""
    now = timezone.now()
    found = list(ApiToken.objects.filter(user=user))
    for token in found:
        token.state = "revoked" if token.revoked else "expired" if token.expires <= now else "active"
    return found


@transaction.atomic
def create_token(actor: User, name: str, lifetime_days: int = DEFAULT_LIFETIME_DAYS) -> IssuedToken:
    """Issue a new token for ``actor``; the returned secret cannot be recovered later."""
    if not (actor.is_authenticated and actor.is_active):
        raise PermissionDeniedError(_("Sign in to create an API token."))
    name = " ".join(str(name or "").split())[:100]
    if not name:
        raise DomainError(_("Give the token a name, such as the script that will use it."), code="required",
                          field="name")
    if lifetime_days not in LIFETIMES_DAYS:
        raise DomainError(_("Choose one of the offered lifetimes."), code="invalid", field="lifetime")
    if len(active_tokens(actor)) >= MAX_ACTIVE_TOKENS:
        raise DomainError(_("You have %(count)s active tokens, the most allowed. Revoke one first.")
                          % {"count": MAX_ACTIVE_TOKENS}, code="too_many_tokens", field="name")
    prefix = secrets.token_hex(4)
    secret = f"{SCHEME}{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(user=actor, name=name, prefix=prefix, digest=_digest(secret),
                                    expires=timezone.now() + timedelta(days=lifetime_days))
    audit.record(actor, "token.create", token, changes={"name": [None, name],
                                                         "expires": [None, token.expires.isoformat()]})
    return IssuedToken(token, secret)


@transaction.atomic
def revoke_token(actor: User, token_id: int) -> ApiToken:
    """Revoke one of ``actor``'s tokens (site admins may revoke anyone's); it stops working at once."""
    token = ApiToken.objects.select_for_update().filter(pk=token_id).first()
    if token is None or (token.user_id != actor.pk and not actor.is_superuser):
        raise NotFoundError(_("No such token."))
    if token.revoked is None:
        token.revoked = timezone.now()
        token.save(update_fields=["revoked"])
        audit.record(actor, "token.revoke", token, changes={"revoked": [None, token.revoked.isoformat()]})
    return token


def authenticate(secret: str) -> ApiToken | None:
    """Return the active token matching ``secret`` (with its user), or None; records when it was used."""
    secret = (secret or "").strip()
    if not secret.startswith(SCHEME) or len(secret) > 200:
        return None
    prefix = secret[len(SCHEME):].split("_", 1)[0]
    token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.digest, _digest(secret)):
        return None
    now = timezone.now()
    if token.revoked is not None or token.expires <= now or not token.user.is_active:
        return None
    if token.last_used is None or now - token.last_used > _LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
        token.last_used = now
    return token


def presented_secret(request: HttpRequest) -> str:
    """Return the API token the request carries (Authorization, raw or "Bearer …", or X-CKAN-API-Key), or ""."""
    value = request.META.get("HTTP_AUTHORIZATION", "") or request.META.get("HTTP_X_CKAN_API_KEY", "")
    value = value.strip()
    if value[:7].lower() == "bearer ":
        value = value[7:].strip()
    return value


def request_token(request: HttpRequest) -> ApiToken | None:
    """Return the active token ``request`` presents, None when it presents none; InvalidTokenError if not valid."""
    secret = presented_secret(request)
    if not secret:
        return None
    token = authenticate(secret)
    if token is None:
        # A caller who sent a token expects its rights: answering as anonymous would hide the mistake.
        raise InvalidTokenError(_("The API token is not valid (wrong, expired or revoked)."))
    return token
