"""The privacy gate's staff pages and forms (issue #5): roles, real screens from real pipeline runs, bad input."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import make_dataset, make_organization, make_user
from tests.portal.pipeline.helpers import add_file
from trousse.portal.catalog import services as catalog
from trousse.portal.privacy import queries
from trousse.portal.privacy import services as privacy
from trousse.portal.privacy.models import Questionnaire, ResourcePrivacy, Review
from trousse.portal.privacy.questionnaire import QUESTIONS

pytestmark = pytest.mark.django_db

# Complaints with a name, a personal email, a phone number, full postal codes, ages and sex: findings and
# a table at risk of re-identification (every quasi-identifier combination is unique).
COMPLAINTS = (
    "id,plaignant,courriel,telephone,code_postal,age,sexe,description\n"
    "1,Jean Tremblay,jean.tremblay@gmail.com,613-555-0142,K1A 0B1,34,F,Bruit la nuit\n"
    "2,Marie Roy,marie.roy@hotmail.com,(819) 555-0199,J8X 2K4,51,M,Nid de poule\n"
    "3,Paul Singh,paul.singh@yahoo.ca,613.555.0110,K2P 1L4,27,F,Arbre tombé\n"
    "4,Anne Côté,anne.cote@gmail.com,613 555 0123,K1S 5B6,45,M,Déchets\n"
    "5,Luc Gagnon,luc.gagnon@videotron.ca,819-555-0177,J9H 3T2,62,F,Lampadaire brisé\n"
    "6,Sara Lee,sara.lee@gmail.com,613-555-0188,K1N 6N5,38,M,Graffiti\n"
)


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def complaints(org, steward, django_capture_on_commit_callbacks):
    """A draft dataset with one CSV of complaints, processed (and screened) by the real pipeline."""
    dataset = make_dataset(org, "complaints", files=(), title_fr="Plaintes")
    resource = add_file(django_capture_on_commit_callbacks, steward, dataset, "complaints.csv", COMPLAINTS)
    resource.refresh_from_db()
    return dataset, resource


URL = "/{lang}/workspace/privacy/datasets/complaints/"


def test_page_shows_findings_masked_the_risk_and_no_raw_value(complaints, steward):
    _dataset, resource = complaints
    page = client_for(steward).get(URL.format(lang="en"))
    html = page.content.decode()
    assert page.status_code == 200
    assert queries.latest_screen(resource.current_version) is not None
    assert "Risk level" in html and "High risk" in html
    assert "Email address" in html and "Phone number" in html and "Full postal code" in html
    assert "privacy-example" in html and "•" in html  # masked examples
    for raw in ("jean.tremblay@gmail.com", "613-555-0142", "K1A 0B1", "Jean Tremblay"):
        assert raw not in html
    assert "k-anonymity" in html and "Smallest groups" in html
    assert "Column name suggests personal data" in html
    assert "Risk questionnaire" in html and "0 of 9 questions answered" in html
    assert "Your decision" not in html  # a steward does not decide
    assert f"/en/workspace/privacy/resources/{resource.pk}/recipe/" in html

    french = client_for(steward).get(URL.format(lang="fr")).content.decode()
    assert "Niveau de risque" in french and "Risque élevé" in french
    assert "Adresse courriel" in french and "Questionnaire sur les risques" in french


def test_roles_anonymous_other_steward_member_and_reviewer(complaints, org, reviewer):
    url = URL.format(lang="en")
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    other = make_user("other", role="editor", organization=make_organization("parks"))
    assert client_for(other).get(url).status_code in (403, 404)  # another org's draft is not even listed
    assert client_for(other).post(url + "decision/", {"decision": "approved",
                                                      "justification": "x" * 30}).status_code in (403, 404)
    member = make_user("reader", role="member", organization=org)
    assert client_for(member).get(url).status_code == 200  # staff of the organization read it
    assert client_for(member).get(url + "questionnaire/").status_code == 403
    page = client_for(reviewer).get(url)
    assert page.status_code == 200 and "Your decision" in page.content.decode()
    assert client_for(reviewer).get("/en/workspace/privacy/datasets/nope/").status_code == 404


def test_questionnaire_saves_answers_and_refuses_bad_input(complaints, steward):
    dataset, _resource = complaints
    url = URL.format(lang="en") + "questionnaire/"
    client = client_for(steward)
    page = client.get(url)
    assert page.status_code == 200 and QUESTIONS[0].text.en in page.content.decode()

    bad = client.post(url, {QUESTIONS[0].code: "maybe"})
    assert bad.status_code == 400 and "Select a valid choice" in bad.content.decode()
    french = client.post(url.replace("/en/", "/fr/"), {QUESTIONS[0].code: "maybe"})
    assert french.status_code == 400 and "Sélectionnez un choix valide" in french.content.decode()
    assert not Questionnaire.objects.filter(dataset=dataset).exists()

    answers = {q.code: "no" for q in QUESTIONS}
    answers[QUESTIONS[2].code] = "unsure"
    answers[f"{QUESTIONS[2].code}-note"] = "Ask the supplier."
    done = client.post(url, answers)
    assert done.status_code == 302
    stored = Questionnaire.objects.get(dataset=dataset).answers
    assert stored[QUESTIONS[2].code] == {"answer": "unsure", "note": "Ask the supplier."}
    html = client.get(URL.format(lang="en")).content.decode()
    assert "Complete." in html and "Ask the supplier." in html and "Not sure" in html
    assert "Privacy changes" in html and "privacy.questionnaire_saved" in html
    # The form shows what was saved.
    assert client.get(url).context["form"][QUESTIONS[2].code].value() == "unsure"


def test_recipe_editor_saves_the_engine_format_and_the_screen_reruns(complaints, steward):
    _dataset, resource = complaints
    client = client_for(steward)
    url = f"/en/workspace/privacy/resources/{resource.pk}/recipe/"
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200 and "Replace by a pseudonym (keyed hash)" in html
    assert "Suggested: Shorten postal codes to the first three characters (FSA)" in html
    assert "Suggested: Group ages in bands" in html and "Suggested: Drop the column" in html
    form = page.context["form"]
    table = form.tables[0][0]
    columns = form.tables[0][1]
    post = {name: (field.initial if field.initial is not None else "") for name, field in form.fields.items()
            if not name.endswith("-groups")}
    actions = {"plaignant": "pseudonymize", "courriel": "drop", "telephone": "mask", "code_postal": "fsa",
               "age": "age_band", "description": "redact"}
    for ci, column in enumerate(columns, start=1):
        if column in actions:
            post[f"t1-c{ci}-action"] = actions[column]
        if column == "age":
            post[f"t1-c{ci}-top"] = "90"
    bad = dict(post)
    age = columns.index("age") + 1
    bad[f"t1-c{age}-param"] = "-3"
    refused = client.post(url, bad)
    assert refused.status_code == 400 and "Enter a whole number of at least 1." in refused.content.decode()
    stale = dict(post, **{"t1-c1-name": "renamed"})
    assert client.post(url, stale).status_code == 400

    saved = client.post(url, post)
    assert saved.status_code == 302
    recipe = ResourcePrivacy.objects.get(resource=resource).recipes[table]
    assert {"op": "drop", "column": "courriel"} in recipe
    assert {"op": "generalize", "column": "code_postal", "to": "fsa"} in recipe
    assert {"op": "top_code", "column": "age", "max": 90} in recipe
    assert {"op": "generalize", "column": "age", "to": "age_band", "width": 10} in recipe
    # The form reads the stored recipe back.
    again = client.get(url).context["form"]
    assert again.initial.get(f"t1-c{age}-action") or again.fields[f"t1-c{age}-action"].initial == "age_band"


def test_risk_settings_choose_quasi_identifiers_and_refuse_bad_input(complaints, steward):
    _dataset, resource = complaints
    client = client_for(steward)
    url = f"/en/workspace/privacy/resources/{resource.pk}/tables/1/risk/"
    page = client.get(url)
    assert page.status_code == 200
    assert client.get(f"/en/workspace/privacy/resources/{resource.pk}/tables/9/risk/").status_code == 404
    both = client.post(url, {"mode": "chosen", "quasi": ["age", "sexe"], "sensitive": ["age"]})
    assert both.status_code == 400 and "both a quasi-identifier and sensitive" in both.content.decode()
    unknown = client.post(url, {"mode": "chosen", "quasi": ["nope"]})
    assert unknown.status_code == 400
    saved = client.post(url, {"mode": "chosen", "quasi": ["code_postal", "age", "sexe"], "sensitive": ["description"]})
    assert saved.status_code == 302
    settings = ResourcePrivacy.objects.get(resource=resource)
    table = next(iter(settings.quasi_identifiers))
    assert settings.quasi_identifiers[table] == ["code_postal", "age", "sexe"]
    assert settings.sensitive[table] == ["description"]


def test_reviewer_decides_with_a_justification_and_the_queue_lists_the_dataset(complaints, steward, reviewer):
    _dataset, _resource = complaints
    client = client_for(reviewer)
    queue = client.get("/en/workspace/privacy/")
    assert queue.status_code == 200 and "Complaints" in queue.content.decode()
    assert client_for(steward).get("/en/workspace/privacy/").status_code == 403
    url = URL.format(lang="en") + "decision/"
    assert client_for(steward).post(url, {"decision": "approved", "justification": "x" * 40}).status_code == 403
    assert client.get(url).status_code == 405

    short = client.post(url, {"decision": "approved", "justification": "ok"})
    assert short.status_code == 400 and "at least 20 characters" in short.content.decode()
    missing = client.post(url.replace("/en/", "/fr/"), {"decision": "approved"})
    assert missing.status_code == 400 and "Ce champ est obligatoire" in missing.content.decode()
    assert not Review.objects.exists()

    sent_back = client.post(url, {"decision": "rejected",
                                  "justification": "Drop the email column and generalize postal codes first."})
    assert sent_back.status_code == 302
    review = Review.objects.get()
    assert review.decision == "rejected" and review.reviewer == reviewer
    html = client.get(URL.format(lang="en")).content.decode()
    assert "Review history" in html and "Drop the email column" in html and "Sent back" in html


def test_public_pages_say_a_review_was_done_and_the_file_is_a_deidentified_copy(
        complaints, steward, reviewer, django_capture_on_commit_callbacks):
    dataset, resource = complaints
    client = client_for(steward)
    with django_capture_on_commit_callbacks(execute=True):  # saving the recipe processes the file again
        privacy.save_recipe(steward, resource, {"complaints": [
            {"op": "drop", "column": "plaignant"}, {"op": "drop", "column": "courriel"},
            {"op": "drop", "column": "telephone"}, {"op": "generalize", "column": "code_postal", "to": "fsa"},
            {"op": "generalize", "column": "age", "to": "age_band", "width": 20}]})
    privacy.save_questionnaire(steward, dataset, {q.code: {"answer": "no"} for q in QUESTIONS})
    page = client.get(URL.format(lang="en")).content.decode()
    assert "Findings in the original (private)" in page and "Findings in the public copy" in page
    assert "A de-identification recipe applies" in page

    public = f"/en/datasets/{dataset.slug}/"
    assert "A privacy review was done" not in client.get(f"/en/workspace/datasets/{dataset.slug}/").content.decode()
    decided = client_for(reviewer).post(URL.format(lang="en") + "decision/", {
        "decision": "approved", "justification": "Names, emails and phones dropped; postal codes cut to the FSA."})
    assert decided.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        catalog.submit_for_review(steward, dataset)
        catalog.approve_dataset(reviewer, dataset)
    html = Client().get(public).content.decode()
    assert "A privacy review was done on" in html and "de-identified copies" in html
    for private in ("Names, emails and phones", "High risk", "Full postal code", "k-anonymity"):
        assert private not in html
    note = Client().get(f"/en/datasets/{dataset.slug}/resources/{resource.pk}/").content.decode()
    assert "This file is a de-identified copy" in note
    french = Client().get(public.replace("/en/", "/fr/")).content.decode()
    assert "Un examen de la confidentialité a été fait le" in french
