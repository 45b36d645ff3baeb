"""The assessment's staff pages through real HTTP: permissions, the form, results, history and comparison."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.factories import factory_admin, make_organization, make_user
from trousse.portal.program.assessment import services
from trousse.portal.program.assessment.bank import question_bank
from trousse.portal.program.assessment.sample import RECENT_LEVELS, answers_for, load_sample_assessments
from trousse.portal.program.models_assessment import Assessment

pytestmark = pytest.mark.django_db
BANK = question_bank()
BASE = "/en/workspace/program/assessment/"


def _post_answers(answers: dict[str, bool], action: str, note: str = "") -> dict[str, str]:
    by_key = {q.key: q.field_name for q in BANK.questions}
    return {**{by_key[k]: ("yes" if v else "no") for k, v in answers.items()}, "note": note, "action": action}


@pytest.fixture
def lead_client(client: Client) -> Client:
    client.force_login(factory_admin())
    return client


@pytest.fixture
def editor_client(client: Client) -> Client:
    client.force_login(make_user("edith", role="editor", organization=make_organization("parks")))
    return client


def _draft() -> Assessment:
    return services.start_assessment(factory_admin())


def test_visitors_log_in_and_accounts_without_a_role_are_refused(client: Client) -> None:
    response = client.get(BASE)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(make_user("nobody"))
    assert client.get(BASE).status_code == 403
    assert client.post(BASE + "start/").status_code == 403


def test_staff_read_results_but_only_leads_start_and_answer(editor_client: Client) -> None:
    _, recent = load_sample_assessments(factory_admin())
    page = editor_client.get(BASE)
    assert page.status_code == 200
    assert b"Start a new assessment" not in page.content
    assert editor_client.get(f"{BASE}{recent.pk}/").status_code == 200
    assert editor_client.post(BASE + "start/").status_code == 403
    draft = _draft()
    assert editor_client.get(f"{BASE}{draft.pk}/answers/").status_code == 403
    assert editor_client.post(f"{BASE}{draft.pk}/answers/", {"action": "discard"}).status_code == 403
    assert editor_client.get(f"{BASE}{draft.pk}/").status_code == 404  # a draft has no results yet
    assert Assessment.objects.filter(pk=draft.pk).exists()


def test_a_lead_starts_saves_a_partial_draft_and_finds_the_answers_again(lead_client: Client) -> None:
    response = lead_client.post(BASE + "start/")
    draft = Assessment.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{BASE}{draft.pk}/answers/"
    first, second = BANK.questions[0], BANK.questions[1]
    response = lead_client.post(f"{BASE}{draft.pk}/answers/",
                                _post_answers({first.key: True, second.key: False}, "save", "Kick-off"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.answers == {first.key: True, second.key: False} and draft.note == "Kick-off"
    page = lead_client.get(f"{BASE}{draft.pk}/answers/").content.decode()
    assert re.search(rf'value="yes"[^>]*id="id_{first.field_name}_0"[^>]*checked', page)
    assert re.search(rf'value="no"[^>]*id="id_{second.field_name}_1"[^>]*checked', page)
    assert "Kick-off</textarea>" in page
    # The history page offers to continue the draft rather than start another.
    assert b"Continue the draft assessment" in lead_client.get(BASE).content


def test_completing_with_missing_answers_comes_back_with_an_error_summary_and_keeps_the_answers(
        lead_client: Client) -> None:
    draft = _draft()
    answers = answers_for(RECENT_LEVELS, BANK)
    missing = [a.questions[0] for a in BANK.activities[:2]]
    for question in missing:
        for q in BANK.questions:
            if q.activity == question.activity:
                answers.pop(q.key, None)
    response = lead_client.post(f"{BASE}{draft.pk}/answers/", _post_answers(answers, "complete", "Note kept"))
    assert response.status_code == 400
    page = response.content.decode()
    assert 'class="form-errors error-summary" role="alert"' in page
    assert "2 activities still need an answer before the assessment can be completed." in page
    for activity, question in zip(BANK.activities[:2], missing, strict=True):  # named and linked to
        assert f'<a href="#id_{question.field_name}_0">{activity.name_en}: “{question.text_en}”</a>' in page
    kept = BANK.activities[2].questions[0]
    assert re.search(rf'id="id_{kept.field_name}_0"[^>]*checked', page)  # what was answered is still there
    assert "Note kept</textarea>" in page
    draft.refresh_from_db()
    assert draft.status == Assessment.Status.DRAFT and draft.answers == {}


def test_a_bad_value_is_a_form_error_not_a_crash(lead_client: Client) -> None:
    draft = _draft()
    field = BANK.questions[0].field_name
    response = lead_client.post(f"{BASE}{draft.pk}/answers/", {field: "maybe", "action": "save"})
    assert response.status_code == 400
    assert b"Select a valid choice" in response.content
    # Discarding does not depend on what the form holds.
    response = lead_client.post(f"{BASE}{draft.pk}/answers/", {field: "maybe", "action": "discard"})
    assert response.status_code == 302 and response["Location"] == BASE
    assert not Assessment.objects.exists()
    assert lead_client.get(f"{BASE}999999/").status_code == 404
    assert lead_client.get(f"{BASE}999999/answers/").status_code == 404


def test_completing_shows_the_results_with_a_radar_and_its_table(lead_client: Client) -> None:
    draft = _draft()
    response = lead_client.post(f"{BASE}{draft.pk}/answers/",
                                _post_answers(answers_for(RECENT_LEVELS, BANK), "complete"))
    assert response.status_code == 302 and response["Location"] == f"{BASE}{draft.pk}/"
    page = lead_client.get(response["Location"]).content.decode()
    svg = page[page.index("<svg"):page.index("</svg>")]
    assert 'role="img" aria-labelledby="radar-title radar-desc"' in svg
    assert '<title id="radar-title">Maturity by dimension</title>' in svg
    assert "Policy and legal: Defined (3)." in svg  # the description spells out every level
    points = re.findall(r'<g class="radar-point" data-dimension="(\w+)" data-level="(\d)">', svg)
    assert points == [(d.code, str(min(RECENT_LEVELS[a.key] for a in d.activities))) for d in BANK.dimensions]
    for dimension in BANK.dimensions:  # each point is labelled with its dimension
        assert dimension.name_en.split()[0] in svg
    assert 'id="dimension-levels"' in page and "<th scope=\"row\">Governance and data management</th>" in page
    plan = page[page.index('<ol class="action-plan">'):]
    # The weakest dimensions (level 2) come first, in bank order: governance, then people.
    assert plan.index("Data ownership and stewardship") < plan.index("Training and data literacy")
    assert "Define the data steward role" in plan
    # Completed: the form is closed and sends back to the results.
    assert lead_client.get(f"{BASE}{draft.pk}/answers/")["Location"] == f"{BASE}{draft.pk}/"


def test_results_and_history_in_french(lead_client: Client) -> None:
    _, recent = load_sample_assessments(factory_admin())
    page = lead_client.get(f"/fr/workspace/program/assessment/{recent.pk}/").content.decode()
    assert "Gouvernance et gestion des données" in page and "Défini (3)" in page
    assert "Plan d’action" in page
    # SVG coordinates stay numbers with a decimal point, whatever the page language's number format.
    coordinates = re.findall(r' (?:cx|cy|x1|y1|x2|y2)="([^"]*)"', page)
    assert coordinates and all(re.fullmatch(r"\d+(\.\d+)?", c) for c in coordinates)
    history = lead_client.get("/fr/workspace/program/assessment/").content.decode()
    assert "Comparer deux autoévaluations" in history


def test_compare_puts_two_assessments_side_by_side_with_the_changes(lead_client: Client) -> None:
    older, recent = load_sample_assessments(factory_admin())
    page = lead_client.get(BASE + "compare/")  # the latest two by default
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count("<svg") == 2 and html.count('class="radar-point"') == 2 * len(BANK.dimensions)
    table = html[html.index('id="compare-dimensions"'):html.index("</table>", html.index('id="compare-dimensions"'))]
    row = table[table.index("Leadership and strategy"):]
    assert re.match(r"Leadership and strategy</th><td>Repeatable \(2\)</td><td>Defined \(3\)</td>\s*"
                    r'<td class="change change-up">\+1 level</td>', row)
    governance = table[table.index("Governance and data management"):]
    assert re.match(r"Governance and data management</th><td>Initial \(1\)</td><td>Repeatable \(2\)</td>", governance)
    assert "data ownership" not in table.lower()  # activities are in their own table
    # Chosen in either order, the earlier one is on the left.
    swapped = lead_client.get(f"{BASE}compare/?before={recent.pk}&after={older.pk}").content.decode()
    assert "Leadership and strategy</th><td>Repeatable (2)</td><td>Defined (3)</td>" in swapped


def test_compare_refuses_unknown_or_identical_assessments_clearly(lead_client: Client) -> None:
    _, recent = load_sample_assessments(factory_admin())
    response = lead_client.get(f"{BASE}compare/?before={recent.pk}&after={recent.pk}")
    assert response.status_code == 400 and b"Choose two different assessments." in response.content
    response = lead_client.get(f"{BASE}compare/?before=abc&after={recent.pk}")
    assert response.status_code == 400 and b"Choose two completed assessments from the lists." in response.content
    draft = _draft()
    response = lead_client.get(f"{BASE}compare/?before={draft.pk}&after={recent.pk}")
    assert response.status_code == 400


def test_compare_with_fewer_than_two_assessments_says_two_are_needed(lead_client: Client) -> None:
    admin = factory_admin()
    only = services.complete_assessment(admin, services.start_assessment(admin), answers_for({}, BANK))
    for query in ("", f"?before={only.pk}&after={only.pk}"):
        response = lead_client.get(f"{BASE}compare/{query}")
        assert response.status_code == 200
        assert b"Two completed assessments are needed for a comparison." in response.content
        assert b"<svg" not in response.content
