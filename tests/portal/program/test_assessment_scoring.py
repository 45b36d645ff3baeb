"""Scores from known answers: the chain rule, the weakest-link dimension level, the action plan, comparisons."""

from __future__ import annotations

import re

from trousse.portal.program.assessment.bank import question_bank
from trousse.portal.program.assessment.radar import radar
from trousse.portal.program.assessment.sample import answers_for
from trousse.portal.program.assessment.scoring import compare, missing_answers, score

BANK = question_bank()
RELEASE = BANK.dimension("governance").activities[0]  # governance.release_process


def _chain(*answers: bool) -> dict[str, bool]:
    return {q.key: a for q, a in zip(RELEASE.questions, answers, strict=False)}


def _level(answers: dict[str, bool]) -> int:
    result = score(BANK, answers)
    return next(a.level for a in result.activities if a.activity.key == RELEASE.key)


def test_the_first_no_sets_the_level() -> None:
    assert _level(_chain(False)) == 1  # first question "no": initial
    assert _level(_chain(True, False)) == 2
    assert _level(_chain(True, True, False)) == 3
    assert _level(_chain(True, True, True, False)) == 4
    assert _level(_chain(True, True, True, True)) == 5  # all "yes": optimising


def test_answers_after_the_first_no_do_not_count() -> None:
    assert _level(_chain(True, False, True, True)) == 2
    assert _level(_chain(False, True, True, True)) == 1
    activity = next(a for a in score(BANK, _chain(True, False, True, True)).activities if a.activity == RELEASE)
    assert activity.decided and activity.next_question == RELEASE.questions[1]


def test_an_unanswered_question_leaves_the_chain_undecided_and_is_reported_missing() -> None:
    answers = answers_for({}, BANK)  # every activity "no" at its first question
    assert missing_answers(BANK, answers) == []
    del answers[RELEASE.questions[0].key]
    answers |= {RELEASE.questions[0].key: True}  # "yes", then nothing: the second question is missing
    assert missing_answers(BANK, answers) == [RELEASE.questions[1]]
    result = score(BANK, answers)
    assert not result.complete
    # Everything blank: one missing question per activity, each the first of its chain.
    assert missing_answers(BANK, {}) == [a.questions[0] for a in BANK.activities]


def test_a_dimension_is_as_mature_as_its_weakest_activity() -> None:
    levels = {"governance.release_process": 5, "governance.standards": 4, "governance.data_ownership": 2,
              "governance.sensitive_data": 3, "engagement.requests": 3, "engagement.documentation": 3,
              "engagement.reuser_support": 3}
    result = score(BANK, answers_for(levels, BANK))
    by_code = {d.dimension.code: d.level for d in result.dimensions}
    assert by_code["governance"] == 2
    assert by_code["engagement"] == 3
    assert by_code["leadership"] == 1  # not listed: every activity "no" at the first question
    assert result.complete


def test_strengths_and_gaps() -> None:
    levels = {"governance.release_process": 5, "governance.standards": 4, "policy.licensing": 4,
              "governance.data_ownership": 3, "people.roles": 2}
    result = score(BANK, answers_for(levels, BANK))
    assert [a.activity.key for a in result.strengths()] == [
        "governance.release_process", "policy.licensing", "governance.standards"]
    gaps = result.gaps()
    assert "governance.data_ownership" not in {a.activity.key for a in gaps}
    assert gaps[-1].activity.key == "people.roles" and gaps[-1].level == 2
    assert {a.level for a in gaps[:-1]} == {1}


def test_the_action_plan_starts_with_the_weakest_dimension_then_the_lowest_level() -> None:
    everything_at = {a.key: 4 for a in BANK.activities}
    levels = everything_at | {"engagement.requests": 2, "engagement.documentation": 1, "funding.budget": 3,
                              "governance.standards": 5, "governance.release_process": 3}
    plan = score(BANK, answers_for(levels, BANK)).action_plan()
    order = [(step.activity.key, step.level, step.question.level) for step in plan]
    assert order[:5] == [
        ("engagement.documentation", 1, 2),  # engagement is at level 1: its steps first, lowest level first
        ("engagement.requests", 2, 3),
        ("engagement.reuser_support", 4, 5),
        ("governance.release_process", 3, 4),  # governance and funding both at 3: bank order
        ("governance.data_ownership", 4, 5),
    ]
    assert ("governance.standards", 5, 5) not in {(k, lv, n) for k, lv, n in order}  # optimising: no step
    assert len(plan) == len(BANK.activities) - 1
    # Each step carries the improvement of the first "no": the way to the next level.
    assert plan[0].question.key == "engagement.documentation.repeatable"
    assert plan[0].question.improvement_en.startswith("Write a plain-language description")


def test_all_optimising_has_no_action_plan() -> None:
    result = score(BANK, answers_for({a.key: 5 for a in BANK.activities}, BANK))
    assert result.action_plan() == []
    assert {d.level for d in result.dimensions} == {5}


def test_comparison_gives_the_change_of_every_dimension_and_activity() -> None:
    before = score(BANK, answers_for({"policy.policy": 2, "policy.licensing": 3, "funding.budget": 4}, BANK))
    after = score(BANK, answers_for({"policy.policy": 4, "policy.licensing": 3, "funding.budget": 2}, BANK))
    comparison = compare(before, after)
    dimensions = {c.label_en: (c.before, c.after, c.change) for c in comparison.dimensions}
    assert dimensions["Policy and legal"] == (2, 3, 1)
    assert dimensions["Funding and sustainability"] == (4, 2, -2)
    assert dimensions["Leadership and strategy"] == (1, 1, 0)
    assert comparison.improved == 1 and comparison.declined == 1
    assert len(comparison.activities) == len(BANK.activities)


def test_the_radar_has_one_point_per_dimension_inside_the_picture() -> None:
    result = score(BANK, answers_for({"policy.policy": 3, "policy.licensing": 3}, BANK))
    chart = radar([(d.dimension.code, d.dimension.name_en, d.level, str(d.level)) for d in result.dimensions])
    assert [p.code for p in chart.points] == [d.code for d in BANK.dimensions]
    assert len(chart.rings) == 5
    top = chart.points[0]
    assert top.x == chart.cx and top.y < chart.cy  # the first axis points up
    policy = chart.points[1]
    distance = ((policy.x - chart.cx) ** 2 + (policy.y - chart.cy) ** 2) ** 0.5
    assert round(distance) == round(150 * 3 / 5)  # level 3 of 5 on a 150-pixel axis
    for point in chart.points:
        assert 0 <= point.label_x <= chart.width and 0 <= point.label_y <= chart.height
        assert all(len(line) <= 18 or " " not in line for line in point.lines)
    assert len(re.findall(r"[\d.]+,[\d.]+", chart.polygon)) == len(BANK.dimensions)
