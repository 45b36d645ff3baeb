"""Every write of the privacy gate: permission, change, audit log (docs/DESIGN.md §2).

Stewards (catalog ``can_edit_dataset``) set a resource's recipe and quasi-identifiers and answer the
dataset's questionnaire; reviewers (catalog ``can_review``) decide, with a written justification.
A change to what a run does asks the pipeline to process the resource's newest version again
(``version_gates.reprocess_requested``); an approval releases the refreshes it covers
(``version_gates.version_released``).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from trousse.engine.privacy.deidentify import validate_recipe
from trousse.engine.privacy.errors import PrivacyError
from trousse.portal.catalog import permissions, version_gates
from trousse.portal.catalog.models import Dataset, Resource, ResourceVersion
from trousse.portal.core import audit
from trousse.portal.core.errors import DomainError, InvalidStateError, PermissionDeniedError
from trousse.portal.core.localized import current_language
from trousse.portal.core.models import User
from trousse.portal.privacy import gate, questionnaire, screens
from trousse.portal.privacy.models import Questionnaire, ResourcePrivacy, Review, Screen
from trousse.portal.privacy.queries import dataset_privacy

MIN_JUSTIFICATION = 20
MAX_COLUMNS_LISTED = 200


class RecipeError(DomainError):
    """A recipe the engine refuses (unknown operation, missing column, bad parameter)."""

    code = "invalid_recipe"


class RiskSettingsError(DomainError):
    """Quasi-identifiers or sensitive attributes that are not columns of the table."""

    code = "invalid_risk_settings"


class DecisionError(DomainError):
    """A review decision that cannot be recorded (unknown decision, justification missing or too short)."""

    code = "invalid_decision"


def _require_steward(actor: User, dataset: Dataset) -> None:
    if not permissions.can_edit_dataset(actor, dataset):
        raise PermissionDeniedError(_("Only the dataset's editors may change its privacy settings."))


def _settings(resource: Resource) -> ResourcePrivacy:
    settings, _created = ResourcePrivacy.objects.get_or_create(resource=resource)
    return settings


def newest_version(resource: Resource) -> ResourceVersion | None:
    """Return the resource's newest upload (what a new recipe or new settings are tried on first)."""
    return resource.versions.order_by("-number").first()


def _table_columns(resource: Resource) -> dict[str, list[str]]:
    """Return the columns of each table of the newest screened version (the originals, before any recipe)."""
    version = newest_version(resource)
    screen = screens.latest_screen(version) if version is not None else None
    if screen is None:
        return {}
    reports = {r.get("table", ""): r for r in screen.tables or []}
    reports.update({r.get("table", ""): r for r in screen.original_tables or []})
    # The screen does not list the geometry among a table's columns; a recipe may still round it (a
    # table without one fails its run instead: the recipe does not fit, nothing goes out).
    return {name: [*(c.get("column", "") for c in r.get("columns") or []), "__geometry"]
            for name, r in reports.items()}


def _message(error: PrivacyError) -> str:
    return error.message.fr if current_language() == "fr" else error.message.en


def _reprocess(resource: Resource, actor: User) -> None:
    version = newest_version(resource)
    if version is not None:
        transaction.on_commit(lambda: version_gates.reprocess_requested.send(
            sender=ResourceVersion, version=version, actor=actor))
        # Versions still current also go through again, so the public copy follows the new recipe.
        current = resource.current_version
        if current is not None and current.pk != version.pk:
            transaction.on_commit(lambda: version_gates.reprocess_requested.send(
                sender=ResourceVersion, version=current, actor=actor))


@transaction.atomic
def save_recipe(actor: User, resource: Resource, recipes: dict[str, list[dict[str, Any]]]) -> ResourcePrivacy:
    """Set ``resource``'s de-identification recipes ({table or "": [step, …]}) and reprocess it."""
    _require_steward(actor, resource.dataset)
    if not isinstance(recipes, dict) or not all(isinstance(k, str) for k in recipes):
        raise RecipeError(_("A recipe is given per table name."))
    columns = _table_columns(resource)
    cleaned: dict[str, list[dict[str, Any]]] = {}
    for table, steps in recipes.items():
        if not steps:
            continue
        targets = list(columns) if table == "" else [table]
        if table and columns and table not in columns:
            raise RecipeError(_("There is no table “%(table)s” in this resource.") % {"table": table}, field=table)
        try:
            for name in targets or [None]:
                # Checked against the newest screened version's columns: a recipe that cannot apply would fail
                # every run. Without a screen yet, the engine still checks the steps' shape.
                known = columns.get(name, []) if columns and name is not None else _columns_named(steps)
                cleaned[table] = validate_recipe(steps, known, key=b"checked-without-the-key")
        except PrivacyError as exc:
            raise RecipeError(_message(exc), field=table) from exc
    settings = _settings(resource)
    before = dict(settings.recipes or {})
    settings.recipes = cleaned
    settings.modified_by = actor if actor.pk else None
    settings.save()
    audit.record(actor, "privacy.recipe_saved", resource, organization_id=resource.dataset.organization_id,
                 changes={"recipes": [before, cleaned]})
    if before != cleaned:
        _reprocess(resource, actor)
    return settings


def _columns_named(steps: Any) -> list[str]:
    names: list[str] = []
    for step in steps if isinstance(steps, list) else []:
        if isinstance(step, dict):
            names += [c for c in [step.get("column"), *list(step.get("columns") or [])] if isinstance(c, str)]
    return names


@transaction.atomic
def save_risk_settings(actor: User, resource: Resource, table: str, quasi_identifiers: list[str] | None,
                       sensitive: list[str]) -> ResourcePrivacy:
    """Set ``table``'s quasi-identifiers (None: suggested) and sensitive attributes, and reprocess."""
    _require_steward(actor, resource.dataset)
    columns = _table_columns(resource)
    known = columns.get(table)
    if columns and known is None:
        raise RiskSettingsError(_("There is no table “%(table)s” in this resource.") % {"table": table}, field=table)
    chosen = [str(c) for c in quasi_identifiers] if quasi_identifiers is not None else None
    attrs = [str(c) for c in sensitive or []]
    for column in [*(chosen or []), *attrs]:
        if known is not None and column not in known:
            raise RiskSettingsError(_("There is no column “%(column)s” in table “%(table)s”.")
                                    % {"column": column, "table": table}, field=column)
    if chosen is not None and len(set(chosen)) != len(chosen):
        raise RiskSettingsError(_("A column is listed twice among the quasi-identifiers."))
    if set(chosen or []) & set(attrs):
        raise RiskSettingsError(_("A column cannot be both a quasi-identifier and a sensitive attribute."))
    settings = _settings(resource)
    before = {"quasi_identifiers": (settings.quasi_identifiers or {}).get(table),
              "sensitive": (settings.sensitive or {}).get(table, [])}
    quasi = dict(settings.quasi_identifiers or {})
    if chosen is None:
        quasi.pop(table, None)
    else:
        quasi[table] = chosen
    settings.quasi_identifiers = quasi
    settings.sensitive = {**(settings.sensitive or {}), table: attrs}
    settings.modified_by = actor if actor.pk else None
    settings.save()
    after = {"quasi_identifiers": chosen, "sensitive": attrs}
    audit.record(actor, "privacy.risk_settings_saved", resource, organization_id=resource.dataset.organization_id,
                 changes={**audit.diff(before, after), "table": table})
    if before != after:
        _reprocess(resource, actor)
    return settings


@transaction.atomic
def save_questionnaire(actor: User, dataset: Dataset, answers: dict[str, Any]) -> Questionnaire:
    """Store the steward's answers to ``dataset``'s risk questionnaire (a partial set may be saved)."""
    _require_steward(actor, dataset)
    cleaned = questionnaire.validate(answers)
    record, _created = Questionnaire.objects.get_or_create(dataset=dataset)
    before = dict(record.answers or {})
    record.answers = cleaned
    record.modified_by = actor if actor.pk else None
    record.save()
    audit.record(actor, "privacy.questionnaire_saved", dataset, organization_id=dataset.organization_id,
                 changes={"answers": [before, cleaned], "complete": questionnaire.complete(cleaned)})
    return record


@transaction.atomic
def decide(actor: User, dataset: Dataset, decision: str, justification: str) -> Review:
    """Record a reviewer's decision on ``dataset``'s privacy risk; an approval releases the refreshes it covers."""
    if not permissions.can_review(actor, dataset):
        raise PermissionDeniedError(_("Only reviewers decide on a dataset's privacy risk."))
    if decision not in Review.Decision.values:
        raise DecisionError(_("The decision must be to approve or to send back."), field="decision")
    justification = (justification or "").strip()
    if len(justification) < MIN_JUSTIFICATION:
        raise DecisionError(_("Write a justification of at least %(count)s characters: it is kept in the audit "
                              "log.") % {"count": MIN_JUSTIFICATION}, field="justification")
    state = dataset_privacy(dataset)
    if any(b.code in ("privacy-pending", "privacy-error") for b in state.blockers) \
            and decision == Review.Decision.APPROVED:
        raise InvalidStateError(_("A file of this dataset has not been screened, or its screen failed: it cannot "
                                  "be approved until a screen succeeds."))
    held = [(v, s) for item in state.resources for v, s in item.held if s is not None
            and s.status != Screen.Status.ERROR]
    covered = set(state.finding_keys)
    for _version, screen in held:
        covered |= screens.finding_keys(screen)
    review = Review.objects.create(
        dataset=dataset, decision=decision, justification=justification, reviewer=actor if actor.pk else None,
        risk_level=state.assessment.level, reasons=[r.to_dict() for r in state.assessment.reasons],
        covered=sorted(covered) if decision == Review.Decision.APPROVED else [])
    shown = [item.screen for item in state.resources if item.screen is not None] + [s for _v, s in held]
    review.screens.set(shown)
    audit.record(actor, f"privacy.{decision}", dataset, organization_id=dataset.organization_id,
                 comment=justification,
                 changes={"risk_level": review.risk_level, "covered": review.covered,
                          "screens": [s.pk for s in shown]})
    if decision == Review.Decision.APPROVED:
        for version, _screen in held:
            if gate.cleared(version):
                transaction.on_commit(lambda v=version: version_gates.version_released.send(
                    sender=ResourceVersion, version=v, actor=actor))
    return review
