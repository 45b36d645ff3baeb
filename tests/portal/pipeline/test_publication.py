"""Pipeline problems block publication until a steward acknowledges them (audited)."""

from __future__ import annotations

import pytest

from tests.factories import answer_questionnaire, factory_admin, make_dataset, make_organization, make_user
from tests.portal.pipeline.helpers import BAD_CSV, GOOD_CSV, add_file, upload
from trousse.portal.catalog import services
from trousse.portal.catalog.hooks import PublicationBlockedError
from trousse.portal.core.errors import DomainError, PermissionDeniedError
from trousse.portal.core.models import AuditEvent
from trousse.portal.pipeline import queries
from trousse.portal.pipeline import services as pipeline
from trousse.portal.pipeline.models import PipelineRun

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return make_organization("works")


@pytest.fixture
def editor(org):
    return make_user("ed", role="editor", organization=org)


def test_validation_errors_block_approval_until_acknowledged(org, editor, django_capture_on_commit_callbacks):
    reviewer = make_user("rev", reviewer=True)
    dataset = make_dataset(org, "ditches", files=())
    answer_questionnaire(dataset)  # the privacy gate's questionnaire (issue #5)
    resource = add_file(django_capture_on_commit_callbacks, editor, dataset, "ditches.csv", BAD_CSV)
    run = queries.latest_run(resource)
    assert run.status == "succeeded" and run.valid is False and run.error_count == 4
    assert run.report["tables"][0]["validation"]["counts"]["extra-cell"] == 1
    dataset = services.submit_for_review(editor, dataset)

    with pytest.raises(PublicationBlockedError) as refused:
        services.approve_dataset(reviewer, dataset)
    assert [b.code for b in refused.value.blockers] == ["pipeline-errors"]
    assert "4 validation errors" in str(refused.value.message)
    assert refused.value.blockers[0].message.fr
    with pytest.raises(PublicationBlockedError):  # these blockers are acknowledged per version, not here
        services.approve_dataset(reviewer, dataset, acknowledge=True)

    with pytest.raises(DomainError):
        pipeline.acknowledge_errors(editor, resource.current_version, "  ")
    with pytest.raises(PermissionDeniedError):
        pipeline.acknowledge_errors(reviewer, resource.current_version, "fine")
    pipeline.acknowledge_errors(editor, resource.current_version, "The duplicate column is known; fixed next month.")
    event = AuditEvent.objects.get(action="pipeline.acknowledge_errors")
    assert event.changes["error_count"] == 4 and event.comment.startswith("The duplicate column")
    assert event.actor == editor

    published = services.approve_dataset(reviewer, dataset)
    assert published.status == "published"


def test_a_clean_version_publishes_and_a_reprocessed_one_needs_a_new_acknowledgement(
        org, editor, django_capture_on_commit_callbacks):
    dataset = make_dataset(org, "culverts", files=())
    answer_questionnaire(dataset)  # the privacy gate's questionnaire (issue #5)
    resource = add_file(django_capture_on_commit_callbacks, editor, dataset, "culverts.csv", BAD_CSV)
    version = resource.current_version
    pipeline.acknowledge_errors(editor, version, "accepted")
    with django_capture_on_commit_callbacks(execute=True):
        pipeline.reprocess_version(editor, version)
    assert PipelineRun.objects.filter(version=version).count() == 2
    assert AuditEvent.objects.filter(action="pipeline.reprocess").exists()
    with pytest.raises(PublicationBlockedError):
        services.publish_dataset(factory_admin(), dataset)

    clean = make_dataset(org, "bridges", files=())
    answer_questionnaire(clean)  # the privacy gate's questionnaire (issue #5)
    add_file(django_capture_on_commit_callbacks, editor, clean, "bridges.csv", GOOD_CSV)
    assert services.publish_dataset(factory_admin(), clean).status == "published"


def test_unfinished_and_failed_runs_block(org, editor, django_capture_on_commit_callbacks):
    dataset = make_dataset(org, "hydrants", files=())
    answer_questionnaire(dataset)  # the privacy gate's questionnaire (issue #5)
    resource = add_file(django_capture_on_commit_callbacks, editor, dataset, "hydrants.csv", GOOD_CSV)
    PipelineRun.objects.create(version=resource.current_version)  # queued, never picked up
    with pytest.raises(PublicationBlockedError) as refused:
        services.publish_dataset(factory_admin(), dataset)
    assert refused.value.blockers[0].code == "pipeline-pending"

    only = make_dataset(org, "valves", files=())
    answer_questionnaire(only)  # the privacy gate's questionnaire (issue #5)
    add_file(django_capture_on_commit_callbacks, editor, only, "valves.csv", b"\x00\x01\x02" * 500)
    with pytest.raises(PublicationBlockedError) as refused:
        services.publish_dataset(factory_admin(), only)
    assert refused.value.blockers[0].code == "pipeline-failed"


def test_pinned_read_options_are_used_on_the_next_version(org, editor, django_capture_on_commit_callbacks):
    dataset = make_dataset(org, "meters", files=())
    answer_questionnaire(dataset)  # the privacy gate's questionnaire (issue #5)
    content = "a;b|c\n1;2|3\n4;5|6\n"
    resource = add_file(django_capture_on_commit_callbacks, editor, dataset, "meters.csv", content)
    first = queries.latest_run(resource)
    assert [f["name"] for f in first.report["tables"][0]["schema"]["fields"]] == ["a", "b|c"]

    with pytest.raises(DomainError):
        pipeline.pin_read_options(editor, resource, {"delimiter": "#"})
    with pytest.raises(DomainError):
        pipeline.pin_read_options(editor, resource, {"colour": "red"})
    pipeline.pin_read_options(editor, resource, {"delimiter": "|", "encoding": None})
    assert AuditEvent.objects.filter(action="pipeline.pin_read_options").exists()
    upload(django_capture_on_commit_callbacks, editor, resource, "meters.csv", content)
    second = queries.latest_run(resource)
    assert second.version.number == 2 and second.report["read_options"] == {"delimiter": "|"}
    assert [f["name"] for f in second.report["tables"][0]["schema"]["fields"]] == ["a;b", "c"]


def test_a_version_breaking_the_pinned_schema_is_flagged(org, editor, django_capture_on_commit_callbacks):
    dataset = make_dataset(org, "signs", files=())
    answer_questionnaire(dataset)  # the privacy gate's questionnaire (issue #5)
    resource = add_file(django_capture_on_commit_callbacks, editor, dataset, "signs.csv", "id,kind\n1,stop\n2,yield\n")
    with pytest.raises(DomainError):
        pipeline.pin_schema(editor, resource, {"fields": [{"name": "id", "type": "integr"}]})
    with pytest.raises(DomainError):
        pipeline.pin_schema(editor, resource, {"fields": [{"name": "id"}, {"name": "id"}]})
    pipeline.pin_schema(editor, resource, {"fields": [{"name": "id", "type": "integer"},
                                                      {"name": "kind", "type": "string", "title_fr": "Type"}],
                                           "primaryKey": "id"})
    upload(django_capture_on_commit_callbacks, editor, resource, "signs.csv", "id\n1\n2\n")
    run = queries.latest_run(resource)
    assert run.status == "succeeded" and run.schema_change is True and run.report["schema_change"] is True
    changes = run.report["tables"][0]["schema_changes"]
    assert {"kind": "removed", "field": "kind"}.items() <= changes[0].items()
    with pytest.raises(PublicationBlockedError):
        services.publish_dataset(factory_admin(), dataset)


def test_data_dictionary_and_permissions(org, editor, django_capture_on_commit_callbacks):
    member = make_user("mem", role="member", organization=org)
    dataset = make_dataset(org, "lamps", files=())
    answer_questionnaire(dataset)  # the privacy gate's questionnaire (issue #5)
    resource = add_file(django_capture_on_commit_callbacks, editor, dataset, "lamps.csv", GOOD_CSV)
    with pytest.raises(PermissionDeniedError):
        pipeline.update_data_dictionary(member, resource, {"id": {"title_en": "Id"}})
    with pytest.raises(PermissionDeniedError):
        pipeline.reprocess_version(member, resource.current_version)
    with pytest.raises(DomainError):
        pipeline.update_data_dictionary(editor, resource, {"id": {"colour": "red"}})
    settings = pipeline.update_data_dictionary(editor, resource, {
        "amount": {"title_en": "Amount", "title_fr": "Montant", "unit": "CAD"}})
    assert settings.data_dictionary == {"amount": {"title_en": "Amount", "title_fr": "Montant", "unit": "CAD"}}
    pipeline.update_data_dictionary(editor, resource, {"amount": {}})
    assert queries.resource_settings(resource).data_dictionary == {}
    assert AuditEvent.objects.filter(action="pipeline.update_dictionary").count() == 2
