"""The roadmap as an iCalendar feed (RFC 5545): one all-day event per planned release.

Each event keeps its UID for the item's life (the item's UUID), so calendars update it in place
when the date moves. SUMMARY is in the feed's language; DESCRIPTION holds the description, then
the name and description in the other language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from icalendar import Calendar, Event

from trousse.portal.core.localized import pick
from trousse.portal.program.inventory.queries import Row

PRODID = "-//Trousse//Open data roadmap//EN"


def calendar(rows: list[Row], lang: str, *, name: str, url_of: Callable[[Row], str]) -> bytes:
    """Return the iCalendar text of ``rows``, titled ``name``, in ``lang`` with the other language below."""
    other = "fr" if lang == "en" else "en"
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    for row in rows:
        item = row.item
        event = Event()
        event.add("uid", f"{item.uid}@trousse")
        event.add("dtstamp", item.modified.astimezone(dt.UTC))
        event.add("last-modified", item.modified.astimezone(dt.UTC))
        event.add("dtstart", item.planned_release)  # a date: an all-day event (VALUE=DATE)
        event.add("dtend", item.planned_release + dt.timedelta(days=1))
        event.add("summary", pick(item, "name", lang).value)
        lines = [pick(item, "description", lang).value, row.department]
        other_name, other_text = pick(item, "name", other), pick(item, "description", other)
        if other_name.lang == other:
            lines += ["", f"[{other}] {other_name.value}"]
            if other_text.lang == other:
                lines.append(other_text.value)
        event.add("description", "\n".join(line for line in lines if line is not None).strip())
        event.add("url", url_of(row))
        event.add("transp", "TRANSPARENT")  # a release date, not a meeting: it never makes anyone busy
        cal.add_component(event)
    return cal.to_ical()
