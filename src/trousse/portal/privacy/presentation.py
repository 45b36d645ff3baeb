"""Turn stored screens (PrivacyReport dicts) into what the staff pages show, in the page language.

Reports hold masked examples only (engine/privacy/masking.py): nothing here ever reads a raw cell. The
error ``detail`` of a report is technical and may name files, so it is never shown; the code and the
bilingual message are, with what a steward can do about it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from trousse.portal.core.localized import current_language

# What a steward can do about each screen error (codes of engine/privacy/errors.py).
ERROR_ADVICE = {
    "missing-column": gettext_lazy("A quasi-identifier or sensitive column you chose is not in this version. "
                                   "Edit the risk settings of the table."),
    "bad-recipe": gettext_lazy("The de-identification recipe does not fit this version (a column it names is "
                               "gone, or a setting is wrong). Edit the recipe."),
    "bad-option": gettext_lazy("The screen was given a setting it cannot use. Edit the risk settings of the "
                               "table, or ask the site administrator."),
    "too-many-columns": gettext_lazy("The table has more columns than the screen accepts. Split the file, or ask "
                                     "the site administrator to raise the limit."),
    "timeout": gettext_lazy("The screen took longer than the site allows. Process the file again, or ask the "
                            "site administrator to raise the time limit."),
    "out-of-memory": gettext_lazy("The screen ran out of memory. Ask the site administrator to raise the memory "
                                  "limit, then process the file again."),
    "unreadable": gettext_lazy("The processed table could not be read. Process the file again; if it fails "
                               "again, upload the file anew."),
}


def text_of(value: Any, lang: str | None = None) -> str:
    """Return a ``{en, fr}`` dict (or a LocalizedText) in the page language, else the other one."""
    lang = lang or current_language()
    other = "en" if lang == "fr" else "fr"
    if isinstance(value, Mapping):
        return str(value.get(lang) or value.get(other) or "")
    if hasattr(value, "pick"):
        return str(value.pick(lang)[0])
    return "" if value is None else str(value)


def percent(share: Any, decimals: int = 1) -> str:
    """Return a share (0–1) as a localized percentage."""
    try:
        return _("%(value)s%%") % {"value": number_format(float(share) * 100, decimals)}
    except (TypeError, ValueError):
        return "—"


@dataclass
class FindingRow:
    column: str
    detector: str
    label: str
    count: int
    share: str
    confidence: str
    examples: list[str]
    name_suggests_personal: bool
    basis: str


@dataclass
class GroupRow:
    values: list[tuple[str, str]]
    size: int


@dataclass
class RiskView:
    kind: str
    at_risk: bool
    message: str
    quasi_identifiers: list[str]
    suggested: bool
    sensitive: list[str]
    k: int | None
    k_threshold: int
    l: int | None  # noqa: E741 (the letter of l-diversity)
    l_by_attribute: list[tuple[str, int]]
    groups: int
    groups_below: int
    rows_below: int
    smallest: list[GroupRow]
    small_cell_threshold: int
    small_cells: list[dict[str, Any]]


@dataclass
class TableView:
    name: str
    status: str  # clean, findings, error
    row_count: int
    findings: list[FindingRow]
    risk: RiskView | None
    columns: list[dict[str, Any]]
    error_code: str = ""
    error_message: str = ""
    error_advice: str = ""
    original: TableView | None = None  # the report before de-identification, when a recipe applied
    personal_columns: list[str] = field(default_factory=list)  # names that suggest personal data


def table_view(report: Mapping[str, Any]) -> TableView:
    """Return one table report as the page shows it."""
    error = report.get("error") or {}
    findings = [FindingRow(
        column=str(f.get("column", "")), detector=str(f.get("detector", "")),
        label=text_of(f.get("label")) or str(f.get("detector", "")), count=int(f.get("count") or 0),
        share=percent(f.get("share")), confidence=percent(f.get("confidence"), 0),
        examples=[str(e) for e in (f.get("examples") or [])][:3],
        name_suggests_personal=bool(f.get("name_suggests_personal")), basis=str(f.get("basis", "")),
    ) for f in report.get("findings") or []]
    columns = list(report.get("columns") or [])
    code = str(error.get("code", "")) if error else ""
    return TableView(
        name=str(report.get("table", "")), status=str(report.get("status", "error")),
        row_count=int(report.get("row_count") or 0), findings=findings, risk=risk_view(report.get("risk")),
        columns=columns, error_code=code, error_message=text_of(error.get("message")) if error else "",
        error_advice=str(ERROR_ADVICE.get(code, "")) if error else "",
        personal_columns=[str(c.get("column")) for c in columns if c.get("name_suggests_personal")],
    )


def risk_view(risk: Mapping[str, Any] | None) -> RiskView | None:
    """Return a report's ``risk`` object for the page (None when the screen failed before measuring)."""
    if not risk:
        return None
    smallest = [GroupRow(values=[(str(k), "" if v is None else str(v)) for k, v in (g.get("values") or {}).items()],
                         size=int(g.get("size") or 0)) for g in risk.get("smallest_groups") or []]
    return RiskView(
        kind=str(risk.get("kind", "none")), at_risk=bool(risk.get("at_risk")), message=text_of(risk.get("message")),
        quasi_identifiers=list(risk.get("quasi_identifiers") or []),
        suggested=risk.get("quasi_identifiers_source") == "suggested", sensitive=list(risk.get("sensitive") or []),
        k=risk.get("k"), k_threshold=int(risk.get("k_threshold") or 5), l=risk.get("l"),
        l_by_attribute=sorted((risk.get("l_by_attribute") or {}).items()), groups=int(risk.get("groups") or 0),
        groups_below=int(risk.get("groups_below_threshold") or 0),
        rows_below=int(risk.get("rows_below_threshold") or 0), smallest=smallest,
        small_cell_threshold=int(risk.get("small_cell_threshold") or 5),
        small_cells=[c for c in risk.get("small_cells") or [] if c.get("count")],
    )


def screen_tables(screen: Any) -> list[TableView]:
    """Return the public tables of a screen, each paired with its original when a recipe applied."""
    if screen is None:
        return []
    originals = {str(r.get("table", "")): r for r in (screen.original_tables or [])}
    views = []
    for position, report in enumerate(screen.tables or []):
        view = table_view(report)
        original = originals.get(view.name)
        if original is None and position < len(screen.original_tables or []):
            original = screen.original_tables[position]
        if screen.deidentified and original is not None:
            view.original = table_view(original)
        views.append(view)
    return views


def editable_tables(screen: Any) -> list[TableView]:
    """Return the tables as the steward sets them up: the originals when a recipe applied, else the public ones."""
    if screen is None:
        return []
    reports = screen.original_tables if screen.deidentified and screen.original_tables else screen.tables
    return [table_view(r) for r in reports or []]


def column_names(table: TableView) -> list[str]:
    """Return a table's screened columns in order: those a recipe or risk settings may name."""
    return [str(c.get("column")) for c in sorted(table.columns, key=lambda c: c.get("position") or 0)]


def reason_rows(reasons: Sequence[Any]) -> list[dict[str, str]]:
    """Return risk reasons (risk.Reason objects or stored {code, en, fr} dicts) as {code, level, text}."""
    rows = []
    for reason in reasons:
        if isinstance(reason, Mapping):
            rows.append({"code": str(reason.get("code", "")), "level": str(reason.get("level", "")),
                         "text": text_of(reason)})
        else:
            rows.append({"code": str(getattr(reason, "code", "")), "level": str(getattr(reason, "level", "")),
                         "text": text_of(getattr(reason, "message", ""))})
    return rows


# Lower-case adjectives for sentences ("at a high risk level"), and the badge of each level.
LEVEL_LABELS = {"low": pgettext_lazy("risk level", "low"), "medium": pgettext_lazy("risk level", "medium"),
                "high": pgettext_lazy("risk level", "high")}
LEVEL_BADGES = {"low": gettext_lazy("Low risk"), "medium": gettext_lazy("Medium risk"),
                "high": gettext_lazy("High risk")}


def level_label(level: str) -> str:
    """Return the translated adjective of a risk level, for a sentence."""
    return str(LEVEL_LABELS.get(level, level))


def level_badge(level: str) -> str:
    """Return the translated badge text of a risk level ("High risk")."""
    return str(LEVEL_BADGES.get(level, level))
