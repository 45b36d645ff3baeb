"""The policy kit in a real browser, in English and French: the form (with errors, then filled in), the version
page, a generated document, the adoption and the standalone HTML download, all under axe.
"""

from __future__ import annotations

import pytest

from tests.browser.axe import axe_check
from tests.browser.catalogue import PASSWORD
from tests.factories import make_user
from trousse.portal.catalog.models import Licence
from trousse.portal.program.models_policy import PolicyVersion
from trousse.portal.program.policy.sample import SAMPLE_VALUES

pytestmark = pytest.mark.browser


@pytest.fixture
def lead(transactional_db: None):  # type: ignore[no-untyped-def]
    return make_user("lead", admin=True, password=PASSWORD)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_lead_generates_reads_downloads_and_adopts_the_policy(site, lead, lang):  # type: ignore[no-untyped-def]
    page = site.page
    base = f"/{lang}/workspace/program/policy/"
    site.visit(f"/{lang}/accounts/login/?next={base}")
    page.locator("#id_username").fill("lead")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    site.arrive(base)

    page.locator(f"main a[href='{base}generate/']").click()
    site.arrive(f"{base}generate/")
    # Sent empty: the error summary, in the page's language, leads to the first field.
    with page.expect_response(lambda response: response.request.method == "POST") as posted:
        page.locator("form.policy-form button[type=submit]").click()
    assert posted.value.status == 400
    site.expect_error_status(400)
    summary = page.get_by_role("alert")
    summary.wait_for()
    site.check()
    assert ("Ce champ est obligatoire." if lang == "fr" else "This field is required.") in summary.inner_text()
    summary.get_by_role("link").first.click()
    assert page.evaluate("() => document.activeElement.id") == "id_municipality_en"

    for name in ("municipality_en", "municipality_fr", "approving_body_en", "approving_body_fr",
                 "departments_en", "departments_fr", "contact_en", "contact_fr", "contact_email"):
        page.locator(f"#id_{name}").fill(SAMPLE_VALUES[name])
    page.locator("#id_province").select_option("ON")
    page.locator("input[name=licence][value=ogl-municipal]").check()
    page.locator("form.policy-form button[type=submit]").click()
    site.arrive(f"{base}v1/")
    version = PolicyVersion.objects.get()
    assert version.values["privacy_act"] == "on-mfippa"
    site.screenshot(f"program-policy-version-{lang}")

    # A generated document, read in the page; then its standalone HTML download, checked by axe on its own.
    page.locator(f"a[href='{base}v1/licence/{lang}/']").click()
    site.arrive(f"{base}v1/licence/{lang}/")
    heading = page.locator("article.policy-document h1").inner_text()
    assert heading.endswith("Ville de Pointe-aux-Érables" if lang == "fr" else "Town of Maple Point")
    site.screenshot(f"program-policy-document-{lang}")
    with page.expect_download() as download:
        page.locator(f"a[href='{base}v1/licence/{lang}.html']").click()
    standalone = site.context.new_page()
    standalone.set_content(open(download.value.path(), encoding="utf-8").read())
    assert standalone.evaluate("() => document.documentElement.lang") == f"{lang}-CA"
    axe_check(standalone)
    standalone.close()

    # The adoption: the licence becomes the catalogue's default.
    site.visit(f"{base}v1/")
    page.locator("#id_adopted_on").fill("2026-03-02")
    page.locator("#id_resolution").fill("2026-114")
    page.locator("form[action$='/adopt/'] button[type=submit]").click()
    site.arrive(f"{base}v1/")
    assert "2026-114" in page.locator("main").inner_text()
    assert Licence.objects.get(is_default=True).code == "ogl-municipal"

    # The public licence page, which the catalogue's municipal licence now links to.
    site.visit(f"/{lang}/program/licence/")
    assert page.locator("article.policy-document h1").count() == 1
    site.screenshot(f"program-policy-public-licence-{lang}")
