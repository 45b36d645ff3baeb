from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedsConfig(AppConfig):
    name = "trousse.portal.feeds"
    label = "feeds"
    verbose_name = _("Metadata feeds")

    def ready(self) -> None:
        # Plug into the catalogue's pages through its declared hooks (docs/DESIGN.md §2).
        from trousse.portal.catalog import hooks
        from trousse.portal.feeds.head import dataset_head
        from trousse.portal.feeds.panel import resource_panel

        hooks.register_dataset_head(dataset_head)
        hooks.register_resource_panel(resource_panel)
