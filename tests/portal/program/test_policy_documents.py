"""The policy kit's documents: the substitutions in both languages, and the Markdown, HTML and DOCX exports."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

import pytest
from docx import Document

from trousse.portal.program.policy import documents, exports
from trousse.portal.program.policy.documents import KINDS, render_all, render_document
from trousse.portal.program.policy.jurisdictions import JURISDICTIONS, PRIVACY_ACTS
from trousse.portal.program.policy.sample import SAMPLE_VALUES

OGL_EN = "https://open.canada.ca/en/open-government-licence-canada"
OGL_FR = "https://open.canada.ca/fr/licence-du-gouvernement-ouvert-canada"


@pytest.fixture(scope="module")
def docs() -> dict[str, dict[str, str]]:
    return render_all(SAMPLE_VALUES, 3)


def test_every_document_is_written_in_both_languages_with_no_placeholder_left(docs) -> None:  # type: ignore[no-untyped-def]
    assert set(docs) == {kind.code for kind in KINDS}
    for kind, texts in docs.items():
        for lang in ("en", "fr"):
            text = texts[lang]
            assert text.startswith("# "), (kind, lang)
            assert "{{" not in text and "{%" not in text and "\n\n\n" not in text
            assert "Version 3" in text
    assert docs["policy"]["en"].startswith("# Open Data Policy")
    assert docs["policy"]["fr"].startswith("# Politique sur les données ouvertes")


def test_municipal_ogl_substitutions_in_english(docs) -> None:  # type: ignore[no-untyped-def]
    text = docs["licence"]["en"]
    assert "# Licence Adoption: Open Government Licence – Town of Maple Point" in text
    assert "“Information Provider” means the Town of Maple Point" in text
    assert "“the Government of Canada” reads “Town of Maple Point”" in text
    assert "*Municipal Freedom of Information and Protection of Privacy Act*" in text
    assert "governed by the laws of Ontario and the applicable laws of Canada" in text
    assert "may only be brought in the courts of Ontario" in text
    assert "> Contains information licensed under the Open Government Licence – Town of Maple Point." in text
    assert f"<{OGL_EN}>" in text  # a link to the reference text, not a copy of it
    assert "Town Council" in text


def test_municipal_ogl_substitutions_in_french(docs) -> None:  # type: ignore[no-untyped-def]
    text = docs["licence"]["fr"]
    assert "# Adoption de la licence : Licence du gouvernement ouvert – Ville de Pointe-aux-Érables" in text
    assert "« Fournisseur d’information » désigne la Ville de Pointe-aux-Érables" in text
    assert ("*Loi sur l’accès à l’information municipale et la protection de la vie privée*" in text)
    assert "régie par les lois de l’Ontario et par les lois du Canada" in text
    assert "que devant les tribunaux de l’Ontario" in text
    assert ("> Contient des informations visées par la Licence du gouvernement ouvert – Ville de "
            "Pointe-aux-Érables.") in text
    assert f"<{OGL_FR}>" in text
    assert "Conseil municipal" in text


def test_policy_directive_and_terms_carry_the_town_its_act_and_departments(docs) -> None:  # type: ignore[no-untyped-def]
    assert "- Parks and Recreation\n" in docs["policy"]["en"]
    assert "- Parcs et loisirs\n" in docs["policy"]["fr"]
    assert "- Maple Point Transit\n" in docs["directive"]["en"]
    for lang, act in (("en", PRIVACY_ACTS["on-mfippa"].name.en), ("fr", PRIVACY_ACTS["on-mfippa"].name.fr)):
        assert act in docs["policy"][lang] and act in docs["terms"][lang] and act in docs["directive"][lang]
    assert "<opendata@maplepoint.example>" in docs["terms"]["en"]
    assert "Any dispute about them is settled in the courts of Ontario." in docs["terms"]["en"]
    assert "Tout litige à leur sujet est porté devant les tribunaux de l’Ontario." in docs["terms"]["fr"]
    assert "> Contains information licensed under the Open Government Licence – Town of Maple Point." in \
        docs["terms"]["en"]


def test_other_licences_link_their_text_and_word_attribution_as_they_require() -> None:
    cc0 = {**SAMPLE_VALUES, "licence": "cc0-1.0", "province": "QC", "privacy_act": "qc-access"}
    text = render_document("licence", "fr", cc0, 1)
    assert "CC0 1.0 universel" in text and "<https://creativecommons.org/publicdomain/zero/1.0/deed.fr>" in text
    assert "n’ont pas à mentionner la source" in text and "les tribunaux du Québec" in text
    assert "Loi sur l’accès aux documents des organismes publics" in text
    odbl = render_document("terms", "en", {**SAMPLE_VALUES, "licence": "odbl-1.0", "province": "BC",
                                           "privacy_act": ""}, 1)
    assert "under the same licence" in odbl and "courts of British Columbia" in odbl
    assert "> Contains information from the Town of Maple Point, made available under the Open Data Commons" in odbl
    other = {**SAMPLE_VALUES, "privacy_act": "other", "privacy_act_other_en": "Local Privacy Act",
             "privacy_act_other_fr": "Loi locale sur la vie privée"}
    assert "Loi locale sur la vie privée" in render_document("policy", "fr", other, 1)


def test_the_municipality_takes_its_article_in_running_text() -> None:
    assert documents.municipality_forms("Canton de Hatley", "fr")["of_municipality"] == "du Canton de Hatley"
    assert documents.municipality_forms("Ville de Gatineau", "fr")["to_municipality"] == "à la Ville de Gatineau"
    assert documents.municipality_forms("Saguenay", "fr")["cap_the_municipality"] == "Saguenay"
    assert documents.municipality_forms("City of Iqaluit", "en")["cap_the_municipality"] == "The City of Iqaluit"
    policy = render_document("policy", "fr", SAMPLE_VALUES, 1)
    assert "services suivants de la Ville de Pointe-aux-Érables :" in policy
    assert "Toute personne peut demander à la Ville de Pointe-aux-Érables de publier" in policy
    english = render_document("policy", "en", {**SAMPLE_VALUES, "licence": "cc-by-4.0"}, 1)
    assert "\nThe Town of Maple Point adopts the Creative Commons Attribution 4.0 International licence as" in english


def test_every_province_and_territory_has_an_act_and_french_wording() -> None:
    assert len(JURISDICTIONS) == 13
    for place in JURISDICTIONS.values():
        assert place.act in PRIVACY_ACTS
        assert place.courts("fr").startswith("les tribunaux ") and place.laws("fr").startswith("les lois ")
        values = {**SAMPLE_VALUES, "province": place.code, "privacy_act": place.act}
        assert place.courts("en") in documents.render_document("terms", "en", values, 1)


def test_html_export_is_a_standalone_lang_tagged_page(docs) -> None:  # type: ignore[no-untyped-def]
    page = exports.standalone_html(docs["licence"]["fr"], lang="fr", title="Adoption", meta={
        "version": 3, "generated": "2026-05-01", "author": "editor", "adopted_on": None, "resolution": ""})
    assert page.startswith("<!DOCTYPE html>") and '<html lang="fr-CA">' in page
    assert "<title>Adoption</title>" in page and "<h1>Adoption de la licence" in page
    assert f'<a href="{OGL_FR}">{OGL_FR}</a>' in page
    assert not re.search(r"<(script|link)\b|src=", page)  # nothing fetched from anywhere


def test_html_body_is_sanitized() -> None:
    html = exports.body_html("# Title\n\n<script>alert(1)</script> [x](javascript:alert(1))\n")
    assert "<script" not in html and "href=\"javascript" not in html and "<h1>Title</h1>" in html
    assert "&lt;script&gt;" in html  # shown as text, never run


def test_docx_export_has_a_title_headings_lists_and_properties(docs) -> None:  # type: ignore[no-untyped-def]
    created = datetime(2026, 5, 1, 14, 0, tzinfo=UTC)
    data = exports.docx_bytes(docs["policy"]["en"], lang="en", title="Open data policy — Town of Maple Point",
                              author="editor", created=created, version=3, subject="Version 3")
    document = Document(io.BytesIO(data))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    assert paragraphs[0] == ("Title", "Open Data Policy")
    headings = [text for style, text in paragraphs if style == "Heading 1"]
    assert headings[:3] == ["1. Purpose", "2. Scope", "3. Principles"]
    bullets = [text for style, text in paragraphs if style == "List Bullet"]
    assert "Parks and Recreation" in bullets and "Office of the Town Clerk" in bullets
    numbered = [text for style, text in paragraphs if style == "List Number"]
    assert numbered[0].startswith("Open by default.")
    bold = [run.text for p in document.paragraphs for run in p.runs if run.bold]
    assert "Open by default." in bold
    props = document.core_properties
    assert (props.title, props.author, props.language, props.revision) == (
        "Open data policy — Town of Maple Point", "editor", "en-CA", 3)
    assert props.created == created


def test_docx_numbered_lists_each_start_at_one(docs) -> None:  # type: ignore[no-untyped-def]
    data = exports.docx_bytes(docs["directive"]["fr"], lang="fr", title="Directive", author="editor",
                              created=datetime(2026, 5, 1, tzinfo=UTC), version=3, subject="Version 3")
    document = Document(io.BytesIO(data))
    numbered = [p for p in document.paragraphs if p.style.name == "List Number"]
    ids = [p._p.pPr.numPr.numId.val for p in numbered]
    assert len(set(ids)) == 4  # four separate numbered lists, four numberings
    numbering = document.part.numbering_part.element
    for num_id in set(ids):
        override = numbering.num_having_numId(num_id).find(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}lvlOverride")
        assert override is not None  # each restarts at 1
    assert document.core_properties.language == "fr-CA"
