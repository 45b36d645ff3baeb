"""File downloads: permission-checked, immutable per version, cacheable when public."""

from __future__ import annotations

from django.core.files.storage import Storage
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseNotModified, HttpResponseRedirect
from django.shortcuts import redirect
from django.views.decorators.http import require_GET

from trousse.portal.catalog import permissions
from trousse.portal.catalog.models import Organization, Resource, ResourceVersion
from trousse.portal.catalog.services import record_download
from trousse.portal.core.errors import NotFoundError

# A version never changes, so a public one may be cached for a year by browsers and CDNs.
_PUBLIC_CACHE = "public, max-age=31536000, immutable"
_PRIVATE_CACHE = "private, no-store"


def _downloadable_resource(request: HttpRequest, resource_id: int) -> Resource:
    resource = Resource.objects.select_related("dataset").filter(pk=resource_id).first()
    if resource is None or not permissions.can_download(request.user, resource.dataset):
        # The same answer whether it does not exist or is not yours: no existence leak.
        raise NotFoundError("No such file")
    return resource


@require_GET
def latest_download(request: HttpRequest, resource_id: int) -> HttpResponse:
    """Redirect to the current version's immutable address, or to the link of a link resource."""
    resource = _downloadable_resource(request, resource_id)
    if resource.kind == Resource.Kind.LINK:
        return HttpResponseRedirect(resource.url)
    version = resource.current_version
    if version is None:
        raise NotFoundError("No file yet")
    response = redirect("version_download", resource_id=resource.pk, number=version.number,
                        filename=version.filename)
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def version_download(request: HttpRequest, resource_id: int, number: int, filename: str) -> HttpResponse:
    """Send one version's file, with its SHA-256 as ETag."""
    resource = _downloadable_resource(request, resource_id)
    version = ResourceVersion.objects.filter(resource=resource, number=number, filename=filename).first()
    if version is None:
        raise NotFoundError("No such version")
    public = resource.dataset.is_public and resource.dataset.access_level == "public"
    etag = f'"{version.sha256}"'
    if request.headers.get("If-None-Match") == etag:
        response: HttpResponse = HttpResponseNotModified()
    elif not _is_local(version.file.storage, version.file.name):
        response = HttpResponseRedirect(version.file.storage.url(version.file.name))
        record_download(resource.dataset)
    else:
        response = FileResponse(version.file.open("rb"), as_attachment=True, filename=version.filename,
                                content_type=version.media_type or "application/octet-stream")
        response["Content-Length"] = str(version.size)
        record_download(resource.dataset)
    response["ETag"] = etag
    response["Cache-Control"] = _PUBLIC_CACHE if public else _PRIVATE_CACHE
    return response


def _is_local(storage: Storage, name: str) -> bool:
    # Object storage has no local path: it hands out short-lived signed URLs instead, so the bytes
    # never pass through a web process.
    try:
        storage.path(name)
    except NotImplementedError:
        return False
    return True


@require_GET
def organization_logo(request: HttpRequest, slug: str) -> HttpResponse:
    """Send an organization's logo (public, like the organization page)."""
    organization = Organization.objects.filter(slug=slug).exclude(logo="").first()
    if organization is None:
        raise NotFoundError("No logo")
    if not _is_local(organization.logo.storage, organization.logo.name):
        return HttpResponseRedirect(organization.logo.storage.url(organization.logo.name))
    response = FileResponse(organization.logo.open("rb"))
    response["Cache-Control"] = "public, max-age=3600"
    return response
