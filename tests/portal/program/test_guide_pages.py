"""The guide and the launch path through real HTTP: who sees what, the forms, and both languages."""

from __future__ import annotations

import html
import re
from pathlib import Path

import polib
import pytest
from django.test import Client

from tests.factories import factory_admin, make_organization, make_user
from trousse.portal.core.models import AuditEvent
from trousse.portal.program.guide import content, services
from trousse.portal.program.models_guide import ChecklistMark, ProgramSettings

pytestmark = pytest.mark.django_db
PO = Path(__file__).resolve().parents[3] / "src/trousse/portal/program/locale/fr/LC_MESSAGES/django.po"
STAFF_PAGES = ["/{lang}/workspace/program/", "/{lang}/workspace/program/stages/pilot/",
               "/{lang}/workspace/program/settings/"]


@pytest.fixture
def viewer():  # type: ignore[no-untyped-def]
    return make_user("vera", role="member", organization=make_organization("parks"))


@pytest.fixture
def lead_client(client: Client) -> Client:
    client.force_login(factory_admin())
    return client


def _text(response) -> str:  # type: ignore[no-untyped-def]
    body = response.content.decode()
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def test_the_guide_is_public_and_linked_from_every_footer(client: Client) -> None:
    for lang, label in (("en", "Open data guide"), ("fr", "Guide des données ouvertes")):
        home = client.get(f"/{lang}/")
        assert f'href="/{lang}/program/guide/"' in home.content.decode() and label in _text(home)
        index = client.get(f"/{lang}/program/guide/")
        assert index.status_code == 200
        for chapter in content.chapters():
            page = client.get(f"/{lang}/program/guide/{chapter.slug}/")
            assert page.status_code == 200
            text = _text(page)
            assert chapter.title.get(lang) in text and chapter.items[0].label.get(lang) in text
            assert "<form" not in page.content.decode().split("<footer")[0].split("<main")[1]
    assert client.get("/en/program/guide/no-such-chapter/").status_code == 404


def test_the_public_sees_the_checklist_but_not_who_ticked_it(client: Client) -> None:
    services.tick_item(factory_admin(), "governance.sponsor", "Private note about the CAO.")
    page = client.get("/en/program/guide/governance/")
    text = _text(page)
    assert "A sponsor in senior management is named" in text
    assert "Private note" not in text and "Ticked by" not in text and "Checked automatically" not in text
    assert "/en/workspace/program/settings/" not in page.content.decode()  # staff screens are not linked


@pytest.mark.parametrize("path", STAFF_PAGES)
def test_visitors_log_in_and_accounts_without_a_role_are_refused(client: Client, path: str) -> None:
    url = path.format(lang="en")
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(make_user("nobody"))
    assert client.get(url).status_code == 403


def test_marking_needs_a_login_then_a_lead(client: Client, viewer) -> None:  # type: ignore[no-untyped-def]
    url = "/en/workspace/program/items/planning.sponsor/"
    assert client.post(url, {"action": "tick"}).status_code == 302
    client.force_login(viewer)
    page = client.get("/en/workspace/program/stages/planning/")
    assert page.status_code == 200 and b"Mark as done" not in page.content
    assert client.post(url, {"action": "tick"}).status_code == 403
    assert client.get(url).status_code == 405
    assert not ChecklistMark.objects.exists()


def test_a_lead_ticks_and_unticks_from_the_page_without_javascript(lead_client: Client) -> None:
    stage = "/en/workspace/program/stages/planning/"
    page = lead_client.get(stage)
    assert 'id="note-planning.sponsor"' in page.content.decode()
    response = lead_client.post("/en/workspace/program/items/planning.sponsor/",
                                {"action": "tick", "note": "Council resolution 2025-114", "next": stage})
    assert response.status_code == 302 and response["Location"] == stage + "#item-planning.sponsor"
    page = lead_client.get(stage)
    text = _text(page)
    assert "Ticked: A sponsor in senior management supports the project" in text
    assert re.search(r"Ticked by factory-admin on \d{4}-\d\d-\d\d\. Note: Council resolution 2025-114", text)
    assert "Untick" in text
    lead_client.post("/en/workspace/program/items/planning.sponsor/", {"action": "untick", "next": stage})
    assert "Unticked by factory-admin on" in _text(lead_client.get(stage))
    assert AuditEvent.objects.filter(action__in=("checklist.tick", "checklist.untick")).count() == 2


def test_marking_refuses_unknown_items_automatic_items_and_foreign_addresses(lead_client: Client) -> None:
    assert lead_client.post("/en/workspace/program/items/nope/", {"action": "tick"}).status_code == 404
    response = lead_client.post("/en/workspace/program/items/pilot.ten_datasets/", {"action": "tick"})
    assert response.status_code == 302
    assert "cannot be changed by hand" in _text(lead_client.get(response["Location"].split("#")[0]))
    response = lead_client.post("/en/workspace/program/items/planning.sponsor/",
                                {"action": "tick", "next": "https://evil.example/"})
    assert response["Location"] == "/en/workspace/program/#item-planning.sponsor"
    response = lead_client.post("/en/workspace/program/items/planning.sponsor/", {"action": "explode"})
    assert response.status_code == 302 and not ChecklistMark.objects.filter(done=False).exists()


def test_the_progress_view_shows_the_whole_path_in_words(lead_client: Client) -> None:
    services.set_scope(factory_admin(), "initiative")
    text = _text(lead_client.get("/en/workspace/program/"))
    assert "for the program’s scope: a small initiative" in text
    assert re.search(r"Overall \d+ of \d+ items done \(\d+%\)", text)
    assert "Run a pilot with the community Not in scope not counted" in text
    assert "What’s next" in text and "1. Get oriented" in text
    assert "1. Open data fundamentals" in text  # the chapters' checklists too


def test_settings_change_the_scope_and_name_leads(lead_client: Client, viewer) -> None:  # type: ignore[no-untyped-def]
    url = "/en/workspace/program/settings/"
    response = lead_client.post(url, {"scope": "program"})
    assert response.status_code == 302 and ProgramSettings.objects.get().scope == "program"
    bad = lead_client.post(url, {"scope": "everything"})
    assert bad.status_code == 400 and "Select a valid choice" in _text(bad)
    assert lead_client.post(url, {"add_lead": "1", "user": viewer.pk}).status_code == 302
    assert "vera" in _text(lead_client.get(url))
    assert lead_client.post(url, {"remove_lead": str(viewer.pk)}).status_code == 302
    assert lead_client.post(url, {"remove_lead": "nope"}).status_code == 404

    lead_client.force_login(viewer)  # a member reads the settings and changes nothing
    page = lead_client.get(url)
    assert page.status_code == 200 and b'name="scope"' not in page.content
    assert lead_client.post(url, {"scope": "initiative"}).status_code == 403
    assert ProgramSettings.objects.get().scope == "program"


def _english_only_strings() -> list[str]:
    """Return the program's interface strings whose French differs, long enough to be telling."""
    po = polib.pofile(str(PO))
    found = []
    for entry in po.translated_entries():
        if entry.msgid_plural or "%(" in entry.msgid or entry.msgid == entry.msgstr:
            continue
        if len(entry.msgid.split()) >= 2:
            found.append(entry.msgid)
    return found


def test_french_pages_have_no_english_left(lead_client: Client) -> None:
    services.tick_item(factory_admin(), "planning.sponsor")
    english = _english_only_strings()
    labels = [i.label.en for s in content.sections() for i in s.items if i.label.en != i.label.fr]
    pages = [*(p.format(lang="fr") for p in STAFF_PAGES), "/fr/program/guide/",
             *(f"/fr/program/guide/{c.slug}/" for c in content.chapters()),
             *(f"/fr/workspace/program/stages/{s.slug}/" for s in content.stages())]
    for path in pages:
        response = lead_client.get(path)
        assert response.status_code == 200, path
        text = _text(response)
        leftovers = [s for s in english + labels if s in text]
        assert leftovers == [], (path, leftovers)
        for word in ("Checklist", "Mark as done", "items done", "To do", "Next:", "Checked automatically"):
            assert word not in text, (path, word)
