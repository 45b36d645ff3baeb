"""Organization and role writes."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from django.core.files import File
from django.db import transaction
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

from trousse.portal.catalog import permissions, search
from trousse.portal.catalog.models import Membership, Organization
from trousse.portal.catalog.services.checks import check_bilingual_required, check_slug, deny
from trousse.portal.core import audit
from trousse.portal.core.errors import ConflictError, DomainError, NotFoundError
from trousse.portal.core.models import User

ORGANIZATION_FIELDS = ("name_en", "name_fr", "description_en", "description_fr", "email", "phone", "website")


@transaction.atomic
def create_organization(actor: User, slug: str, values: Mapping[str, Any]) -> Organization:
    """Create an organization (site admins only)."""
    if not actor.is_superuser:
        raise deny()
    check_slug(slug)
    check_bilingual_required(values, "name", _("Name"))
    if Organization.objects.filter(slug=slug).exists():
        raise ConflictError(_("An organization with this short name already exists."), field="slug")
    organization = Organization.objects.create(slug=slug, **{k: values.get(k, "") or ""
                                                             for k in ORGANIZATION_FIELDS})
    audit.record(actor, "organization.create", organization, organization_id=organization.pk,
                 changes={k: [None, values.get(k)] for k in ORGANIZATION_FIELDS if values.get(k)})
    return organization


@transaction.atomic
def update_organization(actor: User, organization: Organization, values: Mapping[str, Any], *,
                        logo: File | str | None = None) -> Organization:
    """Change an organization's details (its admins and site admins); ``logo`` "" removes it, None keeps it."""
    if not permissions.can_manage_organization(actor, organization):
        raise deny()
    merged = {k: values.get(k, getattr(organization, k)) for k in ORGANIZATION_FIELDS}
    check_bilingual_required(merged, "name", _("Name"))
    before = {k: getattr(organization, k) for k in ORGANIZATION_FIELDS}
    for key, value in merged.items():
        setattr(organization, key, value or "")
    changes = audit.diff(before, merged)
    if logo is not None:
        old = organization.logo.name
        if logo == "":
            organization.logo = ""
        else:
            organization.logo.save(get_valid_filename(os.path.basename(logo.name or "logo"))[:100], logo,
                                   save=False)
        changes["logo"] = [old or None, organization.logo.name or None]
        if old:
            transaction.on_commit(lambda: organization.logo.storage.delete(old))
    organization.save()
    if {"name_en", "name_fr"} & set(changes):
        # Each dataset's search document holds its organization's names.
        for dataset in organization.datasets.all():
            search.update_index(dataset)
    audit.record(actor, "organization.update", organization, organization_id=organization.pk,
                 changes=changes)
    return organization


@transaction.atomic
def set_membership(actor: User | None, organization: Organization, user: User, role: str) -> Membership:
    """Give ``user`` ``role`` in ``organization`` (its admins and site admins; None is the system)."""
    if actor is not None and not permissions.can_manage_organization(actor, organization):
        raise deny()
    if role not in Membership.Role.values:
        raise DomainError(_("Unknown role."), code="unknown_role", field="role")
    membership, _created = Membership.objects.update_or_create(user=user, organization=organization,
                                                              defaults={"role": role})
    audit.record(actor, "membership.set", organization, organization_id=organization.pk,
                 changes={"user": user.username, "role": role})
    return membership


@transaction.atomic
def remove_membership(actor: User, organization: Organization, user: User) -> None:
    """Take ``user`` out of ``organization``."""
    if not permissions.can_manage_organization(actor, organization):
        raise deny()
    deleted, _count = Membership.objects.filter(user=user, organization=organization).delete()
    if not deleted:
        raise NotFoundError(_("This person is not a member of the organization."))
    audit.record(actor, "membership.remove", organization, organization_id=organization.pk,
                 changes={"user": user.username})
