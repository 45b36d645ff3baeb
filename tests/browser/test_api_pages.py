"""The API documentation page and the API token page, in English and French, by keyboard labels and axe."""

from __future__ import annotations

import pytest

from tests.browser.catalogue import PASSWORD
from tests.factories import make_organization, make_user

pytestmark = pytest.mark.browser


@pytest.fixture
def editor(transactional_db: None) -> None:
    parks = make_organization("parks-recreation", name_en="Parks and Recreation", name_fr="Parcs et loisirs")
    make_user("edith", role="editor", organization=parks, password=PASSWORD)


def test_api_documentation_page_in_both_languages(site) -> None:  # type: ignore[no-untyped-def]
    site.visit("/en/api/")
    page = site.page
    assert page.get_by_role("heading", level=1).inner_text() == "API for developers"
    assert page.get_by_role("heading", name="package_search").is_visible()
    site.visit("/fr/api/")
    assert page.get_by_role("heading", level=1).inner_text() == "API pour les développeurs"


def test_editor_creates_and_revokes_a_token(site, editor) -> None:  # type: ignore[no-untyped-def]
    page = site.page
    site.visit("/en/accounts/login/")
    page.get_by_label("Username").fill("edith")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    site.arrive("/en/workspace/")
    page.get_by_role("link", name="API tokens").click()
    site.arrive("/en/accounts/tokens/")
    page.get_by_label("Name").fill("Nightly upload")
    page.get_by_label("Expires after").select_option("30")
    page.get_by_role("button", name="Create the token").click()
    site.arrive("/en/accounts/tokens/")
    secret = page.get_by_label("Token", exact=True).input_value()
    assert secret.startswith("trs_")
    # The new token works with the API at once.
    answer = page.request.get(site.url("/api/3/action/package_search?include_private=true"),
                              headers={"Authorization": secret})
    assert answer.ok and answer.json()["success"] is True
    site.visit("/fr/accounts/tokens/")
    assert page.get_by_role("heading", level=1).inner_text() == "Jetons d’API"
    assert secret not in page.content()  # shown once only
    page.get_by_role("button", name="Révoquer le jeton « Nightly upload »".replace(" »", "\u00a0»").replace(
        "« ", "«\u00a0")).click()
    site.arrive("/fr/accounts/tokens/")
    assert page.get_by_role("cell", name="Révoqué").is_visible()
    refused = page.request.get(site.url("/api/3/action/package_list"), headers={"Authorization": secret})
    assert refused.status == 403
