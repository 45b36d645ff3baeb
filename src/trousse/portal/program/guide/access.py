"""Who may open the program's staff pages, and where a form may send the browser back to."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from trousse.portal.core.errors import PermissionDeniedError
from trousse.portal.program import permissions


def program_staff_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Send visitors to the login page (302); refuse (403) accounts with no role in the workspace."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not permissions.can_view_program(request.user):
            raise PermissionDeniedError(_("Your account has no role in any organization yet. Ask an "
                                          "organization's administrator to add you."))
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def safe_next(request: HttpRequest, default: str = "program:progress") -> str:
    """Return the ``next`` address of a form if it stays on this site, else the progress page."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return reverse(default)
