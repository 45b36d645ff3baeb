"""The pipeline stage of the gate: apply the resource's recipe, screen the tables, store the Screen.

Runs inside every pipeline run, after the engine converted the file (catalog.version_gates):

1. When the resource has a recipe (``ResourcePrivacy.recipes``: a table's name, or "" for every
   table), the engine applies it to the canonical Parquet and the stage hands the pipeline the
   de-identified copy (``StageTable.public_parquet``): that is what everyone else gets.
2. The original is screened (kept for staff, to choose a recipe) and so is what the public gets;
   the public tables decide the screen's status (clean, found or error).
3. A recipe that does not fit this version's columns fails the run (``StageError``): the
   un-transformed table must never be served (fail closed). A screen that fails or times out is
   stored as an error: the gate then keeps the version unpublished.

All the work is DuckDB's (engine.privacy): no loop over rows here.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from django.conf import settings as django_settings

from trousse.engine.metadata.model import LocalizedText
from trousse.engine.privacy.deidentify import apply_recipe
from trousse.engine.privacy.errors import PrivacyError
from trousse.engine.privacy.screen import ScreenOptions, screen_parquet
from trousse.portal.catalog.models import ResourceVersion
from trousse.portal.catalog.version_gates import StageTable
from trousse.portal.privacy import gate, notify, screens
from trousse.portal.privacy.models import ResourcePrivacy, Screen

logger = logging.getLogger(__name__)


class StageError(Exception):
    """The stage refuses to let the run go on; the pipeline fails the run with this code and message."""

    def __init__(self, code: str, message: LocalizedText) -> None:
        super().__init__(f"{code}: {message.en}")
        self.code = code
        self.message = message


def recipe_for(settings: ResourcePrivacy | None, table: str) -> list[dict[str, Any]]:
    """Return the recipe steps for ``table``: its own, else the one for every table (""), else none."""
    recipes = (settings.recipes if settings is not None else {}) or {}
    return list(recipes.get(table) or recipes.get("") or [])


def screen_options(settings: ResourcePrivacy | None, table: str, *, dropped: set[str] = frozenset()) -> ScreenOptions:
    """Return the screen's options for ``table``: the steward's choices within the site's limits."""
    chosen = (settings.quasi_identifiers if settings is not None else {}) or {}
    sensitive = (settings.sensitive if settings is not None else {}) or {}
    quasi = chosen.get(table, chosen.get(""))
    # Columns the recipe dropped carry no risk any more; any other missing column stays an error.
    if quasi is not None:
        quasi = tuple(c for c in quasi if c not in dropped)
    return ScreenOptions(
        quasi_identifiers=quasi,
        sensitive=tuple(c for c in (sensitive.get(table, sensitive.get("")) or []) if c not in dropped),
        k_threshold=django_settings.PRIVACY_K_THRESHOLD,
        small_cell_threshold=django_settings.PRIVACY_SMALL_CELL_THRESHOLD,
        max_seconds=float(django_settings.PRIVACY_SCREEN_SECONDS),
        memory_limit=django_settings.PRIVACY_SCREEN_MEMORY_LIMIT,
    )


def screen_stage(version: ResourceVersion, run_id: int, tables: list[StageTable], workdir: Path) -> None:
    """Apply the recipe to each table, screen originals and public copies, and store the run's Screen."""
    started = time.perf_counter()
    settings = ResourcePrivacy.objects.filter(resource_id=version.resource_id).first()
    key = settings.pseudonym_key.encode("ascii") if settings is not None else None
    public: list[dict[str, Any]] = []
    originals: list[dict[str, Any]] = []
    snapshot = gate.recipe_snapshot(settings)
    for table in tables:
        recipe = recipe_for(settings, table.name)
        original = screen_parquet(table.parquet, name=table.name, options=screen_options(settings, table.name))
        if not recipe:
            public.append(original.to_dict())
            continue
        originals.append(original.to_dict())
        output = workdir / f"{table.position}-public.parquet"
        try:
            result = apply_recipe(table.parquet, recipe, output, key=key,
                                  memory_limit=django_settings.PRIVACY_SCREEN_MEMORY_LIMIT)
        except PrivacyError as exc:
            _store_error(version, run_id, snapshot, public, originals, exc, started)
            raise StageError(exc.code, LocalizedText(
                f"The de-identification recipe of table “{table.name}” does not fit this version: {exc.message.en} "
                "Nothing of it is published; change the recipe.",
                f"La recette de dépersonnalisation du tableau « {table.name} » ne convient pas à cette version : "
                f"{exc.message.fr} Rien n'en est publié; modifiez la recette.")) from exc
        table.public_parquet = result.output
        table.note = {"deidentified": True, "steps": len(recipe), "rows_in": result.rows_in,
                      "rows_out": result.rows_out, "columns": result.columns}
        dropped = {step.get("column") for step in recipe if step.get("op") == "drop"}
        public.append(screen_parquet(result.output, name=table.name,
                                     options=screen_options(settings, table.name, dropped=dropped)).to_dict())
    screen = _store(version, run_id, snapshot, public, originals, started)
    notify.screen_stored(screen)


def _status(reports: list[dict[str, Any]]) -> str:
    if any(r.get("status") == "error" for r in reports):
        return Screen.Status.ERROR
    if any(r.get("status") == "findings" for r in reports):
        return Screen.Status.FOUND
    return Screen.Status.CLEAN


def _store(version: ResourceVersion, run_id: int, snapshot: dict[str, Any], public: list[dict[str, Any]],
           originals: list[dict[str, Any]], started: float) -> Screen:
    status = _status(public)
    first_error = next((r.get("error") for r in public if r.get("error")), None) or {}
    screen = Screen(version=version, run_id=run_id, status=status, recipe=snapshot, deidentified=bool(originals),
                    tables=public, original_tables=originals, seconds=round(time.perf_counter() - started, 3),
                    error_code=str(first_error.get("code", ""))[:60],
                    error_message_en=(first_error.get("message") or {}).get("en", ""),
                    error_message_fr=(first_error.get("message") or {}).get("fr", ""))
    screen.finding_count = sum(len(screens.table_keys(version.resource_id, r)) for r in public)
    screen.save()
    return screen


def _store_error(version: ResourceVersion, run_id: int, snapshot: dict[str, Any], public: list[dict[str, Any]],
                 originals: list[dict[str, Any]], error: PrivacyError, started: float) -> Screen:
    return Screen.objects.create(
        version=version, run_id=run_id, status=Screen.Status.ERROR, recipe=snapshot, deidentified=False,
        tables=public, original_tables=originals, seconds=round(time.perf_counter() - started, 3),
        error_code=error.code[:60], error_message_en=error.message.en, error_message_fr=error.message.fr,
        finding_count=0)


def unreadable_file(sender: Any, version: ResourceVersion, run_id: int, code: str = "", **kwargs: Any) -> None:
    """Record that a run could not read ``version`` as tables: a reviewer must check the file by hand.

    A run the stage itself failed (a recipe that does not fit) already stored its error screen: keep it.
    """
    if Screen.objects.filter(version=version, run_id=run_id).exists():
        return
    Screen.objects.create(
        version=version, run_id=run_id, status=Screen.Status.MANUAL, recipe={}, deidentified=False,
        tables=[], original_tables=[], error_code=(code or "unreadable")[:60],
        error_message_en="The file could not be read as a table, so it could not be screened automatically.",
        error_message_fr="Le fichier n'a pas pu être lu comme un tableau; il n'a donc pas pu être filtré "
                         "automatiquement.")
