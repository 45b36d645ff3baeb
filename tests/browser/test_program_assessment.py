"""The readiness self-assessment in a real browser, in English and French: the form (empty, with errors,
answered), the results with their radar, the history and the comparison of two assessments, all under axe.
"""

from __future__ import annotations

import pytest

from tests.browser.catalogue import PASSWORD
from tests.factories import make_user
from trousse.portal.program.assessment.bank import question_bank
from trousse.portal.program.assessment.sample import load_sample_assessments
from trousse.portal.program.models_assessment import Assessment

pytestmark = pytest.mark.browser
DIMENSIONS = len(question_bank().dimensions)


@pytest.fixture
def history(transactional_db: None) -> Assessment:
    """A program lead (site admin) and the sample town's two completed assessments; returns the recent one."""
    admin = make_user("lead", admin=True, password=PASSWORD)
    return load_sample_assessments(admin)[-1]


def _radars_are_drawn(page, expected: int) -> None:  # type: ignore[no-untyped-def]
    charts = page.locator("svg.radar-chart")
    assert charts.count() == expected
    for index in range(expected):
        chart = charts.nth(index)
        box = chart.bounding_box()
        assert box is not None and box["width"] > 300 and box["height"] > 200  # laid out, not collapsed
        assert chart.locator("g.radar-point").count() == DIMENSIONS
        assert chart.locator("g.radar-point circle").first.is_visible()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_lead_answers_the_assessment_and_compares_it_with_the_last_one(site, history, lang):  # type: ignore[no-untyped-def]
    page = site.page
    base = f"/{lang}/workspace/program/assessment/"
    site.visit(f"/{lang}/accounts/login/?next={base}")
    page.locator("#id_username").fill("lead")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    site.arrive(base)

    # The comparison of the sample town's two assessments: two radars, a table with the changes.
    page.locator("form[action$='/compare/'] button[type=submit]").click()
    page.wait_for_url(lambda url: "/compare/?" in url)
    site.check()
    _radars_are_drawn(page, 2)
    assert page.locator("#compare-dimensions td.change-up").count() >= 1
    page.locator(".radar-pair").scroll_into_view_if_needed()
    site.screenshot(f"program-assessment-compare-{lang}")

    # The latest results: a radar, its table, the action plan.
    site.visit(f"{base}{history.pk}/")
    _radars_are_drawn(page, 1)
    assert page.locator("#dimension-levels tbody tr").count() == DIMENSIONS
    assert page.locator("ol.action-plan > li").count() >= 1
    site.screenshot(f"program-assessment-results-{lang}")

    # A new assessment: completing it blank comes back with an error summary that leads to the question.
    site.visit(base)
    page.locator("form[action$='/start/'] button[type=submit]").click()
    draft = Assessment.objects.get(status=Assessment.Status.DRAFT)
    site.arrive(f"{base}{draft.pk}/answers/")
    with page.expect_response(lambda response: response.request.method == "POST") as posted:
        page.locator("button[name=action][value=complete]").click()
    assert posted.value.status == 400
    site.expect_error_status(400)
    summary = page.get_by_role("alert")
    summary.wait_for()
    site.check()
    assert summary.get_by_role("link").count() == len(question_bank().activities)
    summary.get_by_role("link").first.click()
    first = question_bank().activities[0].questions[0]
    assert page.evaluate("() => document.activeElement.id") == f"id_{first.field_name}_0"

    # Answer: "yes" to the first question of every activity, "no" to the second; then complete.
    for activity in question_bank().activities:
        page.locator(f"#id_{activity.questions[0].field_name}_0").check()
        page.locator(f"#id_{activity.questions[1].field_name}_1").check()
    page.locator("button[name=action][value=complete]").click()
    site.arrive(f"{base}{draft.pk}/")
    _radars_are_drawn(page, 1)
    levels = page.locator("g.radar-point").evaluate_all("nodes => nodes.map(n => n.dataset.level)")
    assert levels == ["2"] * DIMENSIONS
