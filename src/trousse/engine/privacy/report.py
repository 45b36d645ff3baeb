"""The privacy report: findings per column and detector, the risk measured, as stable JSON.

``PrivacyReport.to_dict()`` is a documented contract (docs/reference/privacy-report.md, checked
against privacy-report.schema.json by the tests): add keys, never rename them. A report whose
``complete`` is false (the screen failed, timed out or was given bad options) must keep a gate
closed: its ``status`` is "error", never "clean".
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from trousse.engine.privacy.detect import ColumnInfo, Finding
from trousse.engine.privacy.errors import PrivacyError
from trousse.engine.privacy.risk import RiskResult

REPORT_VERSION = 1
CLEAN, FINDINGS, ERROR = "clean", "findings", "error"


@dataclass
class PrivacyReport:
    """What screening one table for personal information and re-identification risk found."""

    table: str
    row_count: int = 0
    column_count: int = 0
    columns: list[ColumnInfo] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    risk: RiskResult | None = None
    error: PrivacyError | None = None
    seconds: float = 0.0

    @property
    def complete(self) -> bool:
        return self.error is None

    @property
    def status(self) -> str:
        """Return "error" (the gate stays closed), "findings" or "clean"."""
        if self.error is not None:
            return ERROR
        if self.findings or (self.risk is not None and self.risk.at_risk):
            return FINDINGS
        return CLEAN

    def to_dict(self) -> dict[str, Any]:
        """Return the report as its documented JSON shape."""
        return {
            "report_version": REPORT_VERSION,
            "table": self.table,
            "status": self.status,
            "complete": self.complete,
            "error": self.error.to_dict() if self.error is not None else None,
            "row_count": self.row_count,
            "column_count": self.column_count,
            "findings": [f.to_dict() for f in self.findings],
            "columns": [c.to_dict() for c in self.columns],
            "risk": self.risk.to_dict() if self.risk is not None else None,
            "seconds": round(self.seconds, 3),
        }


def report_schema() -> dict[str, Any]:
    """Return the JSON Schema of ``PrivacyReport.to_dict()``."""
    text = resources.files("trousse.engine.privacy").joinpath("privacy-report.schema.json").read_text("utf-8")
    return json.loads(text)
