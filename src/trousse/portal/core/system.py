"""System pages under /-/ (as Datasette does): health for load balancers, versions for support."""

from __future__ import annotations

import platform

import django
import duckdb
import pyarrow
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_safe

import trousse


@require_safe
def health(request: HttpRequest) -> JsonResponse:
    """Answer 200 when the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return JsonResponse({"status": "ok", "database": connection.vendor})
    except Exception as exc:
        return JsonResponse({"status": "error", "error": type(exc).__name__}, status=503)


@require_safe
def versions(request: HttpRequest) -> JsonResponse:
    """Report the versions of Trousse and the components a support request needs."""
    return JsonResponse({
        "trousse": trousse.__version__,
        "python": platform.python_version(),
        "django": django.get_version(),
        "duckdb": duckdb.__version__,
        "pyarrow": pyarrow.__version__,
        "database": connection.vendor,
    })
