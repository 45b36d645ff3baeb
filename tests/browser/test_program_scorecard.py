"""The scorecard, the dashboard and the standards directory in a real browser, in English and French, under axe:
charts drawn (SVG with their data tables), the footer links, a conformance result on the standards page."""

from __future__ import annotations

import pytest

from tests.browser.catalogue import PASSWORD
from tests.browser.snapshots import built_once
from tests.factories import answer_questionnaire, make_dataset, make_organization, make_user
from tests.portal.pipeline.helpers import add_file
from trousse.portal.catalog import services as catalog_services
from trousse.portal.program.indicators.sample import load_sample_indicators

pytestmark = pytest.mark.browser
SCORECARD = {"en": "Open data scorecard", "fr": "Bulletin des données ouvertes"}
STANDARDS = {"en": "Data standards", "fr": "Normes de données"}
STOPS = "stop_id,stop_code,stop_name,stop_lat,stop_lon\nMP1,1001,Main / First,45.42,-75.70\nMP2,1002,Main / Oak,45.43,-75.71\n"


@pytest.fixture
def program(request: pytest.FixtureRequest, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    """Three published datasets (one a processed bus-stop table), a year of history, a lead who logs in."""
    built_once(request, "scorecard", lambda: build_program(django_capture_on_commit_callbacks))


def build_program(capture) -> None:  # type: ignore[no-untyped-def]
    admin = make_user("lead", admin=True, password=PASSWORD)
    org = make_organization("transit")
    stops = make_dataset(org, "transit-stops", files=(), actor=admin, reviewer=admin)
    add_file(capture, admin, stops, "stops.csv", STOPS)
    answer_questionnaire(stops, admin)  # the privacy gate's questionnaire (issue #5)
    catalog_services.publish_dataset(admin, stops, acknowledge=True)
    for slug in ("parks", "budget"):
        make_dataset(org, slug, status="published", files=(), links=[f"https://example.org/{slug}.csv"],
                     actor=admin, reviewer=admin)
    load_sample_indicators(admin)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_scorecard_standards_and_dashboard_pass_axe(site, program, lang):  # type: ignore[no-untyped-def]
    page = site.page
    site.visit(f"/{lang}/")
    page.locator("footer").get_by_role("link", name=SCORECARD[lang], exact=True).click()
    site.arrive(f"/{lang}/program/scorecard/")
    charts = page.locator(".indicator-chart svg[role=img]")
    assert charts.count() == 7  # no dataset has a regular frequency: "up to date" is not measured
    assert charts.first.bounding_box()["height"] > 100  # drawn, not collapsed
    assert page.locator(".chart-line").count() >= 1 and page.locator(".chart-bars rect").count() >= 1
    assert page.locator("li.principle[data-score='100']").count() >= 1  # open by default: 3 of 3
    page.locator("#indicator-published summary").click()  # the chart's values as a table
    assert page.locator("#indicator-published table tbody tr").count() == 13
    site.check()
    site.screenshot(f"program-scorecard-{lang}")

    page.locator("footer").get_by_role("link", name=STANDARDS[lang], exact=True).click()
    site.arrive(f"/{lang}/program/standards/")
    gtfs = page.locator("#standard-gtfs")
    assert gtfs.locator(".conforms").count() == 1
    site.screenshot(f"program-standards-{lang}")

    # The dataset page shows the standard as a badge on the checked resource, linking back.
    gtfs.locator("a[href$='/datasets/transit-stops/']").click()
    site.arrive(f"/{lang}/datasets/transit-stops/")
    badge = page.locator("a.standard-badge")
    assert badge.count() == 1 and ("conforms" in badge.inner_text() or "conforme" in badge.inner_text())

    site.visit(f"/{lang}/accounts/login/?next=/{lang}/workspace/program/dashboard/")
    page.locator("#id_username").fill("lead")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    site.arrive(f"/{lang}/workspace/program/dashboard/")
    assert page.locator(".indicator-chart svg").count() == 7
    page.locator("form[action$='/dashboard/snapshot/'] button").click()
    site.arrive(f"/{lang}/workspace/program/dashboard/")
    assert page.locator(".messages").count() == 1
    site.screenshot(f"program-dashboard-{lang}")
