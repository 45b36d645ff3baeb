"""Write and read the audit log. Services call record(); nothing else writes AuditEvent."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from trousse.portal.core.models import AuditEvent, User


def record(actor: User | None, action: str, obj: Any, *, changes: Mapping[str, Any] | None = None,
           comment: str = "", organization_id: int | None = None) -> AuditEvent:
    """Record that ``actor`` performed ``action`` on ``obj``."""
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        actor_name=actor.username if actor is not None else "",  # blank: the system (shown translated)
        action=action,
        object_type=obj._meta.model_name,
        object_id=str(obj.pk),
        object_label=str(obj)[:300],
        organization_id=organization_id,
        changes=_jsonable(changes or {}),
        comment=comment,
    )


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Return {field: [old, new]} for the fields whose value changed."""
    return {k: [before.get(k), after.get(k)] for k in after if before.get(k) != after.get(k)}


def history(obj: Any, limit: int = 100) -> list[AuditEvent]:
    """Return the latest events about ``obj``, newest first."""
    return list(AuditEvent.objects.filter(object_type=obj._meta.model_name, object_id=str(obj.pk))
                .select_related("actor")[:limit])


def latest_events(object_type: str, ids: Iterable[int], action: str) -> dict[int, AuditEvent]:
    """Return the newest ``action`` event per object id, such as who submitted each dataset and when."""
    latest: dict[int, AuditEvent] = {}
    events = (AuditEvent.objects.filter(object_type=object_type, action=action,
                                        object_id__in=[str(i) for i in ids])
              .select_related("actor").order_by("-created", "-id"))
    for event in events:
        latest.setdefault(int(event.object_id), event)
    return latest


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)
