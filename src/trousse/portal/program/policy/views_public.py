"""The public face of the policy kit: the licence in force, so re-users can read what the catalogue's licence says."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from trousse.portal.core.localized import current_language
from trousse.portal.program.policy import exports, queries


@require_GET
def licence_page(request: HttpRequest) -> HttpResponse:
    """Show the licence adoption and the terms of use of the policy version in force, in the page language."""
    version = queries.adopted_version()
    if version is None:
        raise Http404
    lang = current_language()
    return render(request, "program/policy/public_licence.html", {
        "version": version,
        "licence": exports.body_html(version.documents["licence"][lang]),
        "terms": exports.body_html(version.documents["terms"][lang], shift=1),
    })
