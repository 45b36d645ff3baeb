"""The public portal in a real browser: every page in both languages passes axe, keeps its place when
the language changes, starts with a working skip link and marks text shown in the other language."""

from __future__ import annotations

import pytest

from tests.browser.browsing import path_of
from tests.browser.catalogue import build_catalogue, french_only_catalogue
from tests.browser.snapshots import built_once

pytestmark = pytest.mark.browser

OTHER = {"en": "fr", "fr": "en"}
QUERY = {"en": "trees", "fr": "arbres"}


@pytest.fixture(scope="session")
def sample_town(tmp_path_factory):  # type: ignore[no-untyped-def]
    from trousse.sample import build_sample_town

    return build_sample_town(tmp_path_factory.mktemp("sample-town"), scale=0.01)


@pytest.fixture
def catalogue(request, sample_town, settings):  # type: ignore[no-untyped-def]
    # Name the site after the sample town, as `trousse demo` does, so the screenshots show a real portal.
    settings.SITE = {**settings.SITE, "municipality_en": sample_town.name.en,
                     "municipality_fr": sample_town.name.fr}
    return built_once(request, "sample-town-catalogue", lambda: build_catalogue(sample_town))


@pytest.fixture
def french_only(request):  # type: ignore[no-untyped-def]
    return built_once(request, "french-only", french_only_catalogue)


def public_pages(catalogue, lang: str) -> list[tuple[str, str, int]]:  # type: ignore[no-untyped-def]
    """Return (name, path, status) for every kind of public page, in ``lang``."""
    trees = catalogue.trees
    return [
        ("home", f"/{lang}/", 200),
        ("search", f"/{lang}/datasets/?q={QUERY[lang]}", 200),
        ("dataset", f"/{lang}/datasets/{trees.slug}/", 200),
        ("resource", f"/{lang}/datasets/{trees.slug}/resources/{catalogue.trees_csv.pk}/", 200),
        ("restricted dataset", f"/{lang}/datasets/{catalogue.restricted.slug}/", 200),
        ("organizations", f"/{lang}/organizations/", 200),
        ("organization", f"/{lang}/organizations/{catalogue.parks.slug}/", 200),
        ("themes", f"/{lang}/themes/", 200),
        ("theme", f"/{lang}/themes/environment/", 200),
        ("login", f"/{lang}/accounts/login/", 200),
        ("not found", f"/{lang}/no-such-page/", 404),
    ]


def in_other_language(path: str) -> str:
    lang, rest = path[1:].split("/", 1)
    return f"/{OTHER[lang]}/{rest}"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_public_page_passes_axe_in_both_languages(site, catalogue, lang):  # type: ignore[no-untyped-def]
    page = site.page
    for name, path, status in public_pages(catalogue, lang):
        site.visit(path, status=status)
        assert page.locator("html").get_attribute("lang") == lang, name
        # The interface itself is in the page language (the French catalogue is compiled and used).
        assert (page.locator("a.skip-link").inner_text() == "Skip to main content") == (lang == "en"), name
        switch = page.locator("a.lang-switch")
        assert switch.get_attribute("hreflang") == OTHER[lang], name
        if status == 200:  # the error page's switch: see test_language_switch_on_an_error_page
            assert path_of(switch.get_attribute("href") or "") == in_other_language(path), name
        if name in ("home", "search", "dataset"):
            site.screenshot(f"{name}-{lang}")

    # A facet on top of a query: the first value of the first facet narrows the results.
    site.visit(f"/{lang}/datasets/?q={QUERY[lang]}")
    facet = page.locator("aside.facets a").first
    href = facet.get_attribute("href") or ""
    assert href.startswith("?q="), href
    facet.click()
    page.wait_for_url(lambda url: path_of(url).endswith(href))
    site.check()
    assert page.locator("aside.facets a[aria-current=true]").count() == 1
    assert page.locator("ul.active-filters li").count() == 1
    title = "Inventaire des arbres de rue" if lang == "fr" else "Street tree inventory"
    assert page.get_by_role("link", name=title).is_visible()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_language_switch_opens_the_same_page_in_the_other_language(site, lang):  # type: ignore[no-untyped-def]
    page = site.page
    site.visit(f"/{lang}/datasets/?q={QUERY[lang]}&sort=title")
    page.locator("a.lang-switch").click()
    page.wait_for_url(f"**/{OTHER[lang]}/datasets/?q={QUERY[lang]}&sort=title")
    site.check()
    assert page.locator("html").get_attribute("lang") == OTHER[lang]
    assert page.locator("#search-q").input_value() == QUERY[lang]


def test_language_switch_on_an_error_page_goes_to_the_other_language(site):  # type: ignore[no-untyped-def]
    site.visit("/en/no-such-page/", status=404)
    assert path_of(site.page.locator("a.lang-switch").get_attribute("href") or "") == "/fr/no-such-page/"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(site, french_only, lang):  # type: ignore[no-untyped-def]
    page = site.page
    site.visit(f"/{lang}/datasets/{french_only.slug}/")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => ({cls: document.activeElement.className,"
                            " href: document.activeElement.getAttribute('href')})")
    assert focused == {"cls": "skip-link", "href": "#main"}
    box = page.locator("a.skip-link").bounding_box()
    assert box is not None and box["y"] >= 0 and box["width"] > 1 and box["height"] > 1, \
        "the skip link must be visible when it has focus"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    # The next Tab continues from the main content, not from the top of the page.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.closest('main') !== null")


def test_french_only_value_is_marked_on_english_pages(site, french_only):  # type: ignore[no-untyped-def]
    page = site.page
    site.visit(f"/en/datasets/{french_only.slug}/")
    heading = page.get_by_role("heading", level=1)
    assert heading.locator("span[lang=fr]").inner_text() == "Marchés publics saisonniers"
    assert heading.locator(".fallback").inner_text() == "(French only)"
    assert page.locator(".description .fallback").inner_text() == "French only"
    assert page.locator(".description [lang=fr]").inner_text().startswith("Les marchés publics")

    site.visit("/en/datasets/?sort=title")
    item = page.locator("li.dataset-item", has_text="Marchés publics saisonniers")
    assert item.locator("h3 span[lang=fr]").inner_text() == "Marchés publics saisonniers"
    assert item.locator(".fallback").inner_text() == "(French only)"

    # The same value on the French page is not marked.
    site.visit(f"/fr/datasets/{french_only.slug}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Marchés publics saisonniers"
    assert page.locator("h1 .fallback, .description .fallback").count() == 0
