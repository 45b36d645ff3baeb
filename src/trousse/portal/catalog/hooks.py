"""The catalogue's declared extension points: what other portal apps may listen to or plug in.

Other apps (pipeline, privacy…) must not be imported by the catalogue, and the catalogue must not
import them (docs/DESIGN.md §2). They talk to it through these hooks only:

``version_stored``
    A Django signal, sent once the transaction that stored a new ``ResourceVersion`` commits
    (``add_resource`` with a file, ``upload_version``). Arguments: ``version`` (the stored
    ResourceVersion) and ``actor`` (the user who uploaded it; None for the system). Never sent for
    a rolled-back upload. Receivers run after the commit, so a receiver that fails cannot undo the
    upload; it is logged and the upload stands (the pipeline's sweep picks up what it missed).

publication checks
    ``register_publication_check(func)`` adds ``func(dataset) -> list[Blocker]``. ``approve_dataset``
    and ``publish_dataset`` call every check; when any returns a blocker, publication is refused with
    a ``PublicationBlockedError`` naming every blocker, unless each blocker is ``acknowledgeable`` and
    the actor acknowledged them (``acknowledge=True``; recorded in the audit log of the approval).
    Issue #3 (pipeline errors) and the privacy gate register here.

resource panels
    ``register_resource_panel(func)`` adds ``func(request, dataset, resource, *, staff) -> str | None``:
    HTML (already rendered and escaped by the app's own templates) shown on the public resource page
    (``staff=False``) and on the workspace's dataset manage page and upload page (``staff=True``), in
    registration order; None shows nothing. Templates render them with ``{% resource_panels %}``
    (catalog_tags). A panel that raises is logged and left out: one app cannot break the page.

table providers
    ``register_table_provider(func)`` adds ``func(resources) -> {resource_id: [TableData, …]}``: the
    processed tables (canonical Parquet, Table Schema, data dictionary) of each resource's current
    version. The pipeline provides them; the data API, previews and metadata feeds read them through
    ``resource_tables`` without importing the pipeline. A resource absent from the answer has no
    processed table (a link, a document, a version still processing or a failed run). A provider may
    also give ``presence=func(resources) -> {resource_id, …}``: which resources have a table at all,
    without building them (``resources_with_tables``: CKAN's ``datastore_active`` on every search hit).

dataset panels
    ``register_dataset_panel(func)`` adds ``func(request, dataset) -> str | None``: an HTML section
    (with its own heading) on the public dataset page, after the dataset's metadata.

dataset badges
    ``register_dataset_badges(func)`` adds ``func(request, dataset, resources) -> Mapping[int, str]``:
    a short HTML status per resource id (e.g. "Valid" or "3 errors"), shown beside each resource on
    the public dataset page. One call per page, so an app can read every resource's state at once.

dataset page head
    ``register_dataset_head(func)`` adds ``func(request, dataset, resources) -> str | None``: HTML for
    the ``<head>`` of the public dataset page (``<link rel="alternate">`` to machine-readable twins,
    embedded JSON-LD), rendered with ``{% dataset_head %}`` (catalog_tags). A failing one is left out.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.dispatch import Signal
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from trousse.engine.metadata.model import LocalizedText
from trousse.portal.core.errors import InvalidStateError
from trousse.portal.core.localized import current_language

if TYPE_CHECKING:
    from django.http import HttpRequest

    from trousse.portal.catalog.models import Dataset, Resource, ResourceVersion
    from trousse.portal.core.models import User

logger = logging.getLogger(__name__)

# Sent on commit after a new ResourceVersion is stored: receivers get ``version`` and ``actor``.
version_stored = Signal()


@dataclass(frozen=True)
class Blocker:
    """One reason a dataset cannot be published yet, with a stable code and a bilingual message."""

    code: str  # e.g. "pipeline-errors", "pipeline-failed", "privacy-risk"
    message: LocalizedText
    acknowledgeable: bool = False  # True: the approving actor may publish anyway by acknowledging it
    url: str = ""  # where staff resolve it (a page of the app that raised it), shown on the manage page

    def text(self, lang: str | None = None) -> str:
        """Return the message in ``lang`` (default: the page language), falling back to the other one."""
        return self.message.pick(lang or current_language())[0]


PublicationCheck = Callable[["Dataset"], Sequence[Blocker]]
_checks: list[PublicationCheck] = []


class PublicationBlockedError(InvalidStateError):
    """Publication refused: at least one publication check returned a blocker."""

    code = "publication_blocked"

    def __init__(self, blockers: Sequence[Blocker]) -> None:
        self.blockers = list(blockers)
        lines = " ".join(b.text() for b in self.blockers)
        super().__init__(_("This dataset cannot be published yet: %(reasons)s") % {"reasons": lines})


def register_publication_check(func: PublicationCheck) -> PublicationCheck:
    """Add ``func(dataset) -> list[Blocker]`` to the checks run before publication (usable as a decorator)."""
    if func not in _checks:
        _checks.append(func)
    return func


def unregister_publication_check(func: PublicationCheck) -> None:
    """Remove a check added with register_publication_check (tests, apps being unloaded)."""
    if func in _checks:
        _checks.remove(func)


def publication_blockers(dataset: Dataset) -> list[Blocker]:
    """Return what every registered check says stands in the way of publishing ``dataset``."""
    blockers: list[Blocker] = []
    for check in list(_checks):
        blockers.extend(check(dataset))
    return blockers


def check_publication(dataset: Dataset, *, acknowledge: bool = False) -> list[Blocker]:
    """Raise PublicationBlockedError unless every blocker is acknowledgeable and acknowledged.

    Returns the blockers the actor acknowledged, for the audit record of the publication.
    """
    blockers = publication_blockers(dataset)
    refused = [b for b in blockers if not (acknowledge and b.acknowledgeable)]
    if refused:
        raise PublicationBlockedError(refused)
    return blockers


def send_version_stored_on_commit(version: ResourceVersion, actor: User | None) -> None:
    """Send ``version_stored`` once the current transaction commits (never for a rollback)."""

    def send() -> None:
        for receiver, result in version_stored.send_robust(sender=type(version), version=version, actor=actor):
            if isinstance(result, Exception):
                logger.error("version_stored receiver %r failed for version %s", receiver, version.pk,
                             exc_info=result)

    transaction.on_commit(send)


def blocker_summary(blockers: Sequence[Blocker]) -> list[dict[str, Any]]:
    """Return blockers as JSON-ready dicts (audit records, API answers)."""
    return [{"code": b.code, "en": b.message.en, "fr": b.message.fr} for b in blockers]


# Resource panels and dataset badges: other apps add content to catalogue pages without the catalogue
# importing them (docs/DESIGN.md §2). Both are called with the request, so an app checks permissions itself.
ResourcePanel = Callable[..., "str | None"]  # (request, dataset, resource, *, staff: bool)
DatasetBadges = Callable[["HttpRequest", "Dataset", Sequence["Resource"]], Mapping[int, str]]
_panels: list[ResourcePanel] = []
_badges: list[DatasetBadges] = []


def register_resource_panel(func: ResourcePanel) -> ResourcePanel:
    """Add ``func(request, dataset, resource, *, staff) -> str | None`` to the resource pages (decorator too)."""
    if func not in _panels:
        _panels.append(func)
    return func


def unregister_resource_panel(func: ResourcePanel) -> None:
    """Remove a panel added with register_resource_panel."""
    if func in _panels:
        _panels.remove(func)


def resource_panels(request: HttpRequest, dataset: Dataset, resource: Resource, *, staff: bool) -> list[SafeString]:
    """Return the HTML of every registered panel for ``resource`` (a failing panel is logged and left out)."""
    out = []
    for func in list(_panels):
        try:
            html = func(request, dataset, resource, staff=staff)
        except Exception:  # one app's bug must not take the catalogue's page down with it
            logger.exception("resource panel %r failed for resource %s", func, resource.pk)
            continue
        if html:
            out.append(mark_safe(html))  # rendered by the app's own (autoescaping) templates
    return out


def register_dataset_badges(func: DatasetBadges) -> DatasetBadges:
    """Add ``func(request, dataset, resources) -> {resource_id: html}`` to the public dataset page."""
    if func not in _badges:
        _badges.append(func)
    return func


def unregister_dataset_badges(func: DatasetBadges) -> None:
    """Remove a function added with register_dataset_badges."""
    if func in _badges:
        _badges.remove(func)


def dataset_badges(request: HttpRequest, dataset: Dataset, resources: Sequence[Resource]) -> dict[int, SafeString]:
    """Return, per resource id, the badges every registered app gives it, joined in registration order."""
    found: dict[int, list[str]] = {}
    for func in list(_badges):
        try:
            badges = func(request, dataset, resources)
        except Exception:
            logger.exception("dataset badges %r failed for dataset %s", func, dataset.pk)
            continue
        for resource_id, html in (badges or {}).items():
            if html:
                found.setdefault(resource_id, []).append(html)
    return {key: mark_safe(" ".join(parts)) for key, parts in found.items()}


DatasetHead = Callable[["HttpRequest", "Dataset", Sequence["Resource"]], "str | None"]
_heads: list[DatasetHead] = []


def register_dataset_head(func: DatasetHead) -> DatasetHead:
    """Add ``func(request, dataset, resources) -> str | None`` to the public dataset page's ``<head>``."""
    if func not in _heads:
        _heads.append(func)
    return func


def unregister_dataset_head(func: DatasetHead) -> None:
    """Remove a function added with register_dataset_head."""
    if func in _heads:
        _heads.remove(func)


def dataset_head(request: HttpRequest, dataset: Dataset, resources: Sequence[Resource]) -> list[SafeString]:
    """Return the ``<head>`` HTML every registered app gives the dataset page (failures logged, left out)."""
    out = []
    for func in list(_heads):
        try:
            html = func(request, dataset, resources)
        except Exception:  # one app's bug must not take the catalogue's page down with it
            logger.exception("dataset head %r failed for dataset %s", func, dataset.pk)
            continue
        if html:
            out.append(mark_safe(html))  # rendered by the app's own (autoescaping) templates
    return out


# Dataset panels: sections other apps add to the public dataset page, after "About this dataset"
# (e.g. the data inventory item a dataset came from; later the privacy review's public statement).
DatasetPanel = Callable[["HttpRequest", "Dataset"], "str | None"]
_dataset_panels: list[DatasetPanel] = []


def register_dataset_panel(func: DatasetPanel) -> DatasetPanel:
    """Add ``func(request, dataset) -> str | None``: an HTML section on the public dataset page."""
    if func not in _dataset_panels:
        _dataset_panels.append(func)
    return func


def unregister_dataset_panel(func: DatasetPanel) -> None:
    """Remove a function added with register_dataset_panel."""
    if func in _dataset_panels:
        _dataset_panels.remove(func)


def dataset_panels(request: HttpRequest, dataset: Dataset) -> list[SafeString]:
    """Return the sections every registered app adds to the dataset page (failures logged, left out)."""
    out = []
    for func in list(_dataset_panels):
        try:
            html = func(request, dataset)
        except Exception:  # one app's bug must not take the catalogue's page down with it
            logger.exception("dataset panel %r failed for dataset %s", func, dataset.pk)
            continue
        if html:
            out.append(mark_safe(html))  # rendered by the app's own (autoescaping) templates
    return out


@dataclass(frozen=True)
class TableData:
    """One processed table of a resource's current version: what readers outside the pipeline may use."""

    resource_id: int
    version: int  # the version number
    position: int  # 1-based, in the file's order
    name: str
    row_count: int
    parquet: FieldFile  # the canonical, typed Parquet (storage + name)
    schema: Mapping[str, Any]  # the Table Schema descriptor (pinned, else inferred)
    dictionary: Mapping[str, Mapping[str, str]]  # column -> {title_en, title_fr, description_en, …, unit}
    geographic: bool  # has a ``__geometry`` WKT column
    valid: bool
    processed: Any  # datetime the run finished (Last-Modified of derived answers)

    @property
    def columns(self) -> list[str]:
        """Return the column names in order (the schema's fields)."""
        return [f["name"] for f in self.schema.get("fields", [])]


TableProvider = Callable[[Sequence["Resource"]], Mapping[int, Sequence[TableData]]]
TablePresence = Callable[[Sequence["Resource"]], set[int]]
_table_providers: list[TableProvider] = []
_table_presence: dict[TableProvider, TablePresence] = {}


def register_table_provider(func: TableProvider, presence: TablePresence | None = None) -> TableProvider:
    """Add ``func(resources) -> {resource_id: [TableData]}`` to the sources of processed tables."""
    if func not in _table_providers:
        _table_providers.append(func)
    if presence is not None:
        _table_presence[func] = presence
    return func


def unregister_table_provider(func: TableProvider) -> None:
    """Remove a provider added with register_table_provider."""
    if func in _table_providers:
        _table_providers.remove(func)
    _table_presence.pop(func, None)


def resources_with_tables(resources: Sequence[Resource]) -> set[int]:
    """Return the ids of ``resources`` whose current version has a processed table (as resource_tables would)."""
    found: set[int] = set()
    for func in list(_table_providers):
        presence = _table_presence.get(func)
        if presence is not None:
            found |= presence(resources)
        else:
            found |= {rid for rid, tables in (func(resources) or {}).items() if tables}
    return found


def resource_tables(resources: Sequence[Resource]) -> dict[int, list[TableData]]:
    """Return, per resource id, the processed tables of its current version (absent: none yet)."""
    found: dict[int, list[TableData]] = {}
    for func in list(_table_providers):
        for resource_id, tables in (func(resources) or {}).items():
            found.setdefault(resource_id, []).extend(tables)
    return {key: sorted(tables, key=lambda t: t.position) for key, tables in found.items()}


def resource_table(resource: Resource, position: int = 1) -> TableData | None:
    """Return one processed table of ``resource``'s current version (the first by default), or None."""
    for table in resource_tables([resource]).get(resource.pk, []):
        if table.position == position:
            return table
    return None
