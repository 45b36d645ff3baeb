"""The pipeline reads originals from and writes derived files to S3 through the storage API."""

from __future__ import annotations

import boto3
import pytest
from django.test import Client

from tests.factories import answer_questionnaire, factory_admin, make_dataset, make_organization
from tests.portal.catalog.test_object_storage import BUCKET, s3_endpoint, s3_storage  # noqa: F401 (fixtures)
from tests.portal.pipeline.helpers import GOOD_CSV, add_file
from trousse.portal.catalog import services
from trousse.portal.pipeline import queries


@pytest.mark.django_db
def test_pipeline_with_object_storage(s3_storage, django_capture_on_commit_callbacks):  # noqa: F811
    dataset = make_dataset(make_organization("works"), "roads", files=())
    answer_questionnaire(dataset)  # the privacy gate's questionnaire (issue #5)
    resource = add_file(django_capture_on_commit_callbacks, factory_admin(), dataset, "roads.csv", GOOD_CSV)
    run = queries.latest_run(resource)
    assert run.status == "succeeded", run.error_message_en
    keys = {o["Key"] for o in boto3.client("s3", endpoint_url=s3_storage, region_name="us-east-1")
            .list_objects_v2(Bucket=BUCKET)["Contents"]}
    assert f"resources/{resource.pk}/v1/roads.csv" in keys
    assert any(k.startswith(f"derived/{resource.pk}/v1/") and k.endswith(".csv") for k in keys)
    services.publish_dataset(factory_admin(), dataset)
    response = Client().get(f"/files/{resource.pk}/v1/derived/csv")
    assert response.status_code == 302 and BUCKET in response["Location"]
