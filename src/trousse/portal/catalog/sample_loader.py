"""Load the sample town into the catalogue through the real services, and create its demo staff.

Everything goes through ``catalog.services`` (the one write path), so the demo
site holds exactly what a steward would have produced by hand: audit events,
immutable file versions with their hashes, search documents, completeness.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.contrib.auth import password_validation
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from trousse.engine.metadata.model import DatasetMeta, OrganizationMeta, ResourceMeta
from trousse.portal.catalog import services
from trousse.portal.catalog.models import Dataset, Membership, Organization, ResourceVersion
from trousse.portal.core.errors import DomainError
from trousse.portal.core.models import User
from trousse.sample.clock import REFERENCE_TIME

if TYPE_CHECKING:
    from trousse.sample import SampleTown


@dataclass
class LoadReport:
    """What one run of load_sample_town did."""

    organizations_created: list[str] = field(default_factory=list)
    datasets_created: list[str] = field(default_factory=list)
    datasets_skipped: list[str] = field(default_factory=list)  # the slug was already taken
    failures: dict[str, str] = field(default_factory=dict)  # slug -> message; nothing of it was saved
    status_counts: Counter[str] = field(default_factory=Counter)  # of the datasets created
    resources: int = 0
    bytes_uploaded: int = 0
    seconds: float = 0.0


def date_shift(now: dt.datetime | None = None) -> dt.timedelta:
    """Return how far to move the sample's dates so that its reference moment becomes ``now``."""
    # The sample's dates are relative to a fixed "today" (sample.clock), but the site judges
    # freshness against the real clock: shifting keeps each dataset's age, so fresh data stays
    # fresh and the overdue dataset is overdue by exactly as much as the sample intends.
    delta = (now or timezone.now()) - REFERENCE_TIME
    return dt.timedelta(minutes=delta // dt.timedelta(minutes=1))


def load_sample_town(town: SampleTown, actor: User, *, now: dt.datetime | None = None,
                     on_dataset: Callable[[DatasetMeta], None] | None = None,
                     before_review: Callable[[User, Dataset], None] | None = None) -> LoadReport:
    """Create the town's organizations, datasets and resources, and bring each dataset to its status.

    ``before_review(actor, dataset)``, when given, runs before a dataset is submitted (not for drafts):
    what other apps' publication checks need (the privacy gate: files screened, questionnaire answered).
    ``actor`` must be a site admin. Datasets whose slug exists are skipped, so a
    second run adds nothing. Each dataset loads in its own transaction: one that
    fails is reported in ``failures`` and leaves no trace in the catalogue.
    """
    started = time.monotonic()
    report = LoadReport()
    shift = date_shift(now)
    organizations = {meta.slug: _ensure_organization(actor, meta, report) for meta in town.organizations}
    existing = set(Dataset.objects.filter(slug__in=[d.slug for d in town.datasets])
                   .values_list("slug", flat=True))
    for meta in town.datasets:
        if meta.slug in existing:
            report.datasets_skipped.append(meta.slug)
        else:
            _load_into_report(actor, meta, organizations, shift, report, before_review)
        if on_dataset is not None:
            on_dataset(meta)
    report.seconds = time.monotonic() - started
    return report


def _load_into_report(actor: User, meta: DatasetMeta, organizations: dict[str, Organization],
                      shift: dt.timedelta, report: LoadReport,
                      before_review: Callable[[User, Dataset], None] | None = None) -> None:
    stored: list[str] = []
    try:
        with transaction.atomic():
            resources, size = _load_dataset(actor, meta, organizations, shift, stored, before_review)
    except (DomainError, OSError) as exc:
        # The rows are rolled back, but storage is not transactional: remove the files stored so far.
        for name in stored:
            default_storage.delete(name)
        report.failures[meta.slug] = _describe(exc)
        return
    report.datasets_created.append(meta.slug)
    report.status_counts[meta.status] += 1
    report.resources += resources
    report.bytes_uploaded += size


def _describe(exc: Exception) -> str:
    if isinstance(exc, DomainError):
        return f"{exc.code}: {exc.message}" + (f" ({exc.field})" if exc.field else "")
    return str(exc)


def _ensure_organization(actor: User, meta: OrganizationMeta, report: LoadReport) -> Organization:
    found = Organization.objects.filter(slug=meta.slug).first()
    if found is not None:
        return found
    report.organizations_created.append(meta.slug)
    return services.create_organization(actor, meta.slug, {
        "name_en": meta.name.en, "name_fr": meta.name.fr,
        "description_en": meta.description.en, "description_fr": meta.description.fr,
        "email": meta.contact.email, "phone": meta.contact.phone, "website": meta.website,
    })


def _dataset_values(meta: DatasetMeta) -> dict[str, Any]:
    values: dict[str, Any] = {
        "licence": meta.licence,  # a code: create_dataset resolves it, or refuses an unknown one
        "contact_name": meta.contact.name, "contact_email": meta.contact.email,
        "contact_phone": meta.contact.phone,
        "temporal_start": meta.temporal_start, "temporal_end": meta.temporal_end,
        "frequency": meta.frequency, "access_level": meta.access_level,
    }
    for name in ("title", "description", "publisher", "spatial", "access_reason"):
        text = getattr(meta, name)
        values[f"{name}_en"], values[f"{name}_fr"] = text.en, text.fr
    return values


def _resource_values(meta: ResourceMeta) -> dict[str, Any]:
    return {"name_en": meta.name.en, "name_fr": meta.name.fr, "description_en": meta.description.en,
            "description_fr": meta.description.fr, "url": meta.url, "format": meta.format,
            "language": meta.language}


def _load_dataset(actor: User, meta: DatasetMeta, organizations: dict[str, Organization],
                  shift: dt.timedelta, stored: list[str],
                  before_review: Callable[[User, Dataset], None] | None = None) -> tuple[int, int]:
    """Create one dataset with its resources and move it to its status; return (resources, bytes)."""
    if meta.organization not in organizations:
        raise DomainError(f"unknown organization {meta.organization!r}", code="unknown_organization",
                          field="organization")
    dataset = services.create_dataset(
        actor, organizations[meta.organization], meta.slug, _dataset_values(meta),
        keywords={"en": meta.keywords.en, "fr": meta.keywords.fr}, themes=meta.themes,
    )
    modified = None
    if meta.modified is not None:
        moment = meta.modified if timezone.is_aware(meta.modified) else meta.modified.replace(tzinfo=dt.UTC)
        modified = moment + shift
    size = 0
    for resource in meta.resources:
        if resource.path is not None:
            with resource.path.open("rb") as handle:
                upload = File(handle, name=resource.path.name)
                size += upload.size
                added = services.add_resource(actor, dataset, _resource_values(resource), upload=upload,
                                              data_modified=modified)
                if added.current_version is not None:
                    stored.append(added.current_version.file.name)
                    if modified is not None:
                        # The sample simulates history: its files were "uploaded" when its data changed.
                        ResourceVersion.objects.filter(pk=added.current_version.pk).update(created=modified)
        else:
            services.add_resource(actor, dataset, _resource_values(resource), data_modified=modified)
    if before_review is not None and meta.status != Dataset.Status.DRAFT:
        before_review(actor, dataset)
    _reach_status(actor, dataset, meta.status)
    return len(meta.resources), size


def _reach_status(actor: User, dataset: Dataset, status: str) -> None:
    """Walk the dataset through the review workflow, as staff would, up to ``status``."""
    if status == Dataset.Status.DRAFT:
        return
    if status not in Dataset.Status.values:
        raise DomainError(f"unknown status {status!r}", code="unknown_status", field="status")
    dataset = services.submit_for_review(actor, dataset)
    if status == Dataset.Status.IN_REVIEW:
        return
    dataset = services.approve_dataset(actor, dataset, "Sample town: approved on loading.")
    if status == Dataset.Status.ARCHIVED:
        services.archive_dataset(actor, dataset, "Sample town: archived on loading.")


# --- demo staff -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoAccount:
    """A demo staff account. Its password is public: for demonstration sites only."""

    username: str
    password: str
    role: str  # what the account may do, for the printed table
    created: bool = False


# Fixed and published on purpose, so that anyone trying the demo can sign in. Never on a real site:
# `trousse demo` creates them only while loading the sample town into an empty catalogue.
DEMO_PASSWORDS = {
    "admin": "demo-admin-2026",
    "editor": "demo-editor-2026",
    "reviewer": "demo-reviewer-2026",
    "viewer": "demo-viewer-2026",
}
_ROLES = {
    "admin": "site admin",
    "editor": "editor in every organization",
    "reviewer": "site reviewer",
    "viewer": "member of every organization (reads drafts)",
}


def demo_accounts() -> list[DemoAccount]:
    """Return the demo accounts that exist on this site."""
    existing = set(User.objects.filter(username__in=DEMO_PASSWORDS).values_list("username", flat=True))
    return [DemoAccount(name, password, _ROLES[name]) for name, password in DEMO_PASSWORDS.items()
            if name in existing]


def create_demo_admin(email_domain: str = "example.org") -> DemoAccount:
    """Create the demo site admin (or keep the existing one) and return it."""
    _user, created = _ensure_user("admin", email_domain, is_superuser=True)
    return DemoAccount("admin", DEMO_PASSWORDS["admin"], _ROLES["admin"], created)


@transaction.atomic
def create_demo_accounts(actor: User, organizations: Iterable[Organization] | None = None,
                         email_domain: str = "example.org") -> list[DemoAccount]:
    """Create the editor, reviewer and viewer demo accounts with their roles; keep existing ones."""
    organizations = list(Organization.objects.all() if organizations is None else organizations)
    accounts = []
    editor, created_editor = _ensure_user("editor", email_domain)
    reviewer, created_reviewer = _ensure_user("reviewer", email_domain, is_site_reviewer=True)
    viewer, created_viewer = _ensure_user("viewer", email_domain)
    for organization in organizations:
        services.set_membership(actor, organization, editor, Membership.Role.EDITOR)
        services.set_membership(actor, organization, viewer, Membership.Role.MEMBER)
    for user, created in ((editor, created_editor), (reviewer, created_reviewer), (viewer, created_viewer)):
        accounts.append(DemoAccount(user.username, DEMO_PASSWORDS[user.username], _ROLES[user.username],
                                    created))
    return accounts


def _ensure_user(username: str, email_domain: str, *, is_superuser: bool = False,
                 is_site_reviewer: bool = False) -> tuple[User, bool]:
    user = User.objects.filter(username=username).first()
    if user is not None:
        return user, False  # keep it as it is: its password may have been changed since
    user = User(username=username, email=f"{username}@{email_domain}", is_superuser=is_superuser,
                is_staff=is_superuser, is_site_reviewer=is_site_reviewer,
                first_name=username.capitalize(), last_name="Demo")
    password = DEMO_PASSWORDS[username]
    # The same validators as any account: a demo must not teach that weak passwords are fine.
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.save()
    return user, True
