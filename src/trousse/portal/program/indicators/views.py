"""The public scorecard, the staff dashboard, the annual report (HTML and Word) and the snapshot button."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from trousse.portal.core.context import site
from trousse.portal.core.errors import PermissionDeniedError, error_page
from trousse.portal.core.localized import current_language
from trousse.portal.program import permissions
from trousse.portal.program.guide.access import program_staff_required
from trousse.portal.program.indicators import report, scorecard, services
from trousse.portal.program.indicators.queries import first_snapshot_day
from trousse.portal.program.models_indicators import IndicatorSnapshot

FIRST_YEAR = 2000


class _BadPeriod(ValueError):
    pass


def _period(request: HttpRequest) -> tuple[int | None, tuple[date, date]]:
    raw = (request.GET.get("year") or "").strip()
    if not raw:
        return None, scorecard.default_period()
    if not raw.isdigit() or not FIRST_YEAR <= int(raw) <= timezone.localdate().year:
        raise _BadPeriod(raw)
    return int(raw), scorecard.year_period(int(raw))


def _bad_period(request: HttpRequest) -> HttpResponse:
    return error_page(request, 400, _("The year must be a number between %(first)s and %(last)s.") % {
        "first": FIRST_YEAR, "last": timezone.localdate().year})


def _years() -> list[int]:
    first = first_snapshot_day()
    this_year = timezone.localdate().year
    return list(range(this_year, (first.year if first else this_year) - 1, -1))


@require_GET
def public_scorecard(request: HttpRequest) -> HttpResponse:
    """Show the program's scorecard in public: the Charter principles and the indicators over the last year."""
    services.ensure_today_snapshot()
    start, end = scorecard.default_period()
    return render(request, "program/indicators/scorecard.html", {
        "nav": "scorecard", "scorecard": scorecard.build_scorecard(start, end)})


@require_GET
@program_staff_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Show the staff dashboard: the scorecard for a chosen year, the exports and the snapshot button."""
    services.ensure_today_snapshot()
    try:
        year, (start, end) = _period(request)
    except _BadPeriod:
        return _bad_period(request)
    taken = (IndicatorSnapshot.objects.filter(day=timezone.localdate()).order_by("-taken")
             .values_list("taken", flat=True).first())
    return render(request, "program/indicators/dashboard.html", {
        "nav": "workspace", "scorecard": scorecard.build_scorecard(start, end), "year": year, "years": _years(),
        "is_lead": permissions.is_program_lead(request.user), "taken": taken})


@require_POST
@program_staff_required
def take_snapshot(request: HttpRequest) -> HttpResponse:
    """Recompute today's values now (program leads)."""
    if not permissions.is_program_lead(request.user):
        raise PermissionDeniedError(_("Only the program's leads can recompute the indicators."))
    services.take_snapshot()
    messages.success(request, _("Today’s indicator values were recomputed."))
    return redirect("program:dashboard")


def _report_parts(request: HttpRequest) -> tuple[scorecard.Scorecard, str, str] | HttpResponse:
    try:
        _, (start, end) = _period(request)
    except _BadPeriod:
        return _bad_period(request)
    services.ensure_today_snapshot()
    card = scorecard.build_scorecard(start, end)
    title = report.report_title(site(request)["site_name"], card)
    return card, title, request.build_absolute_uri(reverse("program:scorecard"))


@require_GET
def report_html(request: HttpRequest) -> HttpResponse:
    """Download the annual report as a standalone HTML page (``?year=`` for a calendar year)."""
    parts = _report_parts(request)
    if isinstance(parts, HttpResponse):
        return parts
    card, title, url = parts
    lang = current_language()
    body = report.report_html(card, lang=lang, title=title, generated=timezone.now(), scorecard_url=url)
    response = HttpResponse(body, content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="open-data-report-{card.end.year}-{lang}.html"'
    return response


@require_GET
def report_docx(request: HttpRequest) -> HttpResponse:
    """Download the annual report as a Word document (charts as images, with their tables)."""
    parts = _report_parts(request)
    if isinstance(parts, HttpResponse):
        return parts
    card, title, url = parts
    lang = current_language()
    body = report.report_docx(card, lang=lang, title=title, generated=timezone.now(), scorecard_url=url)
    response = HttpResponse(body, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    response["Content-Disposition"] = f'attachment; filename="open-data-report-{card.end.year}-{lang}.docx"'
    return response
