"""Reads of the privacy gate's state: a dataset's screens, questionnaire, reviews, blockers; the review queue."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Q
from django.urls import NoReverseMatch, reverse

from trousse.engine.metadata.model import LocalizedText
from trousse.portal.catalog import permissions, version_gates
from trousse.portal.catalog.hooks import Blocker
from trousse.portal.catalog.models import Dataset, Resource, ResourceVersion
from trousse.portal.privacy import questionnaire, risk, screens
from trousse.portal.privacy.models import Questionnaire, ResourcePrivacy, Review, Screen
from trousse.portal.privacy.screens import finding_keys, latest_screen

__all__ = ["DatasetPrivacy", "ResourceState", "dataset_privacy", "finding_keys", "last_review_date",
           "latest_screen", "review_queue"]


@dataclass
class ResourceState:
    """One file resource as the gate sees it: its current version and screen, and refreshes held back."""

    resource: Resource
    version: ResourceVersion | None
    screen: Screen | None
    held: list[tuple[ResourceVersion, Screen | None]] = field(default_factory=list)
    settings: ResourcePrivacy | None = None


@dataclass
class DatasetPrivacy:
    """Everything the gate knows about a dataset, for the staff pages and the publication check."""

    dataset: Dataset
    resources: list[ResourceState]
    questionnaire: Questionnaire | None
    assessment: risk.Assessment
    latest_review: Review | None
    approval_current: bool
    blockers: list[Blocker]

    @property
    def finding_keys(self) -> set[str]:
        """Return the keys of every finding of the current versions' screens."""
        keys: set[str] = set()
        for state in self.resources:
            if state.screen is not None:
                keys |= finding_keys(state.screen)
        return keys

    @property
    def has_held(self) -> bool:
        return any(state.held for state in self.resources)


def dataset_privacy(dataset: Dataset) -> DatasetPrivacy:
    """Return the gate's state of ``dataset``: screens, questionnaire, assessment, review and blockers."""
    resources = list(Resource.objects.filter(dataset=dataset, kind=Resource.Kind.FILE)
                     .select_related("current_version").order_by("position", "pk"))
    settings = {s.resource_id: s for s in ResourcePrivacy.objects.filter(resource__in=resources)}
    versions = risk.screened_versions(resources)
    found = screens.latest_screens([v for vs in versions.values() for v in vs])
    states = []
    for resource in resources:
        current = resource.current_version
        held = [(v, found.get(v.pk)) for v in versions.get(resource, [])[1:] if version_gates.version_held(v)]
        states.append(ResourceState(resource, current, found.get(current.pk) if current else None, held,
                                    settings.get(resource.pk)))
    answered = Questionnaire.objects.filter(dataset=dataset).first()
    assessment = risk.assess(dataset)
    review = screens.latest_review(dataset.pk)
    state = DatasetPrivacy(dataset, states, answered, assessment, review, False, [])
    state.approval_current = _approval_covers(review, state.finding_keys, assessment.level)
    state.blockers = _blockers(state)
    return state


def _approval_covers(review: Review | None, keys: set[str], level: str) -> bool:
    if review is None or review.decision != Review.Decision.APPROVED:
        return False
    return keys <= set(review.covered or []) and screens.level_at_most(level, review.risk_level)


def page_url(name: str, **kwargs: Any) -> str:
    """Return the address of a privacy page, or "" when the page is not there."""
    # The staff pages are P-ui's (privacy/urls.py); a blocker without its page still blocks.
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


def _blockers(state: DatasetPrivacy) -> list[Blocker]:
    """Return what keeps the dataset from publication; none of it may be acknowledged away (fail closed)."""
    out: list[Blocker] = []
    review_url = page_url("privacy:dataset", slug=state.dataset.slug)
    for item in state.resources:
        if item.version is None:
            continue
        name = LocalizedText(item.resource.name_en or item.resource.name_fr or item.version.filename,
                             item.resource.name_fr or item.resource.name_en or item.version.filename)
        number = item.version.number
        if item.screen is None:
            out.append(Blocker("privacy-pending", LocalizedText(
                f"“{name.en}” (version {number}) has not been screened for personal information yet.",
                f"« {name.fr} » (version {number}) n'a pas encore été filtré pour les renseignements personnels."),
                url=review_url))
        elif item.screen.status == Screen.Status.ERROR:
            out.append(Blocker("privacy-error", LocalizedText(
                f"The privacy screen of “{name.en}” (version {number}) failed; it cannot be published until a "
                f"screen succeeds ({item.screen.error_message_en or item.screen.error_code}).",
                f"Le filtrage de « {name.fr} » (version {number}) a échoué; il ne peut être publié avant qu'un "
                f"filtrage réussisse ({item.screen.error_message_fr or item.screen.error_code})."),
                url=review_url))
    if state.questionnaire is None or not questionnaire.complete(state.questionnaire.answers):
        out.append(Blocker("privacy-questionnaire", LocalizedText(
            "The risk questionnaire must be completed before publication.",
            "Le questionnaire sur les risques doit être rempli avant la publication."),
            url=page_url("privacy:questionnaire", slug=state.dataset.slug)))
    # Pending and failed screens block on their own (above) and cannot be approved away.
    high = any(r.level == "high" and r.code not in ("screen-pending", "screen-error") for r in state.assessment.reasons)
    unresolved = bool(state.finding_keys) or high
    if unresolved and not state.approval_current:
        out.append(Blocker("privacy-review", LocalizedText(
            f"A privacy reviewer must approve this dataset, with a justification (risk {state.assessment.level}, "
            f"{len(state.finding_keys)} personal-information finding(s)).",
            f"Un réviseur de la confidentialité doit approuver ce jeu de données, avec une justification (risque "
            f"{_LEVEL_FR[state.assessment.level]}, {len(state.finding_keys)} constat(s) de renseignements "
            f"personnels)."), url=review_url))
    return out


_LEVEL_FR = {"low": "faible", "medium": "moyen", "high": "élevé"}


def review_queue(user: Any) -> list[DatasetPrivacy]:
    """Return the datasets ``user`` may review whose gate is closed or that have refreshes held back."""
    # Only datasets something flagged: a screen that found or failed, or answers that may raise the risk.
    flagged = Q(resources__versions__privacy_screens__status__in=[Screen.Status.FOUND, Screen.Status.ERROR,
                                                                  Screen.Status.MANUAL]) \
        | Q(privacy_questionnaire__isnull=False)
    candidates = (Dataset.objects.exclude(status=Dataset.Status.ARCHIVED).filter(flagged).distinct()
                  .select_related("organization").order_by("-modified"))
    out = []
    for dataset in candidates:
        if not permissions.can_review(user, dataset):
            continue
        state = dataset_privacy(dataset)
        if any(b.code == "privacy-review" for b in state.blockers) or state.has_held:
            out.append(state)
    return out


def last_review_date(dataset: Dataset) -> datetime | None:
    """Return when a reviewer last approved ``dataset``'s privacy risk (the public statement), or None."""
    review = (Review.objects.filter(dataset=dataset, decision=Review.Decision.APPROVED)
              .order_by("-created", "-id").first())
    return review.created if review is not None else None
