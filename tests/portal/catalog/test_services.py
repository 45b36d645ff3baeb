"""The catalogue's write services: the review workflow, who may do what, validation, audit and files."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models.signals import post_save

from tests.factories import (
    make_dataset,
    make_organization,
    make_upload,
    make_user,
    prepare_publication,
    process_version,
)
from trousse.portal.catalog import services
from trousse.portal.catalog.models import Dataset, Organization, Resource, ResourceVersion
from trousse.portal.core.errors import (
    ConflictError,
    DomainError,
    InvalidStateError,
    PermissionDeniedError,
    TooLargeError,
)
from trousse.portal.core.models import AuditEvent

pytestmark = pytest.mark.django_db

ROLES = ("member", "editor", "org_admin", "other_editor", "reviewer", "site_admin", "anonymous")


@pytest.fixture(scope="module")
def org(shared_data: Path) -> Organization:
    return make_organization("parks")


@pytest.fixture(scope="module")
def people(org: Organization) -> dict[str, Any]:
    """One person per kind of role, as seen from the ``parks`` organization (shared by the module)."""
    other = make_organization("finance")
    return {
        "member": make_user("mia", role="member", organization=org),
        "editor": make_user("eli", role="editor", organization=org),
        "org_admin": make_user("ada", role="admin", organization=org),
        "other_editor": make_user("oto", role="editor", organization=other),
        "reviewer": make_user("rey", reviewer=True),
        "site_admin": make_user("sam", admin=True),
        "anonymous": AnonymousUser(),
    }


def dataset_at(org: Organization, status: str) -> Dataset:
    """Make the workflow tests' dataset, at ``status``, with a link for resource: the roles and states are under
    test, not the files, and a file would go through the pipeline at each of the ~90 cases."""
    return make_dataset(org, "street-trees", status=status, files=(), links=["https://example.ca/trees.csv"])


def events(action: str, obj: Any) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action, object_id=str(obj.pk)).order_by("id"))


def stored_files(media_root: Path) -> list[str]:
    return sorted(str(p.relative_to(media_root)) for p in media_root.rglob("*") if p.is_file())


# --- the workflow -------------------------------------------------------------------------------


def test_a_dataset_goes_through_the_whole_workflow_and_each_step_is_audited(org, people):
    editor, reviewer = people["editor"], people["reviewer"]
    dataset = make_dataset(org, "street-trees", actor=editor, files=())
    assert dataset.status == Dataset.Status.DRAFT
    services.add_resource(editor, dataset, {"name_en": "Trees"}, upload=make_upload("trees.csv", "id\n1\n"))
    prepare_publication(dataset, editor)  # the privacy gate: file screened, questionnaire answered

    dataset = services.submit_for_review(editor, dataset, "Ready")
    assert dataset.status == Dataset.Status.IN_REVIEW
    dataset = services.approve_dataset(reviewer, dataset, "Looks good")
    assert dataset.status == Dataset.Status.PUBLISHED
    assert dataset.published_at is not None
    first_published = dataset.published_at
    dataset = services.archive_dataset(editor, dataset, "Replaced by the new inventory")
    assert dataset.status == Dataset.Status.ARCHIVED
    assert dataset.archived_at is not None
    dataset = services.restore_dataset(editor, dataset)
    assert dataset.status == Dataset.Status.DRAFT
    assert dataset.archived_at is None

    dataset.refresh_from_db()
    assert dataset.published_at == first_published  # first publication date is kept
    trail = [(e.action, e.actor, e.changes, e.comment) for e in
             AuditEvent.objects.filter(object_type="dataset", object_id=str(dataset.pk),
                                       action__startswith="dataset.").order_by("id")]
    assert [t[0] for t in trail] == ["dataset.create", "dataset.submit", "dataset.approve",
                                     "dataset.archive", "dataset.restore"]
    assert trail[1:] == [
        ("dataset.submit", editor, {"status": ["draft", "in_review"]}, "Ready"),
        ("dataset.approve", reviewer, {"status": ["in_review", "published"]}, "Looks good"),
        ("dataset.archive", editor, {"status": ["published", "archived"]}, "Replaced by the new inventory"),
        ("dataset.restore", editor, {"status": ["archived", "draft"]}, ""),
    ]
    resource_event = AuditEvent.objects.get(action="resource.create")
    assert resource_event.actor == editor
    assert resource_event.changes["name_en"] == [None, "Trees"]
    assert resource_event.changes["format"] == [None, "CSV"]


@pytest.mark.parametrize(("action", "status"), [
    ("approve", "draft"), ("send_back", "draft"), ("archive", "draft"), ("restore", "draft"),
    ("submit", "in_review"), ("restore", "published"), ("submit", "published"), ("approve", "archived"),
])
def test_a_step_from_the_wrong_status_is_refused(org, people, action, status):
    dataset = dataset_at(org, status)
    admin = people["site_admin"]
    step = {
        "approve": lambda: services.approve_dataset(admin, dataset),
        "send_back": lambda: services.send_back(admin, dataset, "Fix it"),
        "archive": lambda: services.archive_dataset(admin, dataset),
        "restore": lambda: services.restore_dataset(admin, dataset),
        "submit": lambda: services.submit_for_review(admin, dataset),
    }[action]
    before = AuditEvent.objects.count()
    with pytest.raises(InvalidStateError):
        step()
    dataset.refresh_from_db()
    assert dataset.status == status
    assert AuditEvent.objects.count() == before


# --- who may do what ----------------------------------------------------------------------------


def _create(actor, org):  # type: ignore[no-untyped-def]
    return services.create_dataset(actor, org, "new-one", {"title_en": "New one"})


# action → (status the dataset starts in, what the action does, the roles allowed, the status after)
PERMISSIONS: dict[str, tuple[str | None, Callable[..., object], set[str], str]] = {
    "create": (None, lambda actor, ds, org: _create(actor, org),
               {"editor", "org_admin", "site_admin"}, "draft"),
    "update": ("draft", lambda actor, ds, org: services.update_dataset(actor, ds, {"title_en": "Changed"}),
               {"editor", "org_admin", "site_admin"}, "draft"),
    "update_published": ("published",
                         lambda actor, ds, org: services.update_dataset(actor, ds, {"title_en": "Changed"}),
                         {"editor", "org_admin", "site_admin"}, "published"),
    "update_archived": ("archived",
                        lambda actor, ds, org: services.update_dataset(actor, ds, {"title_en": "Changed"}),
                        set(), "archived"),
    "add_resource": ("draft", lambda actor, ds, org: services.add_resource(
        actor, ds, {"name_en": "More"}, upload=make_upload("more.csv", "a\n1\n")),
        {"editor", "org_admin", "site_admin"}, "draft"),
    "submit": ("draft", lambda actor, ds, org: services.submit_for_review(actor, ds),
               {"editor", "org_admin", "site_admin"}, "in_review"),
    "approve": ("in_review", lambda actor, ds, org: services.approve_dataset(actor, ds),
                {"reviewer", "site_admin"}, "published"),
    "send_back": ("in_review", lambda actor, ds, org: services.send_back(actor, ds, "Add the units"),
                  {"reviewer", "site_admin"}, "draft"),
    "publish_directly": ("draft", lambda actor, ds, org: services.publish_dataset(actor, ds),
                         {"site_admin"}, "published"),
    "archive": ("published", lambda actor, ds, org: services.archive_dataset(actor, ds),
                {"editor", "org_admin", "site_admin"}, "archived"),
    "restore": ("archived", lambda actor, ds, org: services.restore_dataset(actor, ds),
                {"editor", "org_admin", "site_admin"}, "draft"),
    "delete_draft": ("draft", lambda actor, ds, org: services.delete_dataset(actor, ds),
                     {"editor", "org_admin", "site_admin"}, "deleted"),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(PERMISSIONS))
def test_each_role_may_do_exactly_what_its_role_allows(org, people, action, role):
    status, do, allowed, after = PERMISSIONS[action]
    dataset = dataset_at(org, status) if status else None
    if action == "publish_directly":
        prepare_publication(dataset)  # the privacy gate: file screened, questionnaire answered
    before_events = AuditEvent.objects.count()
    before_title = dataset.title_en if dataset else None
    actor = people[role]
    if role in allowed:
        do(actor, dataset, org)
        assert AuditEvent.objects.count() > before_events
        latest = AuditEvent.objects.order_by("-id").first()
        assert latest.actor == actor
        if after == "deleted":
            assert not Dataset.objects.filter(slug="street-trees").exists()
        else:
            slug = dataset.slug if dataset else "new-one"
            assert Dataset.objects.get(slug=slug).status == after
    else:
        with pytest.raises(PermissionDeniedError):
            do(actor, dataset, org)
        assert AuditEvent.objects.count() == before_events
        if dataset is None:
            assert not Dataset.objects.filter(slug="new-one").exists()
        else:
            dataset.refresh_from_db()
            assert (dataset.status, dataset.title_en) == (status, before_title)


@pytest.mark.parametrize(("action", "allowed"), [
    ("publish_directly", {"editor", "org_admin", "site_admin"}),
    ("approve", {"org_admin", "reviewer", "site_admin"}),
])
def test_without_required_review_editors_publish_and_org_admins_review(org, people, settings, action,
                                                                        allowed):
    settings.REQUIRE_REVIEW = False
    for role in ROLES:
        status = "draft" if action == "publish_directly" else "in_review"
        dataset = make_dataset(org, f"set-{role.replace('_', '-')}", status=status)
        if status == "draft":
            prepare_publication(dataset)  # the privacy gate: file screened, questionnaire answered
        do = services.publish_dataset if action == "publish_directly" else services.approve_dataset
        if role in allowed:
            assert do(people[role], dataset).status == Dataset.Status.PUBLISHED, role
        else:
            with pytest.raises(PermissionDeniedError):
                do(people[role], dataset)


# --- validation ---------------------------------------------------------------------------------


def test_a_duplicate_short_name_is_a_conflict(org, people):
    make_dataset(org, "street-trees")
    other = make_organization("roads")
    with pytest.raises(ConflictError) as raised:
        services.create_dataset(people["site_admin"], other, "street-trees", {"title_en": "Trees again"})
    assert (raised.value.code, raised.value.field) == ("duplicate_slug", "slug")
    assert Dataset.objects.filter(slug="street-trees").count() == 1


@pytest.mark.parametrize("slug", ["", "Street-Trees", "street--trees", "-trees", "trees_2", "é"])
def test_a_malformed_short_name_is_refused(org, people, slug):
    with pytest.raises(DomainError) as raised:
        services.create_dataset(people["editor"], org, slug, {"title_en": "Trees"})
    assert raised.value.field == "slug"


def test_a_short_name_used_by_the_sites_own_addresses_is_reserved(org, people):
    # /workspace/datasets/new/ creates datasets: a dataset called "new" could never be managed.
    with pytest.raises(DomainError) as raised:
        services.create_dataset(people["editor"], org, "new", {"title_en": "New"})
    assert (raised.value.code, raised.value.field) == ("reserved_slug", "slug")
    assert "new" in str(raised.value.message)
    with pytest.raises(DomainError) as raised:
        services.create_organization(people["site_admin"], "new", {"name_en": "New"})
    assert raised.value.code == "reserved_slug"
    assert not Dataset.objects.filter(slug="new").exists()
    assert not Organization.objects.filter(slug="new").exists()
    # Only the word alone: a short name that contains it is fine.
    assert services.create_dataset(people["editor"], org, "new-trees", {"title_en": "New trees"}).pk


def test_a_title_is_required_in_at_least_one_language(org, people):
    with pytest.raises(DomainError) as raised:
        services.create_dataset(people["editor"], org, "street-trees", {"title_en": "  ", "title_fr": ""})
    assert (raised.value.code, raised.value.field) == ("required", "title_en")
    assert not Dataset.objects.exists()
    # Either language is enough.
    assert services.create_dataset(people["editor"], org, "street-trees", {"title_fr": "Arbres"}).pk


def test_a_title_cannot_be_removed_by_an_update(org, people):
    dataset = make_dataset(org, "street-trees", title_en="Street trees")
    with pytest.raises(DomainError) as raised:
        services.update_dataset(people["editor"], dataset, {"title_en": ""})
    assert raised.value.field == "title_en"
    dataset.refresh_from_db()
    assert dataset.title_en == "Street trees"


def test_the_temporal_coverage_cannot_end_before_it_starts(org, people):
    values = {"title_en": "Trees", "temporal_start": dt.date(2024, 5, 1),
              "temporal_end": dt.date(2024, 4, 30)}
    with pytest.raises(DomainError) as raised:
        services.create_dataset(people["editor"], org, "street-trees", values)
    assert (raised.value.code, raised.value.field) == ("invalid_dates", "temporal_end")
    dataset = make_dataset(org, "street-trees", temporal_start=dt.date(2024, 5, 1))
    with pytest.raises(DomainError) as raised:
        services.update_dataset(people["editor"], dataset, {"temporal_end": dt.date(2023, 1, 1)})
    assert raised.value.field == "temporal_end"
    # One day of coverage is fine.
    services.update_dataset(people["editor"], dataset, {"temporal_end": dt.date(2024, 5, 1)})


def test_a_limited_access_level_needs_a_reason(org, people):
    with pytest.raises(DomainError) as raised:
        services.create_dataset(people["editor"], org, "permits", {"title_en": "Permits",
                                                                     "access_level": "restricted"})
    assert raised.value.field == "access_reason_en"


def test_submitting_needs_a_resource_a_licence_and_a_description(org, people):
    editor = people["editor"]
    no_file = make_dataset(org, "no-file", files=())
    with pytest.raises(DomainError) as raised:
        services.submit_for_review(editor, no_file)
    assert raised.value.code == "no_resources"

    no_licence = make_dataset(org, "no-licence", licence=None)
    with pytest.raises(DomainError) as raised:
        services.submit_for_review(editor, no_licence)
    assert (raised.value.code, raised.value.field) == ("required", "licence")

    no_description = make_dataset(org, "no-description", description_en="")
    with pytest.raises(DomainError) as raised:
        services.submit_for_review(editor, no_description)
    assert raised.value.field == "description_en"

    for dataset in (no_file, no_licence, no_description):
        dataset.refresh_from_db()
        assert dataset.status == Dataset.Status.DRAFT
    assert not AuditEvent.objects.filter(action="dataset.submit").exists()
    # A link is a resource too.
    services.add_resource(editor, no_file, {"name_en": "Portal", "url": "https://example.org/trees"})
    assert services.submit_for_review(editor, no_file).status == Dataset.Status.IN_REVIEW


def test_an_unknown_licence_or_theme_is_refused(org, people):
    dataset = make_dataset(org, "street-trees")
    with pytest.raises(DomainError) as raised:
        services.update_dataset(people["editor"], dataset, {"licence": "all-rights-reserved"})
    assert raised.value.field == "licence"
    with pytest.raises(DomainError) as raised:
        services.update_dataset(people["editor"], dataset, {}, themes=["environment", "astrology"])
    assert raised.value.field == "themes"
    assert list(dataset.themes.all()) == []


def test_sending_back_needs_a_comment_and_keeps_it_for_the_editors(org, people):
    reviewer = people["reviewer"]
    dataset = make_dataset(org, "street-trees", status="in_review")
    for blank in ("", "   \n"):
        with pytest.raises(DomainError) as raised:
            services.send_back(reviewer, dataset, blank)
        assert raised.value.field == "comment"
    dataset.refresh_from_db()
    assert dataset.status == Dataset.Status.IN_REVIEW

    dataset = services.send_back(reviewer, dataset, "  Add the species column.  ")
    dataset.refresh_from_db()
    assert dataset.status == Dataset.Status.DRAFT
    assert dataset.review_comment == "Add the species column."
    [event] = events("dataset.send_back", dataset)
    assert (event.actor, event.comment, event.changes) == (
        reviewer, "  Add the species column.  ", {"status": ["in_review", "draft"]})
    # Submitting again clears the comment once the editors have acted on it.
    dataset = services.submit_for_review(people["editor"], dataset)
    dataset.refresh_from_db()
    assert dataset.review_comment == ""


# --- the audit log ------------------------------------------------------------------------------


def test_creating_a_dataset_records_every_value_given(org, people):
    editor = people["editor"]
    dataset = services.create_dataset(
        editor, org, "street-trees",
        {"title_en": "Street trees", "title_fr": "Arbres de rue", "licence": "cc-by-4.0",
         "temporal_start": dt.date(2020, 1, 1), "frequency": "annual"},
        keywords={"en": ["trees", "canopy"], "fr": ["arbres"]}, themes=["environment"])
    [event] = events("dataset.create", dataset)
    assert event.actor == editor
    assert event.actor_name == "eli"
    assert event.organization_id == org.pk
    assert event.changes == {
        "title_en": [None, "Street trees"], "title_fr": [None, "Arbres de rue"],
        "licence": [None, "cc-by-4.0"], "temporal_start": [None, "2020-01-01"], "frequency": [None, "annual"],
        "access_level": [None, "public"], "themes": [None, ["environment"]],
        "keywords_en": [None, ["canopy", "trees"]], "keywords_fr": [None, ["arbres"]],
    }


def test_an_update_records_only_the_fields_that_changed(org, people):
    editor = people["editor"]
    dataset = make_dataset(org, "street-trees", title_en="Street trees", description_en="All trees.",
                           keywords={"en": ["trees"]}, themes=["environment"])
    services.update_dataset(editor, dataset, {
        "title_en": "City street trees", "description_en": "All trees.", "licence": "ogl-canada-2.0",
        "frequency": "annual",
    }, keywords={"en": ["trees", "canopy"]}, themes=["environment"])
    [event] = events("dataset.update", dataset)
    assert event.actor == editor
    assert event.changes == {
        "title_en": ["Street trees", "City street trees"],
        "frequency": ["unknown", "annual"],
        "keywords_en": [["trees"], ["canopy", "trees"]],
    }
    # Saving the same values again changes nothing and records nothing.
    services.update_dataset(editor, dataset, {"title_en": "City street trees"})
    assert len(events("dataset.update", dataset)) == 1


def test_a_licence_change_is_recorded_by_code(org, people):
    dataset = make_dataset(org, "street-trees")
    services.update_dataset(people["editor"], dataset, {"licence": "cc-by-4.0"})
    [event] = events("dataset.update", dataset)
    assert event.changes == {"licence": ["ogl-canada-2.0", "cc-by-4.0"]}
    services.update_dataset(people["editor"], dataset, {"licence": None})
    assert events("dataset.update", dataset)[-1].changes == {"licence": ["cc-by-4.0", None]}


def test_membership_changes_are_audited(org, people):
    newcomer = make_user("nia")
    services.set_membership(people["org_admin"], org, newcomer, "editor")
    event = AuditEvent.objects.filter(action="membership.set").order_by("-id").first()
    assert (event.actor, event.changes) == (people["org_admin"], {"user": "nia", "role": "editor"})
    with pytest.raises(PermissionDeniedError):
        services.set_membership(people["editor"], org, newcomer, "admin")


# --- files and versions -------------------------------------------------------------------------


def test_an_upload_is_stored_with_its_size_and_sha256(org, people, media_root):
    content = "id,species\n1,Acer saccharum\n2,Érable argenté\n".encode()
    dataset = make_dataset(org, "street-trees", files=())
    resource = services.add_resource(people["editor"], dataset, {"name_en": "Trees", "name_fr": "Arbres"},
                                     upload=make_upload("street trees.csv", content))
    version = resource.versions.get()
    assert version.number == 1
    assert version.size == len(content)
    assert version.sha256 == hashlib.sha256(content).hexdigest()
    assert (version.filename, version.format, resource.format) == ("street_trees.csv", "CSV", "CSV")
    assert version.media_type == "text/csv"
    assert version.created_by == people["editor"]
    assert resource.current_version == version
    assert (media_root / version.file.name).read_bytes() == content
    assert version.file.name == f"resources/{resource.pk}/v1/street_trees.csv"
    dataset.refresh_from_db()
    assert dataset.data_modified is not None


def test_a_new_version_becomes_current_and_the_old_one_stays_downloadable(org, people, client):
    dataset = make_dataset(org, "street-trees", status="published", files=[("trees.csv", "id\n1\n")])
    resource = dataset.resources.get()
    version2 = services.upload_version(people["editor"], resource, make_upload("trees.csv", "id\n1\n2\n"),
                                       note="Added tree 2")
    assert version2.number == 2
    process_version(version2)  # a refresh of a published dataset goes out once screened clean (issue #5)
    resource.refresh_from_db()
    assert resource.current_version == version2
    assert list(resource.versions.values_list("number", flat=True)) == [2, 1]
    [event] = events("resource.upload", resource)
    assert event.changes == {"version": 2, "filename": "trees.csv",
                             "sha256": hashlib.sha256(b"id\n1\n2\n").hexdigest()}

    old = client.get(f"/files/{resource.pk}/v1/trees.csv")
    assert old.status_code == 200
    assert b"".join(old.streaming_content) == b"id\n1\n"
    assert old["ETag"] == '"' + hashlib.sha256(b"id\n1\n").hexdigest() + '"'
    latest = client.get(f"/files/{resource.pk}/latest")
    assert latest.status_code == 302
    assert latest["Location"] == f"/files/{resource.pk}/v2/trees.csv"
    new = client.get(latest["Location"])
    assert b"".join(new.streaming_content) == b"id\n1\n2\n"


def test_an_empty_file_is_refused_and_nothing_is_saved(org, people, media_root):
    dataset = make_dataset(org, "street-trees", files=())
    with pytest.raises(DomainError) as raised:
        services.add_resource(people["editor"], dataset, {"name_en": "Trees"},
                              upload=make_upload("t.csv", b""))
    assert (raised.value.code, raised.value.field) == ("empty_file", "file")
    assert not Resource.objects.exists()
    assert stored_files(media_root) == []


def test_a_file_over_the_upload_limit_is_refused(org, people, settings, media_root):
    settings.MAX_UPLOAD_BYTES = 10
    dataset = make_dataset(org, "street-trees", files=[("small.csv", b"a\n1\n")])
    with pytest.raises(TooLargeError):
        services.add_resource(people["editor"], dataset, {"name_en": "Big"},
                              upload=make_upload("b.csv", b"x" * 11))
    resource = dataset.resources.get()
    with pytest.raises(TooLargeError):
        services.upload_version(people["editor"], resource, make_upload("small.csv", b"x" * 11))
    assert resource.versions.count() == 1
    assert len(stored_files(media_root)) == 1
    # Exactly at the limit is accepted.
    version = services.upload_version(people["editor"], resource, make_upload("small.csv", b"x" * 10))
    assert version.number == 2


@contextmanager
def failing_after_the_file_is_stored() -> Iterator[None]:
    """Make the step after a version's file is stored fail, inside the service's transaction."""
    def fail(sender, instance, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk quota exceeded while recording the version")

    post_save.connect(fail, sender=ResourceVersion, dispatch_uid="test-failing-version-save")
    try:
        yield
    finally:
        post_save.disconnect(sender=ResourceVersion, dispatch_uid="test-failing-version-save")


def test_a_failed_upload_leaves_the_published_version_current_and_nothing_half_saved(
        org, people, client, media_root):
    dataset = make_dataset(org, "street-trees", status="published", files=[("trees.csv", "id\n1\n")])
    resource = dataset.resources.get()
    before_files = stored_files(media_root)
    before_events = AuditEvent.objects.count()

    with failing_after_the_file_is_stored():
        with pytest.raises(RuntimeError):
            services.upload_version(people["editor"], resource, make_upload("trees.csv", "id\n1\n2\n"))
        with pytest.raises(RuntimeError):
            services.add_resource(people["editor"], dataset, {"name_en": "Stumps"},
                                  upload=make_upload("stumps.csv", "id\n9\n"))

    resource.refresh_from_db()
    assert resource.current_version.number == 1
    assert list(ResourceVersion.objects.values_list("number", flat=True)) == [1]
    assert list(dataset.resources.all()) == [resource]
    assert AuditEvent.objects.count() == before_events
    after = Dataset.objects.get(pk=dataset.pk)
    assert (after.status, after.data_modified) == (Dataset.Status.PUBLISHED, dataset.data_modified)
    assert stored_files(media_root) == before_files
    download = client.get(client.get(f"/files/{resource.pk}/latest")["Location"])
    assert b"".join(download.streaming_content) == b"id\n1\n"

    # Once the fault is gone, the next upload is version 2 as if the failed one never happened.
    version = services.upload_version(people["editor"], resource, make_upload("trees.csv", "id\n1\n2\n"))
    assert version.number == 2
    process_version(version)  # a refresh of a published dataset goes out once screened clean (issue #5)
    assert b"".join(client.get(f"/files/{resource.pk}/v2/trees.csv").streaming_content) == b"id\n1\n2\n"


def test_a_link_resource_has_no_versions(org, people):
    dataset = make_dataset(org, "street-trees", files=(), links=["https://example.org/trees.geojson"])
    resource = dataset.resources.get()
    assert (resource.kind, resource.current_version) == (Resource.Kind.LINK, None)
    with pytest.raises(DomainError) as raised:
        services.upload_version(people["editor"], resource, make_upload("trees.csv", "a\n"))
    assert raised.value.code == "not_a_file"


def test_a_resource_needs_a_file_or_a_link_and_a_name(org, people):
    dataset = make_dataset(org, "street-trees", files=())
    with pytest.raises(DomainError) as raised:
        services.add_resource(people["editor"], dataset, {"name_en": "Nothing"})
    assert raised.value.field == "file"
    with pytest.raises(DomainError) as raised:
        services.add_resource(people["editor"], dataset, {}, upload=make_upload("a.csv", "a\n"))
    assert raised.value.field == "name_en"
    assert not Resource.objects.exists()


def test_a_published_dataset_cannot_be_deleted(org, people):
    dataset = make_dataset(org, "street-trees", status="published")
    with pytest.raises(InvalidStateError):
        services.delete_dataset(people["site_admin"], dataset)
    assert Dataset.objects.filter(pk=dataset.pk).exists()


def test_a_resource_of_a_dataset_that_was_published_cannot_be_removed(org, people):
    dataset = make_dataset(org, "street-trees", status="published")
    resource = dataset.resources.get()
    with pytest.raises(InvalidStateError):
        services.delete_resource(people["site_admin"], resource)
    # Restored as a draft after archiving, it was still published once.
    services.archive_dataset(people["site_admin"], dataset)
    dataset = services.restore_dataset(people["site_admin"], dataset)
    resource.refresh_from_db()
    with pytest.raises(InvalidStateError):
        services.delete_resource(people["site_admin"], resource)
    assert Resource.objects.filter(pk=resource.pk).exists()
    assert not events("resource.delete", resource)


def test_a_resource_of_a_draft_is_removed_and_the_removal_audited(org, people):
    dataset = make_dataset(org, "street-trees", files=[("a.csv", "a\n1\n"), ("b.csv", "b\n2\n")])
    first, second = dataset.resources.order_by("position")
    with pytest.raises(PermissionDeniedError):
        services.delete_resource(people["member"], first)
    first_id = first.pk
    services.delete_resource(people["editor"], first)
    assert list(dataset.resources.all()) == [second]
    [event] = AuditEvent.objects.filter(action="resource.delete", object_id=str(first_id))
    assert (event.actor, event.organization_id) == (people["editor"], org.pk)
