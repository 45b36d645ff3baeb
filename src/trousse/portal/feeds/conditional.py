"""Conditional GET for the feeds: ETag and Last-Modified computed cheaply, 304 before any feed is built."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

import trousse
from trousse.portal.catalog import permissions
from trousse.portal.feeds import site
from trousse.portal.feeds.queries import Freshness

# Bump when a mapping changes what the same catalogue produces, so caches drop their old copies.
FEED_REVISION = "1"
PUBLIC_CACHE = "public, max-age=300"
PRIVATE_CACHE = "private, no-cache"


@dataclass(frozen=True)
class Validators:
    """The ETag and Last-Modified of one feed answer, and whether a shared cache may keep it."""

    etag: str
    last_modified: int | None  # whole seconds since the epoch
    shared: bool  # the caller is anonymous: the same answer serves every anonymous caller


def visibility(request: HttpRequest) -> str:
    """Return a key for what the caller sees: anonymous callers share one, staff see their own."""
    user = request.user
    if not user.is_authenticated:
        return "anonymous"
    if permissions.sees_everything(user):
        return "everything"
    return "organizations:" + ",".join(str(i) for i in sorted(permissions.organization_ids(user)))


def validators(request: HttpRequest, fresh: Freshness, variant: str) -> Validators:
    """Return the validators of a feed answer: ``variant`` names the feed, format and page."""
    parts = [FEED_REVISION, trousse.__version__, variant, visibility(request), fresh.key, site.base_url(),
             str(site.municipality()), str(site.municipal_licence_url()), str(settings.FEED_PAGE_SIZE)]
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]
    # Whole seconds: HTTP dates have no fractions, and If-Modified-Since compares against them.
    stamp = int(fresh.last_modified.timestamp()) if fresh.last_modified else None
    return Validators(etag=f'"{digest}"', last_modified=stamp, shared=not request.user.is_authenticated)


def not_modified(request: HttpRequest, found: Validators) -> HttpResponse | None:
    """Return the 304 (or 412) answer when the caller's copy is current, else None."""
    response = get_conditional_response(request, etag=found.etag, last_modified=found.last_modified)
    if response is not None:
        stamp(response, found)
    return response


def stamp(response: HttpResponse, found: Validators) -> HttpResponse:
    """Add ETag, Last-Modified, Cache-Control and Vary to a feed answer."""
    response["ETag"] = found.etag
    if found.last_modified is not None:
        response["Last-Modified"] = http_date(found.last_modified)
    response["Cache-Control"] = PUBLIC_CACHE if found.shared else PRIVATE_CACHE
    # What a caller sees depends on who they are: by session cookie, or by token (the API's).
    patch_vary_headers(response, ("Cookie", "Authorization"))
    return response
