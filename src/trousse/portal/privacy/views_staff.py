"""The privacy gate's staff pages: a dataset's risk and findings, its settings, its questionnaire, the decision.

Access follows the workspace (catalog/views/staff/access.py): the dataset page is for the staff of the
dataset's organization, reviewers and site administrators; the forms that change something are for
those who may edit the dataset; the decision and the queue for reviewers (catalog permissions.can_review).
Every change goes through privacy/services.py, which checks permission again and writes the audit log.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trousse.portal.catalog import permissions
from trousse.portal.catalog import queries as catalog_queries
from trousse.portal.catalog.models import Dataset, Resource
from trousse.portal.catalog.views.staff.access import attach, editable_resource, staff_dataset, staff_required
from trousse.portal.core.errors import DomainError, NotFoundError, PermissionDeniedError
from trousse.portal.privacy import queries, services
from trousse.portal.privacy.forms import DecisionForm, QuestionnaireForm, RecipeForm, RiskSettingsForm
from trousse.portal.privacy.models import Questionnaire, ResourcePrivacy
from trousse.portal.privacy.presentation import column_names, editable_tables, text_of
from trousse.portal.privacy.questionnaire import QUESTIONS, TOPICS
from trousse.portal.privacy.views_context import dataset_context, queue_rows


def _page_url(dataset: Dataset, resource: Resource | None = None) -> str:
    url = reverse("privacy:dataset", kwargs={"slug": dataset.slug})
    return url + (f"#resource-{resource.pk}" if resource is not None else "")


def _render_dataset(request: HttpRequest, dataset: Dataset, *, decision_form: DecisionForm | None = None,
                    status: int = 200) -> HttpResponse:
    context = dataset_context(request.user, dataset)
    if context["can_review"]:
        context["decision_form"] = decision_form or DecisionForm()
    return render(request, "privacy/dataset.html", {"nav": "workspace", **context}, status=status)


@require_GET
@staff_required
def dataset_page(request: HttpRequest, slug: str) -> HttpResponse:
    """Show a dataset's risk level and reasons, each file's findings and risk, held versions and reviews."""
    return _render_dataset(request, staff_dataset(request.user, slug))


@require_POST
@staff_required
def decide(request: HttpRequest, slug: str) -> HttpResponse:
    """Record a reviewer's approval or sending back, with its justification."""
    dataset = staff_dataset(request.user, slug)
    if not permissions.can_review(request.user, dataset):
        raise PermissionDeniedError(_("Only reviewers decide on a dataset's privacy risk."))
    form = DecisionForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            review = services.decide(request.user, dataset, form.cleaned_data["decision"],
                                     form.cleaned_data["justification"])
        except DomainError as error:
            attach(form, error)
            status = error.status
        else:
            if review.decision == "approved":
                messages.success(request, _("Your approval was recorded. Versions it covers are released."))
            else:
                messages.success(request, _("The dataset was sent back to its stewards with your justification."))
            return redirect(_page_url(dataset))
    return _render_dataset(request, dataset, decision_form=form, status=status)


@require_http_methods(["GET", "POST"])
@staff_required
def questionnaire(request: HttpRequest, slug: str) -> HttpResponse:
    """Answer the dataset's risk questionnaire (stewards who may edit the dataset)."""
    dataset = staff_dataset(request.user, slug)
    if not permissions.can_edit_dataset(request.user, dataset):
        raise PermissionDeniedError(_("Your role lets you read this dataset but not change it."))
    stored = Questionnaire.objects.filter(dataset=dataset).first()
    status = 200
    if request.method == "POST":
        form = QuestionnaireForm(request.POST, questions=QUESTIONS)
        if form.is_valid():
            try:
                services.save_questionnaire(request.user, dataset, form.answers())
            except DomainError as error:
                attach(form, error)
            else:
                messages.success(request, _("The questionnaire was saved."))
                return redirect(_page_url(dataset) + "#questionnaire-heading")
        status = 400
    else:
        form = QuestionnaireForm(questions=QUESTIONS, answers=stored.answers if stored is not None else None)
    return render(request, "privacy/questionnaire.html", {
        "nav": "workspace", "dataset": dataset, "form": form, "back": _page_url(dataset),
        "topics": _topics(form)}, status=status)


def _topics(form: QuestionnaireForm) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for question, answer, note in form.groups():
        if not out or out[-1]["code"] != question.topic:
            out.append({"code": question.topic, "label": text_of(TOPICS.get(question.topic, question.topic)),
                        "questions": []})
        out[-1]["questions"].append({"question": question, "answer": answer, "note": note})
    return out


def _file_resource(request: HttpRequest, resource_id: int) -> tuple[Dataset, Resource]:
    found = Resource.objects.select_related("dataset").filter(pk=resource_id).first()
    if found is None:
        raise NotFoundError(_("No such resource"))
    dataset, resource = editable_resource(request.user, found.dataset.slug, resource_id)
    if resource.kind != Resource.Kind.FILE:
        raise NotFoundError(_("A link has no file to screen."))
    return dataset, resource


def _screened(resource: Resource) -> tuple[Any, list[Any]]:
    """Return the newest version's newest screen and the tables a steward sets up (originals first)."""
    version = resource.versions.order_by("-number").first()
    screen = queries.latest_screen(version) if version is not None else None
    return screen, editable_tables(screen)


def _settings_of(resource: Resource) -> ResourcePrivacy | None:
    return ResourcePrivacy.objects.filter(resource=resource).first()


@require_http_methods(["GET", "POST"])
@staff_required
def recipe(request: HttpRequest, resource_id: int) -> HttpResponse:
    """Edit the resource's de-identification recipe: a transform per column and small-group suppression."""
    dataset, resource = _file_resource(request, resource_id)
    screen, tables = _screened(resource)
    settings = _settings_of(resource)
    specs = [(t.name, column_names(t),
              (settings.quasi_identifiers.get(t.name) if settings is not None and t.name in settings.quasi_identifiers
               else (t.risk.quasi_identifiers if t.risk else []))) for t in tables]
    recipes = settings.recipes if settings is not None else {}
    notes = {t.name: _findings_by_column(t) for t in tables}
    counts = {t.name: [c["column"] for c in t.risk.small_cells] for t in tables if t.risk}
    status = 200
    if request.method == "POST":
        form = RecipeForm(request.POST, tables=specs, recipes=recipes, annotations=notes, counts=counts)
        if form.is_valid():
            try:
                services.save_recipe(request.user, resource, form.recipes())
            except DomainError as error:
                attach(form, error)
            else:
                messages.success(request, _("The recipe was saved. The file is being screened again with it."))
                return redirect(_page_url(dataset, resource))
        status = 400
    else:
        form = RecipeForm(tables=specs, recipes=recipes, annotations=notes, counts=counts)
    return render(request, "privacy/recipe.html", {
        "nav": "workspace", "dataset": dataset, "resource": resource, "form": form, "screen": screen,
        "back": _page_url(dataset, resource)}, status=status)


def _findings_by_column(table: Any) -> dict[str, list[tuple[str, str, str]]]:
    out: dict[str, list[tuple[str, str, str]]] = {}
    for finding in table.findings:
        out.setdefault(finding.column, []).append((finding.label, finding.detector, finding.basis))
    for column in table.personal_columns:
        out.setdefault(column, [])
    return out


@require_http_methods(["GET", "POST"])
@staff_required
def risk_settings(request: HttpRequest, resource_id: int, table: int) -> HttpResponse:
    """Choose a table's quasi-identifiers (or keep the suggested ones) and its sensitive columns."""
    dataset, resource = _file_resource(request, resource_id)
    _screen, tables = _screened(resource)
    if not 1 <= table <= len(tables):
        raise NotFoundError(_("This file has no such table, or it was not screened yet."))
    view = tables[table - 1]
    columns = column_names(view)
    settings = _settings_of(resource)
    chosen = settings.quasi_identifiers.get(view.name) if settings is not None else None
    status = 200
    if request.method == "POST":
        form = RiskSettingsForm(request.POST, columns=columns)
        if form.is_valid():
            quasi, sensitive = form.settings()
            try:
                services.save_risk_settings(request.user, resource, view.name, quasi, sensitive)
            except DomainError as error:
                attach(form, error)
            else:
                messages.success(request, _("The risk settings were saved. The file is being screened again."))
                return redirect(_page_url(dataset, resource))
        status = 400
    else:
        suggested = [c for c in (view.risk.quasi_identifiers if view.risk else []) if c in columns]
        form = RiskSettingsForm(columns=columns, initial={
            "mode": "chosen" if chosen is not None else "suggested",
            "quasi": chosen if chosen is not None else suggested,
            "sensitive": (settings.sensitive.get(view.name) if settings is not None else None) or [],
        })
    return render(request, "privacy/risk_settings.html", {
        "nav": "workspace", "dataset": dataset, "resource": resource, "table": view, "form": form,
        "back": _page_url(dataset, resource)}, status=status)


@require_GET
@staff_required
def review_queue(request: HttpRequest) -> HttpResponse:
    """List the datasets a reviewer may decide on whose privacy gate is closed or that hold back versions."""
    if not catalog_queries.has_review_queue(request.user):
        raise PermissionDeniedError(_("Only reviewers and site administrators see the privacy review queue."))
    return render(request, "privacy/queue.html", {"nav": "workspace",
                                                  "rows": queue_rows(queries.review_queue(request.user))})
