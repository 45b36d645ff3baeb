"""Public downloads answer HEAD (link checkers, CDNs) without counting it, and revalidate by ETag."""

from __future__ import annotations

import hashlib

import pytest
from django.test import Client

from tests.factories import make_dataset, make_organization
from trousse.portal.catalog.models import Dataset

pytestmark = pytest.mark.django_db
CONTENT = b"id,name\n1,first\n"


def test_head_gets_the_headers_and_is_not_a_download() -> None:
    dataset = make_dataset(make_organization("works"), "potholes", status="published",
                           files=[("potholes.csv", CONTENT)], acknowledge=True)
    version = dataset.resources.get().current_version
    url = f"/files/{version.resource_id}/v{version.number}/{version.filename}"
    client = Client()

    head = client.head(url)
    assert head.status_code == 200
    assert head["ETag"] == f'"{hashlib.sha256(CONTENT).hexdigest()}"'
    assert head["Cache-Control"] == "public, max-age=31536000, immutable"
    assert Dataset.objects.get(pk=dataset.pk).download_count == 0

    assert b"".join(client.get(url).streaming_content) == CONTENT
    assert Dataset.objects.get(pk=dataset.pk).download_count == 1
    assert client.get(url, HTTP_IF_NONE_MATCH=head["ETag"]).status_code == 304
