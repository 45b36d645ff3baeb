"""The public standards directory, and the program leads' form to tag datasets with a standard."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from trousse.portal.catalog.models import Dataset
from trousse.portal.catalog.queries import staff_datasets
from trousse.portal.core.errors import DomainError, NotFoundError
from trousse.portal.core.localized import current_language
from trousse.portal.program import permissions
from trousse.portal.program.guide.access import program_staff_required
from trousse.portal.program.models_indicators import DatasetStandard
from trousse.portal.program.standards import queries, services
from trousse.portal.program.standards.directory import standards


def _choices(lang: str) -> list[tuple[str, str]]:
    out = []
    for standard in standards():
        out.append((standard.code, standard.name))
        out += [(f"{standard.code}:{t.code}", f"{standard.name}: {t.title.get(lang)}") for t in standard.tables]
    return out


@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    """List the standards, what each covers, the datasets that follow it and whether they conform."""
    lang = current_language()
    is_lead = permissions.is_program_lead(request.user)
    return render(request, "program/standards/directory.html", {
        "nav": "standards", "entries": queries.directory(request.user), "lang": lang, "is_lead": is_lead,
        "choices": _choices(lang) if is_lead else [],
        "datasets": staff_datasets(request.user).order_by("slug").only("slug", "title_en", "title_fr") if is_lead else [],
    })


@require_POST
@program_staff_required
def tag(request: HttpRequest) -> HttpResponse:
    """Tag a dataset with a standard (and the standard's table to check it against)."""
    slug = (request.POST.get("dataset") or "").strip()
    code, _sep, table = (request.POST.get("standard") or "").strip().partition(":")
    dataset = staff_datasets(request.user).filter(slug=slug).first()
    try:
        if dataset is None:
            raise NotFoundError(_("There is no such dataset in your workspace."))
        services.tag_dataset(request.user, dataset, code, table)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The dataset is now listed under the standard."))
    return redirect("program:standards")


@require_POST
@program_staff_required
def untag(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove a dataset's standard tag."""
    found = DatasetStandard.objects.filter(pk=pk, dataset__in=staff_datasets(request.user)).select_related("dataset").first()
    try:
        if found is None:
            raise NotFoundError(_("There is no such tag."))
        services.untag_dataset(request.user, found)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The dataset is no longer listed under the standard."))
    return redirect("program:standards")


def dataset_title(dataset: Dataset, lang: str) -> str:
    """Return the dataset's title in ``lang`` (the other language's when blank)."""
    other = "en" if lang == "fr" else "fr"
    return getattr(dataset, f"title_{lang}") or getattr(dataset, f"title_{other}") or dataset.slug
