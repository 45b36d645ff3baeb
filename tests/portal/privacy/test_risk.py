"""The risk level: the questionnaire and the screens combine into low, medium or high with reasons (issue #5 §4)."""

from __future__ import annotations

import pytest

from tests.factories import make_dataset
from tests.portal.privacy.gate_data import CLEAN_CSV, add, answer_all
from trousse.portal.privacy import queries, risk, services

pytestmark = pytest.mark.django_db

SIN_CSV = "id,ward,note\n1,3,SIN 130 692 544\n2,3,none\n3,4,none\n4,4,none\n5,5,none\n6,5,none\n"


def codes(assessment: risk.Assessment) -> list[str]:
    return [r.code for r in assessment.reasons]


def test_the_questionnaire_sets_the_level(org, steward, django_capture_on_commit_callbacks):
    dataset = make_dataset(org, "requests", files=())
    assert risk.assess(dataset).level == "medium" and codes(risk.assess(dataset)) == ["questionnaire-incomplete"]
    answer_all(steward, dataset)
    assert risk.assess(dataset).level == "low" and risk.assess(dataset).reasons == []
    services.save_questionnaire(steward, dataset, {**queries.dataset_privacy(dataset).questionnaire.answers,
                                                   "quality_known_errors": {"answer": "unsure", "note": ""}})
    assert risk.assess(dataset).level == "medium"
    services.save_questionnaire(steward, dataset, {**queries.dataset_privacy(dataset).questionnaire.answers,
                                                   "security_infrastructure": {"answer": "yes", "note": "valves"}})
    assessment = risk.assess(dataset)
    assert assessment.level == "high" and assessment.reasons[0].code == "question-security_infrastructure"
    assert assessment.reasons[0].message.fr


def test_screens_set_the_level(org, steward, django_capture_on_commit_callbacks):
    dataset = make_dataset(org, "requests", files=())
    answer_all(steward, dataset)
    clean = add(django_capture_on_commit_callbacks, steward, dataset, "clean.csv", CLEAN_CSV)
    assert risk.assess(dataset).level == "low"
    add(django_capture_on_commit_callbacks, steward, dataset, "sin.csv", SIN_CSV)
    assessment = risk.assess(dataset)
    assert assessment.level == "high" and "finding-sin" in codes(assessment)
    assert "130 692 544" not in repr([r.to_dict() for r in assessment.reasons])
    state = queries.dataset_privacy(dataset)
    assert [b.code for b in state.blockers] == ["privacy-review"]
    assert clean.pk in [s.resource.pk for s in state.resources]
