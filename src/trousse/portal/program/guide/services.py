"""Every write of the guide and launch path: scope, program leads, checklist marks. Each one is audited."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trousse.portal.core import audit
from trousse.portal.core.errors import ConflictError, DomainError, NotFoundError, PermissionDeniedError
from trousse.portal.core.models import User
from trousse.portal.program import permissions
from trousse.portal.program.checklists import SiteFacts, run_auto_check
from trousse.portal.program.guide import content
from trousse.portal.program.models_guide import ChecklistMark, ProgramLead, ProgramSettings, Scope

NOTE_LIMIT = 500


def _require_lead(actor: User | None) -> None:
    if not permissions.is_program_lead(actor):
        raise PermissionDeniedError(_("Only the program lead or a site administrator can do this."))


def set_scope(actor: User, scope: str) -> ProgramSettings:
    """Choose how far the program goes (a small initiative, a pilot, a full program)."""
    _require_lead(actor)
    if scope not in Scope.values:
        raise DomainError(_("Choose one of the scopes offered."), field="scope")
    with transaction.atomic():
        # One row per site, always pk 1: two first saves at once cannot make two rows.
        row, created = ProgramSettings.objects.select_for_update().get_or_create(pk=1)
        before = "" if created or row.changed_by_id is None else row.scope
        row.scope, row.changed, row.changed_by = scope, timezone.now(), actor
        row.save()
        audit.record(actor, "program.scope", row, changes={"scope": [before, scope]})
    return row


def tick_item(actor: User, code: str, note: str = "") -> ChecklistMark:
    """Tick a checklist item by hand, with an optional note on how it was done."""
    return _mark(actor, code, True, note)


def untick_item(actor: User, code: str, note: str = "") -> ChecklistMark:
    """Untick an item ticked by hand (the audit log keeps who ticked it before)."""
    return _mark(actor, code, False, note)


def _mark(actor: User, code: str, done: bool, note: str) -> ChecklistMark:
    _require_lead(actor)
    found = content.items_by_code().get(code)
    if found is None:
        raise NotFoundError(_("There is no such checklist item."))
    item = found[1]
    if item.auto and run_auto_check(item.auto, SiteFacts()).available:
        raise ConflictError(_("Trousse ticks this item by itself from what it sees in the catalogue; it "
                              "cannot be changed by hand."))
    note = (note or "").strip()
    if len(note) > NOTE_LIMIT:
        raise DomainError(_("Keep the note under %(limit)s characters.") % {"limit": NOTE_LIMIT}, field="note")
    with transaction.atomic():
        mark = ChecklistMark.objects.select_for_update().filter(item=code).first()
        before = bool(mark and mark.done)
        if mark is None:
            mark = ChecklistMark(item=code)
        mark.done, mark.note = done, note
        mark.changed, mark.changed_by, mark.changed_by_name = timezone.now(), actor, actor.username
        mark.save()
        audit.record(actor, "checklist.tick" if done else "checklist.untick", mark,
                     changes={"done": [before, done]}, comment=note)
    return mark


def add_program_lead(actor: User, user: User) -> ProgramLead:
    """Name ``user`` a program lead (site administrators only)."""
    if not permissions.can_manage_leads(actor):
        raise PermissionDeniedError(_("Only site administrators name program leads."))
    if not user.is_active:
        raise DomainError(_("This account is inactive."), field="user")
    with transaction.atomic():
        lead, created = ProgramLead.objects.get_or_create(user=user, defaults={"added_by": actor})
        if created:
            audit.record(actor, "program.lead_add", lead, comment=user.username)
    return lead


def remove_program_lead(actor: User, user: User) -> None:
    """Stop ``user`` being a program lead (site administrators only)."""
    if not permissions.can_manage_leads(actor):
        raise PermissionDeniedError(_("Only site administrators name program leads."))
    lead = ProgramLead.objects.filter(user=user).first()
    if lead is None:
        raise NotFoundError(_("This person is not a program lead."))
    with transaction.atomic():
        audit.record(actor, "program.lead_remove", lead, comment=user.username)
        lead.delete()
