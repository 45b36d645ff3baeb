"""The 2026 curbside collection calendar: one row per zone, date and stream.

Four zones, one weekday each. Garbage and recycling alternate weeks; compost
is weekly from May to October and every other week otherwise; yard waste is
picked up weekly for a few weeks each spring and fall. A statutory holiday
pushes the rest of that week's collection one day later.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from trousse.engine.metadata.model import LocalizedText, ResourceMeta
from trousse.sample.tables.files import file_resource, write_csv

YEAR = 2026

# zone -> (collection weekday, 0 = Monday; wards in the zone)
ZONES = {"A": (0, "1;5"), "B": (1, "2;6"), "C": (2, "3;7"), "D": (3, "4;8")}

DAYS = (("monday", "lundi"), ("tuesday", "mardi"), ("wednesday", "mercredi"), ("thursday", "jeudi"),
        ("friday", "vendredi"))  # fmt: skip

STREAMS = {
    "garbage": ("Garbage", "Ordures ménagères"),
    "recycling": ("Recycling", "Recyclage"),
    "compost": ("Compost", "Compost"),
    "yard_waste": ("Yard waste", "Résidus de jardin"),
}

# New Brunswick statutory holidays in 2026, with Christmas and Boxing Day as the town observes them.
HOLIDAYS = (
    dt.date(2026, 1, 1), dt.date(2026, 2, 16), dt.date(2026, 4, 3), dt.date(2026, 5, 18),
    dt.date(2026, 7, 1), dt.date(2026, 8, 3), dt.date(2026, 9, 7), dt.date(2026, 10, 12),
    dt.date(2026, 11, 11), dt.date(2026, 12, 25), dt.date(2026, 12, 28),
)  # fmt: skip

HEADER = ("zone", "wards", "date", "day", "day_fr", "stream", "stream_en", "stream_fr", "moved_by_holiday")


def _streams(monday: dt.date) -> list[str]:
    week = monday.isocalendar().week
    streams = ["garbage" if week % 2 == 0 else "recycling"]
    if 5 <= monday.month <= 10 or week % 2 == 0:
        streams.append("compost")
    spring = dt.date(YEAR, 4, 27) <= monday <= dt.date(YEAR, 5, 18)
    fall = dt.date(YEAR, 10, 19) <= monday <= dt.date(YEAR, 11, 16)
    if spring or fall:
        streams.append("yard_waste")
    return streams


def _collection_day(monday: dt.date, weekday: int) -> tuple[dt.date, bool]:
    """Return the zone's collection date in the week of ``monday``, after holiday shifts."""
    day = monday + dt.timedelta(days=weekday)
    shift = sum(1 for h in HOLIDAYS if monday <= h <= day)
    return day + dt.timedelta(days=shift), shift > 0


def collection_rows() -> list[tuple]:
    """Return every collection of the year, ordered by date and zone."""
    monday = dt.date(YEAR - 1, 12, 29)  # the week of 1 January
    rows = []
    while monday.year <= YEAR:
        for zone, (weekday, wards) in ZONES.items():
            day, moved = _collection_day(monday, weekday)
            if day.year != YEAR:
                continue
            for stream in _streams(monday):
                en, fr = STREAMS[stream]
                rows.append((zone, wards, day.isoformat(), *DAYS[day.weekday()], stream, en, fr,
                             "true" if moved else "false"))  # fmt: skip
        monday += dt.timedelta(days=7)
    rows.sort(key=lambda r: (r[2], r[0]))
    return rows


def write_waste_collection(directory: Path, scale: float) -> tuple[ResourceMeta, ...]:
    """Write the collection calendar CSV and describe it."""
    path = write_csv(directory / "waste-collection-schedule.csv", HEADER, collection_rows())
    return (
        file_resource(
            path,
            LocalizedText(f"Collection calendar {YEAR} (CSV)", f"Calendrier de collecte {YEAR} (CSV)"),
            "CSV",
            "en+fr",
        ),
    )
