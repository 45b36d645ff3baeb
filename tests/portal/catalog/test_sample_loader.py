"""Loading the sample town through the catalogue's services: statuses, freshness, files, idempotence."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from django.contrib.auth import authenticate
from django.utils import timezone

from tests.factories import make_user, through_privacy_gate
from trousse.engine.metadata.model import (
    Contact,
    DatasetMeta,
    LocalizedKeywords,
    LocalizedText,
    OrganizationMeta,
    ResourceMeta,
)
from trousse.engine.metadata.vocabularies import is_overdue
from trousse.portal.catalog.models import Dataset, Membership, Organization, Resource, ResourceVersion
from trousse.portal.catalog.sample_loader import (
    DEMO_PASSWORDS,
    create_demo_accounts,
    create_demo_admin,
    date_shift,
    load_sample_town,
)
from trousse.portal.core.models import AuditEvent, User
from trousse.sample.clock import REFERENCE_TIME

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class MiniTown:
    """The SampleTown shape, small enough to reason about each dataset."""

    name: LocalizedText
    province: str
    organizations: tuple[OrganizationMeta, ...]
    datasets: tuple[DatasetMeta, ...]


def _record(slug: str, org: str, status: str, frequency: str, age_days: int,
            resources: tuple[ResourceMeta, ...], **extra: object) -> DatasetMeta:
    meta = DatasetMeta(
        slug=slug, organization=org,
        title=LocalizedText(f"{slug} (en)", f"{slug} (fr)"),
        description=LocalizedText(f"About {slug}.", f"À propos de {slug}."),
        keywords=LocalizedKeywords(("trees",), ("arbres",)), themes=("environment",),
        licence="ogl-municipal", contact=Contact("Team", "team@town.example", "506-555-0100"),
        frequency=frequency, resources=resources, status=status,
        modified=REFERENCE_TIME - dt.timedelta(days=age_days),
    )
    return replace(meta, **extra)  # type: ignore[arg-type]


@pytest.fixture
def mini_town(tmp_path: Path) -> MiniTown:
    files = tmp_path / "town"
    files.mkdir()
    trees = files / "street-trees.csv"
    trees.write_text("id,species\n1,Acer saccharum\n2,Quercus rubra\n", encoding="utf-8")
    budget = files / "budget.csv"
    budget.write_bytes(b"year,amount\n2026,100\n" * 500)

    def csv(path: Path) -> tuple[ResourceMeta, ...]:
        return (ResourceMeta(LocalizedText("Data", "Données"), path=path, format="CSV", language="en+fr"),)

    link = (ResourceMeta(LocalizedText("Map", "Carte"), url="https://maps.town.example/", format="HTML"),)
    organizations = (
        OrganizationMeta("parks", LocalizedText("Parks", "Parcs"), LocalizedText("Parks.", "Parcs.")),
        OrganizationMeta("finance", LocalizedText("Finance", "Finances")),
    )
    datasets = (
        _record("street-trees", "parks", "published", "weekly", 2, csv(trees)),
        _record("budget", "finance", "published", "monthly", 90, csv(budget)),  # overdue: 90 > 35 days
        _record("park-map", "parks", "published", "irregular", 400, link),
        _record("old-budget", "finance", "archived", "annual", 900, csv(budget)),
        _record("pools", "parks", "in_review", "annual", 30, csv(trees)),
        # A draft may be unfinished: no licence, no description, no file.
        _record("benches", "parks", "draft", "unknown", 5, (), licence="",
                description=LocalizedText()),
    )
    return MiniTown(LocalizedText("Town", "Ville"), "NB", organizations, datasets)


@pytest.fixture
def admin() -> User:
    return make_user("loader-admin", admin=True)


def test_loads_every_dataset_at_its_status_through_the_workflow(mini_town: MiniTown, admin: User) -> None:
    report = load_sample_town(mini_town, admin, before_review=through_privacy_gate)

    assert report.failures == {}
    assert sorted(report.organizations_created) == ["finance", "parks"]
    assert Counter(Dataset.objects.values_list("status", flat=True)) == Counter(
        published=3, archived=1, in_review=1, draft=1)
    assert report.status_counts == Counter(published=3, archived=1, in_review=1, draft=1)
    assert report.resources == 5
    # Each status was reached through the services, which leave their audit trail.
    actions = set(AuditEvent.objects.filter(object_type="dataset", object_label__startswith="old-budget")
                  .values_list("action", flat=True))
    assert {"dataset.create", "dataset.submit", "dataset.approve", "dataset.archive"} <= actions
    archived = Dataset.objects.get(slug="old-budget")
    assert archived.published_at is not None and archived.archived_at is not None
    parks = Organization.objects.get(slug="parks")
    assert (parks.name_en, parks.name_fr, parks.description_fr) == ("Parks", "Parcs", "Parcs.")


def test_uploads_files_as_versions_with_their_hash(mini_town: MiniTown, admin: User) -> None:
    load_sample_town(mini_town, admin, before_review=through_privacy_gate)

    budget_file = mini_town.datasets[1].resources[0].path
    assert budget_file is not None
    version = ResourceVersion.objects.get(resource__dataset__slug="budget")
    assert version.number == 1 and version.filename == "budget.csv"
    assert version.size == budget_file.stat().st_size
    assert version.sha256 == hashlib.sha256(budget_file.read_bytes()).hexdigest()
    with version.file.open("rb") as stored:
        assert stored.read() == budget_file.read_bytes()
    link = Resource.objects.get(dataset__slug="park-map")
    assert (link.kind, link.url, link.current_version) == ("link", "https://maps.town.example/", None)


def test_freshness_keeps_the_sample_ages_so_the_overdue_dataset_is_overdue(mini_town: MiniTown,
                                                                          admin: User) -> None:
    now = timezone.now()
    load_sample_town(mini_town, admin, now=now, before_review=through_privacy_gate)

    budget = Dataset.objects.get(slug="budget")
    trees = Dataset.objects.get(slug="street-trees")
    assert budget.data_modified is not None and trees.data_modified is not None
    assert abs((now - budget.data_modified) - dt.timedelta(days=90)) < dt.timedelta(minutes=1)
    assert is_overdue(budget.frequency, budget.data_modified, timezone.now())
    assert not is_overdue(trees.frequency, trees.data_modified, timezone.now())
    overdue = {d.slug for d in Dataset.objects.all() if is_overdue(d.frequency, d.data_modified, now)}
    assert overdue == {"budget", "old-budget"}


def test_date_shift_moves_the_reference_moment_to_now() -> None:
    now = REFERENCE_TIME + dt.timedelta(days=28, hours=3, seconds=42)
    assert date_shift(now) == dt.timedelta(days=28, hours=3)
    assert date_shift(REFERENCE_TIME - dt.timedelta(days=1)) == -dt.timedelta(days=1)


def test_loading_twice_adds_nothing(mini_town: MiniTown, admin: User) -> None:
    load_sample_town(mini_town, admin, before_review=through_privacy_gate)
    counts = (Organization.objects.count(), Dataset.objects.count(), Resource.objects.count(),
              ResourceVersion.objects.count())

    again = load_sample_town(mini_town, admin, before_review=through_privacy_gate)

    assert again.datasets_created == [] and again.organizations_created == []
    assert sorted(again.datasets_skipped) == sorted(d.slug for d in mini_town.datasets)
    assert (Organization.objects.count(), Dataset.objects.count(), Resource.objects.count(),
            ResourceVersion.objects.count()) == counts


def test_a_failing_dataset_is_reported_and_leaves_no_trace(mini_town: MiniTown, admin: User,
                                                           media_root: Path) -> None:
    files = mini_town.datasets[0].resources
    broken = (
        _record("no-files", "parks", "published", "weekly", 1, ()),  # cannot be submitted: no resource
        _record("no-licence", "parks", "published", "weekly", 1, files, licence=""),  # stored, then refused
        _record("bad-licence", "parks", "draft", "weekly", 1, files, licence="all-rights-reserved"),
    )
    town = MiniTown(mini_town.name, "NB", mini_town.organizations, (*mini_town.datasets, *broken))

    report = load_sample_town(town, admin, before_review=through_privacy_gate)

    assert set(report.failures) == {"no-files", "no-licence", "bad-licence"}
    assert "no_resources" in report.failures["no-files"]
    assert "licence" in report.failures["no-licence"] and "unknown_licence" in report.failures["bad-licence"]
    assert not Dataset.objects.filter(slug__in=report.failures).exists()
    assert Dataset.objects.count() == len(mini_town.datasets)
    # The pipeline's derived files (made while screening for the privacy gate) are not the uploads.
    stored = sorted(str(p.relative_to(media_root)) for p in media_root.rglob("*")
                    if p.is_file() and not str(p.relative_to(media_root)).startswith("derived/"))
    assert stored == sorted(v.file.name for v in ResourceVersion.objects.all())


def test_demo_accounts_have_their_roles_and_printed_passwords(mini_town: MiniTown, settings) -> None:  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed, not safety
    admin_account = create_demo_admin()
    actor = User.objects.get(username="admin")
    load_sample_town(mini_town, actor, before_review=through_privacy_gate)

    accounts = [admin_account, *create_demo_accounts(actor)]

    assert [a.username for a in accounts] == ["admin", "editor", "reviewer", "viewer"]
    assert all(a.created for a in accounts)
    for account in accounts:
        assert authenticate(username=account.username, password=DEMO_PASSWORDS[account.username])
    assert actor.is_site_admin
    assert User.objects.get(username="reviewer").is_site_reviewer
    roles = set(Membership.objects.values_list("user__username", "organization__slug", "role"))
    assert roles == {(user, org, role) for user, role in (("editor", "editor"), ("viewer", "member"))
                     for org in ("finance", "parks")}
    # A second run keeps the accounts (their passwords may have been changed since).
    User.objects.filter(username="editor").update(first_name="Changed")
    assert not create_demo_admin().created
    assert not any(a.created for a in create_demo_accounts(actor))
    assert User.objects.get(username="editor").first_name == "Changed"


def test_loads_the_real_sample_town_at_small_scale(tmp_path: Path, admin: User) -> None:
    sample = pytest.importorskip("trousse.sample")
    if not hasattr(sample, "build_sample_town"):
        pytest.skip("the sample town package does not offer build_sample_town yet")
    town = sample.build_sample_town(tmp_path / "town", scale=0.01)
    now = timezone.now()

    report = load_sample_town(town, admin, now=now, before_review=through_privacy_gate)

    assert report.failures == {}
    assert report.seconds < 60
    assert Counter(Dataset.objects.values_list("status", flat=True)) == Counter(d.status for d in town.datasets)
    assert Organization.objects.count() == len(town.organizations)
    wanted_overdue = {d.slug for d in town.datasets if is_overdue(d.frequency, d.modified, REFERENCE_TIME)}
    assert wanted_overdue, "the sample town should have an overdue dataset"
    loaded_overdue = {d.slug for d in Dataset.objects.all() if is_overdue(d.frequency, d.data_modified, now)}
    assert loaded_overdue == wanted_overdue

    again = load_sample_town(town, admin, before_review=through_privacy_gate)
    assert again.datasets_created == [] and Dataset.objects.count() == len(town.datasets)
