from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramConfig(AppConfig):
    name = "trousse.portal.program"
    label = "program"
    verbose_name = _("Open data program")
