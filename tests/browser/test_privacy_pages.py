"""The privacy gate's pages in a real browser, in English and French, all under axe: the steward's privacy page,
questionnaire, recipe and risk settings; the reviewer's queue and decision; the public statement (issue #5)."""

from __future__ import annotations

import pytest

from tests.browser.catalogue import PASSWORD
from tests.browser.snapshots import built_once
from tests.factories import make_dataset, make_organization, make_user
from trousse.portal.catalog import services as catalog
from trousse.portal.catalog.models import Dataset
from trousse.portal.core.models import User
from trousse.portal.privacy import services as privacy
from trousse.portal.privacy.models import Questionnaire, Review
from trousse.portal.privacy.questionnaire import QUESTIONS

pytestmark = pytest.mark.browser
COMPLAINTS = (
    "id,plaignant,courriel,code_postal,age,sexe,description\n"
    "1,Jean Tremblay,jean.tremblay@gmail.com,K1A 0B1,34,F,Bruit la nuit\n"
    "2,Marie Roy,marie.roy@hotmail.com,J8X 2K4,51,M,Nid de poule\n"
    "3,Paul Singh,paul.singh@yahoo.ca,K2P 1L4,27,F,Arbre tombé\n"
)
TEXT = {
    "en": {"privacy": "Privacy review", "answer": "Answer the questionnaire", "no": "No", "save": "Save the answers",
           "recipe": "Set a de-identification recipe", "risk": "Risk settings of “complaints”",
           "queue": "Privacy reviews", "record": "Record the decision", "statement": "A privacy review was done on"},
    "fr": {"privacy": "Examen de la confidentialité", "answer": "Répondre au questionnaire", "no": "Non",
           "save": "Enregistrer les réponses", "recipe": "Établir une recette de dépersonnalisation",
           "risk": "Paramètres de risque de « complaints »", "queue": "Examens de la confidentialité",
           "record": "Enregistrer la décision", "statement": "Un examen de la confidentialité a été fait le"},
}


@pytest.fixture
def complaints(request: pytest.FixtureRequest) -> Dataset:
    """A draft with one CSV of complaints, processed and screened by the real pipeline; a steward and a reviewer."""
    return Dataset.objects.get(pk=built_once(request, "complaints", lambda: build_complaints().pk))


def build_complaints() -> Dataset:
    org = make_organization("bylaw", name_en="By-law Services", name_fr="Service des règlements")
    steward = make_user("steward", role="editor", organization=org, password=PASSWORD)
    make_user("reviewer", reviewer=True, password=PASSWORD)
    return make_dataset(org, "complaints", files=[("complaints.csv", COMPLAINTS)], actor=steward,
                        title_fr="Plaintes")


def log_in(site, lang: str, username: str, target: str) -> None:  # type: ignore[no-untyped-def]
    site.visit(f"/{lang}/accounts/login/?next={target}")
    site.page.locator("#id_username").fill(username)
    site.page.locator("#id_password").fill(PASSWORD)
    site.page.locator("main form button[type=submit]").click()
    site.arrive(target)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_steward_reads_the_findings_answers_the_questionnaire_and_opens_the_settings(site, complaints, lang):  # type: ignore[no-untyped-def]
    text, page = TEXT[lang], site.page
    log_in(site, lang, "steward", f"/{lang}/workspace/datasets/complaints/")
    page.locator("main .status-line").get_by_role("link", name=text["privacy"]).click()
    site.arrive(f"/{lang}/workspace/privacy/datasets/complaints/")
    assert page.locator(".privacy-level-high").count() == 1
    assert page.locator("table.privacy-findings tbody tr").count() >= 3
    assert "jean.tremblay@gmail.com" not in page.content()
    site.screenshot(f"privacy-dataset-{lang}")

    page.get_by_role("link", name=text["answer"]).click()
    site.arrive(f"/{lang}/workspace/privacy/datasets/complaints/questionnaire/")
    for radio in page.locator("input[type=radio][value=no]").all():
        radio.check()
    page.get_by_role("button", name=text["save"]).click()
    site.arrive(f"/{lang}/workspace/privacy/datasets/complaints/")
    assert Questionnaire.objects.get().answers  # saved through the service

    page.get_by_role("link", name=text["recipe"]).click()
    site.arrive(f"/{lang}/workspace/privacy/resources/{complaints.resources.get().pk}/recipe/")
    assert page.locator("select[name$='-action']").count() >= 6
    page.go_back()
    page.get_by_role("link", name=text["risk"]).click()
    site.arrive(f"/{lang}/workspace/privacy/resources/{complaints.resources.get().pk}/tables/1/risk/")
    assert page.locator("input[name=quasi][value=code_postal]").is_checked()  # suggested ones pre-selected


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_reviewer_decides_from_the_queue_and_the_public_page_states_the_review(site, complaints, lang):  # type: ignore[no-untyped-def]
    text, page = TEXT[lang], site.page
    steward = User.objects.get(username="steward")
    privacy.save_questionnaire(steward, complaints, {q.code: {"answer": "no"} for q in QUESTIONS})
    log_in(site, lang, "reviewer", f"/{lang}/workspace/")
    page.get_by_role("link", name=text["queue"]).click()
    site.arrive(f"/{lang}/workspace/privacy/")
    page.locator("table.privacy-queue a[href$='/privacy/datasets/complaints/']").click()
    site.arrive(f"/{lang}/workspace/privacy/datasets/complaints/")

    # Too short a justification: the page comes back with the error (400), nothing is recorded.
    page.locator("input[name=decision][value=approved]").check()
    page.locator("#id_justification").fill("ok")
    site.expect_error_status(400)
    page.get_by_role("button", name=text["record"]).click()
    page.wait_for_selector(".error-summary")
    site.check()
    assert not Review.objects.exists()

    page.locator("input[name=decision][value=approved]").check()
    page.locator("#id_justification").fill("Emails stay private; the complaints are about public places.")
    page.get_by_role("button", name=text["record"]).click()
    page.wait_for_selector(".privacy-reviews")
    site.check()
    assert Review.objects.get().decision == "approved"

    catalog.submit_for_review(steward, complaints)
    catalog.approve_dataset(Review.objects.get().reviewer, complaints)
    site.visit(f"/{lang}/datasets/complaints/")
    assert page.locator(".privacy-statement").get_by_text(text["statement"]).count() == 1
    site.screenshot(f"privacy-public-statement-{lang}")

