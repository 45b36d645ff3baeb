"""Bad input gets CKAN's error object with the right status: never a 500 page, a path or a traceback."""

from __future__ import annotations

import pytest

from tests.portal.api.conftest import Api, Catalogue, token_for
from trousse.portal.api import registry

pytestmark = pytest.mark.django_db


def error_of(response, status: int, kind: str) -> dict:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    payload = response.json()
    assert payload["success"] is False and "result" not in payload
    assert payload["error"]["__type"] == kind
    return payload["error"]


@pytest.mark.parametrize("body", [b"{not json", b"[1, 2]", b'"text"', b"\xff\xfe", b"{" * 5000])
def test_malformed_json_is_a_bad_request(api: Api, catalogue: Catalogue, body: bytes) -> None:
    error = error_of(api.post("package_search", raw=body), 400, "Bad request")
    assert error["message"].startswith("Bad request - JSON Error")


def test_unknown_action(api: Api) -> None:
    error = error_of(api.get("package_explode"), 400, "Bad request")
    assert error["message"] == "Bad request - Action name not known: package_explode"
    assert api.client.get("/api/3/action/").status_code == 404


def test_write_actions_refuse_get(api: Api, catalogue: Catalogue) -> None:
    token = token_for(catalogue.people["parks_editor"])
    error = error_of(api.get("package_create", token=token, name="x"), 400, "Bad request")
    assert "POST" in error["message"]


def test_other_methods_are_refused_in_the_same_shape(api: Api) -> None:
    response = api.client.put("/api/3/action/package_list")
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD, POST"
    assert response.json()["error"]["__type"] == "Bad request"


@pytest.mark.parametrize(("params", "field"), [
    ({"rows": "many"}, "rows"),
    ({"rows": "-1"}, "rows"),
    ({"start": "1.5"}, "start"),
    ({"facet.field": "[not json"}, "facet.field"),
    ({"facet.field": '["secret_field"]'}, "facet.field"),
    ({"include_private": "perhaps"}, "include_private"),
    ({"sort": "password desc"}, "sort"),
    ({"sort": "name sideways"}, "sort"),
])
def test_wrong_parameter_types_list_the_field(api: Api, catalogue: Catalogue, params: dict, field: str) -> None:
    error = error_of(api.get("package_search", **params), 409, "Validation Error")
    assert isinstance(error[field], list) and error[field]


def test_wrong_json_types_list_the_field(api: Api, catalogue: Catalogue) -> None:
    error = error_of(api.post("package_search", {"rows": [1], "q": {"a": 1}}), 409, "Validation Error")
    assert "rows" in error or "q" in error
    error_of(api.post("package_search", {"rows": True}), 409, "Validation Error")
    error_of(api.post("package_show", {"id": ["a", 1]}), 409, "Validation Error")


def test_huge_rows_are_lowered_to_1000(api: Api, catalogue: Catalogue) -> None:
    result = api.result(api.get("package_search", rows="1000000"))
    assert result["count"] == 4 and len(result["results"]) == 4
    huge = api.result(api.get("package_search", rows="99999999999999999999999", start="0"))
    assert huge["count"] == 4


@pytest.mark.parametrize("fq", ["organization:", 'tags:"unclosed', "password:x", "organization:(a OR", "((("])
def test_bad_fq(api: Api, catalogue: Catalogue, fq: str) -> None:
    error = error_of(api.get("package_search", fq=fq), 409, "Search Query Error")
    assert error["message"]


def test_missing_required_parameter(api: Api) -> None:
    error = error_of(api.get("help_show"), 409, "Validation Error")
    assert error["name"] == ["Missing value"]
    error_of(api.get("package_show"), 409, "Validation Error")
    error_of(api.get("resource_show", id="abc"), 404, "Not Found Error")


def test_invalid_token_is_refused_not_ignored(api: Api, catalogue: Catalogue) -> None:
    error = error_of(api.get("package_list", token="trs_deadbeef_nope"), 403, "Authorization Error")
    assert "token" in error["message"]
    error_of(api.get("package_list", token="Bearer garbage"), 403, "Authorization Error")


def test_unexpected_failures_are_logged_and_leak_nothing(api: Api, caplog) -> None:  # type: ignore[no-untyped-def]
    def explode(context, data):  # type: ignore[no-untyped-def]
        raise RuntimeError("/srv/trousse/secret.sqlite3 is corrupt")

    registry.action("test_explode")(explode)
    try:
        response = api.get("test_explode")
    finally:
        registry.ACTIONS.pop("test_explode")
    error = error_of(response, 500, "Internal Server Error")
    assert error == {"__type": "Internal Server Error", "message": "Internal Server Error"}
    body = response.content.decode()
    assert "/srv/trousse" not in body and "Traceback" not in body and "RuntimeError" not in body
    assert "secret.sqlite3" in caplog.text  # the operator still finds it in the log


def test_messages_follow_the_callers_language(api: Api, catalogue: Catalogue) -> None:
    response = api.client.get("/api/3/action/package_search", {"rows": "x"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.json()["error"]["rows"] == ["Entier invalide"]
    unknown = api.client.get("/api/3/action/nope", {"lang": "fr"})
    assert unknown.json()["error"]["message"] == "Requête invalide - Nom d’action inconnu\u00a0: nope"


def test_unknown_parameters_are_ignored(api: Api, catalogue: Catalogue) -> None:
    result = api.result(api.get("package_show", id="budget", callback_fn="x", whatever="1"))
    assert result["name"] == "budget"


def test_form_encoded_posts_as_old_clients_send_them(api: Api, catalogue: Catalogue) -> None:
    legacy = api.client.post("/api/action/package_show", data='{"id": "budget"}=1',
                             content_type="application/x-www-form-urlencoded")
    assert legacy.status_code == 200 and legacy.json()["result"]["name"] == "budget"
    plain = api.client.post("/api/action/package_show", {"id": "budget"})  # multipart fields
    assert plain.json()["result"]["name"] == "budget"


def test_head_and_empty_bodies(api: Api, catalogue: Catalogue) -> None:
    assert api.client.head("/api/3/action/package_list").status_code == 200
    empty = api.client.post("/api/3/action/package_list", b"", content_type="application/json")
    assert empty.status_code == 200 and "budget" in empty.json()["result"]
