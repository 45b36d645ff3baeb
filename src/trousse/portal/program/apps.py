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

        _register_daily_jobs()
        _register_catalogue_panels()


def _register_daily_jobs() -> None:
    # The indicators are stored once a day: every `trousse worker` queues the snapshot on a new day.
    from trousse.portal.core.schedule import register_daily_job
    from trousse.portal.program.indicators.tasks import enqueue_daily_snapshot

    register_daily_job("program.indicator_snapshot", enqueue_daily_snapshot)


def _register_catalogue_panels() -> None:
    # A published dataset links back to the inventory item it came from (issue #6 §4).
    from trousse.portal.catalog.hooks import register_dataset_panel
    from trousse.portal.program.inventory.dataset_panel import inventory_panel

    register_dataset_panel(inventory_panel)
