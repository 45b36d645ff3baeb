"""Who may change the inventory: program leads (and site admins) import and edit; staff read."""

from __future__ import annotations

from django.utils.translation import gettext as _

from trousse.portal.core.errors import PermissionDeniedError
from trousse.portal.core.models import User
from trousse.portal.program import permissions


def require_lead(actor: User | None) -> None:
    """Refuse anyone but a program lead or a site administrator."""
    if not permissions.is_program_lead(actor):
        raise PermissionDeniedError(_("Only program leads and site administrators can change the data inventory."))
