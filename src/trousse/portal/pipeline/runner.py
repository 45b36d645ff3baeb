"""Carry out one pipeline run: copy the original, run the engine, store the Parquet and the downloads.

Fail closed (issue #3 §6): the original file is only ever read (copied to a private temporary
folder, through the storage API so that local disks and S3 work alike); any error marks the run
failed with its reason, removes what the run stored, and puts the resource back on its last good
version. Nothing the run writes is visible before the run is marked succeeded.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import close_old_connections, connection, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop

from trousse.engine.pipeline import PipelineReport, run_pipeline
from trousse.engine.tables.convert import ExportError, export, openness_stars
from trousse.engine.tables.schema import TableSchema, load_schema
from trousse.engine.tables.source import ReadOptions, TableReadError
from trousse.portal.catalog import version_gates
from trousse.portal.catalog.models import ResourceVersion
from trousse.portal.catalog.version_gates import StageTable
from trousse.portal.pipeline import public_tables, versions
from trousse.portal.pipeline.models import PipelineRun, ResourceSettings, TableResult

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 30  # a running run proves its worker alive this often (see tasks.STALE_AFTER)
PROGRESS_EVERY = 1.0  # seconds between progress writes within one stage (stage changes always write)
EXPORT_FORMATS = ("csv", "json", "xlsx", "geojson")
# Share of the progress bar: copying the original, the engine's stages, then the downloads.
_COPY_END, _PIPELINE_END = 5, 85


def execute(run_id: int) -> str:
    """Claim run ``run_id`` if it is queued and carry it out; return the status it ended in."""
    run = _claim(run_id)
    if run is None:
        current = PipelineRun.objects.filter(pk=run_id).values_list("status", flat=True).first()
        return current or "missing"
    beat = _Heartbeat(run.pk)
    beat.start()
    stored: list[str] = []
    try:
        report, tables = _process(run, stored)
        _succeed(run, report, tables, stored)
    except TableReadError as exc:
        _discard(stored)
        fail(run, exc.code, exc.message.en, exc.message.fr)
    except Exception as exc:
        _discard(stored)
        message = getattr(exc, "message", None)
        if not (isinstance(getattr(exc, "code", None), str) and hasattr(message, "en") and hasattr(message, "fr")):
            logger.exception("pipeline run %s failed", run.pk)
            fail(run, "internal-error", *bilingual(gettext_noop(
                "The file could not be processed because of an unexpected error (%(error)s). The original file "
                "is kept; try processing it again, or contact the site administrator."),
                error=type(exc).__name__))
        else:  # a table stage refused (e.g. a recipe that does not fit): its own bilingual reason
            fail(run, exc.code, message.en, message.fr)  # type: ignore[union-attr]
    finally:
        beat.stop()
    return PipelineRun.objects.filter(pk=run.pk).values_list("status", flat=True).first() or "missing"


def fail(run: PipelineRun, code: str, message_en: str, message_fr: str) -> None:
    """Mark ``run`` failed with its reason and put the resource back on its last good version."""
    PipelineRun.objects.filter(pk=run.pk).update(
        status=PipelineRun.Status.FAILED, finished=timezone.now(), error_code=code[:60],
        error_message_en=message_en, error_message_fr=message_fr, valid=None)
    # Tell the gates first (the privacy gate records that the file needs a check by hand), then settle.
    for receiver, result in version_gates.run_failed.send_robust(sender=ResourceVersion, version=run.version,
                                                                 run_id=run.pk, code=code):
        if isinstance(result, Exception):
            logger.error("run_failed receiver %r failed for run %s", receiver, run.pk, exc_info=result)
    versions.settle_current_version(run.version)


def _claim(run_id: int) -> PipelineRun | None:
    now = timezone.now()
    # A conditional update: two workers handed the same run (a re-queue racing a slow one) cannot both take it.
    taken = PipelineRun.objects.filter(pk=run_id, status=PipelineRun.Status.QUEUED).update(
        status=PipelineRun.Status.RUNNING, stage="copy", progress=0, started=now, heartbeat=now,
        attempts=F("attempts") + 1, error_code="", error_message_en="", error_message_fr="")
    if not taken:
        return None
    return PipelineRun.objects.select_related("version__resource").get(pk=run_id)


def _process(run: PipelineRun, stored: list[str]) -> tuple[dict[str, Any], list[TableResult]]:
    version = run.version
    pinned = ResourceSettings.objects.filter(resource_id=version.resource_id).first()
    options, schema = _pinned(pinned)
    progress = _Progress(run.pk)
    with tempfile.TemporaryDirectory(prefix="trousse-pipeline-") as tmp:
        source = Path(tmp) / "original" / (Path(version.filename).name or "file")
        source.parent.mkdir()
        _copy_original(version, source)
        progress("copy", 1.0, start=0, end=_COPY_END)
        result = run_pipeline(source, Path(tmp) / "work", options=options, schema=schema,
                              progress=lambda stage, f: progress(stage, f, start=_COPY_END, end=_PIPELINE_END))
        staged = [StageTable(k, table.name, table.parquet) for k, table in enumerate(result.tables, start=1)]
        if version_gates.has_table_stages():
            # Other apps' stages (the privacy gate) may replace a table by a public copy: a stage that
            # raises fails the run, so the un-transformed table is never stored as the public one.
            (Path(tmp) / "stages").mkdir()
            version_gates.run_table_stages(version, run.pk, staged, Path(tmp) / "stages")
        tables, skipped = _store_tables(run, version, result, staged, schema is not None, Path(tmp), stored,
                                        progress)
        report = _clean_report(result, version, tables, options, schema is not None, skipped)
        _publicize_report(report, result, staged, tables, Path(tmp) / "public-profile")
    return report, tables


def _pinned(pinned: ResourceSettings | None) -> tuple[ReadOptions, TableSchema | None]:
    if pinned is None:
        return ReadOptions(), None
    options = ReadOptions(**pinned.read_options)
    schema = load_schema(pinned.table_schema) if pinned.table_schema else None
    return options, schema


def _copy_original(version: ResourceVersion, target: Path) -> None:
    # Read through the storage API (local disk or S3), never modify: the original stays as uploaded.
    with version.file.storage.open(version.file.name, "rb") as src, target.open("wb") as dst:
        shutil.copyfileobj(src, dst, 1024 * 1024)


def _store_tables(run: PipelineRun, version: ResourceVersion, result: PipelineReport, staged: list[StageTable],
                  has_schema: bool, tmp: Path, stored: list[str],
                  progress: _Progress) -> tuple[list[TableResult], list[dict[str, str]]]:
    tables: list[TableResult] = []
    skipped: list[dict[str, str]] = []
    folder = f"derived/{version.resource_id}/v{version.number}/run{run.pk}"
    exports = tmp / "exports"
    exports.mkdir()
    stars = openness_stars(version.format or "", has_schema)
    for k, (table, stage) in enumerate(zip(result.tables, staged, strict=True), start=1):
        stem = f"{k}-{_safe(table.name)}"
        row = TableResult(run=run, position=k, name=table.name[:255], row_count=table.profile.row_count,
                          valid=table.validation.valid, error_count=table.validation.error_count,
                          warning_count=table.validation.warning_count, openness_stars=stars)
        # Everyone gets what the stages left as the public table; a replaced original stays private.
        row.parquet.name = _save(f"{folder}/{stem}.parquet", stage.served, stored)
        if stage.public_parquet is not None:
            row.original_parquet.name = _save(f"{folder}/private/{stem}-original.parquet", stage.parquet, stored)
            row.row_count = _row_count(stage.public_parquet)
        for i, fmt in enumerate(EXPORT_FORMATS):
            progress("export", (k - 1 + i / len(EXPORT_FORMATS)) / len(result.tables), start=_PIPELINE_END, end=99)
            out = exports / f"{stem}.{fmt}"
            try:
                export(stage.served, fmt, out)
            except ExportError as exc:  # too many rows for XLSX, no geometry for GeoJSON: not a failure
                if fmt != "geojson":
                    skipped.append({"table": table.name, "format": fmt, "reason": str(exc)})
                continue
            getattr(row, fmt).name = _save(f"{folder}/{stem}.{fmt}", out, stored)
            out.unlink()
        tables.append(row)
    return tables, skipped


def _row_count(parquet: Path) -> int:
    return int(pq.ParquetFile(parquet).metadata.num_rows)


def _publicize_report(report: dict[str, Any], result: PipelineReport, staged: list[StageTable],
                      tables: list[TableResult], workdir: Path) -> None:
    """Describe replaced tables by their public copy in the report; keep the original's entry for staff."""
    for index, (entry, table, stage, row) in enumerate(zip(report["tables"], result.tables, staged, tables,
                                                            strict=True)):
        if stage.public_parquet is None:
            continue
        schema, profile = public_tables.profile_public(stage.public_parquet, table.name, workdir,
                                                       source_format=table.source_format)
        report["tables"][index] = public_tables.public_entry(entry, schema, profile, stage.note,
                                                             row.original_parquet.name)


def _save(name: str, path: Path, stored: list[str]) -> str:
    with path.open("rb") as handle:
        saved = default_storage.save(name, File(handle, name=path.name))
    stored.append(saved)
    return saved


def _clean_report(result: PipelineReport, version: ResourceVersion, tables: list[TableResult],
                  options: ReadOptions, schema_pinned: bool, skipped: list[dict[str, str]]) -> dict[str, Any]:
    """Return the engine's report without the worker's temporary paths, plus what the portal adds."""
    report = result.to_dict()
    report["source"] = version.filename
    for entry, row in zip(report["tables"], tables, strict=True):
        entry["parquet"] = row.parquet.name
    report["read_options"] = options.to_dict()
    report["schema_pinned"] = schema_pinned
    report["schema_change"] = any(c.breaking for t in result.tables for c in t.schema_changes)
    report["exports_skipped"] = skipped
    return report


def _succeed(run: PipelineRun, report: dict[str, Any], tables: list[TableResult], stored: list[str]) -> None:
    with transaction.atomic():
        alive = PipelineRun.objects.select_for_update().filter(pk=run.pk, status=PipelineRun.Status.RUNNING).first()
        if alive is None:  # the version was deleted, or the run was taken from us: keep nothing
            transaction.on_commit(lambda: _discard(stored))
            return
        TableResult.objects.bulk_create(tables)
        PipelineRun.objects.filter(pk=run.pk).update(
            status=PipelineRun.Status.SUCCEEDED, stage="done", progress=100, finished=timezone.now(),
            report=report, valid=report["valid"], error_count=report["error_count"],
            warning_count=report["warning_count"], schema_change=report["schema_change"])
        # Downloads are made once per version: an earlier run's files of this version are replaced.
        older = TableResult.objects.filter(run__version_id=run.version_id).exclude(run_id=run.pk)
        names = [name for table in older for name in table.stored_names()]
        older.delete()
        transaction.on_commit(lambda: _discard(names))
    versions.settle_current_version(run.version)


def _discard(names: list[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except Exception:  # storage is not transactional; an orphan file is logged, not fatal
            logger.warning("could not delete %s", name, exc_info=True)


def _safe(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in name)[:80] or "table"


def bilingual(message: str, **params: Any) -> tuple[str, str]:
    """Return ``message`` (marked with gettext_noop) in English and French: the run row keeps both."""
    out = []
    for lang in ("en", "fr"):
        with translation.override(lang):
            out.append(gettext(message) % params)
    return out[0], out[1]


class _Progress:
    """Write stage and percent to the run row: every stage change, else at most once per PROGRESS_EVERY."""

    def __init__(self, run_id: int) -> None:
        self.run_id = run_id
        self.stage = ""
        self.last = 0.0

    def __call__(self, stage: str, fraction: float, *, start: int, end: int) -> None:
        now = time.monotonic()
        if stage == self.stage and now - self.last < PROGRESS_EVERY:
            return
        self.stage, self.last = stage, now
        percent = int(start + (end - start) * min(max(fraction, 0.0), 1.0))
        if stage == "done":
            stage = "convert"  # the engine's "done" is not ours: downloads are still to be made
        PipelineRun.objects.filter(pk=self.run_id).update(stage=stage[:20], progress=percent,
                                                          heartbeat=timezone.now())


class _Heartbeat:
    """Beat every HEARTBEAT_SECONDS from a thread, so a long stage is not taken for a dead worker."""

    def __init__(self, run_id: int) -> None:
        self.run_id = run_id
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._beat, name=f"pipeline-heartbeat-{run_id}", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.done.set()
        self.thread.join(timeout=5)

    def _beat(self) -> None:
        # The first beat comes only after HEARTBEAT_SECONDS: short runs never open a second connection.
        try:
            while not self.done.wait(HEARTBEAT_SECONDS):
                try:
                    close_old_connections()
                    PipelineRun.objects.filter(pk=self.run_id, status=PipelineRun.Status.RUNNING).update(
                        heartbeat=timezone.now())
                except Exception:
                    logger.warning("pipeline heartbeat for run %s failed", self.run_id, exc_info=True)
        finally:
            connection.close()
