"""The sample town's dashboard: a year of monthly history ending at today's real values, and standard tags."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import factory_admin, make_dataset, make_organization
from trousse.portal.program.indicators import sample
from trousse.portal.program.models_indicators import DatasetStandard, IndicatorSnapshot

pytestmark = pytest.mark.django_db


def test_month_ends_are_the_twelve_previous_months() -> None:
    days = sample.month_ends(dt.date(2026, 3, 15), 12)
    assert days[0] == dt.date(2025, 3, 31) and days[-1] == dt.date(2026, 2, 28) and len(days) == 12


def test_the_sample_grows_to_todays_values_and_loads_once() -> None:
    org = make_organization("transit")
    for slug in ("transit-stops", "311-service-requests", "parks", "budget"):
        make_dataset(org, slug, status="published", files=(), links=[f"https://example.org/{slug}.csv"])
    report = sample.load_sample_indicators(factory_admin())
    assert len(report.days) == 12
    assert set(report.tagged) == {"transit-stops:gtfs", "311-service-requests:open311"}
    published = list(IndicatorSnapshot.objects.filter(code="published").order_by("day").values_list("value", flat=True))
    assert len(published) == 13 and published[-1] == 4
    assert published == sorted(published) and published[0] < published[-1]
    today = IndicatorSnapshot.objects.get(code="open_licence", day=timezone.localdate())
    assert (today.value, today.numerator, today.denominator) == (100.0, 4, 4)
    for row in IndicatorSnapshot.objects.filter(code="open_licence"):
        assert row.numerator <= row.denominator and 0 <= row.value <= 100
    again = sample.load_sample_indicators(factory_admin())
    assert again.days == [] and again.tagged == []
    assert DatasetStandard.objects.count() == 2 and IndicatorSnapshot.objects.filter(code="published").count() == 13
