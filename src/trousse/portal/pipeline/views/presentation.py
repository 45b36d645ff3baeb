"""What the pipeline's pages show, in the page language: statuses, the data dictionary, downloads, report rows.

Pure shaping of stored state (runs, their JSON report, the steward's dictionary) for the templates;
the reads themselves go through ``pipeline.queries``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from trousse.portal.catalog.models import Resource, ResourceVersion
from trousse.portal.core.localized import Localized, current_language
from trousse.portal.pipeline import queries
from trousse.portal.pipeline.models import PipelineRun, TableResult

DOWNLOAD_FORMATS = ("csv", "json", "xlsx", "geojson")
FORMAT_LABELS = {"csv": "CSV", "json": "JSON", "xlsx": "XLSX", "geojson": "GeoJSON", "parquet": "Parquet"}

# The stages a run reports (runner._Progress and the engine's STAGES), named for people.
STAGE_LABELS = {
    "": gettext_lazy("Waiting for a worker"),
    "copy": gettext_lazy("Copying the file"),
    "read": gettext_lazy("Reading the file"),
    "infer": gettext_lazy("Inferring the schema"),
    "profile": gettext_lazy("Profiling the columns"),
    "validate": gettext_lazy("Validating"),
    "convert": gettext_lazy("Converting"),
    "export": gettext_lazy("Preparing the downloads"),
    "done": gettext_lazy("Done"),
}

# 5-star open data (https://5stardata.info/), as trousse.engine.tables.convert.openness_stars gives it.
OPENNESS = {
    0: gettext_lazy("Openness level unknown for this format."),
    1: gettext_lazy("Available on the web under an open licence, in any format."),
    2: gettext_lazy("Available as structured data, in a proprietary format."),
    3: gettext_lazy("Available as structured data in an open, non-proprietary format."),
    4: gettext_lazy("Structured, open format, with a published schema describing each column."),
    5: gettext_lazy("Structured, open and linked to other data."),
}

# Frictionless error types (docs/reference/validation-report.md): a title and what it means, in both languages.
ERROR_TYPES: dict[str, tuple[Any, Any]] = {
    "blank-label": (gettext_lazy("Blank header"), gettext_lazy(
        "A column has no name in the header row.")),
    "duplicate-label": (gettext_lazy("Duplicate header"), gettext_lazy(
        "Two columns have the same name in the header row.")),
    "blank-row": (gettext_lazy("Blank row"), gettext_lazy(
        "A row has no value at all.")),
    "extra-cell": (gettext_lazy("Extra cell"), gettext_lazy(
        "A row has more cells than the header has columns.")),
    "missing-cell": (gettext_lazy("Missing cell"), gettext_lazy(
        "A row has fewer cells than the header has columns.")),
    "encoding-error": (gettext_lazy("Encoding error"), gettext_lazy(
        "Some bytes could not be read as text in the file’s character encoding.")),
    "missing-label": (gettext_lazy("Missing column"), gettext_lazy(
        "A column the schema declares is not in the file.")),
    "extra-label": (gettext_lazy("Extra column"), gettext_lazy(
        "The file has a column the schema does not declare.")),
    "incorrect-label": (gettext_lazy("Unexpected column name"), gettext_lazy(
        "A column’s name in the header differs from the name the schema gives it.")),
    "type-error": (gettext_lazy("Wrong type"), gettext_lazy(
        "A value cannot be read as the column’s type (for example text in a number column).")),
    "constraint-error": (gettext_lazy("Rule not met"), gettext_lazy(
        "A value breaks one of the column’s rules (required, minimum, maximum, allowed values, length or "
        "pattern).")),
    "unique-error": (gettext_lazy("Repeated value"), gettext_lazy(
        "A value appears more than once in a column whose values must be unique.")),
    "primary-key": (gettext_lazy("Repeated or missing key"), gettext_lazy(
        "The columns that identify each row are missing or repeat an earlier row’s.")),
}

CHANGE_LABELS = {
    "removed": gettext_lazy("Column removed"),
    "added": gettext_lazy("Column added"),
    "renamed": gettext_lazy("Column renamed"),
    "retyped": gettext_lazy("Type changed"),
}


def error_type(code: str) -> dict[str, str]:
    """Return the code, title and explanation of a Frictionless error type in the page language."""
    title, explanation = ERROR_TYPES.get(code, (code, ""))
    return {"code": code, "title": str(title), "explanation": str(explanation)}


def stage_label(stage: str) -> str:
    return str(STAGE_LABELS.get(stage, stage))


def stage_labels() -> dict[str, str]:
    """Return every stage's label in the page language, for the live progress script."""
    return {key: str(label) for key, label in STAGE_LABELS.items()}


def openness(stars: int) -> dict[str, Any]:
    stars = max(0, min(stars, 5))
    return {"stars": stars, "filled": "★" * stars, "empty": "☆" * (5 - stars), "text": str(OPENNESS[stars])}


@dataclass
class Status:
    """A version's processing state as people read it."""

    code: str  # none, pending, failed, valid, errors, schema-change
    label: str
    run: PipelineRun | None = None
    error: str = ""  # a failed run's reason in the page language
    acknowledged: bool = False

    @property
    def running(self) -> bool:
        return self.code == "pending"


def status_of(run: PipelineRun | None, *, acknowledged: bool = False) -> Status:
    """Return what ``run`` (the newest over a version) says about that version."""
    if run is None:
        return Status("none", _("Not yet processed"))
    if run.status in (PipelineRun.Status.QUEUED, PipelineRun.Status.RUNNING):
        return Status("pending", _("Being processed"), run)
    if run.status == PipelineRun.Status.FAILED:
        lang = current_language()
        message = run.error_message_fr if lang == "fr" and run.error_message_fr else run.error_message_en
        return Status("failed", _("Could not be processed"), run, error=message, acknowledged=acknowledged)
    if not run.valid:
        label = ngettext("%(count)s error", "%(count)s errors", run.error_count) % {"count": run.error_count}
        return Status("errors", label, run, acknowledged=acknowledged)
    if run.schema_change:
        return Status("schema-change", _("Valid, but the columns changed"), run, acknowledged=acknowledged)
    return Status("valid", _("Valid"), run)


def _entry_pick(entry: dict[str, str], key: str) -> Localized:
    lang = current_language()
    other = "en" if lang == "fr" else "fr"
    own = (entry.get(f"{key}_{lang}") or "").strip()
    if own:
        return Localized(own, lang, False)
    theirs = (entry.get(f"{key}_{other}") or "").strip()
    return Localized(theirs, other, bool(theirs))


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.6g}" if abs(value) < 1e15 else f"{value:.6g}"
    return str(value)[:80]


@dataclass
class TableView:
    """One table of a version as the pages show it: its dictionary, downloads and validation."""

    position: int
    name: str
    row_count: int
    columns: list[dict[str, Any]] = field(default_factory=list)
    downloads: list[dict[str, Any]] = field(default_factory=list)
    openness: dict[str, Any] = field(default_factory=dict)
    validation: dict[str, Any] = field(default_factory=dict)
    schema_changes: list[dict[str, Any]] = field(default_factory=list)


def dictionary_rows(entry: dict[str, Any], dictionary: dict[str, dict[str, str]], *,
                    show_values: bool) -> list[dict[str, Any]]:
    """Return one row per column: profile facts, schema type and the steward's bilingual texts."""
    profile = entry.get("profile") or {}
    rows = profile.get("row_count") or 0
    fields = {f.get("name"): f for f in (entry.get("schema") or {}).get("fields", [])}
    out = []
    for column in profile.get("columns", []):
        name = column.get("name", "")
        texts = dictionary.get(name, {})
        schema_field = fields.get(name, {})
        out.append({
            "name": name,
            "type": column.get("type") or schema_field.get("type", ""),
            "format": schema_field.get("format", ""),
            "title": _entry_pick(texts, "title"),
            "description": _entry_pick(texts, "description"),
            "unit": texts.get("unit", ""),
            "null_share": (100.0 * (column.get("null_count") or 0) / rows) if rows else 0.0,
            "distinct": column.get("distinct_count"),
            "distinct_exact": column.get("distinct_exact", True),
            "min": _shown(column.get("min")) if show_values else "",
            "max": _shown(column.get("max")) if show_values else "",
        })
    return out


def _size(stored: Any) -> int | None:
    try:
        return int(stored.size)
    except Exception:  # object storage unreachable: show the link without a size
        return None


def download_rows(resource: Resource, version: ResourceVersion, table: TableResult) -> list[dict[str, Any]]:
    """Return the derived downloads of one table: format, address and size."""
    out = []
    for fmt in DOWNLOAD_FORMATS:
        stored = table.file_for(fmt)
        if stored is None:
            continue
        if table.position == 1:
            url = reverse("derived_download", kwargs={"resource_id": resource.pk, "number": version.number,
                                                      "fmt": fmt})
        else:
            url = reverse("derived_table_download", kwargs={"resource_id": resource.pk, "number": version.number,
                                                            "table": table.position, "fmt": fmt})
        out.append({"format": fmt, "label": FORMAT_LABELS[fmt], "url": url, "size": _size(stored)})
    return out


def validation_rows(validation: dict[str, Any], *, show_values: bool) -> dict[str, Any]:
    """Return a table's validation report shaped for the page: counts by type, problems with examples."""
    problems = []
    for problem in validation.get("problems", []):
        # Without values, the example's message goes too: it may quote the cell.
        examples = [dict(e, cell=e.get("cell") if show_values else None,
                         message=e.get("message") if show_values else None) for e in problem.get("examples", [])]
        problems.append(dict(problem, kind=error_type(problem.get("type", "")), examples=examples))
    counts = [dict(error_type(code), count=count) for code, count in sorted(
        (validation.get("counts") or {}).items(), key=lambda item: (-item[1], item[0]))]
    severities = {p.get("type"): p.get("severity") for p in validation.get("problems", [])}
    for row in counts:
        row["severity"] = severities.get(row["code"], "error")
    return {
        "valid": validation.get("valid", True),
        "error_count": validation.get("error_count", 0),
        "warning_count": validation.get("warning_count", 0),
        "row_count": validation.get("row_count", 0),
        "counts": counts,
        "errors": [p for p in problems if p.get("severity") == "error"],
        "warnings": [p for p in problems if p.get("severity") != "error"],
    }


def change_rows(entry: dict[str, Any]) -> list[dict[str, Any]]:
    return [dict(c, label=str(CHANGE_LABELS.get(c.get("kind", ""), c.get("kind", ""))))
            for c in entry.get("schema_changes", [])]


def tables_of(run: PipelineRun | None, resource: Resource, *, show_values: bool) -> list[TableView]:
    """Return the tables of a succeeded run with their dictionary, downloads, validation and changes."""
    if run is None or run.status != PipelineRun.Status.SUCCEEDED:
        return []
    pinned = queries.resource_settings(resource)
    dictionary = pinned.data_dictionary if pinned is not None else {}
    stored = {t.position: t for t in run.tables.all()}
    views = []
    for position, entry in enumerate(run.report.get("tables", []), start=1):
        row = stored.get(position)
        view = TableView(position, entry.get("name", ""), (entry.get("profile") or {}).get("row_count", 0))
        view.columns = dictionary_rows(entry, dictionary, show_values=show_values)
        view.validation = validation_rows(entry.get("validation") or {}, show_values=show_values)
        view.schema_changes = change_rows(entry)
        if row is not None:
            view.downloads = download_rows(resource, run.version, row)
            view.openness = openness(row.openness_stars)
        views.append(view)
    return views
