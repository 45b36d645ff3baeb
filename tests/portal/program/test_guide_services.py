"""Ticking, unticking, the scope and the program leads: who may, and what the audit log keeps."""

from __future__ import annotations

import pytest

from tests.factories import factory_admin, make_organization, make_user
from trousse.portal.core.errors import ConflictError, DomainError, NotFoundError, PermissionDeniedError
from trousse.portal.core.models import AuditEvent
from trousse.portal.program import permissions
from trousse.portal.program.guide import progress, services
from trousse.portal.program.models_guide import ChecklistMark, ProgramLead, ProgramSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead():  # type: ignore[no-untyped-def]
    user = make_user("gis", role="editor", organization=make_organization("planning"))
    user.first_name, user.last_name = "Gisèle", "Tremblay"
    user.save()
    services.add_program_lead(factory_admin(), user)
    return user


def test_a_tick_keeps_who_and_when_and_is_audited(lead) -> None:  # type: ignore[no-untyped-def]
    mark = services.tick_item(lead, "planning.sponsor", "The CAO agreed on 3 March.")
    assert mark.done and mark.changed_by == lead and mark.changed_by_name == "gis" and mark.changed
    state = progress.item_state("planning.sponsor")
    assert state.done and state.by_hand and state.mark.note == "The CAO agreed on 3 March."
    event = AuditEvent.objects.get(action="checklist.tick")
    assert (event.actor, event.object_label, event.changes, event.comment) == (
        lead, "planning.sponsor", {"done": [False, True]}, "The CAO agreed on 3 March.")


def test_unticking_is_possible_and_audited_with_the_earlier_tick_kept(lead) -> None:  # type: ignore[no-untyped-def]
    services.tick_item(lead, "planning.sponsor")
    admin = factory_admin()
    services.untick_item(admin, "planning.sponsor", "The sponsor left; looking for another.")
    mark = ChecklistMark.objects.get(item="planning.sponsor")
    assert not mark.done and mark.changed_by == admin
    assert not progress.item_state("planning.sponsor").done
    events = list(AuditEvent.objects.filter(object_type="checklistmark").order_by("id"))
    assert [(e.action, e.actor, e.changes["done"]) for e in events] == [
        ("checklist.tick", lead, [False, True]), ("checklist.untick", admin, [True, False])]


def test_only_program_leads_tick_and_choose_the_scope() -> None:
    editor = make_user("edith", role="editor", organization=make_organization("parks"))
    reviewer = make_user("rene", reviewer=True)
    for user in (editor, reviewer):
        assert permissions.can_view_program(user) and not permissions.is_program_lead(user)
        with pytest.raises(PermissionDeniedError):
            services.tick_item(user, "planning.sponsor")
        with pytest.raises(PermissionDeniedError):
            services.set_scope(user, "program")
    assert not ChecklistMark.objects.exists() and not AuditEvent.objects.filter(action__startswith="checklist")


def test_items_trousse_can_see_are_not_ticked_by_hand(lead) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ConflictError):
        services.tick_item(lead, "pilot.ten_datasets")
    with pytest.raises(NotFoundError):
        services.tick_item(lead, "no.such.item")
    with pytest.raises(DomainError) as error:
        services.tick_item(lead, "planning.sponsor", "x" * 501)
    assert error.value.field == "note"


def test_the_scope_decides_which_stages_and_items_count() -> None:
    admin = factory_admin()
    assert progress.current_scope() == "pilot"  # until someone chooses
    services.set_scope(admin, "initiative")
    initiative = progress.path_progress()
    stages = {p.section.slug: p for p in initiative.stages}
    assert not stages["pilot"].applies and not stages["program"].applies
    planning = {s.item.code: s for s in stages["planning"].states}
    assert planning["planning.manager"].applies and not planning["planning.working_group"].applies
    assert initiative.total == sum(p.total for p in initiative.stages if p.applies)

    services.set_scope(admin, "program")
    full = progress.path_progress()
    assert all(p.applies for p in full.stages) and full.total > initiative.total
    assert not {s.item.code: s for s in full.stages[1].states}["planning.manager"].applies
    assert [e.changes["scope"] for e in AuditEvent.objects.filter(action="program.scope").order_by("id")] == [
        ["", "initiative"], ["initiative", "program"]]
    assert ProgramSettings.objects.get().changed_by == admin
    with pytest.raises(DomainError):
        services.set_scope(admin, "everything")


def test_progress_counts_what_is_done_and_says_what_is_next(lead) -> None:  # type: ignore[no-untyped-def]
    before = progress.path_progress("pilot")
    first = before.next_items(1)[0][1].item.code
    assert first == "orientation.read"
    services.tick_item(lead, "orientation.read")
    services.tick_item(lead, "orientation.examples")
    after = progress.path_progress("pilot")
    assert after.done == before.done + 2
    orientation = after.stages[0]
    # The scope is not chosen yet; the lead is named: two automatic items, one of them done.
    assert (orientation.done, orientation.total, orientation.percent) == (3, 4, 75)
    assert orientation.next_item.item.code == "orientation.scope"
    assert after.current_stage is orientation


def test_site_admins_name_and_remove_program_leads(lead) -> None:  # type: ignore[no-untyped-def]
    other = make_user("other")
    with pytest.raises(PermissionDeniedError):
        services.add_program_lead(lead, other)  # a lead does not name leads
    services.remove_program_lead(factory_admin(), lead)
    assert not ProgramLead.objects.exists()
    fresh = type(lead).objects.get(pk=lead.pk)
    assert not permissions.is_program_lead(fresh)
    assert [e.action for e in AuditEvent.objects.filter(object_type="programlead").order_by("id")] == [
        "program.lead_add", "program.lead_remove"]
    with pytest.raises(NotFoundError):
        services.remove_program_lead(factory_admin(), lead)
