"""The privacy services: permissions, validation with bilingual messages, audit rows, reprocessing (issue #5)."""

from __future__ import annotations

import pytest
from django.utils import translation

from tests.factories import make_dataset, make_user
from tests.portal.privacy.gate_data import COMPLAINTS_CSV, add, answer_all
from trousse.portal.core.errors import DomainError, PermissionDeniedError
from trousse.portal.core.models import AuditEvent
from trousse.portal.pipeline.models import PipelineRun
from trousse.portal.privacy import queries, questionnaire, services
from trousse.portal.privacy.models import ResourcePrivacy

pytestmark = pytest.mark.django_db


@pytest.fixture
def screened(org, steward, django_capture_on_commit_callbacks):
    dataset = make_dataset(org, "requests", files=())
    resource = add(django_capture_on_commit_callbacks, steward, dataset, "requests.csv", COMPLAINTS_CSV)
    return dataset, resource


def test_the_questionnaire_is_validated_and_audited(org, steward):
    dataset = make_dataset(org, "requests", files=())
    member = make_user("member", role="member", organization=org)
    with pytest.raises(PermissionDeniedError):
        services.save_questionnaire(member, dataset, {})
    for bad in ({"nope": "yes"}, {"personal_about_people": "maybe"}, ["yes"],
                {"personal_about_people": {"answer": "", "note": "why"}},
                {"personal_about_people": {"answer": "no", "note": "x" * 2001}}):
        with pytest.raises(questionnaire.QuestionnaireError):
            services.save_questionnaire(steward, dataset, bad)
    with translation.override("fr"), pytest.raises(questionnaire.QuestionnaireError) as refused:
        services.save_questionnaire(steward, dataset, {"personal_about_people": "peut-être"})
    assert "oui, non ou incertain" in str(refused.value.message)
    saved = services.save_questionnaire(steward, dataset, {"personal_about_people": "yes"})
    assert not questionnaire.complete(saved.answers)
    answer_all(steward, dataset)
    assert questionnaire.complete(queries.dataset_privacy(dataset).questionnaire.answers)
    assert AuditEvent.objects.filter(action="privacy.questionnaire_saved", actor=steward).count() == 2
    assert 8 <= len(questionnaire.QUESTIONS) <= 10
    assert {q.topic for q in questionnaire.QUESTIONS} == set(questionnaire.TOPICS)


def test_a_recipe_is_checked_against_the_screened_columns(screened, steward, django_capture_on_commit_callbacks):
    _dataset, resource = screened
    for bad in ({"": [{"op": "explode", "column": "courriel"}]}, {"": [{"op": "drop", "column": "email"}]},
                {"other-table": [{"op": "drop", "column": "courriel"}]}, {"": "drop"}, ["drop"]):
        with pytest.raises(DomainError):
            services.save_recipe(steward, resource, bad)
    with translation.override("fr"), pytest.raises(services.RecipeError) as refused:
        services.save_recipe(steward, resource, {"": [{"op": "drop", "column": "email"}]})
    assert "aucune colonne" in str(refused.value.message)
    with pytest.raises(PermissionDeniedError):
        services.save_recipe(make_user("reviewer", reviewer=True), resource, {"": []})
    runs = PipelineRun.objects.filter(version__resource=resource).count()
    with django_capture_on_commit_callbacks(execute=True):
        settings = services.save_recipe(steward, resource, {"requests": [{"op": "pseudonymize", "column": "courriel"}]})
    assert settings.has_recipe() and len(settings.pseudonym_key) == 64
    assert PipelineRun.objects.filter(version__resource=resource).count() == runs + 1  # processed again
    event = AuditEvent.objects.get(action="privacy.recipe_saved")
    assert event.actor == steward and settings.pseudonym_key not in repr(event.changes)
    screen = queries.latest_screen(resource.current_version)
    assert screen.deidentified and "courriel:email" not in " ".join(queries.finding_keys(screen))


def test_risk_settings_name_real_columns(screened, steward, django_capture_on_commit_callbacks):
    _dataset, resource = screened
    with pytest.raises(services.RiskSettingsError):
        services.save_risk_settings(steward, resource, "requests", ["no_such_column"], [])
    with pytest.raises(services.RiskSettingsError):
        services.save_risk_settings(steward, resource, "elsewhere", ["ward"], [])
    with pytest.raises(services.RiskSettingsError):
        services.save_risk_settings(steward, resource, "requests", ["ward"], ["ward"])
    with django_capture_on_commit_callbacks(execute=True):
        services.save_risk_settings(steward, resource, "requests", ["ward"], ["description"])
    stored = ResourcePrivacy.objects.get(resource=resource)
    assert stored.quasi_identifiers == {"requests": ["ward"]} and stored.sensitive == {"requests": ["description"]}
    risk = queries.latest_screen(resource.current_version).tables[0]["risk"]
    assert risk["quasi_identifiers"] == ["ward"] and risk["quasi_identifiers_source"] == "given"
    with django_capture_on_commit_callbacks(execute=True):
        services.save_risk_settings(steward, resource, "requests", None, [])
    assert "requests" not in ResourcePrivacy.objects.get(resource=resource).quasi_identifiers
    assert AuditEvent.objects.filter(action="privacy.risk_settings_saved").count() == 2


def test_decisions_need_a_reviewer_and_a_justification(screened, steward):
    dataset, _resource = screened
    reviewer = make_user("reviewer", reviewer=True)
    with pytest.raises(DomainError):
        services.decide(reviewer, dataset, "maybe", "A long enough justification for the record.")
    with pytest.raises(services.DecisionError):
        services.decide(reviewer, dataset, "approved", "   too short         ")
    review = services.decide(reviewer, dataset, "rejected", "Mask the phone numbers before anything else.")
    assert review.covered == [] and review.reasons and review.screens.count() == 1
    assert AuditEvent.objects.get(action="privacy.rejected").comment.startswith("Mask the phone")
