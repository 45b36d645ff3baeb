"""The checklist item "a licence is adopted", answered from the policy kit's adoption record (issue #6 §1, §3).

It replaces the guide's catalogue-based check (``replace=True``): once the policy kit exists, a
licence counts as adopted when the approving body adopted a version of the policy, and the
catalogue's default licence is that policy's licence.
"""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from trousse.portal.catalog.services.licences import default_licence, register_default_licence_authority
from trousse.portal.core.localized import pick
from trousse.portal.program import permissions
from trousse.portal.program.checklists import CheckResult, SiteFacts, register_auto_check
from trousse.portal.program.policy.queries import adopted_version

CODE = "catalogue.licence_adopted"


def licence_adopted(facts: SiteFacts) -> CheckResult:
    """Done when a policy version is adopted and its licence is the catalogue's default licence."""
    version = adopted_version()
    if version is None:
        return CheckResult(False, _("No version of the open data policy has been recorded as adopted yet "
                                    "(see the policy kit)."))
    licence = default_licence()
    evidence = {"number": version.number, "date": date_format(version.adopted_on, "DATE_FORMAT"),
                "resolution": version.resolution}
    if licence is None or licence.code != version.licence_code:
        return CheckResult(False, _("Policy version %(number)s was adopted on %(date)s (resolution %(resolution)s), "
                                    "but its licence is no longer the catalogue's default licence.") % evidence)
    evidence["licence"] = pick(licence, "title").value
    return CheckResult(True, _("“%(licence)s” adopted with policy version %(number)s on %(date)s (resolution "
                               "%(resolution)s); it is the catalogue's default licence.") % evidence)


register_auto_check(CODE, licence_adopted, replace=True)
# Program leads adopt the licence, so they may set the catalogue's default licence.
register_default_licence_authority(permissions.is_program_lead)
