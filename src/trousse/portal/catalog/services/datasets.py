"""Dataset writes: create, edit and move through the review workflow."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trousse.engine.metadata.textsearch import fold
from trousse.portal.catalog import hooks, permissions, search
from trousse.portal.catalog.metadata import completeness
from trousse.portal.catalog.models import Dataset, Licence, Organization, ResourceVersion, Tag, Theme
from trousse.portal.catalog.services.checks import check_bilingual_required, check_slug, deny
from trousse.portal.catalog.services.files import delete_files_on_commit
from trousse.portal.core import audit
from trousse.portal.core.errors import ConflictError, DomainError, InvalidStateError
from trousse.portal.core.localized import pick
from trousse.portal.core.models import User

DATASET_FIELDS = (
    "title_en", "title_fr", "description_en", "description_fr", "licence", "publisher_en", "publisher_fr",
    "contact_name", "contact_email", "contact_phone", "spatial_en", "spatial_fr", "temporal_start",
    "temporal_end", "frequency", "access_level", "access_reason_en", "access_reason_fr",
)


def _resolve_licence(values: Mapping[str, Any]) -> dict[str, Any]:
    """Accept a licence as a Licence row or its code (CLI, API and importers pass codes)."""
    resolved = dict(values)
    licence = resolved.get("licence")
    if isinstance(licence, str):
        found = Licence.objects.filter(code=licence).first() if licence else None
        if licence and found is None:
            raise DomainError(_("Unknown licence."), code="unknown_licence", field="licence")
        resolved["licence"] = found
    return resolved


def _check_dataset_values(values: Mapping[str, Any]) -> None:
    check_bilingual_required(values, "title", _("Title"))
    start, end = values.get("temporal_start"), values.get("temporal_end")
    if start and end and start > end:
        raise DomainError(_("The temporal coverage ends before it starts."), code="invalid_dates",
                          field="temporal_end")
    if values.get("access_level", "public") != "public":
        check_bilingual_required(values, "access_reason", _("The reason access is limited"))


def _snapshot(dataset: Dataset) -> dict[str, Any]:
    data = {f: getattr(dataset, f) for f in DATASET_FIELDS if f != "licence"}
    data["licence"] = dataset.licence.code if dataset.licence_id else None
    if dataset.pk:
        data["themes"] = sorted(t.code for t in dataset.themes.all())
        data["keywords_en"] = sorted(t.name for t in dataset.tags.all() if t.lang == "en")
        data["keywords_fr"] = sorted(t.name for t in dataset.tags.all() if t.lang == "fr")
    return data


def _set_keywords(dataset: Dataset, keywords: Mapping[str, Iterable[str]]) -> None:
    tags = []
    for lang in ("en", "fr"):
        for name in keywords.get(lang, ()):
            name = " ".join(str(name).split())[:100]
            if name:
                tags.append(Tag.objects.get_or_create(name=name, lang=lang)[0])
    dataset.tags.set(tags)


def _set_themes(dataset: Dataset, codes: Iterable[str]) -> None:
    codes = list(codes)
    themes = list(Theme.objects.filter(code__in=codes))
    if len(themes) != len(set(codes)):
        raise DomainError(_("Unknown theme."), code="unknown_theme", field="themes")
    dataset.themes.set(themes)


def refresh_derived(dataset: Dataset) -> None:
    """Recompute what is derived from the metadata: completeness, sort keys and the search document."""
    dataset.completeness = completeness(dataset).score
    sort_keys = {f"sort_title_{lang}": " ".join(fold(pick(dataset, "title", lang).value).split())[:300]
                 for lang in ("en", "fr")}
    Dataset.objects.filter(pk=dataset.pk).update(completeness=dataset.completeness, **sort_keys)
    for key, value in sort_keys.items():
        setattr(dataset, key, value)
    search.update_index(dataset)


# --- datasets -------------------------------------------------------------------------------------


@transaction.atomic
def create_dataset(actor: User, organization: Organization, slug: str, values: Mapping[str, Any], *,
                   keywords: Mapping[str, Iterable[str]] | None = None, themes: Iterable[str] = ()) -> Dataset:
    """Create a draft dataset in ``organization``."""
    if not permissions.can_create_in(actor, organization):
        raise deny(_("You cannot create datasets in this organization."))
    check_slug(slug)
    values = _resolve_licence(values)
    _check_dataset_values(values)
    if Dataset.objects.filter(slug=slug).exists():
        raise ConflictError(_("A dataset with this short name already exists. Choose another one."),
                            code="duplicate_slug", field="slug")
    dataset = Dataset(slug=slug, organization=organization, created_by=actor, status=Dataset.Status.DRAFT)
    for key in DATASET_FIELDS:
        if key in values:
            setattr(dataset, key, values[key] if values[key] is not None else _blank(key))
    try:
        with transaction.atomic():
            dataset.save()
    except IntegrityError:  # a concurrent create took the slug between the check and the insert
        raise ConflictError(_("A dataset with this short name already exists. Choose another one."),
                            code="duplicate_slug", field="slug") from None
    _set_keywords(dataset, keywords or {})
    _set_themes(dataset, themes)
    refresh_derived(dataset)
    audit.record(actor, "dataset.create", dataset, organization_id=organization.pk,
                 changes={k: [None, v] for k, v in _snapshot(dataset).items() if v not in (None, "", [])})
    return dataset


def _blank(field: str) -> Any:
    return None if field in ("licence", "temporal_start", "temporal_end") else ""


@transaction.atomic
def update_dataset(actor: User, dataset: Dataset, values: Mapping[str, Any], *,
                   keywords: Mapping[str, Iterable[str]] | None = None,
                   themes: Iterable[str] | None = None) -> Dataset:
    """Change a dataset's metadata; a published dataset's changes are live at once."""
    if not permissions.can_edit_dataset(actor, dataset):
        raise deny(_("You cannot edit this dataset."))
    dataset = Dataset.objects.select_for_update().get(pk=dataset.pk)
    values = _resolve_licence(values)
    before = _snapshot(dataset)
    merged = {**before, **{k: v for k, v in values.items() if k in DATASET_FIELDS}}
    _check_dataset_values(merged)
    for key in DATASET_FIELDS:
        if key in values:
            setattr(dataset, key, values[key] if values[key] is not None else _blank(key))
    dataset.save()
    if keywords is not None:
        _set_keywords(dataset, keywords)
    if themes is not None:
        _set_themes(dataset, themes)
    changes = audit.diff(before, _snapshot(dataset))
    refresh_derived(dataset)
    if changes:
        audit.record(actor, "dataset.update", dataset, organization_id=dataset.organization_id, changes=changes)
    return dataset


def _transition(actor: User, dataset: Dataset, allowed_from: set[str], to: str, action: str,
                comment: str = "", **extra: Any) -> Dataset:
    dataset = Dataset.objects.select_for_update().get(pk=dataset.pk)
    if dataset.status not in allowed_from:
        raise InvalidStateError(_("This dataset is %(status)s; this action is not possible now.")
                                % {"status": Dataset.Status(dataset.status).label})
    before = dataset.status
    dataset.status = to
    for key, value in extra.items():
        setattr(dataset, key, value)
    dataset.save()
    audit.record(actor, action, dataset, organization_id=dataset.organization_id,
                 changes={"status": [before, to]}, comment=comment)
    return dataset


def _check_ready(dataset: Dataset) -> None:
    values = {f: getattr(dataset, f) for f in DATASET_FIELDS}
    _check_dataset_values(values)
    check_bilingual_required(values, "description", _("Description"))
    if not dataset.licence_id:
        raise DomainError(_("Choose a licence before submitting."), code="required", field="licence")
    if not dataset.resources.exists():
        raise DomainError(_("Add at least one file or link before submitting."), code="no_resources")


@transaction.atomic
def submit_for_review(actor: User, dataset: Dataset, comment: str = "") -> Dataset:
    """Send a draft to the reviewers."""
    if not permissions.can_edit_dataset(actor, dataset):
        raise deny(_("You cannot submit this dataset."))
    _check_ready(dataset)
    return _transition(actor, dataset, {Dataset.Status.DRAFT}, Dataset.Status.IN_REVIEW, "dataset.submit",
                       comment, review_comment="")


@transaction.atomic
def approve_dataset(actor: User, dataset: Dataset, comment: str = "", *, acknowledge: bool = False) -> Dataset:
    """Approve a dataset in review: it is published at once.

    The publication checks (catalog.hooks) run first; ``acknowledge`` accepts the blockers that allow it.
    """
    if not permissions.can_review(actor, dataset):
        raise deny(_("Only a reviewer can approve a dataset."))
    _check_ready(dataset)
    acknowledged = hooks.check_publication(dataset, acknowledge=acknowledge)
    now = timezone.now()
    published = _transition(actor, dataset, {Dataset.Status.IN_REVIEW}, Dataset.Status.PUBLISHED,
                            "dataset.approve", comment, review_comment="",
                            published_at=dataset.published_at or now)
    _record_acknowledged(actor, published, acknowledged, comment)
    return published


def _record_acknowledged(actor: User, dataset: Dataset, blockers: list[hooks.Blocker], comment: str) -> None:
    if blockers:
        audit.record(actor, "dataset.acknowledge_blockers", dataset, organization_id=dataset.organization_id,
                     changes={"blockers": hooks.blocker_summary(blockers)}, comment=comment)


@transaction.atomic
def send_back(actor: User, dataset: Dataset, comment: str) -> Dataset:
    """Return a dataset in review to its editors with a comment saying what to fix."""
    if not permissions.can_review(actor, dataset):
        raise deny(_("Only a reviewer can send a dataset back."))
    if not comment.strip():
        raise DomainError(_("Say what needs to change: a comment is required."), code="required",
                          field="comment")
    return _transition(actor, dataset, {Dataset.Status.IN_REVIEW}, Dataset.Status.DRAFT, "dataset.send_back",
                       comment, review_comment=comment.strip())


@transaction.atomic
def publish_dataset(actor: User, dataset: Dataset, comment: str = "", *, acknowledge: bool = False) -> Dataset:
    """Publish a draft without review, where the site and the actor's role allow it.

    The publication checks (catalog.hooks) run first; ``acknowledge`` accepts the blockers that allow it.
    """
    if not permissions.can_publish_directly(actor, dataset):
        raise deny(_("This site requires a reviewer's approval before publication."))
    _check_ready(dataset)
    acknowledged = hooks.check_publication(dataset, acknowledge=acknowledge)
    published = _transition(actor, dataset, {Dataset.Status.DRAFT, Dataset.Status.IN_REVIEW},
                             Dataset.Status.PUBLISHED, "dataset.publish", comment, review_comment="",
                             published_at=dataset.published_at or timezone.now())
    _record_acknowledged(actor, published, acknowledged, comment)
    return published


@transaction.atomic
def archive_dataset(actor: User, dataset: Dataset, comment: str = "") -> Dataset:
    """Withdraw a published dataset from the catalogue; it stays readable by staff."""
    if not permissions.can_archive(actor, dataset):
        raise deny(_("You cannot archive this dataset."))
    return _transition(actor, dataset, {Dataset.Status.PUBLISHED}, Dataset.Status.ARCHIVED, "dataset.archive",
                       comment, archived_at=timezone.now())


@transaction.atomic
def restore_dataset(actor: User, dataset: Dataset, comment: str = "") -> Dataset:
    """Bring an archived dataset back as a draft, to be reviewed again."""
    if not permissions.can_archive(actor, dataset):
        raise deny(_("You cannot restore this dataset."))
    return _transition(actor, dataset, {Dataset.Status.ARCHIVED}, Dataset.Status.DRAFT, "dataset.restore",
                       comment, archived_at=None)


@transaction.atomic
def delete_dataset(actor: User, dataset: Dataset) -> None:
    """Delete a draft that was never published (published datasets are archived instead)."""
    if not permissions.can_edit_dataset(actor, dataset):
        raise deny(_("You cannot delete this dataset."))
    if dataset.published_at is not None:
        raise InvalidStateError(_("A dataset that was published is archived, not deleted."))
    audit.record(actor, "dataset.delete", dataset, organization_id=dataset.organization_id)
    delete_files_on_commit(ResourceVersion.objects.filter(resource__dataset=dataset))
    dataset_id = dataset.pk
    dataset.delete()
    search.remove_from_index(dataset_id)


def record_view(dataset: Dataset) -> None:
    """Count one view of a published dataset page."""
    Dataset.objects.filter(pk=dataset.pk).update(view_count=F("view_count") + 1)


def record_download(dataset: Dataset) -> None:
    """Count one file download."""
    Dataset.objects.filter(pk=dataset.pk).update(download_count=F("download_count") + 1)
