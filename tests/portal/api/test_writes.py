"""Write actions go through the catalogue's services: permissions, workflow, audit log and uploads."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.portal.api.conftest import Api, Catalogue, token_for
from trousse.portal.catalog.models import Dataset
from trousse.portal.core.models import AuditEvent

pytestmark = pytest.mark.django_db

NEW = {"name": "bike-racks", "owner_org": "parks", "title": "Bike racks",
       "notes_translated": {"en": "Where to lock a bike.", "fr": "Où verrouiller un vélo."},
       "title_translated": {"fr": "Supports à vélos"}, "license_id": "ogl-canada-2.0",
       "tags": [{"name": "cycling"}], "groups": [{"name": "transportation"}],
       "extras": [{"key": "frequency", "value": "annual"}, {"key": "spatial_en", "value": "Downtown"}]}


def test_package_create_makes_a_draft_through_the_services(api: Api, catalogue: Catalogue) -> None:
    token = token_for(catalogue.people["parks_editor"])
    package = api.result(api.post("package_create", NEW, token))
    assert package["name"] == "bike-racks" and package["state"] == "draft" and package["private"] is True
    assert package["title_translated"] == {"en": "Bike racks", "fr": "Supports à vélos"}
    assert package["keywords"]["en"] == ["cycling"] and package["groups"][0]["name"] == "transportation"
    dataset = Dataset.objects.get(slug="bike-racks")
    assert dataset.frequency == "annual" and dataset.spatial_en == "Downtown"
    assert dataset.created_by == catalogue.people["parks_editor"]
    assert AuditEvent.objects.filter(action="dataset.create", object_id=str(dataset.pk)).exists()
    assert api.get("package_show", id="bike-racks").status_code == 404  # a draft: not public


def test_create_needs_a_token_and_a_role(api: Api, catalogue: Catalogue) -> None:
    anonymous = api.post("package_create", NEW)
    assert anonymous.status_code == 403 and anonymous.json()["error"]["__type"] == "Authorization Error"
    api.client.force_login(catalogue.people["parks_editor"])
    assert api.post("package_create", NEW).status_code == 403  # a session cookie is not enough to write
    outsider = api.post("package_create", NEW, token_for(catalogue.people["finance_editor"]))
    assert outsider.status_code == 403
    member = api.post("package_create", NEW, token_for(catalogue.people["parks_member"]))
    assert member.status_code == 403
    assert not Dataset.objects.filter(slug="bike-racks").exists()


def test_validation_errors_name_the_field(api: Api, catalogue: Catalogue) -> None:
    token = token_for(catalogue.people["parks_editor"])
    duplicate = api.post("package_create", {**NEW, "name": "street-trees"}, token)
    assert duplicate.status_code == 409
    error = duplicate.json()["error"]
    assert error["__type"] == "Validation Error" and error["name"]
    bad_name = api.post("package_create", {**NEW, "name": "Not A Slug"}, token).json()["error"]
    assert "name" in bad_name
    no_title = api.post("package_create", {"name": "untitled", "owner_org": "parks"}, token).json()["error"]
    assert "title" in no_title
    no_org = api.post("package_create", {**NEW, "owner_org": "nowhere"}, token).json()["error"]
    assert "owner_org" in no_org
    licence = api.post("package_create", {**NEW, "license_id": "nope"}, token).json()["error"]
    assert "license_id" in licence
    assert not Dataset.objects.filter(slug__in=["bike-racks", "untitled"]).exists()


def test_patch_update_and_state_active_submits_for_review(api: Api, catalogue: Catalogue) -> None:
    token = token_for(catalogue.people["parks_editor"])
    api.result(api.post("package_create", {**NEW, "resources": [{"url": "https://example.ca/racks.json",
                                                                    "format": "json"}]}, token))
    patched = api.result(api.post("package_patch", {"id": "bike-racks", "notes": "Racks downtown."}, token))
    assert patched["notes"] == "Racks downtown." and patched["title"] == "Bike racks"
    assert patched["resources"][0]["format"] == "JSON"
    submitted = api.result(api.post("package_patch", {"id": "bike-racks", "state": "active"}, token))
    assert submitted["workflow_status"] == "in_review" and submitted["state"] == "draft"  # review required
    updated = api.result(api.post("package_update", {"id": "bike-racks", "title": "Racks",
                                                     "license_id": "ogl-canada-2.0"}, token))
    assert updated["title"] == "Racks" and updated["notes"] == "" and updated["tags"] == []


def test_state_active_publishes_where_review_is_optional(api: Api, catalogue: Catalogue, settings) -> None:  # type: ignore[no-untyped-def]
    settings.REQUIRE_REVIEW = False
    token = token_for(catalogue.people["parks_editor"])
    body = {**NEW, "state": "active", "resources": [{"url": "https://example.ca/racks.json"}]}
    # The privacy gate (issue #5): no dataset goes out before its risk questionnaire is answered.
    refused = api.post("package_create", body, token)
    assert refused.status_code in (400, 409) and "questionnaire" in refused.content.decode()
    assert not Dataset.objects.filter(slug="bike-racks", status="published").exists()


def test_delete_removes_drafts_and_archives_published(api: Api, catalogue: Catalogue) -> None:
    token = token_for(catalogue.people["parks_editor"])
    api.result(api.post("package_create", NEW, token))
    assert api.result(api.post("package_delete", {"id": "bike-racks"}, token)) is None
    assert not Dataset.objects.filter(slug="bike-racks").exists()
    api.result(api.post("package_delete", {"id": "park-benches"}, token))
    assert Dataset.objects.get(slug="park-benches").status == "archived"
    assert api.post("package_delete", {"id": "budget"}, token).status_code == 403  # another organization


def test_resource_upload_link_patch_and_delete(api: Api, catalogue: Catalogue, client: Client) -> None:
    token = token_for(catalogue.people["parks_editor"])
    api.result(api.post("package_create", NEW, token))
    uploaded = client.post("/api/action/resource_create", {
        "package_id": "bike-racks", "name": "Racks", "upload": _file("racks.csv", b"id,x\n1,2\n")},
        HTTP_AUTHORIZATION=f"Bearer {token}")
    resource = uploaded.json()["result"]
    assert uploaded.status_code == 200 and resource["format"] == "CSV" and resource["size"] == 9
    assert resource["url"].endswith("/v1/racks.csv") and resource["url_type"] == "upload"
    link = api.result(api.post("resource_create", {"package_id": "bike-racks", "url": "https://example.ca/a"},
                               token))
    assert link["name"] == "https://example.ca/a" and link["url_type"] is None
    renamed = api.result(api.post("resource_patch", {"id": link["id"], "name_translated": {"fr": "Lien"}}, token))
    assert renamed["name_translated"] == {"en": "https://example.ca/a", "fr": "Lien"}
    second = client.post("/api/action/resource_patch", {"id": resource["id"], "upload": _file(
        "racks.csv", b"id,x\n1,2\n3,4\n")}, HTTP_X_CKAN_API_KEY=token).json()["result"]
    assert second["version"] == 2 and second["url"].endswith("/v2/racks.csv")
    assert api.result(api.post("resource_delete", {"id": link["id"]}, token)) is None
    assert api.get("resource_show", token=token, id=link["id"]).status_code == 404
    published = catalogue.datasets["street-trees"].resources.get()
    refused = api.post("resource_delete", {"id": str(published.pk)}, token)
    assert refused.status_code == 409  # files of a published dataset are archived with it, not removed


def test_write_rolls_back_as_one(api: Api, catalogue: Catalogue) -> None:
    token = token_for(catalogue.people["parks_editor"])
    response = api.post("package_create", {**NEW, "resources": [{"url": "https://example.ca/ok"}, {"name": "x"}]},
                        token)
    assert response.status_code == 409 and "resources" in response.json()["error"]
    assert not Dataset.objects.filter(slug="bike-racks").exists()


def _file(name: str, content: bytes):  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="text/csv")
