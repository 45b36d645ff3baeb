"""Turn answers into levels, strengths, gaps, an action plan, and the changes between two assessments.

The scoring rule (docs/reference/maturity-model.md):

- An activity starts at level 1 (initial). Its questions are asked in level order; each "yes" raises it
  to that question's level, and the first "no" stops the chain. All "yes" gives level 5 (optimising);
  a "no" to the first question leaves it at level 1. Answers after the first "no" are not counted.
- A dimension's level is the lowest level of its activities: a dimension is only as mature as its
  weakest activity (the "weakest link" rule of staged maturity models). An average would let a
  strong activity hide one that has not started.
- Strengths are activities at level 4 (managed) or 5; gaps are activities at level 1 or 2.
- The action plan holds, for each activity below level 5, the improvement of its first "no" (the step
  to the next level), ordered by the dimension's level (ties: bank order), then within a dimension by
  the activity's level, then bank order: the weakest dimension's most basic steps come first.

Answers map question keys to True ("yes") or False ("no"); a missing key is unanswered.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from trousse.portal.program.assessment.bank import LOWEST, Activity, Dimension, Question, QuestionBank

Answers = Mapping[str, bool]
STRENGTH_FROM = 4  # managed
GAP_UP_TO = 2  # repeatable


@dataclass(frozen=True)
class ActivityResult:
    activity: Activity
    level: int
    next_question: Question | None  # the first "no" or unanswered question; None at level 5
    decided: bool  # False while the chain stops at an unanswered question

    @property
    def next_level(self) -> int | None:
        return self.next_question.level if self.next_question else None


@dataclass(frozen=True)
class DimensionResult:
    dimension: Dimension
    level: int
    activities: tuple[ActivityResult, ...]


@dataclass(frozen=True)
class ActionStep:
    dimension: Dimension
    dimension_level: int
    activity: Activity
    level: int  # the activity's level now
    question: Question  # its improvement reaches question.level


@dataclass(frozen=True)
class Result:
    dimensions: tuple[DimensionResult, ...]

    @property
    def activities(self) -> list[ActivityResult]:
        return [a for d in self.dimensions for a in d.activities]

    @property
    def complete(self) -> bool:
        return all(a.decided for a in self.activities)

    def strengths(self) -> list[ActivityResult]:
        """Return the activities at managed or above, highest first."""
        found = [a for a in self.activities if a.level >= STRENGTH_FROM]
        return sorted(found, key=lambda a: -a.level)  # stable: bank order within a level

    def gaps(self) -> list[ActivityResult]:
        """Return the activities at repeatable or below, lowest first."""
        found = [a for a in self.activities if a.level <= GAP_UP_TO]
        return sorted(found, key=lambda a: a.level)

    def action_plan(self) -> list[ActionStep]:
        """Return the next step of every activity below optimising, weakest dimension first."""
        position = {d.dimension.code: i for i, d in enumerate(self.dimensions)}
        steps = [ActionStep(d.dimension, d.level, a.activity, a.level, a.next_question)
                 for d in self.dimensions for a in d.activities if a.next_question is not None]
        # A dimension's steps stay together; sorted() is stable, so bank order breaks the last ties.
        return sorted(steps, key=lambda s: (s.dimension_level, position[s.dimension.code], s.level))


@dataclass(frozen=True)
class LevelChange:
    label_en: str
    label_fr: str
    before: int
    after: int

    @property
    def change(self) -> int:
        return self.after - self.before


@dataclass(frozen=True)
class Comparison:
    dimensions: tuple[LevelChange, ...]
    activities: tuple[LevelChange, ...]

    @property
    def improved(self) -> int:
        return sum(1 for c in self.activities if c.change > 0)

    @property
    def declined(self) -> int:
        return sum(1 for c in self.activities if c.change < 0)


def activity_result(activity: Activity, answers: Answers) -> ActivityResult:
    """Walk the activity's chain: each "yes" raises the level, the first "no" (or blank) stops it."""
    level = LOWEST
    for question in activity.questions:
        answer = answers.get(question.key)
        if answer is None:
            return ActivityResult(activity, level, question, decided=False)
        if not answer:
            return ActivityResult(activity, level, question, decided=True)
        level = question.level
    return ActivityResult(activity, level, None, decided=True)


def score(bank: QuestionBank, answers: Answers) -> Result:
    """Return the level of every activity and dimension for ``answers``."""
    dimensions = []
    for dimension in bank.dimensions:
        activities = tuple(activity_result(a, answers) for a in dimension.activities)
        level = min((a.level for a in activities), default=LOWEST)
        dimensions.append(DimensionResult(dimension, level, activities))
    return Result(tuple(dimensions))


def missing_answers(bank: QuestionBank, answers: Answers) -> list[Question]:
    """Return, per activity whose chain is not decided, the first question still to answer."""
    return [r.next_question for r in score(bank, answers).activities
            if not r.decided and r.next_question is not None]


def compare(before: Result, after: Result) -> Comparison:
    """Return the level change of every dimension and activity from ``before`` to ``after``."""
    def change(old: DimensionResult | ActivityResult, new: DimensionResult | ActivityResult,
               subject: Dimension | Activity) -> LevelChange:
        return LevelChange(subject.name_en, subject.name_fr, old.level, new.level)

    dimensions = tuple(change(old, new, new.dimension) for old, new in zip(before.dimensions, after.dimensions,
                                                                             strict=True))
    activities = tuple(change(old, new, new.activity) for old, new in zip(before.activities, after.activities,
                                                                           strict=True))
    return Comparison(dimensions, activities)

