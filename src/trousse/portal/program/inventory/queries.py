"""Read the inventory: rows with their score and effective status, searched, filtered and sorted."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from trousse.portal.catalog import queries as catalog_queries
from trousse.portal.catalog.models import Dataset
from trousse.portal.core.localized import current_language, pick
from trousse.portal.program.inventory.columns import header_key
from trousse.portal.program.inventory.scoring import Score, Weights, scores
from trousse.portal.program.models_inventory import InventoryItem, ItemStatus


@dataclass
class Row:
    """An inventory item as a list shows it."""

    item: InventoryItem
    score: Score
    status: str  # "published" once its linked dataset is published, else the item's own status
    department: str  # the organization's name in the page language, else the department as written
    name: str
    public_dataset: Dataset | None  # the linked dataset when the public may see it

    @property
    def status_label(self) -> str:
        return str(ItemStatus(self.status).label)


def all_items() -> QuerySet[InventoryItem]:
    """Return every item with its organization and dataset."""
    return InventoryItem.objects.select_related("organization", "dataset")


def public_items() -> QuerySet[InventoryItem]:
    """Return what the public sees: every item not marked confidential."""
    return all_items().filter(confidential=False)


def build_rows(items: QuerySet[InventoryItem] | list[InventoryItem], weights: Weights | None = None) -> list[Row]:
    """Return the rows of ``items`` with their scores, in the page language."""
    items = list(items)
    lang = current_language()
    visible = set(catalog_queries.visible_datasets(None).filter(
        pk__in={i.dataset_id for i in items if i.dataset_id}).values_list("pk", flat=True))
    found = scores(items, weights)
    rows = []
    for item in items:
        published = item.dataset_id in visible and item.dataset.status == Dataset.Status.PUBLISHED
        department = pick(item.organization, "name", lang).value if item.organization else ""
        rows.append(Row(item, found[item.pk], ItemStatus.PUBLISHED if published else item.status,
                        department or item.department, pick(item, "name", lang).value,
                        item.dataset if item.dataset_id in visible else None))
    return rows


def search(rows: list[Row], text: str = "", department: str = "", status: str = "") -> list[Row]:
    """Keep the rows matching every word of ``text``, the department key and the status."""
    words = header_key(text).split()
    kept = []
    for row in rows:
        if department and row.item.department_key != department:
            continue
        if status and row.status != status:
            continue
        if words:
            item = row.item
            haystack = header_key(" ".join((item.name_en, item.name_fr, item.description_en, item.description_fr,
                                            item.department, row.department, item.data_format)))
            if not all(word in haystack for word in words):
                continue
        kept.append(row)
    return kept


def departments(rows: list[Row]) -> list[tuple[str, str, int]]:
    """Return (key, label, count) for each department of ``rows``, by label."""
    counts = Counter(row.item.department_key for row in rows)
    labels = {row.item.department_key: row.department for row in rows}
    return sorted(((key, labels[key], n) for key, n in counts.items()), key=lambda t: header_key(t[1]))


def statuses(rows: list[Row]) -> list[tuple[str, str, int]]:
    """Return (code, label, count) for each status, in the workflow's order."""
    counts = Counter(row.status for row in rows)
    return [(code, str(label), counts[code]) for code, label in ItemStatus.choices if counts[code]]


_STATUS_ORDER = {code: n for n, code in enumerate(ItemStatus.values)}
SORT_KEYS: dict[str, Any] = {
    "name": lambda r: header_key(r.name),
    "department": lambda r: (header_key(r.department), header_key(r.name)),
    "status": lambda r: _STATUS_ORDER[r.status],
    "frequency": lambda r: r.item.frequency,
    "release": lambda r: r.item.planned_release,
    "value": lambda r: r.score.public_value,
    "demand": lambda r: r.score.demand,
    "requests": lambda r: r.score.requests,
    "effort": lambda r: r.score.effort,
    "risk": lambda r: r.score.risk,
    "score": lambda r: r.score.value,
}
PUBLIC_SORTS = ("name", "department", "status", "frequency", "release")


def sort_rows(rows: list[Row], key: str, descending: bool) -> list[Row]:
    """Sort by ``key`` (a SORT_KEYS name); rows without a value go last either way, then by name."""
    func = SORT_KEYS.get(key, SORT_KEYS["name"])
    by_name = sorted(rows, key=SORT_KEYS["name"])
    known = [r for r in by_name if func(r) is not None]
    unknown = [r for r in by_name if func(r) is None]
    return sorted(known, key=func, reverse=descending) + unknown


def parse_sort(value: str, allowed: tuple[str, ...] | list[str], default: str) -> tuple[str, bool]:
    """Read ``?sort=score`` or ``?sort=-score`` (descending); unknown names fall back to ``default``."""
    descending = value.startswith("-")
    name = value.lstrip("-")
    if name not in allowed:
        return default.lstrip("-"), default.startswith("-")
    return name, descending
