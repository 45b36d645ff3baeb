"""The roadmap: the public "coming soon" page by month, and /roadmap.ics parsed back with icalendar."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from tests.factories import factory_admin
from trousse.portal.program.inventory import services
from trousse.portal.program.models_inventory import InventoryItem

pytestmark = pytest.mark.django_db


def _item(name_en: str, name_fr: str, when: dt.date | None, **values) -> InventoryItem:  # type: ignore[no-untyped-def]
    return services.save_item(factory_admin(), InventoryItem(), {
        "name_en": name_en, "name_fr": name_fr, "department": "Parks", "planned_release": when,
        "status": "planned", **values})


@pytest.fixture
def planned() -> dict[str, InventoryItem]:
    today = timezone.localdate()
    soon = (today.replace(day=1) + dt.timedelta(days=40)).replace(day=10)
    return {
        "soon": _item("Playgrounds", "Aires de jeux", soon, description_en="Every playground.",
                      description_fr="Toutes les aires de jeux."),
        "later": _item("Bike lanes", "Pistes cyclables", soon + dt.timedelta(days=95)),
        "late": _item("Trails", "Sentiers", today.replace(day=1) - dt.timedelta(days=20)),
        "secret": _item("Security cameras", "Caméras", soon, confidential=True),
        "undated": _item("Benches", "Bancs", None),
        "done": _item("Parks", "Parcs", soon, status="published"),
    }


def test_the_coming_soon_page_groups_by_month_and_hides_what_it_should(client: Client, planned) -> None:
    html = client.get("/en/program/roadmap/").content.decode()
    assert html.index("Behind schedule") < html.index("Trails") < html.index("Playgrounds") < html.index("Bike lanes")
    for hidden in ("Security cameras", "Benches", ">Parks<"):
        assert hidden not in html
    assert f'id="item-{planned["soon"].uid}"' in html
    assert 'type="text/calendar" href="/roadmap.ics"' in html
    french = client.get("/fr/program/roadmap/").content.decode()
    assert "Aires de jeux" in french and 'href="/roadmap.ics?lang=fr"' in french


def test_the_ics_feed_parses_with_a_stable_uid_per_item(client: Client, planned) -> None:
    response = client.get("/roadmap.ics")
    assert response.status_code == 200 and response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["version"]) == "2.0" and str(calendar["prodid"]).startswith("-//Trousse//")
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {"Playgrounds", "Bike lanes", "Trails"}
    soon = events["Playgrounds"]
    assert str(soon["uid"]) == f"{planned['soon'].uid}@trousse"
    assert soon["dtstart"].dt == planned["soon"].planned_release  # a date: all day
    assert soon["dtstart"].params.get("VALUE") == "DATE" or type(soon["dtstart"].dt) is dt.date
    assert soon["dtstamp"].dt.tzinfo is not None
    assert "Every playground." in str(soon["description"])
    assert "[fr] Aires de jeux" in str(soon["description"]) and "Toutes les aires de jeux." in str(soon["description"])
    assert str(soon["url"]) == f"http://testserver/en/program/roadmap/#item-{planned['soon'].uid}"

    # Moving the date keeps the UID: calendars update the event rather than adding one.
    services.save_item(factory_admin(), planned["soon"], {"planned_release": planned["soon"].planned_release
                                                          + dt.timedelta(days=3)})
    french = Calendar.from_ical(client.get("/roadmap.ics?lang=fr").content)
    moved = next(e for e in french.walk("VEVENT") if str(e["uid"]) == f"{planned['soon'].uid}@trousse")
    assert str(moved["summary"]) == "Aires de jeux" and "[en] Playgrounds" in str(moved["description"])
    assert moved["dtstart"].dt == planned["soon"].planned_release


def test_an_empty_roadmap_is_a_valid_calendar(client: Client) -> None:
    calendar = Calendar.from_ical(client.get("/roadmap.ics").content)
    assert calendar.walk("VEVENT") == []
    assert "No release is planned at the moment." in client.get("/en/program/roadmap/").content.decode()


def test_the_footer_links_the_public_pages_on_every_page(client: Client) -> None:
    html = client.get("/fr/").content.decode()
    assert 'href="/fr/program/inventory/"' in html and 'href="/fr/program/roadmap/"' in html


def test_calendar_clients_may_ask_head_first(client: Client, planned) -> None:
    assert client.head("/roadmap.ics").status_code == 200
    assert client.post("/roadmap.ics").status_code == 405
