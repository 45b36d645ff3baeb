"""Build users, organizations and datasets for tests, through the real services.

Plain functions, no factory library: each call goes through the same service a person's click
would, so a factory-made dataset has its audit trail, search document and stored files like any other.
Factories act as a site administrator made for the purpose (``factory_admin``) unless told otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from trousse.portal.catalog import services
from trousse.portal.catalog.models import Dataset, Organization, ResourceVersion
from trousse.portal.core.models import User

FACTORY_ADMIN = "factory-admin"
DEFAULT_LICENCE = "ogl-canada-2.0"
DEFAULT_FILE = ("data.csv", b"id,name\n1,first\n2,second\n")
# How a dataset reaches each status from a draft, with the services a person would use.
_STEPS = {
    Dataset.Status.DRAFT: (),
    Dataset.Status.IN_REVIEW: ("submit",),
    Dataset.Status.PUBLISHED: ("submit", "approve"),
    Dataset.Status.ARCHIVED: ("submit", "approve", "archive"),
}


def factory_admin() -> User:
    """Return the site administrator the factories act as (created on first use)."""
    user = User.objects.filter(username=FACTORY_ADMIN).first()
    if user is None:
        user = User.objects.create_user(FACTORY_ADMIN, is_superuser=True, is_staff=True)
    return user


def make_user(username: str, *, role: str | None = None, organization: Organization | None = None,
              reviewer: bool = False, admin: bool = False, password: str | None = None) -> User:
    """Create a user; ``role`` (member, editor or admin) in ``organization`` goes through set_membership."""
    if (role is None) != (organization is None):
        raise ValueError("give both role and organization, or neither")
    user = User.objects.create_user(username, password=password, is_site_reviewer=reviewer,
                                    is_superuser=admin, is_staff=admin)
    if role is not None and organization is not None:
        services.set_membership(None, organization, user, role)
    return user


def make_organization(slug: str, **values: Any) -> Organization:
    """Create an organization named after ``slug`` in both languages unless ``values`` says otherwise."""
    words = slug.replace("-", " ")
    values = {"name_en": words.title(), "name_fr": words.capitalize(), **values}
    return services.create_organization(factory_admin(), slug, values)


def make_upload(name: str, content: bytes | str) -> SimpleUploadedFile:
    """Return ``content`` as the uploaded file ``name``, as a form post would hand it to a view."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    return SimpleUploadedFile(name, data)


def make_dataset(organization: Organization, slug: str, *, status: str = Dataset.Status.DRAFT,
                 access_level: str = "public", keywords: Mapping[str, Iterable[str]] | None = None,
                 themes: Iterable[str] = (), files: Sequence[tuple[str, bytes | str]] | None = None,
                 links: Sequence[str] = (), actor: User | None = None, reviewer: User | None = None,
                 acknowledge: bool = False, privacy_approval: str = "", **fields: Any) -> Dataset:
    """Create a dataset and move it to ``status`` through the workflow services.

    ``fields`` are dataset values (``title_en``, ``licence`` as a code, ``frequency``…); sensible
    defaults make the dataset ready for review. ``files`` are (filename, content) pairs uploaded as
    file resources (default: one small CSV; pass ``()`` for none) and ``links`` add link resources.
    ``actor`` creates and submits (default: the factory admin); ``reviewer`` approves and archives.
    ``acknowledge`` is passed to approve_dataset: it publishes despite acknowledgeable publication
    blockers (catalog.hooks), such as files still being processed where on-commit hooks run.
    Before publishing, the files go through the pipeline (and its privacy screen) and the privacy
    questionnaire is answered "no" throughout; ``privacy_approval``, a justification, has the reviewer
    approve the screen's findings (files with personal information cannot be published otherwise).
    """
    if status not in _STEPS:
        raise ValueError(f"unknown status {status!r}")
    actor = actor or factory_admin()
    reviewer = reviewer or factory_admin()
    words = slug.replace("-", " ")
    values: dict[str, Any] = {
        "title_en": words.capitalize(),
        "description_en": f"About {words}.",
        "licence": DEFAULT_LICENCE,
        "access_level": access_level,
    }
    if access_level != "public":
        values["access_reason_en"] = "Holds information about identifiable people."
    values.update(fields)
    dataset = services.create_dataset(actor, organization, slug, values, keywords=keywords, themes=themes)
    for name, content in (DEFAULT_FILE,) if files is None else files:
        services.add_resource(actor, dataset, {"name_en": name}, upload=make_upload(name, content))
    for url in links:
        services.add_resource(actor, dataset, {"name_en": url, "url": url})
    if status != Dataset.Status.DRAFT:
        # Publication passes the privacy gate (issue #5): a dataset sent to review is ready for it.
        prepare_publication(dataset, actor, privacy_approval=privacy_approval, reviewer=reviewer)
    for step in _STEPS[Dataset.Status(status)]:
        if step == "submit":
            dataset = services.submit_for_review(actor, dataset)
        elif step == "approve":
            dataset = services.approve_dataset(reviewer, dataset, acknowledge=acknowledge)
        else:
            dataset = services.archive_dataset(reviewer, dataset)
    dataset.refresh_from_db()
    return dataset


def prepare_publication(dataset: Dataset, actor: User | None = None, *, privacy_approval: str = "",
                        reviewer: User | None = None) -> None:
    """Make ``dataset`` pass the privacy gate as staff would: files screened, questionnaire answered.

    The files are screened by a real pipeline run, the risk questionnaire answered "no" throughout, and
    the screen's findings approved by the reviewer with ``privacy_approval`` as justification when given.
    """
    process_files(dataset)
    answer_questionnaire(dataset, actor)
    if privacy_approval:
        approve_privacy(dataset, privacy_approval, reviewer)


def process_files(dataset: Dataset) -> None:
    """Run the real pipeline (with the privacy screen) over each file resource's current version not yet run."""
    from trousse.portal.pipeline.models import PipelineRun

    for resource in dataset.resources.filter(kind="file").exclude(current_version=None).select_related(
            "current_version"):
        if not PipelineRun.objects.filter(version_id=resource.current_version_id).exists():
            process_version(resource.current_version)


def process_version(version: ResourceVersion) -> None:
    """Run the real pipeline over ``version`` at once (as a worker would), privacy screen included."""
    from trousse.portal.pipeline.tasks import process_version as task

    task.call(version.pk)


def answer_questionnaire(dataset: Dataset, actor: User | None = None, answer: str = "no") -> None:
    """Answer every question of the dataset's privacy questionnaire through the privacy service."""
    from trousse.portal.privacy import services as privacy
    from trousse.portal.privacy.questionnaire import QUESTIONS

    privacy.save_questionnaire(actor or factory_admin(), dataset,
                               {q.code: {"answer": answer, "note": ""} for q in QUESTIONS})


def approve_privacy(dataset: Dataset, justification: str, reviewer: User | None = None) -> None:
    """Have a reviewer approve the dataset's privacy findings, with ``justification``, through the service."""
    from trousse.portal.privacy import services as privacy

    privacy.decide(reviewer or factory_admin(), dataset, "approved", justification)


def through_privacy_gate(actor: User, dataset: Dataset) -> None:
    """Take a sample-town dataset through the privacy gate as `trousse demo` does (load_sample_town's before_review)."""
    from trousse.cli.demo import through_privacy_gate as demo_step

    demo_step(actor, dataset)


@contextmanager
def shared_savepoint() -> Iterator[None]:
    """Keep what the block builds for the tests that follow, and undo it when the block ends.

    For a class-scoped fixture that requests tests/conftest.py's ``shared_data``:
    ``with shared_savepoint(): yield build()`` gives the class's tests data the rest of the module
    never sees.
    """
    with transaction.atomic():
        yield
        transaction.set_rollback(True)
