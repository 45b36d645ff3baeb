"""The checks Trousse answers from its own state: the catalogue and the program's settings.

Registered when the program app is ready (see ``ProgramConfig.ready``). Each returns the evidence
in the page language, with the numbers behind it, so a person can see why an item is (not) ticked.
"""

from __future__ import annotations

from collections import Counter

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from trousse.engine.metadata.vocabularies import FORMATS, format_for_filename
from trousse.portal.catalog.metadata import completeness
from trousse.portal.catalog.models import Licence, Resource
from trousse.portal.core.localized import pick
from trousse.portal.core.models import AuditEvent
from trousse.portal.program.checklists import CheckResult, SiteFacts, register_auto_check
from trousse.portal.program.models_guide import ProgramLead, ProgramSettings

FIRST_DATASETS = 3
PUBLISHED_TARGET = 10
BILINGUAL_SHARE = 80  # percent of published datasets with complete metadata in both languages
PUBLISHERS_TARGET = 3
_OPEN_FORMATS = {f.code for f in FORMATS if f.machine_readable and f.open_format}


def _nothing_published() -> CheckResult:
    return CheckResult(False, _("No dataset is published yet."))


def licence_adopted(facts: SiteFacts) -> CheckResult:
    """An open licence is the catalogue's licence: every published dataset carries an open licence.

    The policy kit, once it records the adoption itself, replaces this check (replace=True).
    """
    total = facts.published_count
    if not total:
        return _nothing_published()
    counts = Counter(facts.published.filter(licence__is_open=True).values_list("licence_id", flat=True))
    open_count = sum(counts.values())
    if not counts:
        return CheckResult(False, _("None of the published datasets carries an open licence."))
    main = pick(Licence.objects.get(pk=counts.most_common(1)[0][0]), "title").value
    evidence = _("%(open)s of %(total)s published datasets carry an open licence; the most used is "
                 "“%(licence)s”.") % {"open": open_count, "total": total, "licence": main}
    return CheckResult(open_count == total, evidence)


def first_datasets(facts: SiteFacts) -> CheckResult:
    """A few sample datasets are published (three or more)."""
    count = facts.published_count
    return CheckResult(count >= FIRST_DATASETS, ngettext(
        "%(count)s dataset is published (the target is %(target)s).",
        "%(count)s datasets are published (the target is %(target)s).", count)
        % {"count": count, "target": FIRST_DATASETS})


def ten_datasets(facts: SiteFacts) -> CheckResult:
    """At least ten datasets are published."""
    count = facts.published_count
    return CheckResult(count >= PUBLISHED_TARGET, ngettext(
        "%(count)s dataset is published (the target is %(target)s).",
        "%(count)s datasets are published (the target is %(target)s).", count)
        % {"count": count, "target": PUBLISHED_TARGET})


def bilingual_metadata(facts: SiteFacts) -> CheckResult:
    """Most published datasets (80 %) have complete metadata in English and in French."""
    datasets = list(facts.published.select_related("organization", "licence")
                    .prefetch_related("tags", "themes", "resources"))
    if not datasets:
        return _nothing_published()
    complete = 0
    for dataset in datasets:
        result = completeness(dataset)
        if not result.missing_in("en") and not result.missing_in("fr"):
            complete += 1
    share = round(100 * complete / len(datasets))
    return CheckResult(share >= BILINGUAL_SHARE, _(
        "%(complete)s of %(total)s published datasets (%(share)s%%) have complete metadata in English and "
        "French; the target is %(target)s%%.") % {"complete": complete, "total": len(datasets), "share": share,
                                                   "target": BILINGUAL_SHARE})


def contacts(facts: SiteFacts) -> CheckResult:
    """Every published dataset names a contact e-mail address."""
    total = facts.published_count
    if not total:
        return _nothing_published()
    missing = facts.published.filter(contact_email="").count()
    return CheckResult(missing == 0, _("%(with)s of %(total)s published datasets name a contact e-mail "
                                       "address.") % {"with": total - missing, "total": total})


def open_formats(facts: SiteFacts) -> CheckResult:
    """Every published dataset offers at least one file in an open, machine-readable format."""
    total = facts.published_count
    if not total:
        return _nothing_published()
    # A link's format may be blank: its address's extension says it (".../trees.csv").
    rows = Resource.objects.filter(dataset__in=facts.published.order_by().values("pk")).values_list(
        "dataset_id", "format", "url")
    with_open = len({dataset for dataset, fmt, url in rows
                     if (fmt or format_for_filename(url or "") or "").upper() in _OPEN_FORMATS})
    return CheckResult(with_open == total, _(
        "%(with)s of %(total)s published datasets offer a file in an open, machine-readable format (such as "
        "CSV, JSON or GeoJSON).") % {"with": with_open, "total": total})


def themes(facts: SiteFacts) -> CheckResult:
    """Every published dataset is classified under at least one theme."""
    total = facts.published_count
    if not total:
        return _nothing_published()
    with_theme = facts.published.filter(themes__isnull=False).order_by().distinct().count()
    return CheckResult(with_theme == total, _("%(with)s of %(total)s published datasets have a theme.")
                       % {"with": with_theme, "total": total})


def review_process(facts: SiteFacts) -> CheckResult:
    """Publication goes through review, and at least one dataset was approved that way."""
    approvals = AuditEvent.objects.filter(action="dataset.approve").count()
    if not settings.REQUIRE_REVIEW:
        return CheckResult(False, _("The site lets editors publish without review (the require_review "
                                    "setting is off)."))
    return CheckResult(approvals > 0, ngettext(
        "Review before publication is required; %(count)s approval is on record.",
        "Review before publication is required; %(count)s approvals are on record.", approvals)
        % {"count": approvals})


def several_publishers(facts: SiteFacts) -> CheckResult:
    """Several departments publish: three or more organizations have published datasets."""
    count = facts.published.order_by().values("organization_id").distinct().count()
    return CheckResult(count >= PUBLISHERS_TARGET, ngettext(
        "%(count)s organization publishes datasets (the target is %(target)s).",
        "%(count)s organizations publish datasets (the target is %(target)s).", count)
        % {"count": count, "target": PUBLISHERS_TARGET})


def lead_named(facts: SiteFacts) -> CheckResult:
    """Someone is named program lead in Trousse."""
    names = [lead.user.get_full_name() or lead.user.username
             for lead in ProgramLead.objects.select_related("user")]
    if not names:
        return CheckResult(False, _("No program lead is named yet (site administrators can name one)."))
    return CheckResult(True, _("Program leads: %(names)s.") % {"names": ", ".join(names)})


def scope_chosen(facts: SiteFacts) -> CheckResult:
    """The program lead chose the scope (a small initiative, a pilot or a full program)."""
    row = ProgramSettings.objects.filter(changed_by__isnull=False).first()
    if row is None:
        return CheckResult(False, _("The scope has not been chosen yet."))
    return CheckResult(True, _("Scope chosen: %(scope)s.") % {"scope": row.get_scope_display()})


def request_channel(facts: SiteFacts) -> CheckResult:
    """The public can ask for data through the portal: not until the requests feature exists."""
    return CheckResult(False, _("Data requests through the portal are not available yet. If you take "
                                "requests another way (an e-mail address, a form), tick this by hand."),
                       available=False)


for _code, _func in {
    "catalogue.licence_adopted": licence_adopted,
    "catalogue.first_datasets": first_datasets,
    "catalogue.ten_datasets": ten_datasets,
    "catalogue.bilingual_metadata": bilingual_metadata,
    "catalogue.contacts": contacts,
    "catalogue.open_formats": open_formats,
    "catalogue.themes": themes,
    "catalogue.review_process": review_process,
    "catalogue.several_publishers": several_publishers,
    "program.lead_named": lead_named,
    "program.scope_chosen": scope_chosen,
    "community.request_channel": request_channel,
}.items():
    register_auto_check(_code, _func)
