from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PipelineConfig(AppConfig):
    name = "trousse.portal.pipeline"
    label = "pipeline"
    verbose_name = _("Data pipeline")

    def ready(self) -> None:
        from trousse.portal.catalog import hooks, version_gates
        from trousse.portal.pipeline import checks, queries, receivers
        from trousse.portal.pipeline.views import panels

        # The catalogue knows nothing of this app: it announces stored versions and asks its
        # registered checks before publishing (catalog/hooks.py).
        hooks.version_stored.connect(receivers.process_stored_version, dispatch_uid="pipeline.version_stored")
        # Apps that change what a run does, or lift a hold on a version (catalog/version_gates.py).
        version_gates.reprocess_requested.connect(receivers.process_again, dispatch_uid="pipeline.reprocess")
        version_gates.version_released.connect(receivers.settle_released, dispatch_uid="pipeline.released")
        version_gates.register_original_substitute(queries.public_copy_url)
        hooks.register_publication_check(checks.pipeline_blockers)
        # And the pipeline adds its panels and badges to the catalogue's pages the same way.
        hooks.register_resource_panel(panels.resource_panel)
        hooks.register_dataset_badges(panels.dataset_badges)
        # Its processed tables feed the data API, previews and feeds (which never import this app).
        hooks.register_table_provider(queries.processed_tables, presence=queries.resources_with_tables)
