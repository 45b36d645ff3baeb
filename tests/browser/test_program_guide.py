"""The guide and the launch path in a real browser, in English and French: a public chapter, the progress
view, a stage ticked by hand through its form (no JavaScript needed), all under axe."""

from __future__ import annotations

import pytest

from tests.browser.catalogue import PASSWORD
from tests.factories import make_organization, make_user
from trousse.portal.program.models_guide import ChecklistMark
from trousse.portal.program.sample import load_sample_guide

pytestmark = pytest.mark.browser
CHECKLIST = {"en": "Checklist", "fr": "Liste de contrôle"}
MARK = {"en": "Mark as done", "fr": "Marquer comme fait"}


@pytest.fixture
def program(transactional_db: None) -> None:
    """The sample town's pilot under way, led by the demo editor; a site admin logs in with PASSWORD."""
    admin = make_user("lead", admin=True, password=PASSWORD)
    make_user("editor", role="editor", organization=make_organization("parks"))
    load_sample_guide(admin)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_public_chapter_and_the_progress_view_pass_axe(site, program, lang):  # type: ignore[no-untyped-def]
    page = site.page
    site.visit(f"/{lang}/")
    page.locator("footer a[href$='/program/guide/']").click()
    site.arrive(f"/{lang}/program/guide/")
    page.locator("ol.guide-chapters a").first.click()
    site.arrive(f"/{lang}/program/guide/fundamentals/")
    assert page.locator("h2#checklist-title").inner_text() == CHECKLIST[lang]
    assert page.locator("main form").count() == 0  # the public reads; staff tick
    site.screenshot(f"program-guide-chapter-{lang}")

    site.visit(f"/{lang}/accounts/login/?next=/{lang}/workspace/program/")
    page.locator("#id_username").fill("lead")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    site.arrive(f"/{lang}/workspace/program/")
    overall = page.locator("p.overall-count").inner_text()
    assert "%" in overall  # progress in words, not only a bar
    rows = page.locator("table.progress-table").first.locator("tbody tr")
    assert rows.count() == 6
    site.screenshot(f"program-progress-{lang}")

    assert page.locator("ol.next-items a").count() >= 1  # what's next, linked to its stage

    # The pilot's stage: its three phases, and an item the sample unticked, ticked again with its form.
    page.locator("table.progress-table a[href$='/stages/pilot/']").click()
    site.arrive(f"/{lang}/workspace/program/stages/pilot/")
    assert page.locator("section.checklist h3").count() == 3
    before = ChecklistMark.objects.filter(done=True).count()
    form = page.locator("#item-pilot\\.engagement_plan form.item-form")
    form.locator("input[name=note]").fill("OK")
    form.get_by_role("button", name=MARK[lang]).click()
    page.wait_for_load_state()
    site.check()
    assert page.locator("p.messages, div.messages").first.is_visible()
    assert ChecklistMark.objects.filter(done=True).count() == before + 1

    # The settings: the scope as radio buttons, the leads, the recent changes from the audit log.
    site.visit(f"/{lang}/workspace/program/settings/")
    assert page.locator("input[name=scope][value=pilot]").is_checked()
    assert page.locator("ul.leads li").count() == 1
