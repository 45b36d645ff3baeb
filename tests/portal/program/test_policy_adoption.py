"""Generating versions and recording an adoption: numbers, audit, the default licence and the checklist."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.factories import factory_admin, make_organization, make_user
from trousse.portal.catalog.forms import DatasetForm
from trousse.portal.catalog.models import Licence
from trousse.portal.catalog.services.licences import default_licence, set_default_licence
from trousse.portal.catalog.vocabulary_sync import sync_vocabularies
from trousse.portal.core.errors import ConflictError, DomainError, PermissionDeniedError
from trousse.portal.core.models import AuditEvent
from trousse.portal.program.checklists import SiteFacts, run_auto_check
from trousse.portal.program.guide import progress
from trousse.portal.program.guide import services as guide_services
from trousse.portal.program.models_policy import PolicyVersion
from trousse.portal.program.policy import queries, services
from trousse.portal.program.policy.sample import SAMPLE_VALUES, load_sample_policy

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead():  # type: ignore[no-untyped-def]
    """A program lead who is not a site administrator."""
    user = make_user("lena", role="editor", organization=make_organization("clerk"))
    guide_services.add_program_lead(factory_admin(), user)
    return user


def test_each_generation_is_a_new_numbered_version_with_its_values(lead) -> None:  # type: ignore[no-untyped-def]
    first = services.generate_policy(lead, SAMPLE_VALUES)
    second = services.generate_policy(lead, {**SAMPLE_VALUES, "licence": "cc-by-4.0"})
    assert (first.number, second.number) == (1, 2)
    assert second.values["licence"] == "cc-by-4.0" and second.licence_code == "cc-by-4.0"
    assert first.created_by == lead and first.created_by_name == "lena"
    assert "Version 1" in first.documents["policy"]["en"] and "Version 2" in second.documents["policy"]["fr"]
    assert "Open Government Licence – Town of Maple Point" in first.documents["licence"]["en"]
    assert "Creative Commons Attribution 4.0" in second.documents["licence"]["en"]
    first.refresh_from_db()  # the older version is kept as it was
    assert "Open Government Licence – Town of Maple Point" in first.documents["terms"]["en"]
    events = AuditEvent.objects.filter(action="policy.generate").order_by("id")
    assert [e.changes["version"] for e in events] == [[None, 1], [None, 2]]
    assert queries.latest_version() == second and queries.adopted_version() is None


def test_adoption_sets_the_default_licence_and_ticks_the_checklist(lead) -> None:  # type: ignore[no-untyped-def]
    assert not progress.item_state("policy.licence").done
    version = services.generate_policy(lead, {**SAMPLE_VALUES, "licence": "cc-by-4.0"})
    assert DatasetForm(organizations=None).initial["licence"] == "ogl-municipal"  # before: the municipal OGL
    adopted_on = timezone.localdate() - timedelta(days=3)
    services.adopt_policy(lead, version, adopted_on, " 2026-114 ")

    version.refresh_from_db()
    assert (version.adopted_on, version.resolution, version.adopted_by) == (adopted_on, "2026-114", lead)
    assert default_licence().code == "cc-by-4.0"
    assert list(Licence.objects.filter(is_default=True).values_list("code", flat=True)) == ["cc-by-4.0"]
    assert DatasetForm(organizations=None).initial["licence"] == "cc-by-4.0"
    state = progress.item_state("policy.licence")
    assert state.done and state.automatic and "2026-114" in state.evidence
    assert "Creative Commons Attribution 4.0 International" in state.evidence
    event = AuditEvent.objects.get(action="licence.default")
    assert event.changes == {"default_licence": [None, "cc-by-4.0"]} and event.actor == lead
    assert AuditEvent.objects.get(action="policy.adopt").comment == "2026-114"

    # A later version adopted with another licence replaces the default; the item follows it.
    later = services.generate_policy(lead, SAMPLE_VALUES)
    services.adopt_policy(lead, later, timezone.localdate(), "2026-200")
    assert default_licence().code == "ogl-municipal" and queries.adopted_version() == later
    assert AuditEvent.objects.filter(action="licence.default").latest("id").changes["default_licence"] == [
        "cc-by-4.0", "ogl-municipal"]
    # Someone changes the default by hand: the item says the adopted licence is no longer the default.
    set_default_licence(factory_admin(), "cc0-1.0")
    result = run_auto_check("catalogue.licence_adopted", SiteFacts())
    assert not result.done and "no longer the catalogue's default licence" in result.evidence


def test_adoption_rules(lead) -> None:  # type: ignore[no-untyped-def]
    version = services.generate_policy(lead, SAMPLE_VALUES)
    with pytest.raises(DomainError) as error:
        services.adopt_policy(lead, version, timezone.localdate() + timedelta(days=1), "1")
    assert error.value.field == "adopted_on"
    with pytest.raises(DomainError) as error:
        services.adopt_policy(lead, version, date(2026, 1, 5), "  ")
    assert error.value.field == "resolution"
    services.adopt_policy(lead, version, date(2026, 1, 5), "2026-001")
    with pytest.raises(ConflictError):
        services.adopt_policy(lead, version, date(2026, 1, 6), "2026-002")


def test_only_program_leads_generate_and_adopt(lead) -> None:  # type: ignore[no-untyped-def]
    member = make_user("mo", role="admin", organization=make_organization("parks"))
    with pytest.raises(PermissionDeniedError):
        services.generate_policy(member, SAMPLE_VALUES)
    version = services.generate_policy(lead, SAMPLE_VALUES)
    with pytest.raises(PermissionDeniedError):
        services.adopt_policy(member, version, date(2026, 1, 5), "2026-001")
    with pytest.raises(PermissionDeniedError):  # nor may they change the catalogue's default licence
        set_default_licence(member, "cc0-1.0")
    assert not PolicyVersion.objects.filter(adopted_on__isnull=False).exists() and default_licence() is None


def test_the_service_checks_values_without_a_form(lead) -> None:  # type: ignore[no-untyped-def]
    for broken, field in (({"province": "XX"}, "province"), ({"licence": "all-rights-reserved"}, "licence"),
                          ({"municipality_fr": " "}, "municipality_fr"), ({"privacy_act": "nope"}, "privacy_act")):
        with pytest.raises(DomainError) as error:
            services.generate_policy(lead, {**SAMPLE_VALUES, **broken})
        assert error.value.field == field
    version = services.generate_policy(lead, {**SAMPLE_VALUES, "province": "SK", "privacy_act": ""})
    assert version.values["privacy_act"] == "sk-lafoip"  # the province's act when none is chosen
    assert PolicyVersion.objects.count() == 1


def test_sample_town_has_a_draft_and_an_adopted_policy(lead) -> None:  # type: ignore[no-untyped-def]
    now = timezone.now()
    report = load_sample_policy(factory_admin(), lead_username="lena", now=now)
    assert (report.versions, report.adopted) == (2, 2)
    draft, adopted = PolicyVersion.objects.order_by("number")
    assert draft.licence_code == "cc-by-4.0" and not draft.is_adopted
    assert adopted.licence_code == "ogl-municipal" and adopted.created_by == lead
    assert adopted.adopted_on == timezone.localdate(now) - timedelta(days=140)
    assert adopted.resolution == f"{adopted.adopted_on.year}-047"
    assert (now - draft.created).days == 180
    assert "Municipal Freedom of Information and Protection of Privacy Act" in adopted.documents["policy"]["en"]
    assert "Ville de Pointe-aux-Érables" in adopted.documents["licence"]["fr"]
    assert default_licence().code == "ogl-municipal"
    assert progress.item_state("policy.licence").done
    assert load_sample_policy(factory_admin(), now=now).versions == 0  # a second run changes nothing
    assert PolicyVersion.objects.count() == 2


def test_the_municipal_licence_points_to_the_public_licence_page(lead, client, settings) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/en/program/licence/").status_code == 404  # nothing adopted yet
    ogl = Licence.objects.get(code="ogl-municipal")
    assert ogl.url_en == "https://open.canada.ca/en/open-government-licence-canada"  # until the adoption
    version = services.generate_policy(lead, SAMPLE_VALUES)
    services.adopt_policy(lead, version, date(2026, 3, 2), "2026-114")
    ogl.refresh_from_db()
    assert (ogl.url_en, ogl.url_fr) == (f"{settings.SITE_URL}/en/program/licence/",
                                        f"{settings.SITE_URL}/fr/program/licence/")
    sync_vocabularies()  # run after every migrate: it keeps the adopted licence's address
    ogl.refresh_from_db()
    assert ogl.url_fr == f"{settings.SITE_URL}/fr/program/licence/"

    page = client.get("/fr/program/licence/")  # public: no login
    body = page.content.decode()
    assert page.status_code == 200
    assert "<h1>Adoption de la licence : Licence du gouvernement ouvert – Ville de Pointe-aux-Érables</h1>" in body
    assert "<h2>Conditions d’utilisation du portail de données ouvertes</h2>" in body
    assert '<a href="https://open.canada.ca/fr/licence-du-gouvernement-ouvert-canada">' in body
    assert "résolution 2026-114" in body
    assert "Open Government Licence – Town of Maple Point" in client.get("/en/program/licence/").content.decode()

    # A standard licence keeps the address of its own text.
    later = services.generate_policy(lead, {**SAMPLE_VALUES, "licence": "cc-by-4.0"})
    services.adopt_policy(lead, later, date(2026, 4, 1), "2026-150")
    assert Licence.objects.get(code="cc-by-4.0").url_en == "https://creativecommons.org/licenses/by/4.0/"
    assert "Creative Commons" in client.get("/en/program/licence/").content.decode()
