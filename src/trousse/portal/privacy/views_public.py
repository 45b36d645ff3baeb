"""What the privacy gate adds to catalogue pages (registered in privacy/wiring.py through catalog/hooks.py).

``dataset_panel``: on the public dataset page, the date of the last privacy review and, when the public
files are de-identified copies, one sentence saying so (issue #5 §4) — never a finding, a level or a
reason. ``resource_panel``: on the public resource page, a note that the file is a de-identified copy;
on the workspace's manage page, the screen's state and a link to the dataset's privacy page.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from trousse.portal.catalog import permissions
from trousse.portal.catalog.models import Dataset, Resource
from trousse.portal.privacy import queries


def _deidentified(resource: Resource) -> bool:
    version = resource.current_version
    screen = queries.latest_screen(version) if version is not None else None
    return bool(screen is not None and screen.deidentified)


def dataset_panel(request: HttpRequest, dataset: Dataset) -> str | None:
    """Render the public statement "A privacy review was done on <date>" (None before any review)."""
    reviewed = queries.last_review_date(dataset)
    if reviewed is None:
        return None
    files = dataset.resources.filter(kind=Resource.Kind.FILE).select_related("current_version")
    return render_to_string("privacy/_public_statement.html", {
        "reviewed": reviewed, "deidentified": any(_deidentified(r) for r in files)}, request=request)


def resource_panel(request: HttpRequest, dataset: Dataset, resource: Resource, *, staff: bool) -> str | None:
    """Render the de-identified-copy note (public) or the screen's state and privacy link (workspace)."""
    if resource.kind != Resource.Kind.FILE:
        return None
    if not staff:
        if resource.current_version is None or not _deidentified(resource):
            return None
        return render_to_string("privacy/_public_resource_note.html", {}, request=request)
    if not (permissions.sees_everything(request.user) or permissions.role_in(request.user, dataset.organization_id)):
        return None
    version = resource.versions.order_by("-number").first()
    if version is None:
        return None
    return render_to_string("privacy/_staff_resource_panel.html", {
        "dataset": dataset, "resource": resource, "version": version, "screen": queries.latest_screen(version),
    }, request=request)
