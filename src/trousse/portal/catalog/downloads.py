"""File downloads: permission-checked, immutable per version, cacheable when public."""

from __future__ import annotations

from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.views.decorators.http import require_safe

from trousse.portal.catalog import permissions, version_gates
from trousse.portal.catalog.models import Organization, Resource, ResourceVersion
from trousse.portal.catalog.services import record_download
from trousse.portal.core.errors import NotFoundError
from trousse.portal.core.file_responses import is_local, stored_file_response


def _downloadable_resource(request: HttpRequest, resource_id: int) -> Resource:
    resource = Resource.objects.select_related("dataset").filter(pk=resource_id).first()
    if resource is None or not permissions.can_download(request.user, resource.dataset):
        # The same answer whether it does not exist or is not yours: no existence leak.
        raise NotFoundError("No such file")
    return resource


@require_safe
def latest_download(request: HttpRequest, resource_id: int) -> HttpResponse:
    """Redirect to the current version's immutable address, or to the link of a link resource."""
    resource = _downloadable_resource(request, resource_id)
    if resource.kind == Resource.Kind.LINK:
        return HttpResponseRedirect(resource.url)
    version = resource.current_version
    if version is None:
        raise NotFoundError("No file yet")
    if not version_gates.may_read_original(request.user, version):
        # The original is private (de-identified resource): send people to the public copy, if any.
        substitute = version_gates.original_substitute(resource, version)
        if substitute is None:
            raise NotFoundError("No such file")
        response = HttpResponseRedirect(substitute)
        response["Cache-Control"] = "no-cache"
        return response
    response = redirect("version_download", resource_id=resource.pk, number=version.number,
                        filename=version.filename)
    response["Cache-Control"] = "no-cache"
    return response


@require_safe
def version_download(request: HttpRequest, resource_id: int, number: int, filename: str) -> HttpResponse:
    """Send one version's file, with its SHA-256 as ETag."""
    resource = _downloadable_resource(request, resource_id)
    version = ResourceVersion.objects.filter(resource=resource, number=number, filename=filename).first()
    if version is None or not version_gates.may_read_original(request.user, version):
        raise NotFoundError("No such version")
    public = (resource.dataset.is_public and resource.dataset.access_level == "public"
              and version_gates.anyone_may_read(version, "original"))
    return stored_file_response(request, version.file.storage, version.file.name, etag=version.sha256,
                                public=public, filename=version.filename,
                                content_type=version.media_type or "application/octet-stream", size=version.size,
                                on_download=lambda: record_download(resource.dataset))


@require_safe
def organization_logo(request: HttpRequest, slug: str) -> HttpResponse:
    """Send an organization's logo (public, like the organization page)."""
    organization = Organization.objects.filter(slug=slug).exclude(logo="").first()
    if organization is None:
        raise NotFoundError("No logo")
    if not is_local(organization.logo.storage, organization.logo.name):
        return HttpResponseRedirect(organization.logo.storage.url(organization.logo.name))
    response = FileResponse(organization.logo.open("rb"))
    response["Cache-Control"] = "public, max-age=3600"
    return response
