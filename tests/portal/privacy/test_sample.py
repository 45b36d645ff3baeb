"""The sample town through the gate: `trousse demo`'s 311 dataset gets a masked callback file (issue #5)."""

from __future__ import annotations

import pytest

from tests.factories import factory_admin, make_dataset, make_organization, through_privacy_gate
from trousse.portal.catalog import services as catalog
from trousse.portal.pipeline import queries as pipeline_queries
from trousse.portal.privacy import queries
from trousse.portal.privacy.models import Screen
from trousse.portal.privacy.sample import CALLBACK_DATASET, callback_csv

pytestmark = pytest.mark.django_db


def test_the_311_sample_publishes_with_names_dropped_and_phones_masked():
    admin = factory_admin()
    dataset = make_dataset(make_organization("customer-service"), CALLBACK_DATASET, files=())
    through_privacy_gate(admin, dataset)
    resource = dataset.resources.get(name_en="Callback requests")
    screen = queries.latest_screen(resource.current_version)
    assert screen.deidentified and screen.status == Screen.Status.CLEAN
    assert {f["detector"] for f in screen.original_tables[0]["findings"]} >= {"phone", "person_name"}
    table = pipeline_queries.tables_of_version(resource.current_version)[0]
    with table.csv.open("rb") as handle:
        public = handle.read().decode()
    assert "complainant" not in public.splitlines()[0] and "(***) ***-****" in public
    raw_phone = callback_csv().splitlines()[1].rsplit(",", 1)[1]
    assert raw_phone not in public
    published = catalog.approve_dataset(admin, catalog.submit_for_review(admin, dataset))
    assert published.status == "published"
    assert queries.dataset_privacy(published).questionnaire.answers["personal_about_people"]["answer"] == "yes"
