"""Match an inventory's department names to the catalogue's organizations (by short name or either name)."""

from __future__ import annotations

from trousse.portal.catalog.models import Organization
from trousse.portal.program.inventory.columns import header_key


class DepartmentIndex:
    """The organizations by folded short name, English name and French name."""

    def __init__(self) -> None:
        self.by_key: dict[str, Organization] = {}
        for organization in Organization.objects.all():
            for text in (organization.slug, organization.name_en, organization.name_fr):
                if text:
                    self.by_key.setdefault(header_key(text), organization)

    def organization(self, department: str) -> Organization | None:
        """Return the organization the department names, or None."""
        return self.by_key.get(header_key(department))

    def key(self, department: str) -> str:
        """Return the department's key: its organization's short name, else its folded name."""
        organization = self.organization(department)
        return organization.slug if organization is not None else header_key(department)
