"""The guide's content files: every chapter and stage is written in both languages and its links resolve."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from trousse.portal.program.checklists import registered_checks
from trousse.portal.program.guide import content

SECTIONS = content.sections()
SAME_IN_BOTH = {"Infrastructure"}
SCREEN = re.compile(r"\]\(screen:([\w:]+)\)")


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def test_ten_chapters_and_six_stages_in_order() -> None:
    assert [c.slug for c in content.chapters()] == [
        "fundamentals", "governance", "principles-policies", "standards", "use-cases", "infrastructure",
        "operations", "community", "risk", "long-term"]
    assert [s.slug for s in content.stages()] == [
        "orientation", "planning", "sample-datasets", "policy", "pilot", "program"]
    assert [g.code for g in content.find("stage", "pilot").groups] == ["pre-launch", "launch", "post-launch"]


@pytest.mark.parametrize("section", content.chapters(), ids=lambda s: s.slug)
def test_each_chapter_is_a_real_page_in_both_languages(section: content.Section) -> None:
    for lang in ("en", "fr"):
        assert 400 <= _words(section.body_markdown(lang)) <= 1000, (section.slug, lang)


@pytest.mark.parametrize("section", SECTIONS, ids=lambda s: f"{s.kind}-{s.slug}")
def test_every_text_and_label_exists_in_both_languages(section: content.Section) -> None:
    for text in (section.title, section.summary, *(i.label for i in section.items),
                 *(link.label for link in section.links), *(g.label for g in section.groups)):
        assert text.en.strip() and text.fr.strip(), section.slug
        # A French label equal to the English one is a forgotten translation, but for the words both share.
        assert text.en != text.fr or text.en in SAME_IN_BOTH, text.en
    for item in section.items:
        assert bool(item.help.en) == bool(item.help.fr), item.code
    assert section.items, f"{section.slug} ends without a checklist"
    en, fr = section.body_markdown("en"), section.body_markdown("fr")
    assert en != fr and _words(en) >= 200 and _words(fr) >= 200


def test_item_codes_are_unique_and_every_automatic_item_names_a_registered_check() -> None:
    codes = [i.code for s in SECTIONS for i in s.items]
    assert len(codes) == len(set(codes))
    autos = {i.auto for s in SECTIONS for i in s.items if i.auto}
    assert autos <= set(registered_checks()), autos - set(registered_checks())
    assert {"catalogue.licence_adopted", "catalogue.ten_datasets", "community.request_channel",
            "readiness.recent_assessment", "catalogue.bilingual_metadata"} <= autos


def test_scopes_shape_the_path() -> None:
    stage = {s.slug: s for s in content.stages()}
    assert not stage["pilot"].applies_to("initiative") and stage["pilot"].applies_to("pilot")
    assert stage["program"].scopes == {"program"}
    planning = {i.code: i for i in stage["planning"].items}
    assert planning["planning.manager"].scopes == {"initiative"}
    assert not planning["planning.working_group"].applies_to("initiative")


@pytest.mark.django_db
@pytest.mark.parametrize("section", SECTIONS, ids=lambda s: f"{s.kind}-{s.slug}")
def test_links_to_trousse_screens_resolve(section: content.Section) -> None:
    names = {m for lang in ("en", "fr") for m in SCREEN.findall(section.body_markdown(lang))}
    for link in section.links:
        assert link.url().startswith("/en/")
    for lang in ("en", "fr"):
        html = section.body_html(lang)
        assert "screen:" not in html
        for name in names:
            with translation.override(lang):
                assert f'href="{reverse(name)}"' in html, (name, lang)
        assert "<h1>" not in html and "<script" not in html
