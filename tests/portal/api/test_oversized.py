"""Oversized uploads and bodies get CKAN's error envelope with status 413, in the caller's language."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from tests.portal.api.conftest import Api, Catalogue, token_for
from trousse.portal.catalog.models import Resource

pytestmark = pytest.mark.django_db

PACKAGE = {"name": "bike-racks", "owner_org": "parks", "title": "Bike racks", "license_id": "ogl-canada-2.0"}


def _upload(size: int) -> SimpleUploadedFile:
    return SimpleUploadedFile("racks.csv", b"id,x\n" + b"1,2\n" * (size // 4), content_type="text/csv")


def _expected(lang: str, limit: str) -> str:
    with translation.override(lang):
        return translation.gettext("Files larger than %(limit)s cannot be uploaded here. Ask the site "
                                   "administrator about larger files.") % {"limit": limit}


def _assert_413(response, action: str, lang: str, limit: str) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/json")
    payload = json.loads(response.content)
    assert payload["success"] is False and payload["help"].endswith(f"help_show?name={action}")
    error = payload["error"]
    assert error["__type"] == "Validation Error"
    assert error["message"] == _expected(lang, limit) and error["upload"] == [error["message"]]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_declared_length_over_the_limit(client: Client, api: Api, catalogue: Catalogue, settings,  # type: ignore[no-untyped-def]
                                        lang: str) -> None:
    token = token_for(catalogue.people["parks_editor"])
    api.result(api.post("package_create", PACKAGE, token))
    settings.MAX_UPLOAD_BYTES = 1000
    # Refused from Content-Length alone (over the limit plus the multipart envelope), before any view runs.
    response = client.post("/api/action/resource_create", {"package_id": "bike-racks", "upload": _upload(1_100_000)},
                           HTTP_AUTHORIZATION=token, HTTP_ACCEPT_LANGUAGE=lang)
    _assert_413(response, "resource_create", lang, "1000\xa0bytes" if lang == "en" else "1000\xa0octets")
    assert not Resource.objects.filter(dataset__slug="bike-racks").exists()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_streamed_file_passing_the_limit(client: Client, api: Api, catalogue: Catalogue, settings,  # type: ignore[no-untyped-def]
                                         lang: str) -> None:
    token = token_for(catalogue.people["parks_editor"])
    created = api.result(api.post("package_create", {**PACKAGE, "resources": [
        {"url": "https://example.ca/racks.csv"}]}, token))
    resource_id = created["resources"][0]["id"]
    settings.MAX_UPLOAD_BYTES = 100
    # The declared length passes the first check: the stream is stopped while it is parsed.
    response = client.post(f"/api/action/resource_patch?lang={lang}", {"id": resource_id, "upload": _upload(400)},
                           HTTP_AUTHORIZATION=token)
    _assert_413(response, "resource_patch", lang, "100\xa0bytes" if lang == "en" else "100\xa0octets")
    assert Resource.objects.get(pk=resource_id).current_version is None


def test_an_oversized_json_body_is_413_too(api: Api, catalogue: Catalogue, settings) -> None:  # type: ignore[no-untyped-def]
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    token = token_for(catalogue.people["parks_editor"])
    response = api.post("package_create", {**PACKAGE, "notes": "x" * 500}, token)
    assert response.status_code == 413
    error = response.json()["error"]
    assert error["__type"] == "Validation Error" and "100" in error["message"] and error["upload"]


def test_oversized_form_fields_in_a_multipart_body(client: Client, catalogue: Catalogue, settings) -> None:  # type: ignore[no-untyped-def]
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    token = token_for(catalogue.people["parks_editor"])
    response = client.post("/api/action/resource_create", {"package_id": "street-trees", "description": "x" * 500,
                                                            "upload": _upload(40)}, HTTP_AUTHORIZATION=token)
    assert response.status_code == 413 and response.json()["error"]["__type"] == "Validation Error"


def test_pages_still_get_the_html_413(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.MAX_UPLOAD_BYTES = 1000
    response = client.post("/en/datasets/", {"file": _upload(1_100_000)})
    assert response.status_code == 413 and response["Content-Type"].startswith("text/html")
