"""Turn header labels as found into unique column names, and report label problems as Frictionless does."""

from __future__ import annotations

from trousse.engine.tables.source import ROW_NUMBER, Problem, ProblemCount

MAX_EXAMPLES = 5


def column_names(labels: list[str], width: int) -> list[str]:
    """Return ``width`` unique, non-blank names: blank → fieldN, repeated → name_2, name_3…"""
    names: list[str] = []
    taken = {ROW_NUMBER}
    for number in range(1, width + 1):
        label = labels[number - 1].strip() if number <= len(labels) else ""
        # Frictionless names a blank label's field "fieldN"; we keep its numbering.
        base = label or f"field{number}"
        name, suffix = base, 2
        while name in taken:
            name, suffix = f"{base}_{suffix}", suffix + 1
        taken.add(name)
        names.append(name)
    return names


def label_problems(labels: list[str]) -> list[ProblemCount]:
    """Return blank-label and duplicate-label counts, with the first examples (row 1 = the header)."""
    blank: list[Problem] = []
    duplicate: list[Problem] = []
    seen: set[str] = set()
    for number, label in enumerate(labels, start=1):
        text = label.strip()
        if not text:
            blank.append(Problem("blank-label", f"Label in column {number} is blank", column=number))
        elif text in seen:
            duplicate.append(
                Problem(
                    "duplicate-label",
                    f'Label "{label}" in column {number} is duplicated',
                    column=number,
                    cell=label,
                )
            )
        seen.add(text)
    return [
        ProblemCount(type=problems[0].type, field=None, count=len(problems), examples=problems[:MAX_EXAMPLES])
        for problems in (blank, duplicate)
        if problems
    ]
