"""The roadmap: public, unreleased inventory items with a planned release date, by month."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from trousse.portal.program.inventory import queries as inventory_queries
from trousse.portal.program.inventory.queries import Row
from trousse.portal.program.models_inventory import ItemStatus

UPCOMING = (ItemStatus.CANDIDATE, ItemStatus.PLANNED, ItemStatus.IN_PROGRESS)


@dataclass
class Month:
    """The items planned for one month."""

    first_day: dt.date
    rows: list[Row] = field(default_factory=list)


def roadmap_rows() -> list[Row]:
    """Return the public items planned but not released yet, by date then name."""
    items = inventory_queries.public_items().filter(planned_release__isnull=False, status__in=UPCOMING)
    rows = [r for r in inventory_queries.build_rows(items) if r.status in UPCOMING]
    return sorted(rows, key=lambda r: (r.item.planned_release, inventory_queries.SORT_KEYS["name"](r)))


def by_month(rows: list[Row], today: dt.date | None = None) -> tuple[list[Row], list[Month]]:
    """Split ``rows`` into those past their date (delayed) and the months to come."""
    today = today or timezone.localdate()
    start = today.replace(day=1)
    delayed = [r for r in rows if r.item.planned_release < start]
    months: dict[dt.date, Month] = {}
    for row in rows:
        if row.item.planned_release >= start:
            first = row.item.planned_release.replace(day=1)
            months.setdefault(first, Month(first)).rows.append(row)
    return delayed, list(months.values())
