"""Security headers, upload size limits, language prefixes and the health check."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client, override_settings

from tests.factories import make_dataset, make_organization
from trousse.portal.core.security import POLICY

pytestmark = pytest.mark.django_db

ONE_MIB = 1024 * 1024  # the multipart envelope the upload middleware allows on top of the limit


@pytest.fixture
def published_file() -> str:
    """Return the address of a file of a published public dataset."""
    dataset = make_dataset(make_organization("parks"), "street-trees", status="published",
                           files=[("trees.csv", "id\n1\n")])
    resource = dataset.resources.get()
    return f"/files/{resource.pk}/v1/trees.csv"


@pytest.mark.parametrize("url", ["/en/", "/fr/", "/en/accounts/login/", "/en/no-such-page/", "/-/health",
                                 "/-/versions", "/files/999/latest"])
def test_every_response_carries_the_security_headers(client, url):
    response = client.get(url)
    assert response["Content-Security-Policy"] == POLICY
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_the_policy_allows_nothing_from_other_hosts_nor_inline_code():
    directives = dict(part.strip().split(" ", 1) for part in POLICY.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "'unsafe-inline'" not in POLICY
    assert "'unsafe-eval'" not in POLICY
    assert "*" not in POLICY
    assert "http" not in POLICY


def test_files_carry_the_security_headers_too(client, published_file):
    response = client.get(published_file)
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == POLICY
    assert response["X-Content-Type-Options"] == "nosniff"
    # Sent as an attachment, never rendered as a page of this site.
    assert response["Content-Disposition"].startswith("attachment;")


# --- upload limits ------------------------------------------------------------------------------


@override_settings(MAX_UPLOAD_BYTES=10)
@pytest.mark.parametrize("url", ["/en/workspace/datasets/street-trees/resources/new/", "/en/", "/-/health",
                                 "/files/1/latest"])
def test_a_body_declared_over_the_limit_is_refused_before_it_is_read(client, url):
    response = client.generic("POST", url, data=b"x" * (10 + ONE_MIB + 1),
                              content_type="application/octet-stream")
    assert response.status_code == 413
    assert "Content-Security-Policy" in response
    assert "The upload is too large" in response.content.decode()


@override_settings(MAX_UPLOAD_BYTES=10)
def test_a_body_within_the_limit_and_its_envelope_goes_through(client):
    response = client.generic("POST", "/-/health", data=b"x" * (10 + ONE_MIB),
                              content_type="application/octet-stream")
    assert response.status_code == 405  # the view's own answer: the middleware let it pass


@override_settings(MAX_UPLOAD_BYTES=10)
def test_a_file_that_grows_past_the_limit_while_streaming_is_refused():
    """A small declared length (or none, with chunked bodies) must not let a big file through."""
    client = Client(enforce_csrf_checks=True)  # the CSRF check reads the form, as for any browser
    response = client.post("/en/", {"file": SimpleUploadedFile("big.csv", b"x" * 100)})
    assert response.status_code == 413


def test_a_malformed_content_length_is_a_bad_request(client):
    response = client.generic("POST", "/en/", data=b"x", content_type="text/plain", CONTENT_LENGTH="lots")
    assert response.status_code == 400


# --- addresses ----------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/xx/", "/de/", "/xx/datasets/", "/en-gb-x/", "/EN/"])
def test_an_unknown_language_prefix_is_not_found(client, url):
    assert client.get(url).status_code == 404


def test_the_root_redirects_to_a_language(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] in ("/en/", "/fr/")
    assert client.get("/", headers={"accept-language": "fr-CA,fr;q=0.9"})["Location"] == "/fr/"


def test_pages_answer_in_the_language_of_their_prefix(client):
    assert client.get("/fr/").content.decode().count('<html lang="fr"') == 1
    assert client.get("/en/").content.decode().count('<html lang="en"') == 1


def test_the_health_check_answers_json_without_a_language_prefix(client):
    response = client.get("/-/health")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"status": "ok", "database": connection.vendor}
    assert client.post("/-/health").status_code == 405


def test_the_versions_page_names_the_components(client):
    data = client.get("/-/versions").json()
    assert {"trousse", "python", "django", "duckdb", "pyarrow", "database"} <= set(data)
