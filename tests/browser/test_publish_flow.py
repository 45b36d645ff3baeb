"""End to end: an editor describes and uploads a dataset, a reviewer approves it, the public finds it.

Everything goes through the pages, as people would use them: the form fields are found by their
labels and the buttons by their names, so the test also proves that the labels are there and right.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.catalogue import PASSWORD
from tests.factories import answer_questionnaire, make_organization, make_user
from trousse.portal.catalog.models import Dataset
from trousse.portal.core.models import User

pytestmark = pytest.mark.browser

SLUG = "farmers-markets"
TITLE_EN = "Farmers’ markets in town parks"
TITLE_FR = "Marchés fermiers des parcs municipaux"
# "Marchés" in the title; the visitor types the singular, without its accent.
FRENCH_QUERY = "marche"


@pytest.fixture
def staff(transactional_db: None) -> None:
    """An editor of Parks and Recreation and a site reviewer, who log in with PASSWORD."""
    parks = make_organization("parks-recreation", name_en="Parks and Recreation", name_fr="Parcs et loisirs")
    make_user("edith", role="editor", organization=parks, password=PASSWORD)
    make_user("rene", reviewer=True, password=PASSWORD)


@pytest.fixture
def markets_csv(tmp_path: Path) -> Path:
    """A small CSV with accents and a quoted comma, the kind of bytes a round trip could damage."""
    path = tmp_path / "farmers-markets.csv"
    rows = ["market_id,park,day_en,day_fr,opens,note",
            "1,Riverside Park,Saturday,samedi,08:00,\"Rain or shine, May to October\"",
            "2,Parc des Érables,Wednesday,mercredi,15:00,Producteurs locaux — fruits et légumes"]
    path.write_bytes(("\r\n".join(rows) + "\r\n").encode("utf-8"))
    return path


def log_in(site, username: str) -> None:  # type: ignore[no-untyped-def]
    page = site.page
    page.get_by_role("link", name="Staff login").click()
    site.arrive("/en/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    site.arrive("/en/workspace/")


def log_out(site, username: str) -> None:  # type: ignore[no-untyped-def]
    page = site.page
    page.get_by_role("button", name=f"Log out ({username})").click()
    site.arrive("/en/")
    assert page.get_by_role("link", name="Staff login").is_visible()


def test_editor_publishes_reviewer_approves_public_finds_and_downloads(site, staff, markets_csv):  # type: ignore[no-untyped-def]
    page = site.page

    # The editor logs in and describes the dataset in both languages.
    site.visit("/en/")
    log_in(site, "edith")
    page.get_by_role("link", name="New dataset").click()
    site.arrive("/en/workspace/datasets/new/")
    # An empty form comes back with an error summary that links to the field, and still passes axe.
    with page.expect_response(lambda response: response.request.method == "POST") as posted:
        page.get_by_role("button", name="Create the draft").click()
    assert posted.value.status == 400
    site.expect_error_status(400)
    summary = page.get_by_role("alert")
    summary.wait_for()  # only the page that came back has it
    site.check()
    summary.get_by_role("link").first.click()
    assert page.evaluate("() => document.activeElement.id") == "id_title_en"
    assert page.get_by_label("Title (English)").get_attribute("aria-invalid") == "true"

    page.get_by_label("Organization").select_option("parks-recreation")
    page.get_by_label("Short name").fill(SLUG)
    page.get_by_label("Title (English)").fill(TITLE_EN)
    page.get_by_label("Title (French)").fill(TITLE_FR)
    page.get_by_label("Description (English)").fill(
        "Where and when the **seasonal farmers’ markets** take place in the town’s parks.")
    page.get_by_label("Description (French)").fill(
        "Les lieux et les heures des **marchés fermiers saisonniers** tenus dans les parcs de la ville.")
    page.get_by_label("Keywords (English)").fill("markets, local food")
    page.get_by_label("Keywords (French)").fill("marchés, alimentation locale")
    page.get_by_label("Spatial coverage (English)").fill("Town parks")
    page.get_by_label("Spatial coverage (French)").fill("Parcs de la ville")
    page.get_by_label("Economy and business").check()
    page.get_by_label("Update frequency").select_option("annual")
    page.get_by_label("Contact name").fill("Parks and Recreation")
    page.get_by_label("Contact e-mail").fill("parks@example.ca")
    assert page.get_by_label("Public", exact=True).is_checked()
    page.get_by_role("button", name="Create the draft").click()
    site.arrive(f"/en/workspace/datasets/{SLUG}/")
    assert page.get_by_role("heading", level=1).inner_text() == TITLE_EN

    # It uploads the CSV the test wrote.
    page.get_by_role("link", name="Add a file or a link").click()
    site.arrive(f"/en/workspace/datasets/{SLUG}/resources/new/")
    page.get_by_label("File", exact=True).set_input_files(markets_csv)
    page.get_by_label("Name (English)").fill("Market days and places (CSV)")
    page.get_by_label("Name (French)").fill("Jours et lieux des marchés (CSV)")
    page.get_by_role("button", name="Add", exact=True).click()
    site.arrive(f"/en/workspace/datasets/{SLUG}/")
    assert page.get_by_role("heading", name="Market days and places (CSV)").is_visible()
    # The pipeline processed it: the manage page shows the run's status and what the steward can do next.
    panel = page.locator(".pipeline-staff")
    expect(panel).to_contain_text("Processing of version 1")
    expect(panel.locator(".pipeline-badge")).to_have_text("Valid ✓")
    assert panel.get_by_role("button", name="Process again").is_visible()

    # The privacy gate (issue #5) wants the risk questionnaire answered: the steward's pages for it are
    # tested in test_privacy_pages.py, so here it is answered through the same service.
    answer_questionnaire(Dataset.objects.get(slug=SLUG), User.objects.get(username="edith"))

    # It submits the dataset for review and logs out.
    page.get_by_role("button", name="Submit for review").click()
    site.arrive(f"/en/workspace/datasets/{SLUG}/")
    expect(page.locator(".status-line .badge")).to_have_text("In review")
    # The workspace and the dataset form pass axe in French too.
    site.visit("/fr/workspace/")
    site.visit(f"/fr/workspace/datasets/{SLUG}/edit/")
    assert page.get_by_label("Titre (français)").input_value() == TITLE_FR
    site.visit(f"/en/workspace/datasets/{SLUG}/")
    log_out(site, "edith")

    # A site reviewer approves it from the review queue.
    log_in(site, "rene")
    page.get_by_role("link", name="Review queue").click()
    site.arrive("/en/workspace/review/")
    page.get_by_role("link", name=TITLE_EN).click()
    site.arrive(f"/en/workspace/datasets/{SLUG}/")
    page.get_by_role("button", name="Approve and publish").click()
    site.arrive(f"/en/workspace/datasets/{SLUG}/")
    expect(page.locator(".status-line .badge")).to_have_text("Published")
    log_out(site, "rene")

    # An anonymous visitor searches in French with another form of a word of the French title.
    site.visit(f"/fr/datasets/?q={FRENCH_QUERY}")
    result = page.get_by_role("link", name=TITLE_FR)
    assert result.is_visible(), f"“{TITLE_FR}” not found for q={FRENCH_QUERY}"
    result.click()
    site.arrive(f"/fr/datasets/{SLUG}/")
    assert page.get_by_role("heading", level=1).inner_text() == TITLE_FR

    # The file downloads from the public page exactly as it was uploaded.
    link = page.locator("a[download]", has_text="Jours et lieux des marchés (CSV)")
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == markets_csv.name
    assert Path(download.path()).read_bytes() == markets_csv.read_bytes()

    # The resource page shows the data dictionary and the other formats; the report page passes axe too.
    site.visit(f"/fr/datasets/{SLUG}/")
    page.get_by_role("link", name="Jours et lieux des marchés (CSV)", exact=True).click()
    page.wait_for_url(lambda url: "/resources/" in url)
    site.check()
    assert page.get_by_role("table", name="Dictionnaire de données").is_visible()
    expect(page.get_by_role("link", name="XLSX")).to_be_visible()
    page.get_by_role("link", name="Voir le rapport de validation complet").click()
    page.wait_for_url(lambda url: url.rstrip("/").endswith("/validation"))
    site.check()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rapport de validation")
