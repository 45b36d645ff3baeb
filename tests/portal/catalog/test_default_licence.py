"""The catalogue's default licence: one at a time, set by permitted people only, audited, offered by the form."""

from __future__ import annotations

import pytest

from tests.factories import factory_admin, make_organization, make_user
from trousse.portal.catalog.forms import DatasetForm
from trousse.portal.catalog.models import Licence
from trousse.portal.catalog.services import licences
from trousse.portal.core.errors import DomainError, PermissionDeniedError
from trousse.portal.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_one_default_at_a_time_audited_and_offered_first() -> None:
    admin = factory_admin()
    assert licences.default_licence() is None
    assert DatasetForm(organizations=None).initial["licence"] == "ogl-municipal"  # the fallback
    licences.set_default_licence(admin, "cc-by-4.0", comment="council resolution 2026-114")
    licences.set_default_licence(admin, Licence.objects.get(code="odbl-1.0"))
    assert list(Licence.objects.filter(is_default=True).values_list("code", flat=True)) == ["odbl-1.0"]
    assert DatasetForm(organizations=None).initial["licence"] == "odbl-1.0"
    events = list(AuditEvent.objects.filter(action="licence.default").order_by("id"))
    assert [e.changes["default_licence"] for e in events] == [[None, "cc-by-4.0"], ["cc-by-4.0", "odbl-1.0"]]
    assert events[0].comment == "council resolution 2026-114" and events[0].actor == admin
    with pytest.raises(DomainError) as error:
        licences.set_default_licence(admin, "no-such-licence")
    assert error.value.field == "licence"


def test_only_site_admins_and_registered_authorities_set_it() -> None:
    editor = make_user("ed", role="admin", organization=make_organization("parks"))
    with pytest.raises(PermissionDeniedError):
        licences.set_default_licence(editor, "cc0-1.0")
    with pytest.raises(PermissionDeniedError):
        licences.set_default_licence(None, "cc0-1.0")  # type: ignore[arg-type]

    def editors_of_parks(user) -> bool:  # type: ignore[no-untyped-def]
        return user is not None and user.username == "ed"

    licences.register_default_licence_authority(editors_of_parks)
    try:
        licences.set_default_licence(editor, "cc0-1.0")
    finally:
        licences._AUTHORITIES.remove(editors_of_parks)
    assert licences.default_licence().code == "cc0-1.0"
