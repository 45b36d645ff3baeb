"""The sample town's inventory: 45 holdings of its eight departments, imported without a rejected row,
linked to the sample catalogue's datasets, with a roadmap that always looks ahead, the same on every run."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import factory_admin, make_dataset
from trousse.portal.catalog.models import Organization
from trousse.portal.catalog.services import organizations
from trousse.portal.program.inventory.sample import load_sample_inventory, sample_rows
from trousse.portal.program.models_inventory import InventoryItem
from trousse.portal.program.roadmap import queries as roadmap
from trousse.sample.organizations import ORGANIZATIONS

pytestmark = pytest.mark.django_db


@pytest.fixture
def town() -> None:
    admin = factory_admin()
    for org in ORGANIZATIONS:
        organizations.create_organization(admin, org.slug, {"name_en": org.name.en, "name_fr": org.name.fr})
    make_dataset(Organization.objects.get(slug="parks-recreation"), "street-trees", status="published")
    make_dataset(Organization.objects.get(slug="public-works"), "snow-clearing-routes")


def test_the_sample_inventory_covers_every_department_with_a_realistic_mix(town) -> None:
    today = dt.date(2026, 11, 28)
    report = load_sample_inventory(factory_admin(), today=today)
    items = list(InventoryItem.objects.select_related("organization", "dataset"))
    assert report.items == len(items) >= 40 and report.rejected == 0
    assert {i.organization.slug for i in items} == {o.slug for o in ORGANIZATIONS}  # EN and FR names both match
    assert all(i.name_en and i.name_fr and i.description_en and i.description_fr for i in items)
    statuses = {i.status for i in items}
    assert statuses == {"candidate", "planned", "in_progress", "published", "not_publishable"}
    assert all(i.reason_en and i.reason_fr for i in items if i.status == "not_publishable")
    assert sum(i.confidential for i in items) >= 4 and sum(bool(i.personal_info) for i in items) >= 8
    linked = {i.dataset.slug: i.status for i in items if i.dataset}
    assert linked == {"street-trees": "published", "snow-clearing-routes": "in_progress"}
    assert report.linked == 2  # the other sample datasets are not in this test's catalogue: left unlinked

    delayed, months = roadmap.by_month(roadmap.roadmap_rows(), today)
    assert [r.item.external_id for r in delayed] == ["PLN-05"]
    assert months[0].first_day == dt.date(2026, 12, 1) and len(months) >= 6
    assert InventoryItem.objects.get(external_id="TRN-03").planned_release == dt.date(2027, 7, 15)

    uids = {i.external_id: i.uid for i in items}
    InventoryItem.objects.all().delete()
    load_sample_inventory(factory_admin(), today=today)
    assert {i.external_id: i.uid for i in InventoryItem.objects.all()} == uids  # deterministic
    assert load_sample_inventory(factory_admin(), today=today).items == 0  # loaded once


def test_release_months_count_from_today() -> None:
    rows = sample_rows(dt.date(2026, 12, 3))
    dates = {row[0]: row[-2] for row in rows[1:]}
    assert dates["FIN-02"] == "2027-01-15" and dates["PLN-05"] == "2026-11-15" and dates["FIN-01"] == ""
