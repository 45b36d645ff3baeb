from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "trousse.portal.catalog"
    label = "catalog"
    verbose_name = _("Catalogue")

    def ready(self) -> None:
        from trousse.portal.catalog.vocabulary_sync import sync_vocabularies

        # Themes and licences come from the engine's registries; refresh them on every migrate.
        post_migrate.connect(sync_vocabularies, sender=self)
