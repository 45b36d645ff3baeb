"""Who may enter the workspace, which dataset or resource they may work on, and form errors from services."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from trousse.portal.catalog import permissions, queries
from trousse.portal.catalog.forms import StaffForm
from trousse.portal.catalog.models import Dataset, Resource
from trousse.portal.core.errors import DomainError, PermissionDeniedError
from trousse.portal.core.models import User


def staff_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Send visitors to the login page; refuse (403) accounts that hold no role anywhere."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not permissions.is_staff_member(request.user):
            raise PermissionDeniedError(_("Your account has no role in any organization yet. Ask an "
                                          "organization's administrator to add you."))
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def staff_dataset(user: User, slug: str) -> Dataset:
    """Return the dataset if the user works on it: staff of its organization, reviewers, site admins."""
    dataset = queries.get_dataset(user, slug)  # 404 when the user may not even see it
    if not (permissions.sees_everything(user) or permissions.role_in(user, dataset.organization_id)):
        raise PermissionDeniedError(_("Only the staff of this dataset's organization can manage it."))
    return dataset


def editable_dataset(user: User, slug: str) -> Dataset:
    """Return the dataset if the user may change it; say why not (403) otherwise."""
    dataset = staff_dataset(user, slug)
    if not permissions.can_edit_dataset(user, dataset):
        if dataset.status == Dataset.Status.ARCHIVED:
            raise PermissionDeniedError(_("An archived dataset is read-only. Restore it to change it."))
        raise PermissionDeniedError(_("Your role lets you read this dataset but not change it."))
    return dataset


def editable_resource(user: User, slug: str, resource_id: int) -> tuple[Dataset, Resource]:
    """Return a resource the user may change, with its dataset; 404 when the dataset has no such resource."""
    dataset = editable_dataset(user, slug)
    return dataset, queries.get_resource(dataset, resource_id)


def attach(form: StaffForm, error: DomainError) -> None:
    """Put a service's validation error on the form; let refusals and missing objects reach their page."""
    if error.status in (403, 404, 413):
        raise error
    form.add_domain_error(error)
