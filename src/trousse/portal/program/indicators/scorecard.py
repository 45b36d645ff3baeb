"""Gather what the scorecard, the dashboard and the annual report show for a period."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from trousse.portal.program.indicators import charts, queries
from trousse.portal.program.indicators.principles import PrincipleScore, score_principles


@dataclass(frozen=True)
class Card:
    """One indicator on the page: its history (monthly), its chart and its latest value."""

    series: queries.Series
    chart: charts.ChartLayout | None

    @property
    def indicator(self):  # type: ignore[no-untyped-def]
        return self.series.indicator

    @property
    def latest_text(self) -> str:
        latest = self.series.latest
        return "" if latest is None else charts.format_value(latest.value, self.indicator.unit)

    def value_text(self, point: queries.Point) -> str:
        return charts.format_value(point.value, self.indicator.unit)

    @property
    def rows(self) -> list[tuple[queries.Point, str]]:
        return [(point, charts.format_value(point.value, self.indicator.unit)) for point in self.series.points]


@dataclass(frozen=True)
class Scorecard:
    """The period, one card per indicator and the Charter principles' scores."""

    start: date
    end: date
    cards: list[Card]
    principles: list[PrincipleScore]

    @property
    def tracked(self) -> list[Card]:
        return [card for card in self.cards if card.indicator.tracked]

    @property
    def untracked(self) -> list[Card]:
        return [card for card in self.cards if not card.indicator.tracked]

    @property
    def has_data(self) -> bool:
        return any(card.series.points for card in self.cards)


def default_period(today: date | None = None) -> tuple[date, date]:
    """Return the last twelve months, ending today."""
    today = today or timezone.localdate()
    return today - timedelta(days=365), today


def year_period(year: int) -> tuple[date, date]:
    """Return a calendar year (ending today when it is the current year)."""
    today = timezone.localdate()
    return date(year, 1, 1), min(date(year, 12, 31), today)


def build_scorecard(start: date, end: date) -> Scorecard:
    """Return the scorecard of the period: monthly history, charts and principle scores (from the last values)."""
    history = [queries.monthly(series) for series in queries.history(start, end)]
    cards = [Card(series, charts.layout(series)) for series in history]
    return Scorecard(start, end, cards, score_principles(queries.latest_values(history)))
