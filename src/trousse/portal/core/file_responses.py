"""Answer a request for a stored file: streamed locally, redirected to a signed URL on object storage.

Stored files never change under their address (a new upload is a new version), so a public file may
be cached for a year by browsers and CDNs; anything else must not be kept by a shared cache.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.files.storage import Storage
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseNotModified, HttpResponseRedirect

PUBLIC_CACHE = "public, max-age=31536000, immutable"
PRIVATE_CACHE = "private, no-store"


def is_local(storage: Storage, name: str) -> bool:
    """Return whether ``storage`` keeps ``name`` on this machine's disk (object storage has no path)."""
    try:
        storage.path(name)
    except NotImplementedError:
        return False
    return True


def stored_file_response(request: HttpRequest, storage: Storage, name: str, *, etag: str, public: bool,
                         filename: str, content_type: str, size: int,
                         on_download: Callable[[], None] | None = None) -> HttpResponse:
    """Return the response for one immutable stored file (304, signed-URL redirect, or the bytes)."""
    quoted = f'"{etag}"'
    if request.headers.get("If-None-Match") == quoted:
        response: HttpResponse = HttpResponseNotModified()
    else:
        if not is_local(storage, name):
            # The bytes come from the bucket, never through a web process.
            response = HttpResponseRedirect(storage.url(name))
        else:
            response = FileResponse(storage.open(name, "rb"), as_attachment=True, filename=filename,
                                    content_type=content_type)
            response["Content-Length"] = str(size)
        if on_download is not None and request.method == "GET":  # a HEAD from a link checker is not a download
            on_download()
    response["ETag"] = quoted
    response["Cache-Control"] = PUBLIC_CACHE if public else PRIVATE_CACHE
    return response
