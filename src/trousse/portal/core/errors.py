"""Domain errors with a code and a translated message, and the error pages they map to."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A refused operation: ``code`` for machines, ``message`` (translated lazily) for people."""

    status = 400
    code = "invalid"

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field
        if code:
            self.code = code


class NotFoundError(DomainError):
    status = 404
    code = "not_found"


class PermissionDeniedError(DomainError):
    status = 403
    code = "forbidden"


class ConflictError(DomainError):
    status = 409
    code = "conflict"


class InvalidStateError(ConflictError):
    code = "invalid_state"


class TooLargeError(DomainError):
    status = 413
    code = "too_large"


_TITLES = {
    400: _("The request could not be understood"),
    403: _("You do not have access to this page"),
    404: _("Page not found"),
    409: _("This action conflicts with the current state"),
    413: _("The upload is too large"),
    500: _("Something went wrong on our side"),
}


def error_page(request: HttpRequest, status: int, message: str = "") -> HttpResponse:
    """Render the error page for ``status`` in the page language."""
    return render(request, "core/error.html",
                  {"status": status, "title": _TITLES.get(status, _TITLES[400]), "message": message},
                  status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, 403, str(exception) if isinstance(exception, DomainError) else "")


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    return error_page(request, 500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Explain an expired or tampered form instead of Django's English-only page."""
    return error_page(request, 403, str(_("The form expired or was altered. Go back, reload the page and try "
                                         "again; what you typed may need to be entered again.")))


class DomainErrorMiddleware:
    """Turn a DomainError that escapes a view into its error page and status."""

    def __init__(self, get_response):  # type: ignore[no-untyped-def]
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DomainError):
            return error_page(request, exception.status, str(exception.message))
        return None
