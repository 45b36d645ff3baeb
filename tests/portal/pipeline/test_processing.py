"""Uploads go through the pipeline: report, derived downloads with permissions, failures kept apart."""

from __future__ import annotations

import hashlib
import io

import pyarrow.parquet as pq
import pytest
from django.core.files.storage import default_storage
from django.test import Client

from tests.factories import answer_questionnaire, factory_admin, make_dataset, make_organization, make_user
from tests.portal.pipeline.helpers import GOOD_CSV, add_file, upload
from trousse.portal.catalog import services
from trousse.portal.catalog.models import Dataset
from trousse.portal.pipeline import queries
from trousse.portal.pipeline.models import PipelineRun

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return make_organization("works")


@pytest.fixture
def editor(org):
    return make_user("ed", role="editor", organization=org)


def test_upload_is_processed_and_downloads_are_served_with_the_dataset_permissions(
        org, editor, django_capture_on_commit_callbacks):
    dataset = make_dataset(org, "roads", files=())
    answer_questionnaire(dataset)  # the privacy gate's questionnaire (issue #5)
    resource = add_file(django_capture_on_commit_callbacks, editor, dataset, "roads.csv", GOOD_CSV)
    version = resource.versions.get()

    run = PipelineRun.objects.get(version=version)
    assert run.status == "succeeded" and run.progress == 100 and run.stage == "done" and run.attempts == 1
    assert run.requested_by == editor and run.valid is True and run.error_count == 0
    assert run.report["tables"][0]["profile"]["row_count"] == 3
    assert run.report["source"] == "roads.csv" and "/tmp" not in str(run.report)
    (table,) = run.tables.all()
    assert table.row_count == 3 and table.openness_stars == 3
    for fmt in ("parquet", "csv", "json", "xlsx"):
        name = table.file_for(fmt).name
        assert name.startswith(f"derived/{resource.pk}/v1/") and default_storage.exists(name)
    assert table.file_for("geojson") is None  # not a geographic table
    assert pq.read_table(io.BytesIO(table.parquet.read())).num_rows == 3

    url = f"/files/{resource.pk}/v1/derived/csv"
    assert Client().get(url).status_code == 404  # a draft: no existence leak
    staff = Client()
    staff.force_login(editor)
    response = staff.get(url)
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"].startswith('attachment; filename="roads.csv"')
    body = b"".join(response.streaming_content).decode()
    # Formula injection (issue #3 §5): the cells starting with = and @ are prefixed with a quote.
    assert "'=HYPERLINK" in body and "'@SUM(A1)" in body and "\n=HYPERLINK" not in body
    assert staff.get(f"/files/{resource.pk}/v1/derived/pdf").status_code == 404
    assert staff.get(f"/files/{resource.pk}/v2/derived/csv").status_code == 404

    services.publish_dataset(factory_admin(), dataset)
    public = Client().get(f"/files/{resource.pk}/v1/derived/json")
    assert public.status_code == 200 and public["Cache-Control"] == "public, max-age=31536000, immutable"
    assert Client().get(f"/files/{resource.pk}/v1/derived/1/xlsx").status_code == 200
    etag = public["ETag"]
    assert Client().get(f"/files/{resource.pk}/v1/derived/json", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_corrupt_version_fails_with_its_reason_and_the_previous_version_stays_current(
        org, editor, django_capture_on_commit_callbacks):
    dataset = make_dataset(org, "permits", files=())
    answer_questionnaire(dataset)  # the privacy gate's questionnaire (issue #5)
    resource = add_file(django_capture_on_commit_callbacks, editor, dataset, "permits.csv", GOOD_CSV)
    services.publish_dataset(factory_admin(), dataset)
    junk = bytes(range(256)) * 40
    bad = upload(django_capture_on_commit_callbacks, editor, resource, "permits.csv", junk)

    run = queries.latest_run_of_version(bad)
    assert run.status == "failed" and run.error_code and run.finished is not None
    assert run.error_message_en and run.error_message_fr and run.error_message_en != run.error_message_fr
    assert not run.tables.exists()
    resource.refresh_from_db()
    assert resource.current_version.number == 1  # fail closed: the good version is still served
    with bad.file.open("rb") as stored:  # the original is kept as uploaded
        assert hashlib.sha256(stored.read()).hexdigest() == bad.sha256
    assert Client().get(f"/files/{resource.pk}/v1/derived/csv").status_code == 200
    assert Client().get(f"/files/{resource.pk}/v2/derived/csv").status_code == 404
    assert Client().get(f"/files/{resource.pk}/latest")["Location"].endswith("/v1/permits.csv")
    assert not queries.dataset_status(Dataset.objects.get(pk=dataset.pk))[0]["run"]["error"]


def test_an_unexpected_error_fails_the_run_without_touching_anything(
        org, editor, django_capture_on_commit_callbacks, monkeypatch):
    from trousse.portal.pipeline import runner

    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(runner, "run_pipeline", explode)
    dataset = make_dataset(org, "trees", files=())
    answer_questionnaire(dataset)  # the privacy gate's questionnaire (issue #5)
    resource = add_file(django_capture_on_commit_callbacks, editor, dataset, "trees.csv", GOOD_CSV)
    run = queries.latest_run(resource)
    assert run.status == "failed" and run.error_code == "internal-error" and "RuntimeError" in run.error_message_en
    assert resource.versions.count() == 1 and not default_storage.exists("derived")


def test_run_status_json_is_for_the_organization_staff(org, editor, django_capture_on_commit_callbacks):
    dataset = make_dataset(org, "parks", files=())
    answer_questionnaire(dataset)  # the privacy gate's questionnaire (issue #5)
    resource = add_file(django_capture_on_commit_callbacks, editor, dataset, "parks.csv", GOOD_CSV)
    run = queries.latest_run(resource)
    url = f"/en/workspace/pipeline/runs/{run.pk}.json"
    staff = Client()
    staff.force_login(editor)
    data = staff.get(url).json()
    assert data["status"] == "succeeded" and data["progress"] == 100 and data["version"] == 1
    outsider = Client()
    outsider.force_login(make_user("other", role="editor", organization=make_organization("elsewhere")))
    assert outsider.get(url).status_code == 404
    assert Client().get(url).status_code == 404
    assert staff.get("/en/workspace/pipeline/runs/999999.json").json()["error"]["code"] == "not_found"
