"""The validation report: counts per problem type and field, first examples, as stable JSON.

``ValidationReport.to_dict()`` is a documented contract (docs/reference/validation-report.md,
checked against validation-report.schema.json by the tests): add keys, never rename them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from trousse.engine.tables.excerpt import MAX_VALUE_CHARS, clip_text
from trousse.engine.tables.source import Problem, ProblemCount

REPORT_VERSION = 1


@dataclass
class CheckCount(ProblemCount):
    """A ProblemCount that also says which constraint (for constraint-error) and which column."""

    constraint: str | None = None
    column: int | None = None  # 1-based position of the field's column


@dataclass
class ValidationReport:
    """What validating one staged table against a Table Schema found."""

    table: str
    row_count: int
    field_count: int
    problems: list[ProblemCount] = field(default_factory=list)

    @property
    def error_count(self) -> int:
        return sum(p.count for p in self.problems if p.severity == "error")

    @property
    def warning_count(self) -> int:
        return sum(p.count for p in self.problems if p.severity != "error")

    @property
    def valid(self) -> bool:
        return self.error_count == 0

    def counts_by_type(self) -> dict[str, int]:
        """Return the number of problems per Frictionless error type."""
        out: dict[str, int] = {}
        for p in self.problems:
            out[p.type] = out.get(p.type, 0) + p.count
        return dict(sorted(out.items()))

    def to_dict(self) -> dict[str, Any]:
        """Return the report as its documented JSON shape."""
        return {
            "report_version": REPORT_VERSION,
            "table": self.table,
            "valid": self.valid,
            "row_count": self.row_count,
            "field_count": self.field_count,
            "error_count": self.error_count,
            "warning_count": self.warning_count,
            "counts": self.counts_by_type(),
            "problems": [_problem_dict(p) for p in self.problems],
        }


def _problem_dict(p: ProblemCount) -> dict[str, Any]:
    return {
        "type": p.type,
        "severity": p.severity,
        "field": p.field,
        "column": getattr(p, "column", None) if getattr(p, "column", None) is not None else _first_column(p),
        "constraint": getattr(p, "constraint", None),
        "count": p.count,
        "examples": [_example_dict(e) for e in p.examples],
    }


def _first_column(p: ProblemCount) -> int | None:
    columns = {e.column for e in p.examples}
    return columns.pop() if len(columns) == 1 and p.field is not None else None


def _example_dict(e: Problem) -> dict[str, Any]:
    # Cells are quoted up to excerpt.MAX_VALUE_CHARS characters; messages quote labels, cut alike.
    return {"row": e.row, "column": e.column, "field": e.field, "cell": clip_text(e.cell),
            "message": clip_text(e.message, 2 * MAX_VALUE_CHARS)}


def report_json_schema() -> dict[str, Any]:
    """Return the JSON Schema that every ``ValidationReport.to_dict()`` satisfies."""
    text = resources.files("trousse.engine.tables").joinpath("validation-report.schema.json").read_text("utf-8")
    return json.loads(text)
