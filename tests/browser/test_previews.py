"""Previews in a real browser: table, map and chart pass axe in both languages; a map feature's details open
from the keyboard; the table pages, sorts and filters with JavaScript turned off."""

from __future__ import annotations

import re

import pytest

from tests.browser.browsing import path_of
from tests.browser.snapshots import built_once
from tests.factories import (
    factory_admin,
    make_dataset,
    make_organization,
    make_upload,
    make_user,
    prepare_publication,
)
from tests.portal.previews.data import APPROVAL, places_geojson, requests_csv
from trousse.portal.catalog import services

pytestmark = pytest.mark.browser


@pytest.fixture
def previews(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """A published dataset with a CSV and a GeoJSON processed by the pipeline (at once, see conftest)."""
    from trousse.portal.previews import access

    access.clear_cache()  # database ids come back between tests: never serve an earlier test's table
    return built_once(request, "previews", build_previews)


def build_previews() -> dict[str, str]:
    editor = make_user("ed", role="editor", organization=make_organization("works"))
    dataset = make_dataset(editor.memberships.first().organization, "requests", files=())
    csv = services.add_resource(editor, dataset, {"name_en": "Requests", "name_fr": "Demandes"},
                                upload=make_upload("requests.csv", requests_csv()))
    geo = services.add_resource(editor, dataset, {"name_en": "Places", "name_fr": "Lieux"},
                                upload=make_upload("places.geojson", places_geojson()))
    prepare_publication(dataset, privacy_approval=APPROVAL)  # the privacy gate (issue #5)
    services.publish_dataset(factory_admin(), dataset)
    base = f"/datasets/{dataset.slug}/resources"
    return {"table": f"{base}/{csv.pk}/preview/", "chart": f"{base}/{csv.pk}/preview/chart/?column=category",
            "histogram": f"{base}/{csv.pk}/preview/chart/?column=amount",
            "dates": f"{base}/{csv.pk}/preview/chart/?column=created",
            "map": f"{base}/{geo.pk}/preview/map/", "resource": f"{base}/{geo.pk}/"}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_preview_passes_axe_in_both_languages(site, previews, lang):  # type: ignore[no-untyped-def]
    for name in ("resource", "table", "chart", "histogram", "dates", "map"):
        site.visit(f"/{lang}{previews[name]}")
        assert site.page.locator("html").get_attribute("lang") == lang, name
    site.visit(f"/{lang}{previews['table']}?sort=amount&order=desc&f.category=bruit")
    assert site.page.locator("th[aria-sort=descending]").count() == 1
    site.visit(f"/{lang}{previews['table']}?page=99", status=404)
    if lang == "en":
        site.visit(f"/{lang}{previews['map']}")
        site.screenshot("preview-map-en")
        site.visit(f"/{lang}{previews['chart']}")
        site.screenshot("preview-chart-en")


def test_keyboard_opens_a_map_features_details(site, previews):  # type: ignore[no-untyped-def]
    page = site.page
    site.visit(f"/en{previews['map']}")
    point = page.locator("a.map-feature.map-point")
    point.focus()
    assert page.evaluate("() => document.activeElement.getAttribute('aria-label')") == "Arrêt Saint-Denis"
    page.keyboard.press("Enter")
    details = page.locator("#feature-details-body")
    details.locator("h3", has_text="Arrêt Saint-Denis").wait_for()
    assert "stop" in details.locator("dl").inner_text()
    assert path_of(page.url).endswith(previews["map"])  # the details opened in place, no navigation
    assert point.get_attribute("aria-current") == "true"
    site.check()
    # The details link goes to the feature's row in the table view.
    details.get_by_role("link", name="Open this row in the table").click()
    page.wait_for_url(re.compile(r"\?row=\d+$"))
    site.check()
    assert "Arrêt Saint-Denis" in page.locator("table.preview-table tbody").inner_text()


def test_table_works_without_javascript(site, previews):  # type: ignore[no-untyped-def]
    # Every script of the site answers empty: the pages must work on links and forms alone. (Chromium's
    # own switch for JavaScript would also stop axe, which the checks evaluate in the page.)
    site.context.route(re.compile(r"\.js(\?.*)?$"),
                       lambda route: route.fulfill(status=200, content_type="text/javascript", body=""))
    page = site.page
    site.visit(f"/en{previews['table']}")
    assert "Rows 1 to 25 of 60" in page.locator("#row-count").inner_text()
    page.get_by_role("link", name="Next page").click()
    site.arrive(f"/en{previews['table']}?page=2")
    assert page.locator("a[aria-current=page]", has_text="2").count() == 1
    page.locator("th a", has_text="amount").click()
    page.wait_for_url(re.compile(r"sort=amount"))
    site.check()
    assert page.locator("th[aria-sort=ascending]").count() == 1
    page.locator("input[name='f.category']").fill("bruit")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(re.compile(r"f\.category=bruit"))
    site.check()
    categories = page.locator("table.preview-table tbody tr td:nth-child(3)").all_inner_texts()
    assert categories and set(categories) == {"Bruit"}
    # Without scripts a map feature is a link to its row.
    site.visit(f"/en{previews['map']}")
    page.locator("a.map-feature.map-point").click()
    page.wait_for_url(re.compile(r"\?row=\d+$"))
    site.check()
    assert "Arrêt Saint-Denis" in page.locator("table.preview-table tbody").inner_text()
