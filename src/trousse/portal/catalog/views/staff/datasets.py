"""Datasets in the workspace: create, edit, the manage page and the workflow transitions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from trousse.engine.metadata.completeness import field_label
from trousse.engine.metadata.vocabularies import ACCESS_LEVELS, FORMATS, FREQUENCIES, RESOURCE_LANGUAGES
from trousse.portal.catalog import hooks, permissions, queries, services
from trousse.portal.catalog.forms import DatasetForm, TransitionForm
from trousse.portal.catalog.metadata import completeness
from trousse.portal.catalog.models import Dataset
from trousse.portal.catalog.views.staff.access import attach, editable_dataset, staff_dataset, staff_required
from trousse.portal.catalog.views.staff.labels import label_statuses, vocabulary_label
from trousse.portal.core import audit
from trousse.portal.core.errors import DomainError, NotFoundError, PermissionDeniedError
from trousse.portal.core.localized import current_language
from trousse.portal.core.models import User


def _render_dataset_form(request: HttpRequest, form: DatasetForm, dataset: Dataset | None,
                         status: int = 200) -> HttpResponse:
    return render(request, "catalog/staff/dataset_form.html",
                  {"nav": "workspace", "form": form, "dataset": dataset}, status=status)


@require_http_methods(["GET", "POST"])
@staff_required
def dataset_create(request: HttpRequest) -> HttpResponse:
    """Create a draft dataset in one of the organizations where the user may create."""
    user = request.user
    organizations = queries.creatable_organizations(user)
    if not organizations.exists():
        raise PermissionDeniedError(_("Only editors and administrators of an organization can create "
                                      "datasets."))
    if request.method == "POST":
        form = DatasetForm(request.POST, organizations=organizations)
        if form.is_valid():
            try:
                dataset = services.create_dataset(
                    user, form.cleaned_data["organization"], form.cleaned_data["slug"], form.values(),
                    keywords=form.keywords(), themes=form.theme_codes())
            except DomainError as error:
                attach(form, error)
            else:
                messages.success(request, _("The dataset was created as a draft. Add its files or links "
                                            "next."))
                return redirect("catalog:dataset_manage", slug=dataset.slug)
        return _render_dataset_form(request, form, None, status=400)
    initial: dict[str, Any] = {}
    wanted = request.GET.get("organization", "")
    if wanted and organizations.filter(slug=wanted).exists():
        initial["organization"] = wanted
    elif organizations.count() == 1:
        initial["organization"] = organizations.get().slug
    return _render_dataset_form(request, DatasetForm(initial=initial, organizations=organizations), None)


@require_http_methods(["GET", "POST"])
@staff_required
def dataset_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Edit a dataset's metadata in both languages."""
    dataset = editable_dataset(request.user, slug)
    if request.method == "POST":
        form = DatasetForm(request.POST, dataset=dataset)
        if form.is_valid():
            try:
                services.update_dataset(request.user, dataset, form.values(), keywords=form.keywords(),
                                        themes=form.theme_codes())
            except DomainError as error:
                attach(form, error)
            else:
                messages.success(request, _("Your changes were saved."))
                return redirect("catalog:dataset_manage", slug=dataset.slug)
        return _render_dataset_form(request, form, dataset, status=400)
    return _render_dataset_form(request, DatasetForm(dataset=dataset), dataset)


def _completeness(dataset: Dataset, lang: str) -> tuple[int, list[str]]:
    """Return the score and the missing fields in the page language, naming the language of bilingual ones."""
    result = completeness(dataset)
    gaps = [field_label(code, lang) for code in result.missing]
    for in_language in ("en", "fr"):
        gaps += [field_label(code, lang, in_language) for code in result.missing_in(in_language)]
    return result.score, gaps


def _actions(user: User, dataset: Dataset) -> list[str]:
    """Return the workflow actions the user may take on the dataset now, in the order shown."""
    status = dataset.status
    actions = []
    if status == Dataset.Status.DRAFT and permissions.can_edit_dataset(user, dataset):
        actions.append("submit")
    if status == Dataset.Status.IN_REVIEW and permissions.can_review(user, dataset):
        actions += ["approve", "send-back"]
    if status in (Dataset.Status.DRAFT, Dataset.Status.IN_REVIEW) and permissions.can_publish_directly(
            user, dataset):
        actions.append("publish")
    if status == Dataset.Status.PUBLISHED and permissions.can_archive(user, dataset):
        actions.append("archive")
    if status == Dataset.Status.ARCHIVED and permissions.can_archive(user, dataset):
        actions.append("restore")
    if (status == Dataset.Status.DRAFT and dataset.published_at is None
            and permissions.can_edit_dataset(user, dataset)):
        actions.append("delete")
    return actions


def _render_manage(request: HttpRequest, dataset: Dataset, *, status: int = 200, action: str = "",
                   form: TransitionForm | None = None, error: DomainError | None = None) -> HttpResponse:
    user = request.user
    lang = current_language()
    resources = queries.resources_with_versions(dataset)
    for resource in resources:
        resource.format_label = vocabulary_label(FORMATS, resource.format, lang)
        resource.language_label = vocabulary_label(RESOURCE_LANGUAGES, resource.language, lang)
    sent_back = None
    if dataset.status == Dataset.Status.DRAFT and dataset.review_comment:
        sent_back = audit.latest_events("dataset", [dataset.pk], "dataset.send_back").get(dataset.pk)
    submission = None
    if dataset.status == Dataset.Status.IN_REVIEW:
        submission = audit.latest_events("dataset", [dataset.pk], "dataset.submit").get(dataset.pk)
    label_statuses([dataset])
    score, gaps = _completeness(dataset, lang)
    # What other apps' publication checks say stands in the way (pipeline errors…), with where to fix it.
    blockers = hooks.publication_blockers(dataset) if dataset.status in (
        Dataset.Status.DRAFT, Dataset.Status.IN_REVIEW) else []
    return render(request, "catalog/staff/dataset_manage.html", {
        "nav": "workspace",
        "dataset": dataset,
        "resources": resources,
        "score": score,
        "gaps": gaps,
        "frequency_label": vocabulary_label(FREQUENCIES, dataset.frequency, lang),
        "access_label": vocabulary_label(ACCESS_LEVELS, dataset.access_level, lang),
        "actions": _actions(user, dataset),
        "can_edit": permissions.can_edit_dataset(user, dataset),
        "sent_back": sent_back,
        "submission": submission,
        "events": queries.dataset_history(dataset, resources),
        "failed_action": action,
        "action_form": form or TransitionForm(),
        "action_error": error,
        "blockers": blockers,
    }, status=status)


@require_GET
@staff_required
def dataset_manage(request: HttpRequest, slug: str) -> HttpResponse:
    """Show one dataset to its staff: status, completeness, resources, actions and history."""
    return _render_manage(request, staff_dataset(request.user, slug))


def _delete(actor: User, dataset: Dataset, comment: str) -> None:
    services.delete_dataset(actor, dataset)


TRANSITIONS: dict[str, tuple[Callable[..., Any], Any]] = {
    "submit": (services.submit_for_review, gettext_lazy("The dataset was submitted for review.")),
    "approve": (services.approve_dataset, gettext_lazy("The dataset was approved and is now published.")),
    "send-back": (services.send_back, gettext_lazy("The dataset was sent back to its editors with your "
                                                   "comment.")),
    "publish": (services.publish_dataset, gettext_lazy("The dataset is published.")),
    "archive": (services.archive_dataset, gettext_lazy("The dataset was archived. It no longer appears in "
                                                       "the catalogue.")),
    "restore": (services.restore_dataset, gettext_lazy("The dataset was restored as a draft.")),
    "delete": (_delete, gettext_lazy("The draft was deleted.")),
}


@staff_required
def dataset_transition(request: HttpRequest, slug: str, action: str) -> HttpResponse:
    """Move a dataset through the workflow (POST): submit, approve, send back, publish, archive…"""
    if action not in TRANSITIONS:
        raise NotFoundError(_("No such action"))
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    dataset = staff_dataset(request.user, slug)
    form = TransitionForm(request.POST)
    form.is_valid()
    comment = (form.cleaned_data.get("comment") or "").strip()
    if action == "delete" and request.POST.get("confirm") != "yes":
        error = DomainError(_("Tick the box to confirm that this draft should be deleted."), code="required",
                            field="confirm")
        return _render_manage(request, dataset, status=400, action=action, form=form, error=error)
    service, done = TRANSITIONS[action]
    try:
        service(request.user, dataset, comment)
    except DomainError as error:
        if error.status in (403, 404):
            raise
        form.add_domain_error(error)
        return _render_manage(request, dataset, status=error.status, action=action, form=form, error=error)
    messages.success(request, str(done))
    if action == "delete":
        return redirect("catalog:workspace")
    return redirect("catalog:dataset_manage", slug=dataset.slug)
