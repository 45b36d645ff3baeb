"""The workspace's front page (the datasets of the user's organizations) and the review queue."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from trousse.engine.metadata.vocabularies import STATUSES
from trousse.portal.catalog import permissions, queries
from trousse.portal.catalog.models import Dataset
from trousse.portal.catalog.views.staff.access import staff_required
from trousse.portal.catalog.views.staff.labels import label_statuses
from trousse.portal.core import audit
from trousse.portal.core.errors import PermissionDeniedError
from trousse.portal.core.localized import current_language

STAFF_PAGE_SIZE = 50


@require_GET
@staff_required
def workspace(request: HttpRequest) -> HttpResponse:
    """List the datasets of the user's organizations, with filters by status and organization."""
    user = request.user
    lang = current_language()
    organizations = list(queries.staff_organizations(user))
    counts = queries.staff_status_counts(user)

    status = request.GET.get("status", "")
    if status not in Dataset.Status.values:
        status = ""
    organization = request.GET.get("organization", "")
    if not any(o.slug == organization for o in organizations):
        organization = ""
    datasets = queries.workspace_datasets(user, status=status, organization=organization)
    page = Paginator(datasets, STAFF_PAGE_SIZE).get_page(request.GET.get("page"))
    label_statuses(page.object_list)

    # Site reviewers, and organization admins when review is optional, decide on submissions.
    reviews = queries.has_review_queue(user)
    return render(request, "catalog/staff/workspace.html", {
        "nav": "workspace",
        "page": page,
        "status": status,
        "organization": organization,
        "organizations": organizations,
        "statuses": [(code, label, counts.get(code, 0)) for code, label in
                     STATUSES.choices(lang, sort_by_label=False)],
        "total": sum(counts.values()),
        "can_create": any(permissions.can_create_in(user, o) for o in organizations),
        "managed_organizations": [o for o in organizations if permissions.can_manage_organization(user, o)],
        "is_reviewer": reviews,
        "review_count": queries.review_queue(user).count() if reviews else 0,
        "can_see_audit": bool(user.is_superuser or user.is_site_reviewer),
        "filtered": bool(status or organization),
    })


@require_GET
@staff_required
def review_queue(request: HttpRequest) -> HttpResponse:
    """List the datasets waiting for the user's decision, longest waiting first."""
    if not queries.has_review_queue(request.user):
        raise PermissionDeniedError(_("Only reviewers and site administrators see the review queue."))
    datasets = list(queries.review_queue(request.user))
    submissions = audit.latest_events("dataset", [d.pk for d in datasets], "dataset.submit")
    rows = [{"dataset": d, "submission": submissions.get(d.pk)} for d in datasets]
    rows.sort(key=lambda row: (row["submission"].created if row["submission"] else row["dataset"].modified))
    return render(request, "catalog/staff/review_queue.html", {"nav": "workspace", "rows": rows})
