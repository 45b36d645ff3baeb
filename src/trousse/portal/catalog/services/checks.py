"""Validation shared by the catalogue's services."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from trousse.portal.core.errors import DomainError, PermissionDeniedError

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Short names that are words of our own addresses: a dataset called "new" would sit at
# /workspace/datasets/new/, which is the page that creates datasets, so it could never be managed.
# Add the word here whenever a route puts a fixed word where a short name can go.
RESERVED_SLUGS = frozenset({"new"})


def deny(message: Any = None) -> PermissionDeniedError:
    """Return the error for a refused action."""
    return PermissionDeniedError(message or _("You do not have permission to do this."))


def check_slug(slug: str) -> None:
    """Raise unless ``slug`` is a valid short name for an address."""
    if not slug or len(slug) > 100 or not SLUG_RE.match(slug):
        raise DomainError(_("Use lowercase letters, digits and single hyphens for the short name."),
                          code="invalid_slug", field="slug")
    if slug in RESERVED_SLUGS:
        raise DomainError(_("“%(slug)s” is used by the site's own pages and cannot be a short name. "
                            "Choose another one.") % {"slug": slug}, code="reserved_slug", field="slug")


def check_bilingual_required(values: Mapping[str, Any], field: str, label: Any) -> None:
    """Raise unless ``<field>_en`` or ``<field>_fr`` holds text."""
    if not (str(values.get(f"{field}_en") or "").strip() or str(values.get(f"{field}_fr") or "").strip()):
        raise DomainError(_("%(field)s is required in at least one language.") % {"field": label},
                          code="required", field=f"{field}_en")
