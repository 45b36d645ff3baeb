"""The policy kit through real HTTP: the form, its errors in both languages, the downloads and who may do what."""

from __future__ import annotations

import html
import io
import re

import pytest
from django.test import Client
from docx import Document

from tests.factories import factory_admin, make_organization, make_user
from trousse.portal.catalog.models import Licence
from trousse.portal.program.models_policy import PolicyVersion
from trousse.portal.program.policy import services
from trousse.portal.program.policy.sample import SAMPLE_VALUES

pytestmark = pytest.mark.django_db
BASE = "/{lang}/workspace/program/policy/"


def _text(response) -> str:  # type: ignore[no-untyped-def]
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


@pytest.fixture
def lead_client(client: Client) -> Client:
    client.force_login(factory_admin())
    return client


@pytest.fixture
def viewer():  # type: ignore[no-untyped-def]
    return make_user("vera", role="member", organization=make_organization("parks"))


def _post_form(client: Client, lang: str = "en", **changes: str):  # type: ignore[no-untyped-def]
    return client.post(BASE.format(lang=lang) + "generate/", {**SAMPLE_VALUES, **changes})


def test_a_lead_generates_versions_and_reads_every_document(lead_client: Client) -> None:
    page = lead_client.get("/en/workspace/program/policy/generate/")
    assert page.status_code == 200 and 'name="municipality_fr"' in page.content.decode()
    response = _post_form(lead_client)
    assert response.status_code == 302 and response["Location"] == "/en/workspace/program/policy/v1/"
    version_page = lead_client.get("/en/workspace/program/policy/v1/")
    text = _text(version_page)
    assert "Policy documents, version 1" in text and "Town of Maple Point" in text
    assert "Municipal Freedom of Information and Protection of Privacy Act" in text
    # The form starts from the last version's values; generating again makes version 2.
    again = lead_client.get("/fr/workspace/program/policy/generate/")
    assert 'value="Ville de Pointe-aux-Érables"' in again.content.decode()
    assert _post_form(lead_client, "fr", licence="cc0-1.0")["Location"] == "/fr/workspace/program/policy/v2/"
    assert list(PolicyVersion.objects.values_list("number", flat=True)) == [2, 1]

    document = lead_client.get("/fr/workspace/program/policy/v1/licence/fr/")
    assert document.status_code == 200
    assert '<article class="policy-document" lang="fr">' in document.content.decode()
    assert "Licence du gouvernement ouvert – Ville de Pointe-aux-Érables" in _text(document)
    index = _text(lead_client.get("/en/workspace/program/policy/"))
    assert "Version 2" in index and "Version 1" in index and "Not adopted" in index


def test_downloads_in_three_formats_for_old_and_new_versions(lead_client: Client) -> None:
    services.generate_policy(factory_admin(), SAMPLE_VALUES)
    services.generate_policy(factory_admin(), {**SAMPLE_VALUES, "licence": "odbl-1.0"})
    md = lead_client.get("/en/workspace/program/policy/v1/terms/fr.md")
    assert md.status_code == 200 and md["Content-Type"] == "text/markdown; charset=utf-8"
    assert md["Content-Disposition"] == 'attachment; filename="conditions-utilisation-v1-fr.md"'
    assert md.content.decode().startswith("# Conditions d’utilisation du portail de données ouvertes")
    page = lead_client.get("/en/workspace/program/policy/v2/policy/fr.html")
    body = page.content.decode()
    assert page["Content-Language"] == "fr" and '<html lang="fr-CA">' in body
    assert "<title>Politique sur les données ouvertes — Ville de Pointe-aux-Érables</title>" in body
    assert "Version 2, produite le" in body  # the file's own language, not the page's
    word = lead_client.get("/en/workspace/program/policy/v2/licence/en.docx")
    assert word["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    document = Document(io.BytesIO(word.content))
    assert document.paragraphs[0].style.name == "Title"
    assert document.paragraphs[0].text == ("Licence Adoption: Open Data Commons Open Database License (ODbL) 1.0")
    assert document.core_properties.revision == 2 and document.core_properties.language == "en-CA"
    assert document.core_properties.title == "Licence adoption — Town of Maple Point"
    for missing in ("v3/policy/en.md", "v1/memo/en.md", "v1/policy/de.md", "v1/policy/en.pdf", "v1/memo/en/"):
        assert lead_client.get("/en/workspace/program/policy/" + missing).status_code == 404


@pytest.mark.parametrize(("lang", "required", "province"), [
    ("en", "This field is required.", "Select a valid choice."),
    ("fr", "Ce champ est obligatoire.", "Sélectionnez un choix valide."),
])
def test_form_errors_are_shown_in_the_page_language(lead_client: Client, lang: str, required: str,
                                                    province: str) -> None:
    response = _post_form(lead_client, lang, municipality_fr="", province="XX", contact_email="nope",
                          privacy_act="other", departments_en=" \n - \n")
    assert response.status_code == 400
    text = _text(response)
    assert required in text and province in text
    if lang == "fr":
        assert "Saisissez une adresse de courriel valide." in text
        assert "Nommez au moins un service." in text
        assert "Tapez le nom de la loi, puisque vous avez choisi « Une autre loi »." in text
    else:
        assert "Name at least one department." in text
    assert not PolicyVersion.objects.exists()


def test_adoption_through_the_page(lead_client: Client) -> None:
    services.generate_policy(factory_admin(), SAMPLE_VALUES)
    bad = lead_client.post("/fr/workspace/program/policy/v1/adopt/", {"adopted_on": "2999-01-01", "resolution": ""})
    assert bad.status_code == 400
    assert "La date d’adoption ne peut pas être dans le futur." in _text(bad)
    ok = lead_client.post("/en/workspace/program/policy/v1/adopt/", {"adopted_on": "2026-03-02",
                                                                       "resolution": "2026-114"})
    assert ok.status_code == 302
    assert Licence.objects.get(is_default=True).code == "ogl-municipal"
    text = _text(lead_client.get("/en/workspace/program/policy/v1/"))
    assert "Adopted on" in text and "2026-114" in text
    again = lead_client.post("/en/workspace/program/policy/v1/adopt/", {"adopted_on": "2026-03-03",
                                                                          "resolution": "2026-115"})
    assert again.status_code == 400 and "already recorded as adopted" in _text(again)


def test_staff_read_but_only_leads_generate_and_adopt(client: Client, viewer) -> None:  # type: ignore[no-untyped-def]
    services.generate_policy(factory_admin(), SAMPLE_VALUES)
    assert client.get("/en/workspace/program/policy/")["Location"].startswith("/en/accounts/login/")
    outsider = make_user("olga")
    client.force_login(outsider)
    assert client.get("/en/workspace/program/policy/").status_code == 403
    assert client.get("/en/workspace/program/policy/v1/policy/en.md").status_code == 403
    client.force_login(viewer)
    for url in ("", "v1/", "v1/policy/en/", "v1/policy/en.md", "v1/terms/fr.docx", "v1/licence/en.html"):
        assert client.get("/en/workspace/program/policy/" + url).status_code == 200, url
    index = _text(client.get("/en/workspace/program/policy/"))
    assert "Only the program lead or a site administrator can generate" in index
    assert client.get("/en/workspace/program/policy/generate/").status_code == 403
    assert _post_form(client).status_code == 403
    adopt = client.post("/en/workspace/program/policy/v1/adopt/", {"adopted_on": "2026-03-02", "resolution": "1"})
    assert adopt.status_code == 403
    assert PolicyVersion.objects.count() == 1 and not Licence.objects.filter(is_default=True).exists()
    assert "Record the adoption" not in client.get("/en/workspace/program/policy/v1/").content.decode()
