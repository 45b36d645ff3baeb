"""The auto-check registry: checklist items Trousse ticks by itself, from what it can see.

A check is a function of the site's facts that answers "is this done?" with the evidence behind
the answer, in the page language::

    from trousse.portal.program.checklists import CheckResult, SiteFacts, register_auto_check

    def recent_assessment(facts: SiteFacts) -> CheckResult:
        last = Assessment.objects.filter(completed__gte=facts.now - timedelta(days=365)).first()
        if last is None:
            return CheckResult(False, _("No readiness assessment in the last 12 months."))
        return CheckResult(True, _("Assessment of %(date)s.") % {"date": date_format(last.completed)})

    register_auto_check("readiness.recent_assessment", recent_assessment)

Register at import time from the module's app (``ProgramConfig.ready`` imports the program's
check modules). A checklist item names its check in the content files (``auto = "code"``). An item
whose check is not registered, or reports ``available=False`` (the feature that would show the
fact does not exist yet), is honestly shown as "not available yet" and may be ticked by hand.
A check that fails with an exception is reported unavailable too: a progress page never breaks
because one check did.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from trousse.portal.catalog import queries as catalog_queries
from trousse.portal.catalog.models import Dataset

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CheckResult:
    """What a check found: done or not, the evidence in words, and whether it could look at all."""

    done: bool
    evidence: str
    available: bool = True


class SiteFacts:
    """The facts checks read, computed once per page: checks share the published-catalogue queries."""

    def __init__(self, now: datetime | None = None) -> None:
        self.now = now or timezone.now()
        self.results: dict[str, CheckResult] = {}  # each check runs once per page, however many items use it

    @cached_property
    def published(self) -> QuerySet[Dataset]:
        """Return the datasets the public sees in the catalogue (published, public or restricted)."""
        return catalog_queries.visible_datasets(None)

    @cached_property
    def published_count(self) -> int:
        return self.published.count()


AutoCheck = Callable[[SiteFacts], CheckResult]
_REGISTRY: dict[str, AutoCheck] = {}


def register_auto_check(code: str, func: AutoCheck, *, replace: bool = False) -> AutoCheck:
    """Register ``func`` as the check for items whose ``auto`` is ``code``; ``replace`` to take over one.

    ``replace=True`` lets a later part of the toolkit give a better answer to an existing check (the
    policy kit answering "a licence is adopted" from its adoption record rather than the catalogue).
    """
    if code in _REGISTRY and not replace and _REGISTRY[code] is not func:
        raise ValueError(f"an auto-check is already registered as {code!r}; pass replace=True")
    _REGISTRY[code] = func
    return func


def registered_checks() -> list[str]:
    """Return the codes of the registered checks."""
    return sorted(_REGISTRY)


def run_auto_check(code: str, facts: SiteFacts) -> CheckResult:
    """Run the check registered as ``code``; unknown or failing checks report themselves unavailable."""
    if code not in facts.results:
        facts.results[code] = _run(code, facts)
    return facts.results[code]


def _run(code: str, facts: SiteFacts) -> CheckResult:
    func = _REGISTRY.get(code)
    if func is None:
        return CheckResult(False, _("Trousse cannot check this yet: the feature that shows it is not "
                                    "available yet."), available=False)
    try:
        return func(facts)
    except Exception:  # one broken check must not break the progress page; the log keeps the trace
        log.exception("auto-check %s failed", code)
        return CheckResult(False, _("Trousse could not check this just now."), available=False)
