"""Derived downloads (language-neutral, permission-checked) and the live progress of a run (JSON, staff)."""

from __future__ import annotations

from pathlib import Path

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from trousse.portal.catalog import permissions, version_gates
from trousse.portal.catalog.models import Resource, ResourceVersion
from trousse.portal.catalog.services import record_download
from trousse.portal.core.errors import NotFoundError
from trousse.portal.core.file_responses import PRIVATE_CACHE, stored_file_response
from trousse.portal.pipeline import queries
from trousse.portal.pipeline.models import PipelineRun

MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "geojson": "application/geo+json",
    "parquet": "application/vnd.apache.parquet",
}


@require_safe
def derived_download(request: HttpRequest, resource_id: int, number: int, fmt: str, table: int = 1) -> HttpResponse:
    """Send a version's table in ``fmt`` (csv, json, xlsx, geojson, parquet), made once by the pipeline."""
    resource = Resource.objects.select_related("dataset").filter(pk=resource_id).first()
    if resource is None or not permissions.can_download(request.user, resource.dataset):
        raise NotFoundError("No such file")  # the same answer whether it exists or is not yours
    version = ResourceVersion.objects.filter(resource=resource, number=number).first()
    if version is not None and not version_gates.may_read_derived(request.user, version):
        version = None  # held back or not cleared (privacy gate): the same answer as a missing file
    found = queries.derived_file(version, fmt, table) if version is not None and fmt in MEDIA_TYPES else None
    if found is None:
        raise NotFoundError("No such file")
    row, stored = found
    public = (resource.dataset.is_public and resource.dataset.access_level == "public"
              and version_gates.anyone_may_read(version, "derived"))
    suffix = f"-{row.position}" if row.position > 1 else ""
    return stored_file_response(request, stored.storage, stored.name,
                                etag=f"{version.sha256}-{row.run_id}-{row.position}-{fmt}", public=public,
                                filename=f"{Path(version.filename).stem}{suffix}.{fmt}",
                                content_type=MEDIA_TYPES[fmt], size=stored.size,
                                on_download=lambda: record_download(resource.dataset))


@require_safe
def run_status(request: HttpRequest, run_id: int) -> JsonResponse:
    """Return a run's stage and progress, for the workspace's live progress (staff of its organization)."""
    run = PipelineRun.objects.select_related("version__resource__dataset").filter(pk=run_id).first()
    dataset = run.version.resource.dataset if run is not None else None
    allowed = dataset is not None and (permissions.sees_everything(request.user)
                                       or permissions.role_in(request.user, dataset.organization_id) is not None)
    if not allowed:
        response = JsonResponse({"error": {"code": "not_found", "message": _("No such pipeline run.")}}, status=404)
    else:
        response = JsonResponse(queries.run_summary(run))
    response["Cache-Control"] = PRIVATE_CACHE
    return response
