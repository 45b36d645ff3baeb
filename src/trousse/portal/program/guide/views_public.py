"""The guide's public pages: the list of chapters and each chapter, ending with its checklist."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from trousse.portal.core.localized import current_language
from trousse.portal.program import permissions
from trousse.portal.program.guide import content, progress


@require_GET
def guide(request: HttpRequest) -> HttpResponse:
    """List the guide's chapters and the launch path's stages."""
    return render(request, "program/guide/index.html", {
        "nav": "guide",
        "chapters": content.chapters(),
        "stages": content.stages(),
        "is_staff": permissions.can_view_program(request.user),
    })


@require_GET
def chapter(request: HttpRequest, slug: str) -> HttpResponse:
    """Show a chapter; the program's staff also see where its checklist stands and can tick it."""
    section = content.find("chapter", slug)
    if section is None:
        raise Http404
    lang = current_language()
    chapters = content.chapters()
    staff = permissions.can_view_program(request.user)
    return render(request, "program/guide/chapter.html", {
        "nav": "guide",
        "section": section,
        "body": section.body_html(lang, staff=staff),
        "previous": chapters[section.number - 2] if section.number > 1 else None,
        "next": chapters[section.number] if section.number < len(chapters) else None,
        "count": len(chapters),
        "is_staff": staff,
        "is_lead": permissions.is_program_lead(request.user),
        "progress": progress.section_progress(section, progress.current_scope()) if staff else None,
        "meta_description": section.summary.get(lang),
    })
