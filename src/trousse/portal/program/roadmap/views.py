"""The public roadmap: a "coming soon" page by month, and its iCalendar feed at /roadmap.ics."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_safe

from trousse.portal.core.localized import current_language
from trousse.portal.program.roadmap import ical, queries


@require_GET
def coming_soon(request: HttpRequest) -> HttpResponse:
    """Show the datasets planned for release, grouped by month, with those behind schedule first."""
    delayed, months = queries.by_month(queries.roadmap_rows())
    lang = current_language()
    return render(request, "program/roadmap/coming_soon.html", {
        "nav": "roadmap", "delayed": delayed, "months": months,
        "ics_url": reverse("roadmap_ics") + ("?lang=fr" if lang == "fr" else ""),
    })


@require_safe  # GET and HEAD: calendar clients and link checkers ask HEAD first
def roadmap_ics(request: HttpRequest) -> HttpResponse:
    """Serve the roadmap as iCalendar: English by default, ``?lang=fr`` for French."""
    lang = "fr" if request.GET.get("lang") == "fr" else "en"
    with translation.override(lang):
        rows = queries.roadmap_rows()
        page = request.build_absolute_uri(reverse("program:roadmap"))
        name = _("%(site)s: open data roadmap") % {"site": _site_name(lang)}
        body = ical.calendar(rows, lang, name=name, url_of=lambda row: f"{page}#item-{row.item.uid}")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="roadmap.ics"'
    return response


def _site_name(lang: str) -> str:
    other = "en" if lang == "fr" else "fr"
    return settings.SITE[f"municipality_{lang}"] or settings.SITE[f"municipality_{other}"] or "Trousse"
