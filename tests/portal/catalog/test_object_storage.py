"""Uploads and downloads through S3-compatible object storage (a real moto S3 server on loopback)."""

from __future__ import annotations

import hashlib
import urllib.request

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.factories import answer_questionnaire, process_version
from trousse.portal.catalog import services
from trousse.portal.core.models import User

moto_server = pytest.importorskip("moto.server")

BUCKET = "trousse-test"


@pytest.fixture
def s3_endpoint(monkeypatch):
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    for key, value in {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
                       "AWS_DEFAULT_REGION": "us-east-1"}.items():
        monkeypatch.setenv(key, value)
    boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1").create_bucket(Bucket=BUCKET)
    yield endpoint
    server.stop()


@pytest.fixture
def s3_storage(settings, s3_endpoint):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
            "bucket_name": BUCKET, "endpoint_url": s3_endpoint, "region_name": "us-east-1",
            "access_key": "test", "secret_key": "test", "default_acl": "private",
            "querystring_auth": True, "file_overwrite": False,
        }},
    }
    return s3_endpoint


@pytest.mark.django_db
def test_versions_are_stored_in_the_bucket_and_downloaded_through_signed_urls(s3_storage):
    admin = User.objects.create(username="root", is_superuser=True)
    org = services.create_organization(admin, "works", {"name_en": "Public Works"})
    dataset = services.create_dataset(admin, org, "potholes", {"title_en": "Potholes", "description_en": "x",
                                                               "licence": "cc-by-4.0"})
    first, second = b"id,ward\n1,3\n", b"id,ward\n1,3\n2,5\n"
    resource = services.add_resource(admin, dataset, {"name_en": "Potholes"},
                                     upload=SimpleUploadedFile("potholes.csv", first))
    services.upload_version(admin, resource, SimpleUploadedFile("potholes.csv", second))
    for version in resource.versions.all():  # the privacy gate reads every version's screen (issue #5)
        process_version(version)
    answer_questionnaire(dataset, admin)
    services.publish_dataset(admin, dataset)

    keys = sorted(o["Key"] for o in boto3.client("s3", endpoint_url=s3_storage, region_name="us-east-1")
                  .list_objects_v2(Bucket=BUCKET)["Contents"] if o["Key"].startswith("resources/"))
    assert keys == [f"resources/{resource.pk}/v1/potholes.csv", f"resources/{resource.pk}/v2/potholes.csv"]

    client = Client(HTTP_HOST="localhost")
    for number, content in ((1, first), (2, second)):
        response = client.get(f"/files/{resource.pk}/v{number}/potholes.csv")
        # The web process hands out a short-lived signed URL; the bytes come from the bucket.
        assert response.status_code == 302
        assert response["Location"].startswith(s3_storage) and "Signature" in response["Location"]
        assert response["ETag"] == f'"{hashlib.sha256(content).hexdigest()}"'
        with urllib.request.urlopen(response["Location"], timeout=10) as fetched:
            assert fetched.read() == content
