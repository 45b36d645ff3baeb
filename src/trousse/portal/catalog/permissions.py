"""Who may do what in the catalogue. Every view, API call, feed and download asks here."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AnonymousUser

from trousse.portal.catalog.models import Dataset, Membership, Organization
from trousse.portal.core.models import User

AnyUser = User | AnonymousUser
_EDIT_ROLES = {Membership.Role.EDITOR, Membership.Role.ADMIN}


def _active(user: AnyUser | None) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def role_in(user: AnyUser | None, organization_id: int) -> str | None:
    """Return the user's role in the organization, or None; cached per user object."""
    if not _active(user):
        return None
    cache = getattr(user, "_trousse_roles", None)
    if cache is None:
        cache = dict(Membership.objects.filter(user=user).values_list("organization_id", "role"))
        user._trousse_roles = cache  # type: ignore[union-attr]
    return cache.get(organization_id)


def organization_ids(user: AnyUser | None, roles: set[str] | None = None) -> list[int]:
    """Return the organizations where the user holds one of ``roles`` (any role when None)."""
    if not _active(user):
        return []
    role_in(user, 0)  # fill the cache
    return [org for org, role in user._trousse_roles.items() if roles is None or role in roles]  # type: ignore


def sees_everything(user: AnyUser | None) -> bool:
    """Site admins and site reviewers see every dataset in every state."""
    return _active(user) and (user.is_superuser or user.is_site_reviewer)  # type: ignore[union-attr]


def is_staff_member(user: AnyUser | None) -> bool:
    """Return whether the user may enter the staff workspace."""
    return sees_everything(user) or bool(organization_ids(user))


def can_view_dataset(user: AnyUser | None, dataset: Dataset) -> bool:
    """Published public and restricted datasets are listed for all; the rest for its organization's staff."""
    if dataset.status == Dataset.Status.PUBLISHED and dataset.access_level in ("public", "restricted"):
        return True
    return sees_everything(user) or role_in(user, dataset.organization_id) is not None


def can_download(user: AnyUser | None, dataset: Dataset) -> bool:
    """Files of restricted or unpublished datasets go only to staff who can see them."""
    if dataset.status == Dataset.Status.PUBLISHED and dataset.access_level == "public":
        return True
    return sees_everything(user) or role_in(user, dataset.organization_id) is not None


def can_create_in(user: AnyUser | None, organization: Organization) -> bool:
    return _active(user) and (user.is_superuser or role_in(user, organization.pk) in _EDIT_ROLES)  # type: ignore


def can_edit_dataset(user: AnyUser | None, dataset: Dataset) -> bool:
    """Editors and admins of the organization, and site admins; archived datasets are read-only."""
    if dataset.status == Dataset.Status.ARCHIVED:
        return False
    return _active(user) and (user.is_superuser or role_in(user, dataset.organization_id) in _EDIT_ROLES)  # type: ignore


def can_review(user: AnyUser | None, dataset: Dataset) -> bool:
    """Site reviewers and site admins approve or send back; an org admin too when review is optional."""
    if not _active(user):
        return False
    if user.is_superuser or user.is_site_reviewer:  # type: ignore[union-attr]
        return True
    return not settings.REQUIRE_REVIEW and role_in(user, dataset.organization_id) == Membership.Role.ADMIN


def can_publish_directly(user: AnyUser | None, dataset: Dataset) -> bool:
    """Publishing without review: site admins always, editors only when the site does not require review."""
    if not _active(user):
        return False
    if user.is_superuser:  # type: ignore[union-attr]
        return True
    return not settings.REQUIRE_REVIEW and role_in(user, dataset.organization_id) in _EDIT_ROLES


def can_archive(user: AnyUser | None, dataset: Dataset) -> bool:
    return _active(user) and (user.is_superuser or role_in(user, dataset.organization_id) in _EDIT_ROLES)  # type: ignore


def can_manage_organization(user: AnyUser | None, organization: Organization) -> bool:
    return _active(user) and (user.is_superuser
                              or role_in(user, organization.pk) == Membership.Role.ADMIN)  # type: ignore
