"""Reads of pipeline state: latest runs, a dataset's processing status, derived downloads."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import F
from django.db.models.fields.files import FieldFile
from django.urls import reverse

from trousse.portal.catalog import search, version_gates
from trousse.portal.catalog.hooks import TableData
from trousse.portal.catalog.models import Dataset, Resource, ResourceVersion
from trousse.portal.core.localized import current_language
from trousse.portal.pipeline.models import ErrorAcknowledgement, PipelineRun, ResourceSettings, TableResult


def latest_run_of_version(version: ResourceVersion) -> PipelineRun | None:
    """Return the newest run over ``version``, or None when the pipeline never saw it."""
    return PipelineRun.objects.filter(version=version).select_related("version").order_by("-created", "-id").first()


def latest_run(resource: Resource) -> PipelineRun | None:
    """Return the newest run over the resource's current version."""
    if resource.current_version_id is None:
        return None
    return PipelineRun.objects.filter(version_id=resource.current_version_id).select_related("version") \
        .order_by("-created", "-id").first()


def latest_runs(resource_ids: list[int]) -> dict[int, PipelineRun]:
    """Return the newest run over each resource's current version, by resource id (one query)."""
    runs = (PipelineRun.objects.filter(version__resource_id__in=resource_ids,
                                       version__resource__current_version=F("version"))
            .select_related("version").order_by("-created", "-id"))
    latest: dict[int, PipelineRun] = {}
    for run in runs:
        latest.setdefault(run.version.resource_id, run)
    return latest


def acknowledgement(run: PipelineRun) -> ErrorAcknowledgement | None:
    """Return the acknowledgement covering ``run``'s outcome, if any.

    An acknowledgement covers the run it names only: a reprocessed version needs a new one.
    """
    return ErrorAcknowledgement.objects.filter(run=run).order_by("-created", "-id").first()


def is_acknowledged(run: PipelineRun) -> bool:
    return acknowledgement(run) is not None


def dataset_status(dataset: Dataset) -> list[dict[str, Any]]:
    """Return, for each file resource of the dataset, the state of its current version's processing."""
    resources = list(Resource.objects.filter(dataset=dataset, kind=Resource.Kind.FILE)
                     .select_related("current_version"))
    runs = latest_runs([r.pk for r in resources])
    return [_resource_status(resource, runs.get(resource.pk)) for resource in resources]


def _resource_status(resource: Resource, run: PipelineRun | None) -> dict[str, Any]:
    version = resource.current_version
    out: dict[str, Any] = {"resource": resource.pk, "version": version.number if version else None, "run": None}
    if run is not None:
        out["run"] = run_summary(run)
        out["acknowledged"] = is_acknowledged(run)
    return out


def run_summary(run: PipelineRun, lang: str | None = None) -> dict[str, Any]:
    """Return the JSON shape of a run's state (the live progress endpoint and the status list)."""
    lang = lang or current_language()
    error = None
    if run.error_code:
        message = run.error_message_fr if lang == "fr" and run.error_message_fr else run.error_message_en
        error = {"code": run.error_code, "message": message}
    return {
        "id": run.pk,
        "resource": run.version.resource_id,
        "version": run.version.number,
        "status": run.status,
        "stage": run.stage,
        "progress": run.progress,
        "attempts": run.attempts,
        "created": run.created.isoformat() if run.created else None,
        "started": run.started.isoformat() if run.started else None,
        "finished": run.finished.isoformat() if run.finished else None,
        "valid": run.valid,
        "error_count": run.error_count,
        "warning_count": run.warning_count,
        "schema_change": run.schema_change,
        "error": error,
    }


def tables_of_version(version: ResourceVersion) -> list[TableResult]:
    """Return the tables of the newest succeeded run over ``version`` (empty when none succeeded)."""
    run = (PipelineRun.objects.filter(version=version, status=PipelineRun.Status.SUCCEEDED)
           .order_by("-created", "-id").first())
    return list(run.tables.all()) if run is not None else []


def derived_file(version: ResourceVersion, fmt: str, table: int = 1) -> tuple[TableResult, FieldFile] | None:
    """Return the table and its stored file in ``fmt`` for ``version``, or None when not generated."""
    for row in tables_of_version(version):
        if row.position == table:
            stored = row.file_for(fmt)
            return (row, stored) if stored is not None else None
    return None


# The derived download closest to each original format (what a withheld original is replaced by).
_CLOSEST = {"CSV": "csv", "TSV": "csv", "TXT": "csv", "TAB": "csv", "XLSX": "xlsx", "XLS": "xlsx", "ODS": "xlsx",
            "JSON": "json", "GEOJSON": "geojson", "SHP": "geojson", "KML": "geojson", "GPKG": "geojson",
            "GML": "geojson", "ZIP": "geojson"}


def public_copy_url(resource: Resource, version: ResourceVersion) -> str | None:
    """Return the address of ``version``'s derived download in the format closest to its original, or None.

    Registered as the catalogue's original substitute: someone who may not read a de-identified
    resource's original is sent to the public copy (csv for csv and text, xlsx for spreadsheets,
    json for JSON, GeoJSON for geographic files; csv otherwise or when that one was not made).
    """
    tables = tables_of_version(version)
    first = next((t for t in tables if t.position == 1), None)
    if first is None:
        return None
    wanted = _CLOSEST.get((version.format or resource.format or "").upper(), "csv")
    fmt = wanted if first.file_for(wanted) is not None else "csv"
    if first.file_for(fmt) is None:
        return None
    return reverse("derived_download", kwargs={"resource_id": resource.pk, "number": version.number, "fmt": fmt})


def resource_settings(resource: Resource) -> ResourceSettings | None:
    """Return what the steward pinned for ``resource`` (None when nothing was)."""
    return ResourceSettings.objects.filter(resource=resource).first()


def processed_tables(resources: Sequence[Resource]) -> dict[int, list[TableData]]:
    """Return the tables of each resource's current version from its newest succeeded run (catalog hook).

    The schema is the pinned one when the steward pinned it, else the one inferred for that table; the
    data dictionary is the steward's. Four small queries whatever the number of resources; a run's
    report (tens of kilobytes) is read and parsed once per process, since a finished run never changes.
    """
    ids = [r.pk for r in resources if r.current_version_id is not None]
    if not ids:
        return {}
    ids = _readable(ids)
    runs = (PipelineRun.objects.filter(version__resource_id__in=ids, status=PipelineRun.Status.SUCCEEDED,
                                       version__resource__current_version=F("version"))
            .order_by("-created", "-id").values_list("pk", "version__resource_id", "version__number", "finished"))
    newest: dict[int, tuple[int, int, int, Any]] = {}
    for run in runs:
        newest.setdefault(run[1], run)
    by_run = {run[0]: run for run in newest.values()}
    inferred = _inferred_schemas([(pk, run[3]) for pk, run in by_run.items()])
    pinned = {s.resource_id: s for s in ResourceSettings.objects.filter(resource_id__in=list(newest))}
    rows = TableResult.objects.filter(run_id__in=list(by_run)).exclude(parquet="").order_by("run", "position")
    out: dict[int, list[TableData]] = {}
    for row in rows:
        _, resource_id, number, finished = by_run[row.run_id]
        settings = pinned.get(resource_id)
        schemas = inferred.get((row.run_id, finished), [])
        # A de-identified table is described by its public copy's schema: a pinned schema names the
        # original's columns and types, which the copy may have dropped or generalized.
        pinned_schema = settings.table_schema if settings and settings.table_schema and not row.replaced else None
        schema = pinned_schema or (schemas[row.position - 1] if row.position - 1 < len(schemas) else {})
        out.setdefault(resource_id, []).append(TableData(
            resource_id=resource_id, version=number, position=row.position, name=row.name,
            row_count=row.row_count, parquet=row.parquet, schema=schema,
            dictionary=(settings.data_dictionary if settings else {}) or {},
            geographic=bool(row.geojson.name), valid=row.valid, processed=finished))
    return out


def resources_with_tables(resources: Sequence[Resource]) -> set[int]:
    """Return the ids of ``resources`` that ``processed_tables`` would give a table, without building them.

    One statement finds the current versions whose newest succeeded run left a table (the public
    readability check then runs on those only): package_search asks it for every hit, so it avoids
    the ORM's per-query compilation and the tables' schemas and dictionaries.
    """
    ids = [r.pk for r in resources if r.current_version_id is not None]
    if not ids:
        return set()
    run, table = PipelineRun._meta.db_table, TableResult._meta.db_table
    resource = Resource._meta.db_table
    among = search.id_list(ids)  # one parameter whatever the number of ids, on both databases
    sql = (f"SELECT DISTINCT res.id FROM {resource} res JOIN {run} r ON r.version_id = res.current_version_id "
           f"JOIN {table} t ON t.run_id = r.id WHERE res.id IN ({among.sql}) AND t.parquet <> '' AND r.id = ("
           f"SELECT r2.id FROM {run} r2 WHERE r2.version_id = res.current_version_id AND r2.status = %s "
           f"ORDER BY r2.created DESC, r2.id DESC LIMIT 1)")
    with connection.cursor() as cursor:
        cursor.execute(sql, [*among.params, PipelineRun.Status.SUCCEEDED])
        present = sorted(row[0] for row in cursor.fetchall())
    return set(_readable(present)) if present else set()


def _readable(resource_ids: list[int]) -> list[int]:
    """Keep the resources whose current version the public may read, when their dataset is public.

    Consumers of the table provider (DataStore, previews, feeds) serve a published dataset to
    anyone: a current version an access rule withholds (the privacy gate has not cleared it) is
    left out. Unpublished datasets are served to their staff only, by those consumers' own checks.
    """
    if not version_gates.registered("access"):
        return resource_ids
    rows = (ResourceVersion.objects.filter(resource_id__in=resource_ids, resource__current_version=F("pk"))
            .select_related("resource__dataset"))
    rows = list(rows)
    published = [v for v in rows if v.resource.dataset.status == Dataset.Status.PUBLISHED]
    denied = version_gates.derived_denied(AnonymousUser(), published)
    return [version.resource_id for version in rows if version.pk not in denied]


# (run id, finish time) -> the Table Schema inferred for each of its tables. Succeeded runs are
# immutable, so entries never go stale (the finish time guards against an id reused after a rollback);
# the bound keeps a long-lived process's memory flat.
_SCHEMAS_KEPT = 2048
RunKey = tuple[int, Any]
_schemas: OrderedDict[RunKey, list[dict[str, Any]]] = OrderedDict()
_schemas_lock = threading.Lock()


def _inferred_schemas(keys: list[RunKey]) -> dict[RunKey, list[dict[str, Any]]]:
    with _schemas_lock:
        found = {key: _schemas[key] for key in keys if key in _schemas}
    missing = {key[0]: key for key in keys if key not in found}
    if missing:
        for pk, report in PipelineRun.objects.filter(pk__in=list(missing)).values_list("pk", "report"):
            found[missing[pk]] = [t.get("schema") or {} for t in ((report or {}).get("tables") or [])]
        with _schemas_lock:
            for key in missing.values():
                _schemas[key] = found.get(key, [])
            while len(_schemas) > _SCHEMAS_KEPT:
                _schemas.popitem(last=False)
    return found
