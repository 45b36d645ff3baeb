"""The maturity model and its bilingual question bank, read from the TOML files in ``data/`` and validated.

The model has five levels (levels.toml) and seven dimensions (dimensions/N-code.toml), each made of
activities. An activity's questions form a chain, one question per step above "initial": answering
"yes" to the question of level N means the activity has reached level N. Every question carries the
improvement that reaches its level, which becomes a step of the action plan when the answer is "no".

Keys are stable, because stored answers refer to them: ``dimension.activity.level`` for a question,
``dimension.activity`` for an activity. Change a question's wording freely; never reuse a key for a
different question.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"
LEVEL_CODES = ("initial", "repeatable", "defined", "managed", "optimising")
LOWEST, HIGHEST = 1, len(LEVEL_CODES)
_TEXT = ("en", "fr")
_SPACES = re.compile(r"[ \t\r\n]+")


class BankError(ValueError):
    """The question bank's files are incomplete or malformed; lists every problem found."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("the question bank is invalid:\n  " + "\n  ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Level:
    number: int
    code: str
    name_en: str
    name_fr: str
    description_en: str
    description_fr: str


@dataclass(frozen=True)
class Question:
    key: str  # dimension.activity.level-code
    dimension: str
    activity: str  # the activity's key
    level: int  # the level reached when the answer is "yes"
    text_en: str
    text_fr: str
    improvement_en: str  # the action that reaches ``level``
    improvement_fr: str

    @property
    def field_name(self) -> str:
        """Return the form field name (dots are awkward in HTML ids)."""
        return "q__" + self.key.replace(".", "__")


@dataclass(frozen=True)
class Activity:
    key: str  # dimension.activity
    code: str
    dimension: str
    name_en: str
    name_fr: str
    questions: tuple[Question, ...]  # ordered by level: repeatable, defined, managed, optimising


@dataclass(frozen=True)
class Dimension:
    code: str
    name_en: str
    name_fr: str
    summary_en: str
    summary_fr: str
    activities: tuple[Activity, ...]


@dataclass(frozen=True)
class QuestionBank:
    levels: tuple[Level, ...]
    dimensions: tuple[Dimension, ...]

    @property
    def activities(self) -> list[Activity]:
        return [a for d in self.dimensions for a in d.activities]

    @property
    def questions(self) -> list[Question]:
        return [q for a in self.activities for q in a.questions]

    def level(self, number: int) -> Level:
        """Return the level numbered ``number`` (1 = initial … 5 = optimising)."""
        return self.levels[number - 1]

    def dimension(self, code: str) -> Dimension:
        """Return the dimension ``code``; KeyError when the bank has none."""
        for dimension in self.dimensions:
            if dimension.code == code:
                return dimension
        raise KeyError(code)


@cache
def question_bank() -> QuestionBank:
    """Return the package's question bank, read and validated once per process."""
    return load_bank(DATA)


def load_bank(folder: Path) -> QuestionBank:
    """Read and validate the bank in ``folder``; raise BankError listing every problem."""
    problems: list[str] = []
    levels = _levels(_read(folder / "levels.toml", problems), problems)
    files = sorted((folder / "dimensions").glob("*.toml"), key=lambda p: (_order(p), p.name))
    if not files:
        problems.append(f"{folder / 'dimensions'}: no dimension files")
    dimensions = [_dimension(path.name, _read(path, problems), problems) for path in files]
    codes = [d.code for d in dimensions]
    problems.extend(f"dimension {c!r} is defined twice" for c in sorted({c for c in codes if codes.count(c) > 1}))
    if problems:
        raise BankError(problems)
    return QuestionBank(tuple(levels), tuple(dimensions))


def _order(path: Path) -> int:
    prefix = path.name.split("-", 1)[0]
    return int(prefix) if prefix.isdigit() else 10_000


def _read(path: Path, problems: list[str]) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        problems.append(f"{path.name}: {error}")
        return {}


def _texts(where: str, table: dict[str, Any], fields: tuple[str, ...], problems: list[str]) -> dict[str, str]:
    """Return the bilingual fields of ``table``, noting each one missing or blank in either language."""
    values: dict[str, str] = {}
    for field in fields:
        for lang in _TEXT:
            name = f"{field}_{lang}"
            value = table.get(name)
            if not isinstance(value, str) or not value.strip():
                problems.append(f"{where}: {name} is missing")
                value = ""
            values[name] = _SPACES.sub(" ", value).strip()  # not str.split(): keep no-break spaces
    return values


def _levels(data: dict[str, Any], problems: list[str]) -> list[Level]:
    rows = data.get("level", [])
    found = [row.get("code") for row in rows]
    if found != list(LEVEL_CODES):
        problems.append(f"levels.toml: the levels must be {', '.join(LEVEL_CODES)} in order, not {found}")
        return []
    levels = []
    for number, row in enumerate(rows, start=1):
        if row.get("number") != number:
            problems.append(f"levels.toml: level {row['code']!r} must be number {number}")
        texts = _texts(f"level {row['code']}", row, ("name", "description"), problems)
        levels.append(Level(number, row["code"], **texts))
    return levels


def _dimension(filename: str, data: dict[str, Any], problems: list[str]) -> Dimension:
    code = data.get("code") or ""
    where = f"{filename} (dimension {code or '?'})"
    if not code:
        problems.append(f"{filename}: the dimension has no code")
    texts = _texts(where, data, ("name", "summary"), problems)
    rows = data.get("activity", [])
    if not rows:
        problems.append(f"{where}: no activities")
    activities = [_activity(where, code, row, problems) for row in rows]
    keys = [a.code for a in activities]
    problems.extend(f"{where}: activity {k!r} is defined twice" for k in sorted({k for k in keys if keys.count(k) > 1}))
    return Dimension(code, texts["name_en"], texts["name_fr"], texts["summary_en"], texts["summary_fr"],
                     tuple(activities))


def _activity(where: str, dimension: str, row: dict[str, Any], problems: list[str]) -> Activity:
    code = row.get("code") or ""
    key = f"{dimension}.{code}"
    here = f"{where}, activity {code or '?'}"
    if not code:
        problems.append(f"{where}: an activity has no code")
    texts = _texts(here, row, ("name",), problems)
    # The chain: exactly one question per level above "initial", in order.
    steps = list(LEVEL_CODES[1:])
    found = [q.get("level") for q in row.get("question", [])]
    if found != steps:
        problems.append(f"{here}: the questions must cover the levels {', '.join(steps)} in order, not {found}")
    questions = []
    for question in row.get("question", []):
        level_code = question.get("level")
        if level_code not in steps:
            continue
        q_texts = _texts(f"{here}, {level_code} question", question, ("text", "improvement"), problems)
        questions.append(Question(f"{key}.{level_code}", dimension, key, LEVEL_CODES.index(level_code) + 1,
                                  **q_texts))
    return Activity(key, code, dimension, texts["name_en"], texts["name_fr"], tuple(questions))
