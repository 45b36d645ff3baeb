"""Staff pages that belong to no single app: the audit log."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from trousse.portal.core.errors import PermissionDeniedError
from trousse.portal.core.models import AuditEvent


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    """Show the whole audit log to site admins and reviewers."""
    user = request.user
    if not (user.is_superuser or getattr(user, "is_site_reviewer", False)):
        raise PermissionDeniedError("")
    events = AuditEvent.objects.select_related("actor")
    action = request.GET.get("action", "")
    if action:
        events = events.filter(action=action)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "core/audit.html", {"page": page, "action": action})
