"""The priority score: known ratings give known scores and a known order; weights and requests move it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation

from trousse.portal.program.inventory import queries, scoring
from trousse.portal.program.inventory.scoring import Weights, score
from trousse.portal.program.models_inventory import InventoryItem


@pytest.fixture(autouse=True)
def in_english() -> Iterator[None]:
    """Messages are checked in English whatever language an earlier test left active in this thread."""
    with translation.override("en"):
        yield


def test_the_formula_on_known_values() -> None:
    weights = Weights()  # 3, 2, 1, 2
    assert score(5, 5, 1, False, weights).value == 100.0
    assert score(1, 1, 5, True, weights).value == 0.0
    # 100 × (3·3 + 2·2 + 1·3 + 2·4) ÷ (4 × 8) = 100 × 24 ÷ 32
    assert score(4, 3, 2, False, weights).value == 75.0
    # Personal information raises the risk from 1 to 5: the same ratings lose 2·4 points of 32.
    assert score(4, 3, 2, True, weights).value == 50.0
    assert score(4, 3, 2, None, weights).value == 62.5  # unknown: risk 3
    assert score(None, 3, 2, False, weights).value is None  # not rated: not scored
    assert score(4, 3, 2, False, Weights(1, 0, 0, 0)).value == 75.0  # value alone: (4−1)/4


def test_public_requests_add_to_demand_up_to_five() -> None:
    weights = Weights()
    found = score(4, 3, 2, False, weights, requests=1)
    assert (found.demand, found.requests, found.value) == (4, 1, 81.2)
    assert score(4, 3, 2, False, weights, requests=9).demand == 5


@pytest.mark.django_db
def test_the_ranked_order_and_the_request_counter_extension_point() -> None:
    def item(name: str, value: int | None, demand: int, effort: int, personal: bool | None) -> InventoryItem:
        return InventoryItem.objects.create(name_en=name, department="Parks", department_key="parks",
                                            public_value=value, demand=demand, effort=effort, personal_info=personal)

    low, high, middle, unscored = (item("Low", 2, 2, 4, True), item("High", 5, 4, 1, False),
                                   item("Middle", 4, 3, 2, False), item("Unscored", None, 3, 3, None))
    rows = queries.sort_rows(queries.build_rows(InventoryItem.objects.all()), "score", True)
    assert [r.item for r in rows] == [high, middle, low, unscored]
    assert [r.score.value for r in rows] == [93.8, 75.0, 18.8, None]
    assert [r.item for r in queries.sort_rows(rows, "score", False)] == [low, middle, high, unscored]
    assert not scoring.requests_available()

    def counter(items):  # type: ignore[no-untyped-def]
        return {low.pk: 3}

    scoring.register_request_counter(counter)
    try:
        rows = {r.item: r for r in queries.build_rows(InventoryItem.objects.all())}
        assert scoring.requests_available()
        assert (rows[low].score.requests, rows[low].score.demand, rows[low].score.value) == (3, 5, 37.5)
    finally:
        scoring.unregister_request_counter(counter)


@pytest.mark.django_db
def test_the_launch_path_check_counts_departments_and_scored_items() -> None:
    from trousse.portal.program.checklists import SiteFacts, run_auto_check

    assert not run_auto_check("inventory.prioritized", SiteFacts()).done
    for n, key in enumerate(("parks", "finance", "clerk", "clerk")):
        InventoryItem.objects.create(name_en=f"Item {n}", department=key, department_key=key,
                                     public_value=3, demand=3, effort=3 if n < 3 else None)
    result = run_auto_check("inventory.prioritized", SiteFacts())
    assert (result.done, result.available) == (False, True)  # 3 of 4 scored: under 80%
    InventoryItem.objects.filter(effort__isnull=True).update(effort=2)
    result = run_auto_check("inventory.prioritized", SiteFacts())
    assert result.done and result.evidence == "4 items from 3 departments; 4 with a priority score."
