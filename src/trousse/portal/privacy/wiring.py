"""Plug the privacy gate into the catalogue's extension points (called once from apps.ready)."""

from __future__ import annotations


def connect() -> None:
    """Register the gate's stage, hold, access rule, publication check and panels with the catalogue."""
    from trousse.portal.catalog import hooks, version_gates
    from trousse.portal.privacy import gate, stage

    # P-core: the pipeline stage (recipe → screen → Screen), the hold on refreshes of published
    # datasets, who may read originals and tables, and the publication check (none acknowledgeable).
    version_gates.register_table_stage(stage.screen_stage)
    version_gates.run_failed.connect(stage.unreadable_file, dispatch_uid="privacy.run_failed")
    version_gates.register_version_hold(gate.hold)
    version_gates.register_version_access(gate.version_access, batch=gate.versions_denied)
    hooks.register_publication_check(gate.publication_blockers)

    # P-ui: the public statement on the dataset page, and the resource panels (public and workspace).
    from trousse.portal.privacy import views_public

    hooks.register_dataset_panel(views_public.dataset_panel)
    hooks.register_resource_panel(views_public.resource_panel)
