"""The sample town's dashboard: a year of monthly indicator history and datasets tagged with standards."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from trousse.portal.catalog.models import Dataset
from trousse.portal.core.models import User
from trousse.portal.program.indicators.compute import Measure
from trousse.portal.program.indicators.definitions import BY_CODE, PERCENT
from trousse.portal.program.indicators.services import store_measures, take_snapshot
from trousse.portal.program.models_indicators import DatasetStandard, IndicatorSnapshot
from trousse.portal.program.standards.services import tag_dataset

MONTHS = 12
# Where each indicator stood a year ago, as a fraction of today's value: the pilot started small,
# published faster than it described, and caught up on dictionaries and French metadata last.
START_FRACTION = {"published": 0.3, "downloads": 0.08, "open_licence": 0.8, "machine_readable": 0.75,
                  "described_schema": 0.35, "data_dictionary": 0.25, "bilingual_metadata": 0.4, "up_to_date": 0.7}
# (dataset slug, standard, table of the standard its first table is checked against)
TAGS: tuple[tuple[str, str, str], ...] = (
    ("transit-stops", "gtfs", "stops"),
    ("311-service-requests", "open311", "requests"),
    ("building-permits", "blds", ""),
    ("restaurant-inspections", "lives", ""),
    ("road-closures", "open511", ""),
)


@dataclass
class SampleIndicatorsReport:
    """What loading the sample dashboard did."""

    days: list[date] = field(default_factory=list)
    tagged: list[str] = field(default_factory=list)


def month_ends(today: date, months: int) -> list[date]:
    """Return the last day of each of the ``months`` months before ``today``'s, oldest first."""
    out, day = [], today.replace(day=1) - timedelta(days=1)
    for _ in range(months):
        out.append(day)
        day = day.replace(day=1) - timedelta(days=1)
    return out[::-1]


def history_measure(code: str, now: Measure, step: int, steps: int) -> Measure:
    """Return an indicator's value ``step`` of ``steps`` months into the year that ends at ``now`` (deterministic)."""
    start = START_FRACTION.get(code, 0.5)
    fraction = start + (1 - start) * (step / steps) ** 1.3  # slow start, faster growth as the pilot ran
    if BY_CODE[code].unit != PERCENT:
        return Measure(float(round(now.value * fraction)))
    if now.denominator:
        denominator = max(1, round(now.denominator * (0.4 + 0.6 * step / steps)))
        numerator = min(denominator, round(denominator * (now.numerator or 0) / now.denominator * fraction))
        return Measure(round(100 * numerator / denominator, 1), numerator, denominator)
    return Measure(round(now.value * fraction, 1), 0, 0)


@transaction.atomic
def load_sample_indicators(actor: User, *, now: datetime | None = None) -> SampleIndicatorsReport:
    """Tag the sample datasets with their standards, store today's values and a year of monthly history."""
    report = SampleIndicatorsReport()
    for slug, standard, table in TAGS:
        dataset = Dataset.objects.filter(slug=slug).first()
        if dataset is not None and not DatasetStandard.objects.filter(dataset=dataset, standard=standard).exists():
            tag_dataset(actor, dataset, standard, table)
            report.tagged.append(f"{slug}:{standard}")
    now = now or timezone.now()
    current = take_snapshot(now)
    days = month_ends(timezone.localdate(now), MONTHS)
    for step, day in enumerate(days):
        if IndicatorSnapshot.objects.filter(day=day).exists():
            continue  # a real snapshot of that day wins over the sample's
        store_measures(day, {code: history_measure(code, m, step, len(days)) for code, m in current.items()})
        report.days.append(day)
    return report
