"""Which version a resource serves once the pipeline has judged it: the newest one that did not fail.

The catalogue makes each upload current at once. A version whose run fails must not replace the
one people were downloading (issue #3 §6: "a failed job leaves the previously published version
untouched"), so the resource goes back to the newest earlier version that did not fail; when the
failed version is processed again and succeeds, it becomes current again if it is the newest.
Changes go through the catalogue's ``set_current_version`` service, with the system as actor.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from trousse.portal.catalog.models import Resource, ResourceVersion
from trousse.portal.catalog.services.resources import set_current_version
from trousse.portal.pipeline.models import PipelineRun


def latest_run(version: ResourceVersion) -> PipelineRun | None:
    """Return the newest run over ``version``, or None when the pipeline never saw it."""
    return PipelineRun.objects.filter(version=version).order_by("-created", "-id").first()


def has_failed(version: ResourceVersion) -> bool:
    run = latest_run(version)
    return run is not None and run.status == PipelineRun.Status.FAILED


def settle_current_version(version: ResourceVersion) -> None:
    """Point the resource at its newest version that did not fail, after ``version``'s run ended."""
    resource = Resource.objects.select_related("dataset", "current_version").get(pk=version.resource_id)
    current = resource.current_version
    if has_failed(version):
        if current is None or current.pk != version.pk:
            return
        for earlier in resource.versions.filter(number__lt=version.number).order_by("-number"):
            if not has_failed(earlier):
                set_current_version(None, resource, earlier,
                                    reason=str(_("Version %(number)s could not be processed; the previous "
                                                 "version stays current.") % {"number": version.number}))
                return
        return  # no earlier good version: the failed one stays, and blocks publication
    if current is None or current.number < version.number:
        set_current_version(None, resource, version,
                            reason=str(_("Version %(number)s was processed.") % {"number": version.number}))
