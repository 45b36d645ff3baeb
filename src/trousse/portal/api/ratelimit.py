"""Fixed-window rate limits on expensive API calls, counted in Django's "ratelimit" cache.

Settings: ``API_RATE_ANON`` (per client address) and ``API_RATE_TOKEN`` (per token or signed-in
user), each "N/second", "N/minute", "N/hour" or "N/day"; blank turns the limit off. The counters
live in the cache named "ratelimit" (a database cache by default, shared by every process and
server), falling back to "default". A window is fixed (the current minute…), so a client may make
up to twice N calls across a window boundary; that is the usual trade for one counter per client.
"""

from __future__ import annotations

import ipaddress
import math
import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import checks
from django.core.cache import InvalidCacheBackendError, caches
from django.http import HttpRequest

_UNITS = {"second": 1, "sec": 1, "s": 1, "minute": 60, "min": 60, "m": 60, "hour": 3600, "h": 3600,
          "day": 86400, "d": 86400}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*([a-z]+)\s*$")


@dataclass(frozen=True)
class Rate:
    calls: int
    seconds: int


def parse_rate(text: str) -> Rate | None:
    """Parse "60/minute" into a Rate; None for blank. ValueError for anything else."""
    if not (text or "").strip():
        return None
    match = _RATE.match(text.lower())
    unit = match.group(2) if match else ""
    if unit not in _UNITS and unit.endswith("s"):  # "minutes"
        unit = unit[:-1]
    if not match or unit not in _UNITS or int(match.group(1)) < 1:
        raise ValueError(f"unreadable rate {text!r}: use N/second, N/minute, N/hour or N/day")
    return Rate(int(match.group(1)), _UNITS[unit])


def client_address(request: HttpRequest) -> str:
    """Return the caller's address; behind a trusted proxy, the address the proxy saw.

    X-Forwarded-For is only believed from a proxy on this machine (loopback) or one listed in
    ``TRUSTED_PROXIES``; anyone else could write any address there and escape their limit. The last
    entry is the one the proxy itself added.
    """
    peer = request.META.get("REMOTE_ADDR", "") or "unknown"
    try:
        trusted = ipaddress.ip_address(peer).is_loopback or peer in settings.TRUSTED_PROXIES
    except ValueError:
        trusted = False
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if trusted and forwarded:
        return forwarded.split(",")[-1].strip()[:64] or peer
    return peer[:64]


def _cache():  # type: ignore[no-untyped-def]
    try:
        return caches["ratelimit"]
    except InvalidCacheBackendError:
        return caches["default"]


def check(request: HttpRequest, user: object, token: object) -> int | None:
    """Count one expensive call; return None when allowed, else the seconds to wait (Retry-After)."""
    if token is not None:
        rate, key = parse_rate(settings.API_RATE_TOKEN), f"token:{token.pk}"  # type: ignore[attr-defined]
    elif getattr(user, "is_authenticated", False):
        rate, key = parse_rate(settings.API_RATE_TOKEN), f"user:{user.pk}"  # type: ignore[attr-defined]
    else:
        rate, key = parse_rate(settings.API_RATE_ANON), f"ip:{client_address(request)}"
    if rate is None:
        return None
    now = time.time()
    window = int(now // rate.seconds)
    cache_key = f"trousse-rate:{rate.seconds}:{key}:{window}"
    cache = _cache()
    # add() then incr(): the first call of a window creates the counter, later ones count on it.
    if cache.add(cache_key, 1, timeout=rate.seconds + 1):
        count = 1
    else:
        try:
            count = cache.incr(cache_key)
        except ValueError:  # expired between add() and incr()
            cache.set(cache_key, 1, timeout=rate.seconds + 1)
            count = 1
    if count <= rate.calls:
        return None
    return max(1, math.ceil((window + 1) * rate.seconds - now))


def check_settings(app_configs: object = None, **kwargs: object) -> list[checks.CheckMessage]:
    """Django system check: refuse unreadable rates at start-up rather than failing every search."""
    errors: list[checks.CheckMessage] = []
    for name in ("API_RATE_ANON", "API_RATE_TOKEN"):
        try:
            parse_rate(getattr(settings, name, ""))
        except ValueError as error:
            errors.append(checks.Error(str(error), hint=f"Set TROUSSE_{name} to e.g. 60/minute, or blank for no limit.",
                                       id="trousse.api.E001"))
    return errors
