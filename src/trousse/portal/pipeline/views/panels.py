"""What the pipeline adds to the catalogue's pages, through catalog/hooks.py (registered in apps.py).

``resource_panel``: on the public resource page, the validation status, data dictionary, downloads and
openness of the current version; in the workspace, the processing status with live progress and what
a steward can do next. ``dataset_badges``: a short status beside each resource of the public dataset page.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.html import format_html

from trousse.portal.catalog import permissions, version_gates
from trousse.portal.catalog.models import Dataset, Resource
from trousse.portal.pipeline import queries
from trousse.portal.pipeline.models import PipelineRun
from trousse.portal.pipeline.views import presentation


def newest_succeeded_run(version) -> PipelineRun | None:  # type: ignore[no-untyped-def]
    """Return the newest succeeded run over ``version`` (its report is what the pages show)."""
    return (PipelineRun.objects.filter(version=version, status=PipelineRun.Status.SUCCEEDED)
            .select_related("version").order_by("-created", "-id").first())


def resource_panel(request: HttpRequest, dataset: Dataset, resource: Resource, *, staff: bool) -> str | None:
    """Render the pipeline's panel for a file resource (None for links and resources without a file)."""
    if resource.kind != Resource.Kind.FILE:
        return None
    return staff_panel(request, dataset, resource) if staff else public_panel(request, dataset, resource)


def public_panel(request: HttpRequest, dataset: Dataset, resource: Resource) -> str | None:
    version = resource.current_version
    if version is None:
        return None
    run = queries.latest_run_of_version(version)
    status = presentation.status_of(run, acknowledged=run is not None and queries.is_acknowledged(run))
    can_download = permissions.can_download(request.user, dataset) and version_gates.may_read_derived(
        request.user, version)
    shown = run if run is not None and run.status == PipelineRun.Status.SUCCEEDED else newest_succeeded_run(version)
    tables = presentation.tables_of(shown, resource, show_values=can_download)
    return render_to_string("pipeline/_resource_panel.html", {
        "dataset": dataset, "resource": resource, "version": version, "status": status, "tables": tables,
        "can_download": can_download,
    }, request=request)


def staff_panel(request: HttpRequest, dataset: Dataset, resource: Resource) -> str | None:
    version = resource.versions.order_by("-number").first()  # the newest upload, even when it failed
    if version is None:
        return None
    run = queries.latest_run_of_version(version)
    acknowledgement = queries.acknowledgement(run) if run is not None else None
    status = presentation.status_of(run, acknowledged=acknowledgement is not None)
    entry = (run.report.get("tables") or [{}])[0] if run is not None and run.report else {}
    return render_to_string("pipeline/_staff_panel.html", {
        "dataset": dataset, "resource": resource, "version": version, "run": run, "status": status,
        "acknowledgement": acknowledgement,
        "stage": presentation.stage_label(run.stage) if run is not None else "",
        "stage_labels": json.dumps(presentation.stage_labels()),
        "schema_changes": presentation.change_rows(entry),
        "can_edit": permissions.can_edit_dataset(request.user, dataset),
        "needs_acknowledgement": status.code in ("errors", "failed", "schema-change", "pending")
        and acknowledgement is None and run is not None,
        "current_differs": resource.current_version_id not in (None, version.pk),
    }, request=request)


def dataset_badges(request: HttpRequest, dataset: Dataset, resources: Sequence[Resource]) -> Mapping[int, str]:
    """Return a validation badge per file resource with a current version (one query for the runs)."""
    files = [r for r in resources if r.kind == Resource.Kind.FILE and r.current_version_id is not None]
    runs = queries.latest_runs([r.pk for r in files])
    badges = {}
    for resource in files:
        status = presentation.status_of(runs.get(resource.pk))
        if status.code == "none":
            continue
        mark = "✓" if status.code == "valid" else ""
        badges[resource.pk] = format_html(
            '<span class="badge pipeline-badge pipeline-{}">{}{}</span>', status.code, status.label,
            format_html(' <span aria-hidden="true">{}</span>', mark) if mark else "")
    return badges
