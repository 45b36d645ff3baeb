"""The Action API's one view: /api/3/action/<name> and /api/action/<name>, with CKAN's envelope.

Every answer is ``{"help", "success", "result"}`` or ``{"help", "success": false, "error"}``, the error
being CKAN's object (``__type``, ``message``, per-field lists) with CKAN's status: 400 bad request
(malformed JSON, unknown action), 403 not authorized, 404 not found, 409 validation error, 413 a body
over the upload limit, 429 too many calls, and 500 for a fault of ours, logged and never explained to
the caller.
"""

from __future__ import annotations

import hashlib
import json
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.http import HttpRequest, HttpResponse, QueryDict
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from trousse.portal.api import auth, ratelimit
from trousse.portal.api.ckan_input import ckan_field
from trousse.portal.api.registry import (
    ACTIONS,
    ActionContext,
    ActionError,
    NotAuthorized,
    NotFound,
    ValidationError,
)
from trousse.portal.core.errors import DomainError, NotFoundError, PermissionDeniedError, TooLargeError
from trousse.portal.core.uploads import answers_too_large, too_large_message

logger = logging.getLogger(__name__)
CONTENT_TYPE = "application/json;charset=utf-8"
_VARY = "Accept-Language, Authorization, X-CKAN-API-Key, Cookie"


class TooManyCalls(ActionError):
    status = 429
    ckan_type = "Rate Limit Error"


class RequestTooLarge(ActionError):
    """413: the body is over the site's upload limit (a Validation Error on ``upload``, so clients say why)."""

    status = 413
    ckan_type = "Validation Error"


def too_large(message: str) -> RequestTooLarge:
    """Return the 413 error of an oversized request, the reason also under ``upload``."""
    return RequestTooLarge(message, fields={"upload": [message]})


class ServerFault(ActionError):
    status = 500
    ckan_type = "Internal Server Error"


def caller_language(request: HttpRequest) -> str:
    """Return en or fr: ?lang= first, then the Accept-Language header (the API has no language prefix)."""
    asked = (request.GET.get("lang") or "").strip().lower()[:2]
    if asked in ("en", "fr"):
        return asked
    found = translation.get_language_from_request(request, check_path=False) or "en"
    return "fr" if found.startswith("fr") else "en"


def _help_url(request: HttpRequest, name: str) -> str:
    return request.build_absolute_uri(f"/api/3/action/help_show?name={name}")


def _json(payload: dict[str, Any], status: int) -> HttpResponse:
    body = json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False)
    response = HttpResponse(body, status=status, content_type=CONTENT_TYPE)
    response["Vary"] = _VARY
    return response


def error_response(request: HttpRequest, name: str, error: ActionError) -> HttpResponse:
    """Return CKAN's error envelope for ``error``."""
    response = _json({"help": _help_url(request, name), "success": False, "error": error.to_error()},
                     error.status)
    response["Cache-Control"] = "no-store"
    return response


def _bad_request(detail: str) -> ActionError:
    return ActionError(_("Bad request - %(detail)s") % {"detail": detail})


def _mixed(query: QueryDict) -> dict[str, Any]:
    # As CKAN: a repeated parameter becomes a list, a single one a string.
    return {key: values[0] if len(values) == 1 else values for key, values in query.lists()}


def request_data(request: HttpRequest) -> dict[str, Any]:
    """Return the action's parameters: the query string (GET), a JSON body, or a form or multipart body."""
    if request.method in ("GET", "HEAD"):
        return _mixed(request.GET)
    if request.content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
        data = _mixed(request.POST)
        # Old CKAN clients post the JSON document as the form's only key.
        if request.content_type != "multipart/form-data" and len(data) == 1 and next(iter(data.values())) in ("", "1"):
            return _decode(next(iter(data)))
        for field_name, upload in request.FILES.items():
            data[field_name] = upload
        return data
    try:
        raw = request.body
    except RequestDataTooBig:
        raise too_large(_("The request body is larger than %(limit)s.")
                        % {"limit": filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)}) from None
    if not raw.strip():
        return {}
    return _decode(raw)


def _decode(raw: bytes | str) -> dict[str, Any]:
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise _bad_request(_("JSON Error: %(reason)s") % {"reason": str(exc)[:200]}) from None
    if not isinstance(data, dict):
        raise _bad_request(_("JSON Error: Request data JSON decoded to %(value)s but it needs to be a dictionary.")
                           % {"value": type(data).__name__})
    return data


def domain_to_action_error(error: DomainError) -> ActionError:
    """Map a service's DomainError to CKAN's error: 403, 404 or a 409 with the field's message."""
    message = str(error.message)
    if isinstance(error, PermissionDeniedError):
        return NotAuthorized(_("Access denied: %(reason)s") % {"reason": message})
    if isinstance(error, NotFoundError):
        return NotFound(_("Not found: %(reason)s") % {"reason": message})
    if isinstance(error, TooLargeError):
        return too_large(message)
    return ValidationError(message, fields={ckan_field(error.field): [message]})


def _run(request: HttpRequest, name: str) -> HttpResponse:
    action = ACTIONS.get(name)
    if action is None:
        raise _bad_request(_("Action name not known: %(name)s") % {"name": name[:100]})
    user, token = auth.caller(request)
    if action.write and request.method == "GET":
        raise _bad_request(_("JSON Error: Invalid request. Please use POST method for your request"))
    if action.write and token is None:
        raise NotAuthorized(_("Access denied: this action changes data and needs an API token "
                              "(create one on your account's API tokens page)."))
    data = request_data(request)
    context = ActionContext(request=request, user=user, token=token, lang=translation.get_language())
    if action.expensive:
        wait = ratelimit.check(request, user, token)
        if wait is not None:
            error = TooManyCalls(_("Too many calls: wait %(seconds)s seconds before calling %(name)s again.")
                                 % {"seconds": wait, "name": name})
            response = error_response(request, name, error)
            response["Retry-After"] = str(wait)
            return response
    try:
        if action.write:
            with transaction.atomic():  # a create with several resources succeeds or fails as one
                result = action.func(context, data)
        else:
            result = action.func(context, data)
    except DomainError as error:
        raise domain_to_action_error(error) from None
    response = _json({"help": _help_url(request, name), "success": True, "result": result}, 200)
    if request.method in ("GET", "HEAD"):
        return _conditional(request, response, context)
    response["Cache-Control"] = "no-store"
    return response


def _conditional(request: HttpRequest, response: HttpResponse, context: ActionContext) -> HttpResponse:
    """Add ETag and Last-Modified to a read, and answer 304 when the caller's copy is current."""
    response["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:40]}"'
    last_modified = None
    if context.last_modified is not None:
        last_modified = int(context.last_modified.timestamp())
        response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = "private, no-cache" if context.user.is_authenticated else "public, no-cache"
    conditional = get_conditional_response(request, etag=response["ETag"], last_modified=last_modified,
                                           response=response)
    return conditional


def _oversized(request: HttpRequest) -> HttpResponse:
    """Answer a body over the upload limit (refused before the view runs) in CKAN's envelope, status 413."""
    name = request.path_info.rstrip("/").rsplit("/", 1)[-1][:200]
    with translation.override(caller_language(request)):
        return error_response(request, name, too_large(too_large_message()))


@csrf_exempt
@answers_too_large(_oversized)
def action_view(request: HttpRequest, name: str) -> HttpResponse:
    """Run the action ``name`` and answer in CKAN's envelope; never a page, never a traceback."""
    with translation.override(caller_language(request)):
        if request.method not in ("GET", "HEAD", "POST"):
            response = error_response(request, name, _bad_request(_("Use GET or POST.")))
            response.status_code = 405
            response["Allow"] = "GET, HEAD, POST"
            return response
        try:
            return _run(request, name)
        except ActionError as error:
            return error_response(request, name, error)
        except Exception:  # the last line of defence: log it, answer in the documented shape, leak nothing
            logger.exception("Action API %s failed", name[:100])
            return error_response(request, name, ServerFault(_("Internal Server Error")))
