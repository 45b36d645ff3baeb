"""The pipeline's publication check: a version with unresolved pipeline problems blocks publication.

Registered with the catalogue (catalog/hooks.py) when the app is ready. For each file resource, the
version the dataset would publish (its current version) must have a clean run: succeeded, valid
and not breaking the pinned schema. Otherwise (validation errors, a schema change, a failed run or
one not finished yet) a steward must acknowledge that run's outcome (services.acknowledge_errors,
recorded in the audit log) before the dataset can be approved or published (issue #3 §4).
A version the pipeline never saw (stored before the pipeline existed, or its run not yet created)
does not block; the worker's start-up sweep queues it.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_noop

from trousse.engine.metadata.model import LocalizedText
from trousse.portal.catalog.hooks import Blocker
from trousse.portal.catalog.models import Dataset, Resource
from trousse.portal.pipeline import queries
from trousse.portal.pipeline.models import PipelineRun
from trousse.portal.pipeline.runner import bilingual


def pipeline_blockers(dataset: Dataset) -> list[Blocker]:
    """Return one blocker per current file version whose pipeline outcome is not clean nor acknowledged."""
    blockers = []
    resources = (Resource.objects.filter(dataset=dataset, kind=Resource.Kind.FILE)
                 .exclude(current_version=None).select_related("current_version"))
    for resource in resources:
        run = queries.latest_run_of_version(resource.current_version)
        if run is None or run.is_clean or queries.is_acknowledged(run):
            continue
        blockers.append(_blocker(resource, run))
    return blockers


def _blocker(resource: Resource, run: PipelineRun) -> Blocker:
    number = run.version.number
    names = LocalizedText(resource.name_en or resource.name_fr, resource.name_fr or resource.name_en)
    if run.status in (PipelineRun.Status.QUEUED, PipelineRun.Status.RUNNING):
        code, text = "pipeline-pending", gettext_noop(
            "“%(name)s” (version %(number)s) is still being processed; wait for the result or acknowledge it.")
    elif run.status == PipelineRun.Status.FAILED:
        code, text = "pipeline-failed", gettext_noop(
            "“%(name)s” (version %(number)s) could not be processed; acknowledge the failure to publish it anyway.")
    elif not run.valid:
        code, text = "pipeline-errors", gettext_noop(
            "“%(name)s” (version %(number)s) has %(count)s validation errors; acknowledge them to publish it.")
    else:
        code, text = "schema-change", gettext_noop(
            "“%(name)s” (version %(number)s) no longer matches its pinned schema; acknowledge the change to "
            "publish it.")
    en = bilingual(text, name=names.en, number=number, count=run.error_count)[0]
    fr = bilingual(text, name=names.fr, number=number, count=run.error_count)[1]
    # Where a steward reads the outcome and acknowledges it (pipeline/views/staff.py).
    url = reverse("pipeline:acknowledge", kwargs={"resource_id": resource.pk})
    return Blocker(code, LocalizedText(en, fr), url=url)
