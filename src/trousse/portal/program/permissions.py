"""Who may do what in the program toolkit; every program page and service asks here.

Roles build on catalog.permissions: the workspace's staff (anyone with a role in an organization,
site reviewers, site admins) may read the program's staff pages. A *program lead* — a site admin,
or a person a site admin named in the program's leads — runs the program: ticks checklist items by
hand, changes the scope, and (for other parts of the toolkit) records assessments and adopts policies.
"""

from __future__ import annotations

from trousse.portal.catalog import permissions as catalog_permissions
from trousse.portal.catalog.permissions import AnyUser


def can_view_program(user: AnyUser | None) -> bool:
    """Return whether the user may read the program's staff pages (any workspace member)."""
    return catalog_permissions.is_staff_member(user)


def is_program_lead(user: AnyUser | None) -> bool:
    """Return whether the user leads the program: a site admin or a named program lead."""
    if not (user is not None and user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:  # type: ignore[union-attr]
        return True
    cached = getattr(user, "_trousse_program_lead", None)
    if cached is None:
        from trousse.portal.program.models_guide import ProgramLead

        cached = ProgramLead.objects.filter(user=user).exists()
        user._trousse_program_lead = cached  # type: ignore[union-attr]
    return cached


def can_manage_leads(user: AnyUser | None) -> bool:
    """Only site admins name and remove program leads."""
    return bool(user is not None and user.is_authenticated and user.is_active
                and user.is_superuser)  # type: ignore[union-attr]
