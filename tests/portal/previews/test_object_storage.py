"""Previews of a table stored on S3: the Parquet is downloaded once to the DataStore cache and read from there."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import factory_admin, make_dataset, make_organization, prepare_publication
from tests.portal.catalog.test_object_storage import s3_endpoint, s3_storage  # noqa: F401 (fixtures)
from tests.portal.pipeline.helpers import add_file
from tests.portal.previews.data import APPROVAL, requests_csv
from trousse.portal.catalog import hooks, services
from trousse.portal.core.file_responses import is_local
from trousse.portal.previews import access


@pytest.mark.django_db
def test_previews_read_a_cached_download_of_the_parquet(s3_storage, django_capture_on_commit_callbacks,  # noqa: F811
                                                          tmp_path, settings):
    settings.DATASTORE_CACHE_DIR = tmp_path / "datastore"
    dataset = make_dataset(make_organization("works"), "requests", files=())
    resource = add_file(django_capture_on_commit_callbacks, factory_admin(), dataset, "requests.csv", requests_csv(12))
    prepare_publication(dataset, privacy_approval=APPROVAL)  # the privacy gate (issue #5)
    services.publish_dataset(factory_admin(), dataset)
    table = hooks.resource_table(resource)
    assert table is not None and not is_local(table.parquet.storage, table.parquet.name)

    page = Client().get(f"/en/datasets/requests/resources/{resource.pk}/preview/?sort=id&order=desc")
    assert page.status_code == 200 and "Rows 1 to 12 of 12" in page.content.decode()
    # The DataStore's copy: the API and the previews share one download and one query pool.
    cached = list((tmp_path / "datastore" / "parquet").glob("*.parquet"))
    assert len(cached) == 1 and access.local_parquet(table) == cached[0]
    assert str(tmp_path / "datastore" / "parquet") in access.pool().allowed_directories
    chart = Client().get(f"/previews/{resource.pk}/chart.json?column=category").json()
    assert chart["rows"] == 12
    assert not list((tmp_path / "datastore" / "parquet").glob("*.partial"))  # no partial download left behind
