"""Which version a resource serves once the pipeline has judged it: the newest one that did not fail.

The catalogue makes each upload current at once. A version whose run fails must not replace the
one people were downloading (issue #3 §6: "a failed job leaves the previously published version
untouched"), so the resource goes back to the newest earlier version that did not fail; when the
failed version is processed again and succeeds, it becomes current again if it is the newest.
Changes go through the catalogue's ``set_current_version`` service, with the system as actor.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from trousse.portal.catalog import version_gates
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
    """Point the resource at its newest version that did not fail and is not held, after ``version``'s run ended.

    A hold (catalog.version_gates, e.g. the privacy gate on a refresh of a published dataset) keeps
    ``version`` from becoming current; when the held version already is current (processed again
    under a new recipe), the resource goes back to the newest earlier version neither failed nor held.
    """
    resource = Resource.objects.select_related("dataset", "current_version").get(pk=version.resource_id)
    current = resource.current_version
    failed = has_failed(version)
    held = version_gates.version_held(version)
    if failed or held:
        if current is None or current.pk != version.pk:
            # Files the pipeline cannot read at all (documents) fail every time: as before holds existed,
            # the newest such version replaces an older one that failed too, once nothing holds it.
            if failed and not held and (current is None or (current.number < version.number
                                                            and has_failed(current))):
                set_current_version(None, resource, version, reason=str(_(
                    "Version %(number)s could not be processed either; it replaces the previous one.")
                    % {"number": version.number}))
            return
        for earlier in resource.versions.filter(number__lt=version.number).order_by("-number"):
            if not has_failed(earlier) and not version_gates.version_held(earlier):
                reason = (_("Version %(number)s could not be processed; the previous version stays current.")
                          if failed else _("Version %(number)s is held back for review; the previous version "
                                           "stays current."))
                set_current_version(None, resource, earlier, reason=str(reason % {"number": version.number}))
                return
        return  # no earlier good version: this one stays, and blocks publication (or is not readable)
    if current is None or current.number < version.number:
        set_current_version(None, resource, version,
                            reason=str(_("Version %(number)s was processed.") % {"number": version.number}))
