from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "trousse.portal.api"
    label = "api"
    verbose_name = _("Data API")

    def ready(self) -> None:
        # Actions register themselves on import (api.registry); the dispatcher needs them all.
        from django.core import checks

        from trousse.portal.api.ratelimit import check_settings
        from trousse.portal.api.registry import load_actions

        load_actions()
        checks.register(check_settings)
