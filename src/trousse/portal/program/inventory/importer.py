"""Import a department's inventory spreadsheet: check every row, add new items, update known ones.

A row names its item by its identifier when the file has one, else by its department and its name
(English or French, folded): importing the same sheet again updates the items it made, never
duplicates them. A blank cell leaves what the inventory holds as it is; to clear a value, edit the
item. Rejected rows are kept in the import's report with the reason, in the reader's language.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from trousse.portal.catalog.models import Dataset
from trousse.portal.core import audit
from trousse.portal.core.models import User
from trousse.portal.program.inventory import columns as cols
from trousse.portal.program.inventory.departments import DepartmentIndex
from trousse.portal.program.inventory.reader import Sheet, read_sheet
from trousse.portal.program.inventory.rules import require_lead
from trousse.portal.program.models_inventory import (
    InventoryImport,
    InventoryItem,
    InventoryWeights,
    ItemStatus,
)

_READERS = {
    "personal_info": cols.read_bool, "confidential": cols.read_bool, "frequency": cols.read_frequency,
    "public_value": cols.read_rating, "demand": cols.read_rating, "effort": cols.read_rating,
    "status": cols.read_status, "planned_release": cols.read_date, "dataset": cols.read_dataset_slug,
}
ITEM_FIELDS = ("external_id", "department", "name_en", "name_fr", "steward", "description_en", "description_fr",
               "source_system", "data_format", "personal_info", "confidential", "frequency", "public_value", "demand",
               "effort", "status", "reason_en", "reason_fr", "planned_release")


@dataclass
class Rejection:
    """Why one row (or one cell of it) was not imported."""

    row: int
    field: str
    column: str  # the header as written in the file
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"row": self.row, "field": self.field, "column": self.column, "code": self.code,
                "params": self.params}


def parse_row(row: int, cells: dict[str, str], labels: dict[str, str]) -> tuple[dict[str, Any], list[Rejection]]:
    """Read one row's cells into item values (blank cells left out) and the problems found."""
    values: dict[str, Any] = {}
    problems: list[Rejection] = []
    for name, text in cells.items():
        if not text:
            continue
        column = cols.BY_FIELD[name]
        if column.max_length and len(text) > column.max_length:
            problems.append(Rejection(row, name, labels[name], "too-long", {"limit": column.max_length}))
            continue
        try:
            values[name] = _READERS[name](text) if name in _READERS else text
        except cols.CellError as error:
            problems.append(Rejection(row, name, labels[name], error.code, dict(error.params)))
    if not cells.get("department"):
        problems.append(Rejection(row, "department", labels.get("department", ""), "required"))
    if not any(cells.get(n) for n in cols.NAME_FIELDS):
        label = " · ".join(labels[n] for n in cols.NAME_FIELDS if n in labels)
        problems.append(Rejection(row, "name_en", label, "name-required"))
    return values, problems


def import_inventory(actor: User, chunks: Iterable[bytes], file_name: str) -> InventoryImport:
    """Import a spreadsheet into the inventory (program leads); return the import with its report."""
    require_lead(actor)
    sheet = read_sheet(chunks, file_name)
    with transaction.atomic():
        # One import at a time: the weights row is the inventory's lock (SQLite serializes writes anyway).
        InventoryWeights.objects.get_or_create(pk=1)
        InventoryWeights.objects.select_for_update().get(pk=1)
        record = _apply(actor, sheet, file_name)
        audit.record(actor, "inventory.import", record, changes={
            "rows": [None, record.rows], "created": [None, record.created_count],
            "updated": [None, record.updated_count], "rejected": [None, len({r["row"] for r in record.rejected})]})
    return record


def _apply(actor: User, sheet: Sheet, file_name: str) -> InventoryImport:
    departments = DepartmentIndex()
    index = _Index(InventoryItem.objects.all())
    record = InventoryImport(file_name=file_name[:255], sheet=sheet.name[:255], created_by=actor,
                             created_by_name=actor.username, rows=len(sheet.rows),
                             columns={label: name for name, label in sheet.labels.items()}, ignored=sheet.ignored)
    rejected: list[Rejection] = []
    seen: dict[str, int] = {}
    datasets = {d.slug: d for d in Dataset.objects.filter(slug__in={
        cols.read_dataset_slug(c.get("dataset", "")) for _, c in sheet.rows} - {""})}
    for row, cells in sheet.rows:
        values, problems = parse_row(row, cells, sheet.labels)
        slug = values.pop("dataset", "")
        if slug and slug not in datasets:
            problems.append(Rejection(row, "dataset", sheet.labels["dataset"], "unknown-dataset", {"value": slug}))
        if problems:
            rejected.extend(problems)
            continue
        key = departments.key(values["department"])
        item, conflict = index.find(values.get("external_id", ""), key, values)
        if conflict:
            rejected.append(Rejection(row, "external_id", sheet.labels.get("external_id", ""), "id-conflict",
                                      {"value": conflict}))
            continue
        marks = index.marks(values.get("external_id", ""), key, values)
        first = next((seen[m] for m in marks if m in seen), None)
        if first is not None:
            rejected.append(Rejection(row, "name_en", sheet.labels.get("name_en") or sheet.labels.get("name_fr", ""),
                                      "duplicate-row", {"row": first}))
            continue
        seen.update(dict.fromkeys(marks, row))
        new = item is None
        item = item or InventoryItem()
        before = {name: getattr(item, name) for name in ITEM_FIELDS} | {"dataset": item.dataset_id}
        for name, value in values.items():
            setattr(item, name, value)
        if slug:
            item.dataset = datasets[slug]
        item.department_key, item.organization = key, departments.organization(values["department"])
        if item.status == ItemStatus.NOT_PUBLISHABLE and not (item.reason_en or item.reason_fr):
            rejected.append(Rejection(row, "reason_en", sheet.labels.get("reason_en") or
                                      sheet.labels.get("reason_fr") or "", "reason-required"))
            continue
        after = {name: getattr(item, name) for name in ITEM_FIELDS} | {"dataset": item.dataset_id}
        if not new and after == before:
            record.unchanged_count += 1
            continue
        item.modified_by_name = actor.username
        item.save()
        index.add(item)
        record.created_count += new
        record.updated_count += not new
    record.rejected = [r.as_json() for r in rejected]
    record.save()
    return record


class _Index:
    """The inventory's items by identifier and by (department, folded name), to match rows to items."""

    def __init__(self, items: Iterable[InventoryItem]) -> None:
        self.by_id: dict[str, InventoryItem] = {}
        self.by_name: dict[tuple[str, str], InventoryItem] = {}
        for item in items:
            self.add(item)

    def add(self, item: InventoryItem) -> None:
        if item.external_id:
            self.by_id[item.external_id] = item
        for name in (item.name_en, item.name_fr):
            if name:
                self.by_name.setdefault((item.department_key, cols.header_key(name)), item)

    def find(self, external_id: str, key: str, values: dict[str, Any]) -> tuple[InventoryItem | None, str]:
        """Return the item a row updates (None: a new one), or the identifier it conflicts with."""
        if external_id and external_id in self.by_id:
            return self.by_id[external_id], ""
        for name in cols.NAME_FIELDS:
            found = self.by_name.get((key, cols.header_key(values.get(name, ""))))
            if found is not None:
                if external_id and found.external_id and found.external_id != external_id:
                    return None, found.external_id
                return found, ""
        return None, ""

    @staticmethod
    def marks(external_id: str, key: str, values: dict[str, Any]) -> list[str]:
        """Return the keys that make two rows of one file the same item."""
        marks = [f"id:{external_id}"] if external_id else []
        return marks + [f"{key}\n{cols.header_key(values[n])}" for n in cols.NAME_FIELDS if values.get(n)]
