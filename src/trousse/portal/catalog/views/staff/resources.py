"""A dataset's files and links in the workspace: add, edit, upload a new version, remove."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from trousse.portal.catalog import queries, services
from trousse.portal.catalog.forms import ResourceCreateForm, ResourceEditForm, VersionUploadForm
from trousse.portal.catalog.models import Dataset, Resource
from trousse.portal.catalog.views.staff.access import (
    attach,
    editable_dataset,
    editable_resource,
    staff_required,
)
from trousse.portal.core.errors import DomainError, NotFoundError


def _manage_url(dataset: Dataset, resource: Resource | None = None) -> str:
    url = reverse("catalog:dataset_manage", kwargs={"slug": dataset.slug})
    return f"{url}#resource-{resource.pk}" if resource is not None else url


@require_http_methods(["GET", "POST"])
@staff_required
def resource_create(request: HttpRequest, slug: str) -> HttpResponse:
    """Add an uploaded file or a link to a dataset."""
    dataset = editable_dataset(request.user, slug)
    status = 200
    if request.method == "POST":
        form = ResourceCreateForm(request.POST, request.FILES)  # an oversized file raises TooLargeError: 413
        if form.is_valid():
            try:
                resource = services.add_resource(request.user, dataset, form.values(),
                                                 upload=form.cleaned_data.get("file"))
            except DomainError as error:
                attach(form, error)
            else:
                messages.success(request, _("The resource was added."))
                return redirect(_manage_url(dataset, resource))
        status = 400
    else:
        form = ResourceCreateForm()
    return render(request, "catalog/staff/resource_form.html",
                  {"nav": "workspace", "dataset": dataset, "form": form, "resource": None,
                   "max_upload": settings.MAX_UPLOAD_BYTES}, status=status)


def _render_edit(request: HttpRequest, dataset: Dataset, resource: Resource, form: ResourceEditForm, *,
                 status: int = 200, remove_error: DomainError | None = None) -> HttpResponse:
    return render(request, "catalog/staff/resource_form.html", {
        "nav": "workspace", "dataset": dataset, "form": form, "resource": resource,
        # services.delete_resource decides; this only keeps the form off pages where it would be refused.
        "can_remove": dataset.published_at is None,
        "remove_error": remove_error,
    }, status=status)


@require_http_methods(["GET", "POST"])
@staff_required
def resource_edit(request: HttpRequest, slug: str, resource_id: int) -> HttpResponse:
    """Edit a resource's names, descriptions, link, format and language."""
    dataset, resource = editable_resource(request.user, slug, resource_id)
    status = 200
    if request.method == "POST":
        form = ResourceEditForm(request.POST, resource=resource)
        if form.is_valid():
            try:
                services.update_resource(request.user, resource, form.values())
            except DomainError as error:
                attach(form, error)
            else:
                messages.success(request, _("Your changes were saved."))
                return redirect(_manage_url(dataset, resource))
        status = 400
    else:
        form = ResourceEditForm(resource=resource)
    return _render_edit(request, dataset, resource, form, status=status)


@require_POST
@staff_required
def resource_delete(request: HttpRequest, slug: str, resource_id: int) -> HttpResponse:
    """Remove a file or link from a dataset that was never published, once the user ticks the box."""
    dataset, resource = editable_resource(request.user, slug, resource_id)
    # Ask for the confirmation only where removing is possible; elsewhere the service says why it is not.
    if dataset.published_at is None and request.POST.get("confirm") != "yes":
        error = DomainError(_("Tick the box to confirm that this resource should be removed."),
                            code="required", field="confirm")
        return _render_edit(request, dataset, resource, ResourceEditForm(resource=resource), status=400,
                            remove_error=error)
    try:
        services.delete_resource(request.user, resource)
    except DomainError as error:
        if error.status in (403, 404, 413):
            raise
        return _render_edit(request, dataset, resource, ResourceEditForm(resource=resource),
                            status=error.status, remove_error=error)
    messages.success(request, _("The resource was removed."))
    return redirect(_manage_url(dataset))


@require_http_methods(["GET", "POST"])
@staff_required
def resource_upload(request: HttpRequest, slug: str, resource_id: int) -> HttpResponse:
    """Upload a new version of a file resource; the earlier versions stay as they are."""
    dataset, resource = editable_resource(request.user, slug, resource_id)
    if resource.kind != Resource.Kind.FILE:
        raise NotFoundError(_("A link has no file versions."))
    status = 200
    if request.method == "POST":
        form = VersionUploadForm(request.POST, request.FILES)  # an oversized file raises TooLargeError: 413
        if form.is_valid():
            try:
                version = services.upload_version(request.user, resource, form.cleaned_data["file"],
                                                  note=form.cleaned_data["note"])
            except DomainError as error:
                attach(form, error)
            else:
                messages.success(request, _("Version %(number)s was uploaded.") % {"number": version.number})
                return redirect(_manage_url(dataset, resource))
        status = 400
    else:
        form = VersionUploadForm()
    return render(request, "catalog/staff/resource_upload.html", {
        "nav": "workspace", "dataset": dataset, "resource": resource,
        "versions": queries.resource_versions(resource), "form": form,
        "max_upload": settings.MAX_UPLOAD_BYTES,
    }, status=status)
