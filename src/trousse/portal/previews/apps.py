from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PreviewsConfig(AppConfig):
    name = "trousse.portal.previews"
    label = "previews"
    verbose_name = _("Previews")

    def ready(self) -> None:
        from trousse.portal.catalog import hooks
        from trousse.portal.previews import panel

        # The catalogue knows nothing of this app: the resource page shows what its panels render.
        hooks.register_resource_panel(panel.resource_panel)
