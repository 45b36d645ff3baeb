"""Every write of the inventory besides imports: items by hand, weights, and the draft dataset an item becomes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from trousse.engine.metadata.vocabularies import FREQUENCIES
from trousse.portal.catalog.models import Dataset
from trousse.portal.catalog.services import datasets as dataset_services
from trousse.portal.core import audit
from trousse.portal.core.errors import ConflictError, DomainError
from trousse.portal.core.models import User
from trousse.portal.program.inventory.departments import DepartmentIndex
from trousse.portal.program.inventory.importer import ITEM_FIELDS
from trousse.portal.program.inventory.rules import require_lead
from trousse.portal.program.inventory.scoring import MAX_WEIGHT
from trousse.portal.program.models_inventory import InventoryItem, InventoryWeights, ItemStatus


def _snapshot(item: InventoryItem) -> dict[str, Any]:
    data = {name: getattr(item, name) for name in ITEM_FIELDS} | {"dataset": item.dataset_id}
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items()}


def _check(item: InventoryItem) -> None:
    if not item.department.strip():
        raise DomainError(_("Give the department."), field="department")
    if not (item.name_en.strip() or item.name_fr.strip()):
        raise DomainError(_("Give the item’s name in English or in French."), field="name_en")
    if item.status == ItemStatus.NOT_PUBLISHABLE and not (item.reason_en.strip() or item.reason_fr.strip()):
        raise DomainError(_("An item that is not publishable needs the reason, in English or in French."),
                          field="reason_en")
    if item.external_id and InventoryItem.objects.filter(external_id=item.external_id).exclude(pk=item.pk).exists():
        raise ConflictError(_("Another item has this identifier."), field="external_id")


@transaction.atomic
def save_item(actor: User, item: InventoryItem, values: Mapping[str, Any]) -> InventoryItem:
    """Create or change an item by hand (program leads)."""
    require_lead(actor)
    new = item.pk is None
    before = {} if new else _snapshot(InventoryItem.objects.get(pk=item.pk))
    for name, value in values.items():
        if name in ITEM_FIELDS or name == "dataset":
            setattr(item, name, value)
    departments = DepartmentIndex()
    item.department_key = departments.key(item.department)
    item.organization = departments.organization(item.department)
    _check(item)
    item.modified_by_name = actor.username
    item.save()
    audit.record(actor, "inventory.create" if new else "inventory.update", item,
                 changes=audit.diff(before, _snapshot(item)))
    return item


@transaction.atomic
def delete_item(actor: User, item: InventoryItem) -> None:
    """Remove an item from the inventory (program leads); the audit log keeps what it said."""
    require_lead(actor)
    audit.record(actor, "inventory.delete", item,
                 changes={k: [v, None] for k, v in _snapshot(item).items() if v not in (None, "")})
    item.delete()


@transaction.atomic
def set_weights(actor: User, public_value: int, demand: int, effort: int, risk: int) -> InventoryWeights:
    """Change the weights of the priority score (program leads)."""
    require_lead(actor)
    values = {"public_value": public_value, "demand": demand, "effort": effort, "risk": risk}
    if any(not isinstance(v, int) or not 0 <= v <= MAX_WEIGHT for v in values.values()):
        raise DomainError(_("Each weight is a whole number from 0 to %(max)s.") % {"max": MAX_WEIGHT})
    if not any(values.values()):
        raise DomainError(_("At least one weight must be above 0."))
    row, _created = InventoryWeights.objects.select_for_update().get_or_create(pk=1)
    before = {k: getattr(row, k) for k in values}
    for key, value in values.items():
        setattr(row, key, value)
    row.changed, row.changed_by_name = timezone.now(), actor.username
    row.save()
    audit.record(actor, "inventory.weights", row, changes=audit.diff(before, values))
    return row


def _free_slug(base: str) -> str:
    base = (slugify(base)[:90].strip("-") or "dataset")
    slug, n = base, 1
    while Dataset.objects.filter(slug=slug).exists() or slug == "new":
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def create_draft_dataset(actor: User, item: InventoryItem) -> Dataset:
    """Turn an item into a draft dataset of its department's organization, and link the two.

    Title, description and update frequency come from the item; the contact name is its steward. The
    catalogue decides whether the actor may create datasets in that organization.
    """
    require_lead(actor)
    if item.dataset_id:
        raise ConflictError(_("This item already has a dataset."), code="already_linked")
    departments = DepartmentIndex()
    organization = departments.organization(item.department) or item.organization
    if organization is None:
        raise DomainError(_("No organization matches the department “%(department)s”. Create the organization, "
                            "or give the item the short name or the name of an existing organization as its "
                            "department.") % {"department": item.department}, code="no_organization",
                          field="department")
    values = {"title_en": item.name_en, "title_fr": item.name_fr, "description_en": item.description_en,
              "description_fr": item.description_fr, "contact_name": item.steward[:200],
              "frequency": item.frequency if item.frequency in FREQUENCIES else "unknown"}
    dataset = dataset_services.create_dataset(actor, organization, _free_slug(item.name_en or item.name_fr), values)
    before = _snapshot(item)
    item.dataset, item.organization = dataset, organization
    if item.status in (ItemStatus.CANDIDATE, ItemStatus.PLANNED):
        item.status = ItemStatus.IN_PROGRESS
    item.modified_by_name = actor.username
    item.save()
    audit.record(actor, "inventory.draft_dataset", item, changes=audit.diff(before, _snapshot(item)))
    return dataset
