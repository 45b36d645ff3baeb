from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "trousse.portal.privacy"
    label = "privacy"
    verbose_name = _("Privacy and risk gate")

    def ready(self) -> None:
        # The catalogue knows nothing of this app: the gate plugs in through catalog.hooks and
        # catalog.version_gates (a pipeline stage, a hold on refreshes, original-file access, a
        # publication check and the public statement). Registration lives in privacy/wiring.py.
        from trousse.portal.privacy import wiring

        wiring.connect()
