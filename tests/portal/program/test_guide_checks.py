"""Auto-checks tick and untick from the real catalogue, and the registry reports what it cannot see."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.factories import answer_questionnaire, factory_admin, make_dataset, make_organization, make_user
from trousse.portal.catalog import services as catalog_services
from trousse.portal.catalog.models import Dataset, Licence
from trousse.portal.program import checklists
from trousse.portal.program.checklists import CheckResult, SiteFacts, register_auto_check, run_auto_check
from trousse.portal.program.guide import progress, services
from trousse.portal.program.guide.autochecks import lead_named, licence_adopted

pytestmark = pytest.mark.django_db
BILINGUAL = {"title_fr": "Jeu", "description_fr": "À propos.", "spatial_en": "Maple Point",
             "spatial_fr": "Pointe-des-Érables"}
KEYWORDS = {"en": ["parks"], "fr": ["parcs"]}


def _check(code: str) -> CheckResult:
    return run_auto_check(code, SiteFacts())


def _publish(organization, count: int, prefix: str = "set", *, url: str = "https://example.org/data.csv",
             **fields) -> list[Dataset]:  # type: ignore[no-untyped-def]
    """Publish ``count`` datasets, each with one link described in both languages, through the services."""
    admin, published = factory_admin(), []
    for n in range(count):
        dataset = make_dataset(organization, f"{prefix}-{n}", files=(), **fields)
        catalog_services.add_resource(admin, dataset, {
            "name_en": "Data", "name_fr": "Données", "description_en": "Every row.",
            "description_fr": "Toutes les lignes.", "url": url})
        answer_questionnaire(dataset)  # the privacy gate's questionnaire (issue #5)
        dataset = catalog_services.submit_for_review(admin, dataset)
        published.append(catalog_services.approve_dataset(admin, dataset))
    return published


@pytest.fixture
def parks():  # type: ignore[no-untyped-def]
    return make_organization("parks")


def test_ten_published_datasets_tick_the_item_and_archiving_one_unticks_it(parks) -> None:  # type: ignore[no-untyped-def]
    datasets = _publish(parks, 9)
    make_dataset(parks, "still-a-draft", files=())
    _publish(parks, 1, prefix="internal", access_level="non_public")
    result = _check("catalogue.ten_datasets")
    assert not result.done and result.evidence == "9 datasets are published (the target is 10)."
    assert not progress.item_state("pilot.ten_datasets").done

    datasets += _publish(parks, 1, prefix="tenth")
    state = progress.item_state("pilot.ten_datasets")
    assert state.done and state.automatic and "10 datasets are published" in state.evidence

    catalog_services.archive_dataset(factory_admin(), datasets[0])
    state = progress.item_state("pilot.ten_datasets")
    assert not state.done and "9 datasets" in state.evidence


def test_first_datasets_and_the_open_licence(parks) -> None:  # type: ignore[no-untyped-def]
    # The guide's catalogue-based check; the policy kit answers the item itself (test_policy_adoption.py).
    assert licence_adopted(SiteFacts()) == CheckResult(False, "No dataset is published yet.")
    _publish(parks, 3)
    assert _check("catalogue.first_datasets").done
    licence = licence_adopted(SiteFacts())
    assert licence.done and "3 of 3 published datasets carry an open licence" in licence.evidence

    Licence.objects.create(code="all-rights-reserved", title_en="All rights reserved",
                           title_fr="Tous droits réservés", is_open=False)
    _publish(parks, 1, prefix="closed", licence="all-rights-reserved")
    licence = licence_adopted(SiteFacts())
    assert not licence.done and "3 of 4" in licence.evidence


def test_bilingual_metadata_counts_datasets_complete_in_both_languages(parks) -> None:  # type: ignore[no-untyped-def]
    _publish(parks, 4, prefix="both", keywords=KEYWORDS, **BILINGUAL)
    english = _publish(parks, 1, prefix="english", keywords={"en": ["parks"]})
    result = _check("catalogue.bilingual_metadata")
    assert result.done and result.evidence.startswith("4 of 5 published datasets (80%)")  # the target, reached
    english += _publish(parks, 1, prefix="english-too", keywords={"en": ["parks"]})
    assert not _check("catalogue.bilingual_metadata").done  # 4 of 6
    catalog_services.update_dataset(factory_admin(), english[1], BILINGUAL, keywords=KEYWORDS)
    assert "5 of 6" in _check("catalogue.bilingual_metadata").evidence


def test_contacts_themes_and_formats(parks) -> None:  # type: ignore[no-untyped-def]
    _publish(parks, 1, prefix="with-contact", contact_email="parks@example.org", themes=["environment"])
    assert _check("catalogue.contacts").done
    assert _check("catalogue.themes").done
    assert _check("catalogue.open_formats").done
    _publish(parks, 1, prefix="no-contact", url="https://example.org/report.pdf")
    assert "1 of 2" in _check("catalogue.contacts").evidence
    assert not _check("catalogue.themes").done
    assert not _check("catalogue.open_formats").done


def test_review_process_and_publishers(parks, settings) -> None:  # type: ignore[no-untyped-def]
    assert not _check("catalogue.review_process").done
    _publish(parks, 1)
    assert _check("catalogue.review_process").done
    settings.REQUIRE_REVIEW = False
    assert "without review" in _check("catalogue.review_process").evidence
    for slug in ("roads", "finance"):
        assert not _check("catalogue.several_publishers").done
        _publish(make_organization(slug), 1, prefix=slug)
    assert _check("catalogue.several_publishers").done


def test_program_facts_lead_and_scope() -> None:
    assert not lead_named(SiteFacts()).done
    admin = factory_admin()
    services.add_program_lead(admin, make_user("gis", admin=False))
    assert _check("program.lead_named") == CheckResult(True, "Program leads: gis.")
    assert not _check("program.scope_chosen").done
    services.set_scope(admin, "initiative")
    assert _check("program.scope_chosen").evidence == "Scope chosen: A small initiative."


def test_the_request_channel_is_honestly_not_available_yet_and_can_be_ticked_by_hand() -> None:
    result = _check("community.request_channel")
    assert not result.done and not result.available and "not available yet" in result.evidence
    state = progress.item_state("pilot.request_channel")
    assert not state.done and state.by_hand
    services.tick_item(factory_admin(), "pilot.request_channel", "opendata@example.org")
    state = progress.item_state("pilot.request_channel")
    assert state.done and state.mark.note == "opendata@example.org"


@pytest.fixture
def scratch_registry() -> Iterator[None]:
    saved = dict(checklists._REGISTRY)
    yield
    checklists._REGISTRY.clear()
    checklists._REGISTRY.update(saved)


def test_registry_unknown_failing_and_replaced_checks(scratch_registry: None) -> None:
    unknown = _check("nobody.registered.this")
    assert not unknown.available and "not available yet" in unknown.evidence

    def broken(facts: SiteFacts) -> CheckResult:
        raise RuntimeError("boom")

    register_auto_check("test.broken", broken)
    assert _check("test.broken") == CheckResult(False, "Trousse could not check this just now.", available=False)

    def better(facts: SiteFacts) -> CheckResult:
        return CheckResult(True, "Adopted by council resolution 2025-114.")

    with pytest.raises(ValueError, match="already registered"):
        register_auto_check("catalogue.licence_adopted", better)
    register_auto_check("catalogue.licence_adopted", better, replace=True)
    assert progress.item_state("policy.licence").evidence == "Adopted by council resolution 2025-114."


def test_each_check_runs_once_per_page(scratch_registry: None) -> None:
    calls: list[int] = []

    def counted(facts: SiteFacts) -> CheckResult:
        calls.append(1)
        return CheckResult(True, "ok")

    register_auto_check("catalogue.ten_datasets", counted, replace=True)
    progress.path_progress("program")  # used by a stage item and a chapter item
    assert len(calls) == 1
