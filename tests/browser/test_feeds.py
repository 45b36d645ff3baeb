"""The feeds app in a real browser: schema.org JSON-LD and the "Use this data" panel pass axe in both
languages, and the copy buttons work from the keyboard."""

from __future__ import annotations

import json

import pytest

from tests.browser.catalogue import french_only_catalogue
from tests.browser.snapshots import built_once

pytestmark = pytest.mark.browser
COPIED = {"en": "Copied to the clipboard.", "fr": "Copié dans le presse-papiers."}


@pytest.fixture
def markets(request):  # type: ignore[no-untyped-def]
    """A published dataset whose CSV went through the pipeline (tasks run at once in the browser leg)."""
    return built_once(request, "french-only", french_only_catalogue)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_dataset_page_carries_schema_org_and_alternates(site, markets, lang: str) -> None:  # type: ignore[no-untyped-def]
    page = site.page
    site.visit(f"/{lang}/datasets/{markets.slug}/")
    data = json.loads(page.locator('script[type="application/ld+json"]').text_content() or "{}")
    assert data["@type"] == "Dataset" and data["name"] == "Marchés publics saisonniers"
    assert data["inLanguage"] == lang
    alternates = page.locator('link[rel="alternate"][type="text/turtle"]')
    assert alternates.get_attribute("href") == f"/dataset/{markets.slug}.ttl"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_use_this_data_panel_copies_snippets(site, markets, live_server, lang: str) -> None:  # type: ignore[no-untyped-def]
    site.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = site.page
    resource = markets.resources.get()
    site.visit(f"/{lang}/datasets/{markets.slug}/resources/{resource.pk}/")
    panel = page.locator("section.use-data")
    assert panel.is_visible()
    # The first snippet is open; the DuckDB one opens from the keyboard.
    duckdb = panel.locator("details").filter(has_text="DuckDB SQL")
    duckdb.locator("summary").focus()
    page.keyboard.press("Enter")
    assert duckdb.get_attribute("open") is not None
    code = duckdb.locator("code").text_content() or ""
    assert code.startswith("SELECT * FROM read_parquet('http") and "/derived/parquet" in code
    button = duckdb.locator("button.copy-button")
    assert button.is_visible()  # shown by the script; hidden without JavaScript
    button.focus()
    page.keyboard.press("Enter")
    status = panel.locator(".copy-status")
    status.wait_for(state="visible")
    assert status.inner_text() == COPIED[lang]
    assert page.evaluate("() => navigator.clipboard.readText()") == code
    site.check()  # the panel with its status message still passes axe
