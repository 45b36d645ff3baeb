"""Read typed parameters from an action's ``data``, as CKAN's validators do, with per-field errors.

GET parameters arrive as strings (or lists of strings when repeated); JSON bodies carry real types.
Each reader accepts both, and raises ValidationError naming the parameter when a value is unusable.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from trousse.portal.api.registry import ValidationError

_TRUE = {"true", "1", "yes", "on", "t", "y"}
_FALSE = {"false", "0", "no", "off", "f", "n", ""}


def _scalar(data: Mapping[str, Any], name: str) -> Any:
    value = data.get(name)
    # A repeated GET parameter arrives as a list; CKAN reads scalars from the first value.
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return value[0]
    return value


def string(data: Mapping[str, Any], name: str, default: str = "", *, required: bool = False,
           max_length: int = 1000) -> str:
    """Return a string parameter (numbers are accepted as their text)."""
    value = _scalar(data, name)
    if value is None or value == "":
        if required:
            raise ValidationError(fields={name: [_("Missing value")]})
        return default
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ValidationError(fields={name: [_("Must be a string")]})
    text = str(value).strip()
    if len(text) > max_length:
        raise ValidationError(fields={name: [_("Must be at most %(n)s characters long") % {"n": max_length}]})
    return text


def integer(data: Mapping[str, Any], name: str, default: int, *, minimum: int = 0,
            maximum: int | None = None) -> int:
    """Return a natural number; values above ``maximum`` are lowered to it, as CKAN does with ``rows``."""
    value = _scalar(data, name)
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        raise ValidationError(fields={name: [_("Invalid integer")]})
    try:
        number = int(value) if not isinstance(value, float) or value.is_integer() else None
    except (TypeError, ValueError):
        number = None
    if number is None:
        raise ValidationError(fields={name: [_("Invalid integer")]})
    if number < minimum:
        raise ValidationError(fields={name: [_("Must be a natural number") if minimum == 0 else
                                             _("Must be at least %(n)s") % {"n": minimum}]})
    return min(number, maximum) if maximum is not None else number


def boolean(data: Mapping[str, Any], name: str, default: bool = False) -> bool:
    """Return a boolean given as JSON true/false or as text ("true", "1", "false", …)."""
    value = _scalar(data, name)
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    if isinstance(value, (str, int)) and str(value).strip().lower() in _TRUE | _FALSE:
        return str(value).strip().lower() in _TRUE
    raise ValidationError(fields={name: [_("Must be true or false")]})


def string_list(data: Mapping[str, Any], name: str, *, max_items: int = 100) -> list[str]:
    """Return a list of strings given as a JSON list, a JSON-encoded list in a string, or repeated values."""
    value = data.get(name)
    if value is None or value == "":
        return []
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                value = json.loads(text)
            except ValueError:
                raise ValidationError(fields={name: [_("Must be a JSON list of strings")]}) from None
        else:
            value = [text]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError(fields={name: [_("Must be a list of strings")]})
    if len(value) > max_items:
        raise ValidationError(fields={name: [_("At most %(n)s values") % {"n": max_items}]})
    return [v.strip() for v in value if v.strip()]


def json_object(data: Mapping[str, Any], name: str) -> dict[str, Any] | None:
    """Return an object given as JSON or as a JSON-encoded string (multipart uploads send only strings)."""
    value = data.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise ValidationError(fields={name: [_("Must be a JSON object")]}) from None
    if not isinstance(value, dict):
        raise ValidationError(fields={name: [_("Must be a JSON object")]})
    return value


def json_list(data: Mapping[str, Any], name: str) -> list[Any] | None:
    """Return a list given as JSON or as a JSON-encoded string; None when absent."""
    value = data.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise ValidationError(fields={name: [_("Must be a JSON list")]}) from None
    if not isinstance(value, list):
        raise ValidationError(fields={name: [_("Must be a list")]})
    return value
