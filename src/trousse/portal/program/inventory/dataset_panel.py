"""The link back from a published dataset to the inventory item it came from (a catalogue dataset panel)."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from trousse.portal.catalog.models import Dataset
from trousse.portal.program.models_inventory import InventoryItem


def inventory_panel(request: HttpRequest, dataset: Dataset) -> str | None:
    """Render "From the data inventory" for a dataset linked to a public (non-confidential) item."""
    item = InventoryItem.objects.filter(dataset=dataset, confidential=False).order_by("pk").first()
    if item is None:
        return None
    return render_to_string("program/inventory/_dataset_panel.html", {"item": item}, request=request)
