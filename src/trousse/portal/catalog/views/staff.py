"""Staff workspace: where staff describe, upload, review and publish datasets and run their organizations.

Views stay thin: they read through ``queries``, write through ``services`` (which check permission,
validate, record the audit log and run in a transaction), and turn a service's DomainError into an
error on the form field it names (status 400). Refusals and missing objects (403, 404) and oversized
uploads (413) propagate to DomainErrorMiddleware, which renders the error page in the page language.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from trousse.engine.metadata.completeness import field_label
from trousse.engine.metadata.vocabularies import (
    ACCESS_LEVELS,
    FORMATS,
    FREQUENCIES,
    RESOURCE_LANGUAGES,
    STATUSES,
)
from trousse.portal.catalog import permissions, queries, services
from trousse.portal.catalog.forms import (
    DatasetForm,
    MemberAddForm,
    MemberRoleForm,
    OrganizationForm,
    ResourceCreateForm,
    ResourceEditForm,
    StaffForm,
    TransitionForm,
    VersionUploadForm,
)
from trousse.portal.catalog.metadata import completeness
from trousse.portal.catalog.models import Dataset, Membership, Organization, Resource, ResourceVersion
from trousse.portal.core import audit
from trousse.portal.core.errors import DomainError, NotFoundError, PermissionDeniedError
from trousse.portal.core.localized import current_language
from trousse.portal.core.models import AuditEvent, User

STAFF_PAGE_SIZE = 50



def staff_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Send visitors to the login page; refuse (403) accounts that hold no role anywhere."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not permissions.is_staff_member(request.user):
            raise PermissionDeniedError(_("Your account has no role in any organization yet. Ask an "
                                          "organization's administrator to add you."))
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def _staff_dataset(user: User, slug: str) -> Dataset:
    """Return the dataset if the user works on it: staff of its organization, reviewers, site admins."""
    dataset = queries.get_dataset(user, slug)  # 404 when the user may not even see it
    if not (permissions.sees_everything(user) or permissions.role_in(user, dataset.organization_id)):
        raise PermissionDeniedError(_("Only the staff of this dataset's organization can manage it."))
    return dataset


def _editable_dataset(user: User, slug: str) -> Dataset:
    dataset = _staff_dataset(user, slug)
    if not permissions.can_edit_dataset(user, dataset):
        if dataset.status == Dataset.Status.ARCHIVED:
            raise PermissionDeniedError(_("An archived dataset is read-only. Restore it to change it."))
        raise PermissionDeniedError(_("Your role lets you read this dataset but not change it."))
    return dataset


def _resource(dataset: Dataset, resource_id: int) -> Resource:
    resource = Resource.objects.filter(pk=resource_id, dataset=dataset).select_related("dataset").first()
    if resource is None:
        raise NotFoundError(_("No such resource"))
    return resource


def _attach(form: StaffForm, error: DomainError) -> None:
    """Put a service's validation error on the form; let refusals and missing objects reach their page."""
    if error.status in (403, 404, 413):
        raise error
    form.add_domain_error(error)


# Reads the workspace needs and catalog.queries does not offer (yet); they stay filtered by role.


def _staff_organizations(user: User) -> QuerySet[Organization]:
    organizations = Organization.objects.all()
    if not permissions.sees_everything(user):
        organizations = organizations.filter(pk__in=permissions.organization_ids(user))
    return organizations.order_by(f"name_{current_language()}", "slug")


def _creatable_organizations(user: User) -> QuerySet[Organization]:
    allowed = [o.pk for o in _staff_organizations(user) if permissions.can_create_in(user, o)]
    return Organization.objects.filter(pk__in=allowed).order_by(f"name_{current_language()}", "slug")


def _latest_events(object_type: str, ids: list[int], action: str) -> dict[int, AuditEvent]:
    """Return the newest ``action`` event per object id (who submitted a dataset, and when)."""
    latest: dict[int, AuditEvent] = {}
    events = (AuditEvent.objects.filter(object_type=object_type, action=action,
                                        object_id__in=[str(i) for i in ids])
              .select_related("actor").order_by("-created", "-id"))
    for event in events:
        latest.setdefault(int(event.object_id), event)
    return latest


def _vocabulary_label(vocabulary: Any, code: str, lang: str) -> str:
    """Return a code's label in ``lang``; a code from outside the vocabulary (an import) shows as is."""
    return vocabulary.label(code, lang) if code in vocabulary else code


def _label_statuses(datasets: Any) -> None:
    lang = current_language()
    for dataset in datasets:
        dataset.status_label = STATUSES.label(dataset.status, lang)



@require_GET
@staff_required
def workspace(request: HttpRequest) -> HttpResponse:
    """List the datasets of the user's organizations, with filters by status and organization."""
    user = request.user
    lang = current_language()
    organizations = list(_staff_organizations(user))
    datasets = queries.staff_datasets(user).select_related("organization")
    counts = dict(datasets.values_list("status").annotate(n=Count("id")).order_by())

    status = request.GET.get("status", "")
    if status in Dataset.Status.values:
        datasets = datasets.filter(status=status)
    else:
        status = ""
    organization = request.GET.get("organization", "")
    if organization and any(o.slug == organization for o in organizations):
        datasets = datasets.filter(organization__slug=organization)
    else:
        organization = ""
    page = Paginator(datasets.order_by("-modified", "id"), STAFF_PAGE_SIZE).get_page(request.GET.get("page"))
    _label_statuses(page.object_list)

    is_reviewer = permissions.sees_everything(user)
    return render(request, "catalog/staff/workspace.html", {
        "nav": "workspace",
        "page": page,
        "status": status,
        "organization": organization,
        "organizations": organizations,
        "statuses": [(code, label, counts.get(code, 0)) for code, label in
                     STATUSES.choices(lang, sort_by_label=False)],
        "total": sum(counts.values()),
        "can_create": any(permissions.can_create_in(user, o) for o in organizations),
        "managed_organizations": [o for o in organizations if permissions.can_manage_organization(user, o)],
        "is_reviewer": is_reviewer,
        "review_count": queries.review_queue(user).count() if is_reviewer else 0,
        "can_see_audit": bool(user.is_superuser or user.is_site_reviewer),
        "filtered": bool(status or organization),
    })


@require_GET
@staff_required
def review_queue(request: HttpRequest) -> HttpResponse:
    """List the datasets waiting for a reviewer's decision, longest waiting first."""
    if not permissions.sees_everything(request.user):
        raise PermissionDeniedError(_("Only reviewers and site administrators see the review queue."))
    datasets = list(queries.review_queue(request.user))
    submissions = _latest_events("dataset", [d.pk for d in datasets], "dataset.submit")
    rows = [{"dataset": d, "submission": submissions.get(d.pk)} for d in datasets]
    rows.sort(key=lambda row: (row["submission"].created if row["submission"] else row["dataset"].modified))
    return render(request, "catalog/staff/review_queue.html", {"nav": "workspace", "rows": rows})



def _render_dataset_form(request: HttpRequest, form: DatasetForm, dataset: Dataset | None,
                         status: int = 200) -> HttpResponse:
    return render(request, "catalog/staff/dataset_form.html",
                  {"nav": "workspace", "form": form, "dataset": dataset}, status=status)


@require_http_methods(["GET", "POST"])
@staff_required
def dataset_create(request: HttpRequest) -> HttpResponse:
    """Create a draft dataset in one of the organizations where the user may create."""
    user = request.user
    organizations = _creatable_organizations(user)
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
                _attach(form, error)
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
    dataset = _editable_dataset(request.user, slug)
    if request.method == "POST":
        form = DatasetForm(request.POST, dataset=dataset)
        if form.is_valid():
            try:
                services.update_dataset(request.user, dataset, form.values(), keywords=form.keywords(),
                                        themes=form.theme_codes())
            except DomainError as error:
                _attach(form, error)
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


def _history(dataset: Dataset, resources: list[Resource], limit: int = 100) -> list[AuditEvent]:
    events = audit.history(dataset, limit)
    for resource in resources:
        events += audit.history(resource, limit)
    return sorted(events, key=lambda e: (e.created, e.pk), reverse=True)[:limit]


def _render_manage(request: HttpRequest, dataset: Dataset, *, status: int = 200, action: str = "",
                   form: TransitionForm | None = None, error: DomainError | None = None) -> HttpResponse:
    user = request.user
    lang = current_language()
    resources = list(dataset.resources.select_related("current_version").prefetch_related(
        Prefetch("versions", queryset=ResourceVersion.objects.select_related("created_by"))))
    for resource in resources:
        resource.format_label = _vocabulary_label(FORMATS, resource.format, lang)
        resource.language_label = _vocabulary_label(RESOURCE_LANGUAGES, resource.language, lang)
    sent_back = None
    if dataset.status == Dataset.Status.DRAFT and dataset.review_comment:
        sent_back = _latest_events("dataset", [dataset.pk], "dataset.send_back").get(dataset.pk)
    submission = None
    if dataset.status == Dataset.Status.IN_REVIEW:
        submission = _latest_events("dataset", [dataset.pk], "dataset.submit").get(dataset.pk)
    _label_statuses([dataset])
    score, gaps = _completeness(dataset, lang)
    return render(request, "catalog/staff/dataset_manage.html", {
        "nav": "workspace",
        "dataset": dataset,
        "resources": resources,
        "score": score,
        "gaps": gaps,
        "frequency_label": _vocabulary_label(FREQUENCIES, dataset.frequency, lang),
        "access_label": _vocabulary_label(ACCESS_LEVELS, dataset.access_level, lang),
        "actions": _actions(user, dataset),
        "can_edit": permissions.can_edit_dataset(user, dataset),
        "sent_back": sent_back,
        "submission": submission,
        "events": _history(dataset, resources),
        "failed_action": action,
        "action_form": form or TransitionForm(),
        "action_error": error,
    }, status=status)


@require_GET
@staff_required
def dataset_manage(request: HttpRequest, slug: str) -> HttpResponse:
    """Show one dataset to its staff: status, completeness, resources, actions and history."""
    return _render_manage(request, _staff_dataset(request.user, slug))


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
    dataset = _staff_dataset(request.user, slug)
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



def _manage_url(dataset: Dataset, resource: Resource | None = None) -> str:
    url = reverse("catalog:dataset_manage", kwargs={"slug": dataset.slug})
    return f"{url}#resource-{resource.pk}" if resource is not None else url


@require_http_methods(["GET", "POST"])
@staff_required
def resource_create(request: HttpRequest, slug: str) -> HttpResponse:
    """Add an uploaded file or a link to a dataset."""
    dataset = _editable_dataset(request.user, slug)
    status = 200
    if request.method == "POST":
        form = ResourceCreateForm(request.POST, request.FILES)  # an oversized file raises TooLargeError: 413
        if form.is_valid():
            try:
                resource = services.add_resource(request.user, dataset, form.values(),
                                                 upload=form.cleaned_data.get("file"))
            except DomainError as error:
                _attach(form, error)
            else:
                messages.success(request, _("The resource was added."))
                return redirect(_manage_url(dataset, resource))
        status = 400
    else:
        form = ResourceCreateForm()
    return render(request, "catalog/staff/resource_form.html",
                  {"nav": "workspace", "dataset": dataset, "form": form, "resource": None,
                   "max_upload": settings.MAX_UPLOAD_BYTES}, status=status)


@require_http_methods(["GET", "POST"])
@staff_required
def resource_edit(request: HttpRequest, slug: str, resource_id: int) -> HttpResponse:
    """Edit a resource's names, descriptions, link, format and language."""
    dataset = _editable_dataset(request.user, slug)
    resource = _resource(dataset, resource_id)
    status = 200
    if request.method == "POST":
        form = ResourceEditForm(request.POST, resource=resource)
        if form.is_valid():
            try:
                services.update_resource(request.user, resource, form.values())
            except DomainError as error:
                _attach(form, error)
            else:
                messages.success(request, _("Your changes were saved."))
                return redirect(_manage_url(dataset, resource))
        status = 400
    else:
        form = ResourceEditForm(resource=resource)
    return render(request, "catalog/staff/resource_form.html",
                  {"nav": "workspace", "dataset": dataset, "form": form, "resource": resource}, status=status)


@require_http_methods(["GET", "POST"])
@staff_required
def resource_upload(request: HttpRequest, slug: str, resource_id: int) -> HttpResponse:
    """Upload a new version of a file resource; the earlier versions stay as they are."""
    dataset = _editable_dataset(request.user, slug)
    resource = _resource(dataset, resource_id)
    if resource.kind != Resource.Kind.FILE:
        raise NotFoundError(_("A link has no file versions."))
    status = 200
    if request.method == "POST":
        form = VersionUploadForm(request.POST, request.FILES)  # an oversized file raises TooLargeError: 413
        if form.is_valid():
            try:
                version = services.upload_version(request.user, resource, form.cleaned_data["file"],
                                                  note=form.cleaned_data["note"])
            except DomainError as error:
                _attach(form, error)
            else:
                messages.success(request, _("Version %(number)s was uploaded.") % {"number": version.number})
                return redirect(_manage_url(dataset, resource))
        status = 400
    else:
        form = VersionUploadForm()
    versions = list(resource.versions.select_related("created_by"))
    return render(request, "catalog/staff/resource_upload.html", {
        "nav": "workspace", "dataset": dataset, "resource": resource, "versions": versions, "form": form,
        "max_upload": settings.MAX_UPLOAD_BYTES,
    }, status=status)



@require_http_methods(["GET", "POST"])
@staff_required
def organization_manage(request: HttpRequest, slug: str) -> HttpResponse:
    """Edit an organization's details and its members' roles (its administrators and site admins)."""
    user = request.user
    organization = queries.get_organization(slug)
    if not permissions.can_manage_organization(user, organization):
        raise PermissionDeniedError(_("Only the organization's administrators can manage it."))
    details = OrganizationForm(organization=organization)
    add_member = MemberAddForm()
    member_error: tuple[int, str] | None = None
    status = 200
    if request.method == "POST":
        part = request.POST.get("form", "")
        try:
            if part == "details":
                details = OrganizationForm(request.POST, organization=organization)
                if details.is_valid():
                    services.update_organization(user, organization, details.values())
                    messages.success(request, _("The organization's details were saved."))
                    return redirect("catalog:organization_manage", slug=organization.slug)
            elif part == "add-member":
                add_member = MemberAddForm(request.POST)
                if add_member.is_valid():
                    member = add_member.cleaned_data["username"]
                    membership = services.set_membership(user, organization, member,
                                                         add_member.cleaned_data["role"])
                    messages.success(request, _("%(name)s is now %(role)s.") % {
                        "name": member.username, "role": membership.get_role_display()})
                    return redirect("catalog:organization_manage", slug=organization.slug)
            elif part in ("change-role", "remove-member"):
                change = MemberRoleForm(request.POST)
                if not change.is_valid():
                    raise NotFoundError(_("No such member"))
                member = change.cleaned_data["user"]
                if part == "remove-member":
                    services.remove_membership(user, organization, member)
                    messages.success(request, _("%(name)s was removed from the organization.")
                                     % {"name": member.username})
                else:
                    membership = services.set_membership(user, organization, member,
                                                         change.cleaned_data["role"])
                    messages.success(request, _("%(name)s is now %(role)s.") % {
                        "name": member.username, "role": membership.get_role_display()})
                return redirect("catalog:organization_manage", slug=organization.slug)
            else:
                raise DomainError(_("The form could not be understood. Reload the page and try again."))
        except DomainError as error:
            if error.status in (403, 404, 413):
                raise
            if part == "details":
                details.add_domain_error(error)
            elif part == "add-member":
                add_member.add_domain_error(error)
            elif part == "change-role":
                member_error = (int(request.POST.get("user", 0) or 0), str(error.message))
            else:
                raise
        status = 400
    memberships = list(organization.memberships.select_related("user").order_by("user__username"))
    return render(request, "catalog/staff/organization_manage.html", {
        "nav": "workspace",
        "organization": organization,
        "details": details,
        "add_member": add_member,
        "memberships": memberships,
        "roles": Membership.Role.choices,
        "member_error": member_error,
        "events": audit.history(organization, 50),
    }, status=status)
