"""Upload size limits: refuse oversized bodies before reading them, and stop streams that grow past it."""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest, HttpResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from trousse.portal.core.errors import TooLargeError, error_page

# Multipart framing and form fields around the file.
_ENVELOPE_BYTES = 1024 * 1024


def too_large_message() -> str:
    return _("Files larger than %(limit)s cannot be uploaded here. Ask the site administrator about "
             "larger files.") % {"limit": filesizeformat(settings.MAX_UPLOAD_BYTES)}


class UploadLimitMiddleware:
    """Answer 413 at once when the declared body size is over the limit."""

    def __init__(self, get_response):  # type: ignore[no-untyped-def]
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return error_page(request, 400)
        if length > settings.MAX_UPLOAD_BYTES + _ENVELOPE_BYTES:
            return error_page(request, 413, too_large_message())
        return self.get_response(request)

    def process_view(self, request: HttpRequest, *args: object) -> HttpResponse | None:
        """Parse an upload before CsrfViewMiddleware does: TooLargeError raised in its check would be a 500."""
        if request.method == "POST" and request.content_type == "multipart/form-data":
            try:
                request.POST  # noqa: B018 — reading it runs LimitedUploadHandler
            except TooLargeError as error:
                return error_page(request, 413, str(error.message))
        return None


class LimitedUploadHandler(FileUploadHandler):
    """Stop a file whose streamed size passes the limit (covers chunked bodies with no length)."""

    def new_file(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().new_file(*args, **kwargs)
        self._received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self._received = start + len(raw_data)
        if self._received > settings.MAX_UPLOAD_BYTES:
            raise TooLargeError(too_large_message())
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None
