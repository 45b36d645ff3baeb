"""Store the indicators: one snapshot row per indicator per day, taken again the same day in place."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from trousse.portal.program.indicators.compute import Measure, compute_indicators
from trousse.portal.program.models_indicators import IndicatorSnapshot

REFRESH_AFTER = timedelta(hours=1)


@transaction.atomic
def take_snapshot(now: datetime | None = None) -> dict[str, Measure]:
    """Compute every tracked indicator and store it for today (replacing today's values if taken already).

    No audit record: the snapshot is the system observing the catalogue, not a person changing it,
    and the daily task would otherwise fill the audit log with noise.
    """
    now = now or timezone.now()
    day = timezone.localdate(now)
    measures = compute_indicators(now)
    store_measures(day, measures)
    return measures


def store_measures(day: date, measures: dict[str, Measure]) -> None:
    """Write ``measures`` as the values of ``day`` (insert or replace, one row per indicator)."""
    for code, measure in measures.items():
        IndicatorSnapshot.objects.update_or_create(day=day, code=code, defaults={
            "value": measure.value, "numerator": measure.numerator, "denominator": measure.denominator})


def ensure_today_snapshot(now: datetime | None = None) -> bool:
    """Take today's snapshot unless one was taken in the last hour; return whether one was taken.

    Today's row is refreshed (not added to) at most once an hour, so files the pipeline finishes
    during the day show on the dashboard the same day without a page view costing a computation.
    """
    now = now or timezone.now()
    last = (IndicatorSnapshot.objects.filter(day=timezone.localdate(now)).order_by("-taken")
            .values_list("taken", flat=True).first())
    if last is not None and now - last < REFRESH_AFTER:
        return False
    try:
        take_snapshot(now)
    except IntegrityError:  # two page views raced to insert today's rows: the other one stored them
        return False
    return True
