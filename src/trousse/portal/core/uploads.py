"""Upload size limits: refuse oversized bodies before reading them, and stop streams that grow past it.

The refusal is the site's HTML error page (413), unless the view that would have answered says how it
answers in its own shape: an API decorated with ``answers_too_large(answer)`` gets ``answer(request)``
(the Action API answers with CKAN's JSON error envelope, in the caller's language).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest, HttpResponse
from django.template.defaultfilters import filesizeformat
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from trousse.portal.core.errors import TooLargeError, error_page

# Multipart framing and form fields around the file.
_ENVELOPE_BYTES = 1024 * 1024


def too_large_message() -> str:
    return _("Files larger than %(limit)s cannot be uploaded here. Ask the site administrator about "
             "larger files.") % {"limit": filesizeformat(settings.MAX_UPLOAD_BYTES)}


TooLargeAnswer = Callable[[HttpRequest], HttpResponse]


def answers_too_large(answer: TooLargeAnswer) -> Callable[[Any], Any]:
    """Mark a view as answering an oversized request itself, with ``answer(request)`` (status 413)."""

    def mark(view: Any) -> Any:
        view.too_large_answer = answer
        return view

    return mark


def _view_answer(request: HttpRequest, view: Any = None) -> TooLargeAnswer | None:
    if view is None:
        try:
            view = resolve(request.path_info, getattr(request, "urlconf", None)).func
        except Resolver404:
            return None
    return getattr(view, "too_large_answer", None)


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
            answer = _view_answer(request)
            return answer(request) if answer is not None else error_page(request, 413, too_large_message())
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Any, *args: object) -> HttpResponse | None:
        """Parse an upload before CsrfViewMiddleware does: TooLargeError raised in its check would be a 500."""
        if request.method == "POST" and request.content_type == "multipart/form-data":
            answer = _view_answer(request, view)
            try:
                request.POST  # noqa: B018 — reading it runs LimitedUploadHandler
            except TooLargeError as error:
                return answer(request) if answer is not None else error_page(request, 413, str(error.message))
            except RequestDataTooBig:  # form fields past DATA_UPLOAD_MAX_MEMORY_SIZE: Django's 400 otherwise
                if answer is None:
                    raise
                return answer(request)
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
