"""The sample town's data inventory and roadmap (for `trousse demo`), imported through the real importer.

data/sample-inventory.csv is a filled-in template: 45 holdings of the eight departments, with names,
departments and descriptions in English and French, a mix of published, planned and not publishable
items, some confidential, some with personal information. Planned releases are written ``M+2`` (two
months from now) so the roadmap always looks ahead; items whose dataset is in the sample catalogue
name it, and the import links them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import uuid
from dataclasses import dataclass
from importlib import resources

from django.utils import timezone

from trousse.portal.catalog.models import Dataset
from trousse.portal.core.models import User
from trousse.portal.program.inventory.importer import import_inventory
from trousse.portal.program.models_inventory import InventoryImport, InventoryItem

_MONTHS = re.compile(r"^M([+-]\d+)$")
_NAMESPACE = uuid.UUID("6d1f3c52-4a8e-5b1e-9c0f-2f6f3b7a9e41")  # the sample's UIDs: the same on every demo site


@dataclass
class SampleInventoryReport:
    """What loading the sample inventory did."""

    items: int = 0
    linked: int = 0
    rejected: int = 0


def sample_rows(today: dt.date) -> list[list[str]]:
    """Return the sample's rows (header first) with ``M+n`` release dates set from ``today``."""
    text = resources.files("trousse.portal.program.inventory").joinpath("data/sample-inventory.csv").read_text(
        encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    release = next(i for i, label in enumerate(rows[0]) if label.startswith("Planned release"))
    for row in rows[1:]:
        match = _MONTHS.match(row[release])
        if match:
            months = today.year * 12 + today.month - 1 + int(match[1])
            row[release] = dt.date(months // 12, months % 12 + 1, 15).isoformat()
    return rows


def load_sample_inventory(actor: User, *, today: dt.date | None = None) -> SampleInventoryReport:
    """Import the sample inventory once (an inventory that has items is left alone)."""
    report = SampleInventoryReport()
    if InventoryItem.objects.exists():
        return report
    rows = sample_rows(today or timezone.localdate())
    dataset_column = len(rows[0]) - 1
    known = set(Dataset.objects.values_list("slug", flat=True))
    for row in rows[1:]:  # a demo without some sample dataset still gets every item, unlinked
        if row[dataset_column] not in known:
            row[dataset_column] = ""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    record: InventoryImport = import_inventory(actor, [out.getvalue().encode("utf-8")], "sample-inventory.csv")
    for item in InventoryItem.objects.all():
        InventoryItem.objects.filter(pk=item.pk).update(uid=uuid.uuid5(_NAMESPACE, item.external_id))
    report.items = record.created_count
    report.linked = InventoryItem.objects.filter(dataset__isnull=False).count()
    report.rejected = len({r["row"] for r in record.rejected})
    return report
