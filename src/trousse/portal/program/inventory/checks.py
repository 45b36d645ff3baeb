"""The inventory's auto-check for the launch path: "a data inventory lists what the municipality holds,
with release priorities" is done once the inventory covers three departments and most items are scored.

Registered as ``inventory.prioritized``; a checklist item uses it by naming it (``auto = "inventory.prioritized"``).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from trousse.portal.program.checklists import CheckResult, SiteFacts, register_auto_check
from trousse.portal.program.models_inventory import InventoryItem

MIN_DEPARTMENTS = 3
MIN_SCORED_SHARE = 0.8


def inventory_prioritized(facts: SiteFacts) -> CheckResult:
    """Return done when items of three departments are listed and at least 80% of them are rated."""
    items = InventoryItem.objects.all()
    total = items.count()
    departments = items.values("department_key").distinct().count()
    scored = items.filter(public_value__isnull=False, demand__isnull=False, effort__isnull=False).count()
    evidence = _("%(items)s items from %(departments)s departments; %(scored)s with a priority score.") % {
        "items": total, "departments": departments, "scored": scored}
    if total == 0:
        return CheckResult(False, _("The data inventory is empty."))
    return CheckResult(departments >= MIN_DEPARTMENTS and scored >= MIN_SCORED_SHARE * total, evidence)


register_auto_check("inventory.prioritized", inventory_prioritized)
