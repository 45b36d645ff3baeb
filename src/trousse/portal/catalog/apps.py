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
        # A migration that alters a table on SQLite rebuilds it and drops its triggers: put them back.
        post_migrate.connect(_reinstall_search_stamp, sender=self)


def _reinstall_search_stamp(sender, using: str = "default", **kwargs) -> None:  # type: ignore[no-untyped-def]
    from django.db import connections
    from django.db.migrations.recorder import MigrationRecorder

    from trousse.portal.catalog import search_stamp

    connection = connections[using]
    if ("catalog", "0007_search_stamp") in MigrationRecorder(connection).applied_migrations():
        search_stamp.install(connection)
