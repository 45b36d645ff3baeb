from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramConfig(AppConfig):
    name = "trousse.portal.program"
    label = "program"
    verbose_name = _("Open data program")

    def ready(self) -> None:
        # Register the auto-checks the checklists use (program/checklists.py). Each part of the toolkit
        # that answers a check adds its module here, e.g. the readiness assessment's.
        from trousse.portal.program.assessment import checks  # noqa: F401
        from trousse.portal.program.guide import autochecks  # noqa: F401
        from trousse.portal.program.inventory import checks as inventory_checks  # noqa: F401

        # After the guide's: the policy kit replaces its "licence adopted" check (replace=True).
        from trousse.portal.program.policy import checks as policy_checks  # noqa: F401

        # The standards a dataset follows, as badges on the public dataset page.
        from trousse.portal.program.standards import badges  # noqa: F401
