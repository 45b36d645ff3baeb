"""What the staff privacy pages show, gathered from privacy/queries.py into plain template context."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q

from trousse.portal.catalog import permissions
from trousse.portal.catalog.models import Dataset
from trousse.portal.core.models import AuditEvent
from trousse.portal.privacy import queries
from trousse.portal.privacy.models import Screen
from trousse.portal.privacy.presentation import (
    ERROR_ADVICE,
    TableView,
    level_badge,
    level_label,
    reason_rows,
    screen_tables,
    text_of,
)
from trousse.portal.privacy.questionnaire import ANSWERS, QUESTIONS, TOPICS, complete


def _pair(item: Any) -> tuple[Any, Any]:
    """Return (version, screen) of a held entry, whether a tuple or an object with those attributes."""
    if isinstance(item, tuple | list):
        return item[0], item[1] if len(item) > 1 else None
    return getattr(item, "version", None), getattr(item, "screen", None)


def screen_error(screen: Screen | None) -> dict[str, str] | None:
    """Return a failed screen's code, message and advice (None when the screen did not fail)."""
    if screen is None or screen.status != Screen.Status.ERROR:
        return None
    message = text_of({"en": screen.error_message_en, "fr": screen.error_message_fr})
    return {"code": screen.error_code, "message": message, "advice": str(ERROR_ADVICE.get(screen.error_code, ""))}


def _new_findings(held: list[TableView], current: list[TableView]) -> list[dict[str, Any]]:
    """Return what a held version brought: findings (table, column, detector) the current version lacks."""
    known = {(t.name, f.column, f.detector) for t in current for f in t.findings}
    at_risk = {t.name for t in current if t.risk and t.risk.at_risk}
    out = []
    for table in held:
        for finding in table.findings:
            if (table.name, finding.column, finding.detector) not in known:
                out.append({"table": table.name, "finding": finding, "risk": None})
        if table.risk and table.risk.at_risk and table.name not in at_risk:
            out.append({"table": table.name, "finding": None, "risk": table.risk})
    return out


def resource_context(state: Any) -> dict[str, Any]:
    """Return one file resource's screen, tables, settings and held versions for the dataset page."""
    screen = getattr(state, "screen", None)
    tables = screen_tables(screen)
    held = []
    for item in getattr(state, "held", None) or []:
        version, held_screen = _pair(item)
        held_tables = screen_tables(held_screen)
        held.append({"version": version, "screen": held_screen, "tables": held_tables,
                     "error": screen_error(held_screen), "brought": _new_findings(held_tables, tables)})
    settings = getattr(state, "settings", None)
    return {
        "resource": state.resource, "version": getattr(state, "version", None), "screen": screen,
        "tables": tables, "error": screen_error(screen), "held": held, "settings": settings,
        "has_recipe": bool(settings is not None and settings.has_recipe()),
    }


def questionnaire_rows(stored: Any) -> dict[str, Any]:
    """Return the questionnaire's answers by topic, and whether it is complete."""
    answers = stored.answers if stored is not None else {}
    labels = dict(_answer_labels())
    topics: list[dict[str, Any]] = []
    for question in QUESTIONS:
        if not topics or topics[-1]["code"] != question.topic:
            topics.append({"code": question.topic, "label": text_of(TOPICS.get(question.topic)), "rows": []})
        entry = answers.get(question.code) or {}
        topics[-1]["rows"].append({"question": text_of(question.text), "answer": entry.get("answer", ""),
                                   "label": labels.get(entry.get("answer", ""), ""), "note": entry.get("note", "")})
    return {"topics": topics, "complete": complete(answers), "stored": stored,
            "answered": sum(1 for q in QUESTIONS if (answers.get(q.code) or {}).get("answer") in ANSWERS),
            "total": len(QUESTIONS)}


def _answer_labels() -> Iterable[tuple[str, str]]:
    from trousse.portal.privacy.forms import ANSWERS as LABELLED

    return [(code, str(label)) for code, label in LABELLED]


def privacy_events(dataset: Dataset, resource_ids: Iterable[int], limit: int = 50) -> list[AuditEvent]:
    """Return the audit log's privacy events about the dataset and its files, newest first."""
    about = Q(object_type="dataset", object_id=str(dataset.pk)) | Q(
        object_type="resource", object_id__in=[str(i) for i in resource_ids])
    return list(AuditEvent.objects.filter(about, action__startswith="privacy.").select_related("actor")[:limit])


def dataset_context(user: Any, dataset: Dataset) -> dict[str, Any]:
    """Return everything the dataset's privacy page shows, for ``user``."""
    state = queries.dataset_privacy(dataset)
    assessment = state.assessment
    reviews = list(dataset.privacy_reviews.select_related("reviewer").order_by("-created", "-id"))
    for review in reviews:
        review.reason_rows = reason_rows(review.reasons or [])
        review.level_label = level_label(review.risk_level)
    return {
        "dataset": dataset,
        "can_edit": permissions.can_edit_dataset(user, dataset),
        "can_review": permissions.can_review(user, dataset),
        "level": assessment.level, "level_badge": level_badge(assessment.level),
        "reasons": reason_rows(assessment.reasons),
        "approval_current": state.approval_current, "blockers": list(state.blockers),
        "latest_review": state.latest_review, "reviews": reviews,
        "resources": [resource_context(r) for r in state.resources],
        "questionnaire": questionnaire_rows(state.questionnaire),
        "events": privacy_events(dataset, [r.resource.pk for r in state.resources]),
    }


def queue_rows(states: Iterable[Any]) -> list[dict[str, Any]]:
    """Return the review queue's rows: dataset, risk level, blockers, held versions, latest decision."""
    rows = []
    for state in states:
        held = sum(len(getattr(r, "held", None) or []) for r in state.resources)
        rows.append({"dataset": state.dataset if hasattr(state, "dataset") else state.resources[0].resource.dataset,
                     "level": state.assessment.level, "level_badge": level_badge(state.assessment.level),
                     "blockers": list(state.blockers), "held": held, "latest_review": state.latest_review})
    return rows
