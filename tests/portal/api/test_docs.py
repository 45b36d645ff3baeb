"""The OpenAPI document, the API page and docs/reference/api.md all come from the registry."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from trousse.portal.api import openapi, reference
from trousse.portal.api.registry import ACTIONS

DOC = Path(__file__).resolve().parents[3] / "docs" / "reference" / "api.md"
REQUIRED = {"site_read", "status_show", "package_list", "package_show", "package_search",
            "current_package_list_with_resources", "organization_list", "organization_show", "group_list",
            "group_show", "tag_list", "license_list", "resource_show", "resource_search", "package_activity_list",
            "package_create", "package_patch", "package_update", "package_delete", "resource_create",
            "resource_patch", "resource_delete"}


def test_every_required_action_is_registered() -> None:
    assert REQUIRED <= set(ACTIONS)
    assert all(ACTIONS[name].help for name in ACTIONS), "every action needs a docstring: it is CKAN's help"


def test_api_reference_is_current() -> None:
    assert DOC.read_text(encoding="utf-8") == reference.render(), (
        "docs/reference/api.md is stale: run `DJANGO_SETTINGS_MODULE=trousse.portal.settings "
        ".venv/bin/python -m trousse.portal.api.reference > docs/reference/api.md`")


@pytest.mark.django_db
def test_openapi_document(client: Client) -> None:
    response = client.get("/api/3/openapi.json")
    assert response.status_code == 200 and response["ETag"]
    doc = response.json()
    assert doc["openapi"].startswith("3.") and doc["servers"][0]["url"] == "http://testserver"
    search = doc["paths"]["/api/3/action/package_search"]
    assert {p["name"] for p in search["get"]["parameters"]} >= {"q", "fq", "rows", "facet.field"}
    create = doc["paths"]["/api/3/action/resource_create"]
    assert "get" not in create and "multipart/form-data" in create["post"]["requestBody"]["content"]
    assert create["post"]["responses"]["409"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Failure"}
    assert client.get("/api/3/openapi.json", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    assert openapi.document()["paths"].keys() == {f"/api/3/action/{n}" for n in ACTIONS}


@pytest.mark.django_db
@pytest.mark.parametrize(("lang", "heading"), [("en", "API for developers"), ("fr", "API pour les développeurs")])
def test_api_page(client: Client, lang: str, heading: str) -> None:
    page = client.get(f"/{lang}/api/").content.decode()
    assert heading in page and "package_search" in page and "/api/3/openapi.json" in page
