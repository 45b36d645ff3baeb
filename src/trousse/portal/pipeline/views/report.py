"""The validation report of a version as an accessible page (public with its dataset, staff otherwise)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from trousse.portal.catalog import permissions, version_gates
from trousse.portal.catalog import queries as catalog_queries
from trousse.portal.catalog.models import ResourceVersion
from trousse.portal.core.errors import NotFoundError
from trousse.portal.pipeline import queries
from trousse.portal.pipeline.views import presentation


@require_safe
def validation_report(request: HttpRequest, slug: str, resource_id: int) -> HttpResponse:
    """Show the validation report of the current version (or ``?version=N``) of a file resource."""
    dataset = catalog_queries.get_dataset(request.user, slug)  # 404 when the user may not see the dataset
    resource = catalog_queries.get_resource(dataset, resource_id)
    version = resource.current_version
    wanted = request.GET.get("version", "")
    if wanted.isdigit():
        version = ResourceVersion.objects.filter(resource=resource, number=int(wanted)).first()
    if version is None:
        raise NotFoundError("No such version")
    run = queries.latest_run_of_version(version)
    # Cell values (ranges, examples) only for who may read this version's tables: never for a version
    # held back or not cleared by the privacy gate.
    can_download = permissions.can_download(request.user, dataset) and version_gates.may_read_derived(
        request.user, version)
    status = presentation.status_of(run, acknowledged=run is not None and queries.is_acknowledged(run))
    return render(request, "pipeline/report.html", {
        "dataset": dataset, "resource": resource, "version": version, "run": run, "status": status,
        "tables": presentation.tables_of(run, resource, show_values=can_download),
        "can_download": can_download, "nav": "datasets",
        "is_staff": permissions.sees_everything(request.user)
        or permissions.role_in(request.user, dataset.organization_id) is not None,
    })
