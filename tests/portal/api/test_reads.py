"""Read actions answer in CKAN's envelope and field names, with the web pages' visibility rules."""

from __future__ import annotations

import pytest

from tests.portal.api.conftest import Api, Catalogue, token_for

pytestmark = pytest.mark.django_db


def test_package_show_has_ckan_fields_and_translations(api: Api, catalogue: Catalogue) -> None:
    response = api.get("package_show", id="street-trees")
    payload = response.json()
    assert set(payload) == {"help", "success", "result"}
    assert payload["help"].endswith("/api/3/action/help_show?name=package_show")
    package = api.result(response)
    assert package["name"] == "street-trees"
    assert package["title"] == "Street trees"
    assert package["title_translated"] == {"en": "Street trees", "fr": "Arbres de rue"}
    assert package["notes_translated"]["fr"] == "Chaque arbre planté par la ville."
    assert package["keywords"] == {"en": ["forestry", "trees"], "fr": ["arbres"]}
    assert package["organization"]["name"] == "parks"
    assert package["owner_org"] == package["organization"]["id"]
    assert package["license_id"] == "ogl-canada-2.0" and package["license_title"]
    assert package["state"] == "active" and package["private"] is False
    assert [g["name"] for g in package["groups"]] == ["environment"]
    assert package["num_resources"] == 1 and package["num_tags"] == 3
    resource = package["resources"][0]
    assert resource["format"] == "CSV" and resource["url"].endswith("/trees.csv")
    assert resource["size"] == len("id,species\n1,maple\n")
    # Publishing ran the pipeline (the privacy gate screens every file first): the CSV is a DataStore table.
    assert resource["datastore_active"] is True
    assert package["metadata_modified"] and "T" in package["metadata_modified"]


def test_package_show_by_id_and_in_french(api: Api, catalogue: Catalogue) -> None:
    dataset = catalogue.datasets["street-trees"]
    package = api.result(api.get("package_show", id=str(dataset.pk), lang="fr"))
    assert package["name"] == "street-trees" and package["title"] == "Arbres de rue"
    french = api.client.get("/api/3/action/package_show", {"id": "street-trees"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert french.json()["result"]["title"] == "Arbres de rue"


@pytest.mark.parametrize("slug", ["secret-trees", "draft-trees", "review-trees", "archived-trees", "nope"])
def test_hidden_datasets_answer_like_missing_ones(api: Api, catalogue: Catalogue, slug: str) -> None:
    response = api.get("package_show", id=slug)
    assert response.status_code == 404
    assert response.json()["error"]["__type"] == "Not Found Error"
    wrong_org = token_for(catalogue.people["finance_editor"])
    assert api.get("package_show", token=wrong_org, id=slug).status_code == 404


def test_staff_token_sees_its_drafts(api: Api, catalogue: Catalogue) -> None:
    token = token_for(catalogue.people["parks_member"])
    package = api.result(api.get("package_show", token=token, id="draft-trees"))
    assert package["state"] == "draft" and package["private"] is True


def test_package_list_lists_public_datasets_only(api: Api, catalogue: Catalogue) -> None:
    names = api.result(api.get("package_list"))
    assert names == ["budget", "heritage-trees", "park-benches", "street-trees"]
    assert api.result(api.get("package_list", limit=2, offset=1)) == ["heritage-trees", "park-benches"]


def test_current_package_list_with_resources(api: Api, catalogue: Catalogue) -> None:
    packages = api.result(api.get("current_package_list_with_resources", limit=10))
    assert {p["name"] for p in packages} == {"budget", "heritage-trees", "park-benches", "street-trees"}
    assert all("resources" in p for p in packages)


def test_organizations_and_groups(api: Api, catalogue: Catalogue) -> None:
    assert api.result(api.get("organization_list")) == ["finance", "parks"]
    orgs = api.result(api.get("organization_list", all_fields="true", sort="package_count desc"))
    assert [(o["name"], o["package_count"]) for o in orgs] == [("parks", 3), ("finance", 1)]
    parks = api.result(api.get("organization_show", id="parks", include_datasets="true"))
    assert parks["title_translated"] == {"en": "Parks", "fr": "Parcs"}
    assert sorted(p["name"] for p in parks["packages"]) == ["heritage-trees", "park-benches", "street-trees"]
    assert "environment" in api.result(api.get("group_list"))
    group = api.result(api.get("group_show", id="environment", include_datasets=True))
    assert [p["name"] for p in group["packages"]] == ["street-trees"]
    assert api.get("group_show", id="nope").status_code == 404
    assert api.get("organization_show", id="nope").status_code == 404


def test_tags_licences_and_site(api: Api, catalogue: Catalogue) -> None:
    tags = api.result(api.get("tag_list"))
    assert "trees" in tags and "arbres" in tags
    assert "secretword" not in tags  # only keywords of public datasets
    licences = api.result(api.get("license_list"))
    assert any(entry["id"] == "ogl-canada-2.0" and entry["title"] for entry in licences)
    assert api.result(api.get("site_read")) is True
    status = api.result(api.get("status_show"))
    assert status["ckan_version"].startswith("2.") and status["locales_available"] == ["en", "fr"]
    assert "Return one dataset" in api.result(api.get("help_show", name="package_show"))


def test_resource_show_and_search(api: Api, catalogue: Catalogue) -> None:
    resource = catalogue.datasets["street-trees"].resources.get()
    found = api.result(api.get("resource_show", id=str(resource.pk)))
    assert found["package_id"] == str(catalogue.datasets["street-trees"].pk)
    hidden = catalogue.datasets["draft-trees"].resources.get()
    assert api.get("resource_show", id=str(hidden.pk)).status_code == 404
    result = api.result(api.get("resource_search", query="format:csv"))
    assert result["count"] == 3  # street-trees, heritage-trees, budget: never the hidden ones' files
    result = api.result(api.post("resource_search", {"query": ["name:trees", "format:CSV"]}))
    assert [r["name"] for r in result["results"]] == ["trees.csv"]


def test_activity_list_is_public_safe(api: Api, catalogue: Catalogue) -> None:
    public = api.result(api.get("package_activity_list", id="street-trees"))
    assert public and all(item["user_id"] is None and "changes" not in item["data"] for item in public)
    assert public[0]["activity_type"] == "changed package"
    staff = api.result(api.get("package_activity_list", token=token_for(catalogue.people["parks_member"]),
                               id="street-trees"))
    assert len(staff) > len(public)  # the drafting before publication, with who did it
    assert any(item["data"].get("changes") for item in staff)
    assert api.get("package_activity_list", id="draft-trees").status_code == 404


def test_session_reads_include_private_but_posts_ignore_the_cookie(api: Api, catalogue: Catalogue) -> None:
    api.client.force_login(catalogue.people["parks_member"])
    found = api.result(api.get("package_search", q="secret", include_private="true"))
    assert [p["name"] for p in found["results"]] == ["secret-trees"]
    posted = api.result(api.post("package_search", {"q": "secret", "include_private": True}))
    assert posted["count"] == 0  # a cookie never authorizes a POST (no CSRF check on the API)


def test_conditional_get(api: Api, catalogue: Catalogue) -> None:
    first = api.get("package_show", id="street-trees")
    assert first["ETag"] and first["Last-Modified"]
    again = api.client.get("/api/3/action/package_show", {"id": "street-trees"},
                           HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert api.get("package_show", id="street-trees")["ETag"] == first["ETag"]  # stable
