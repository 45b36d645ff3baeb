"""The priority score: public value, demand (with public requests), effort and risk, on a 0–100 scale.

    score = 100 × (wV·(V−1) + wD·(D−1) + wE·(5−E) + wR·(5−R)) / (4 × (wV + wD + wE + wR))

V, the public value, and E, the effort, are the item's ratings from 1 to 5. D is its demand rating
plus the public requests for it, capped at 5. R, the risk, is 5 when the item holds personal
information, 1 when it does not, and 3 while nobody has said. An item missing a value, demand or
effort rating is not scored. Weights are whole numbers from 0 to 10 (defaults 3, 2, 1, 2).

Public requests come from request counters: ``register_request_counter(func)`` adds
``func(items) -> {item_id: count}``. The requests feature does not exist yet, so nothing is
registered and every item counts 0 requests; the formula on the page says so.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from trousse.portal.program.models_inventory import InventoryItem, InventoryWeights

RequestCounter = Callable[[Sequence[InventoryItem]], Mapping[int, int]]
_counters: list[RequestCounter] = []
DEFAULT_WEIGHTS = {"public_value": 3, "demand": 2, "effort": 1, "risk": 2}
MAX_WEIGHT = 10


def register_request_counter(func: RequestCounter) -> RequestCounter:
    """Add ``func(items) -> {item_id: count}`` to the sources of public requests (usable as a decorator)."""
    if func not in _counters:
        _counters.append(func)
    return func


def unregister_request_counter(func: RequestCounter) -> None:
    """Remove a counter added with register_request_counter."""
    if func in _counters:
        _counters.remove(func)


def requests_available() -> bool:
    """Return whether any feature counts public requests yet."""
    return bool(_counters)


def request_counts(items: Sequence[InventoryItem]) -> dict[int, int]:
    """Return the public requests per item id, summed over every registered counter."""
    counts: dict[int, int] = {}
    for func in list(_counters):
        for item_id, count in (func(items) or {}).items():
            counts[item_id] = counts.get(item_id, 0) + int(count)
    return counts


@dataclass(frozen=True)
class Weights:
    """The weight of each factor in the score."""

    public_value: int = DEFAULT_WEIGHTS["public_value"]
    demand: int = DEFAULT_WEIGHTS["demand"]
    effort: int = DEFAULT_WEIGHTS["effort"]
    risk: int = DEFAULT_WEIGHTS["risk"]

    @property
    def total(self) -> int:
        return self.public_value + self.demand + self.effort + self.risk


def current_weights() -> Weights:
    """Return the site's weights (the defaults until a program lead changes them)."""
    row = InventoryWeights.objects.filter(pk=1).first()
    if row is None:
        return Weights()
    return Weights(row.public_value, row.demand, row.effort, row.risk)


def risk_of(personal_info: bool | None) -> int:
    """Return the risk rating: personal information raises it to 5; none is 1; unknown is 3."""
    return 3 if personal_info is None else (5 if personal_info else 1)


@dataclass(frozen=True)
class Score:
    """An item's factors and score (None when a rating is missing)."""

    public_value: int | None
    demand: int | None  # the rating plus requests, capped at 5
    requests: int
    effort: int | None
    risk: int
    value: float | None


def score(public_value: int | None, demand: int | None, effort: int | None, personal_info: bool | None,
          weights: Weights, requests: int = 0) -> Score:
    """Return the score of one item's ratings under ``weights``."""
    risk = risk_of(personal_info)
    total_demand = None if demand is None else min(5, demand + max(0, requests))
    if public_value is None or total_demand is None or effort is None or weights.total == 0:
        return Score(public_value, total_demand, requests, effort, risk, None)
    points = (weights.public_value * (public_value - 1) + weights.demand * (total_demand - 1)
              + weights.effort * (5 - effort) + weights.risk * (5 - risk))
    return Score(public_value, total_demand, requests, effort, risk, round(100 * points / (4 * weights.total), 1))


def scores(items: Iterable[InventoryItem], weights: Weights | None = None) -> dict[int, Score]:
    """Return every item's score, with its public requests counted."""
    items = list(items)
    weights = weights or current_weights()
    counts = request_counts(items)
    return {item.pk: score(item.public_value, item.demand, item.effort, item.personal_info, weights,
                           counts.get(item.pk, 0)) for item in items}
