"""Table, map and chart previews of resources processed by the real pipeline, through Django's client."""

from __future__ import annotations

import re

import pytest
from django.test import Client, TestCase, override_settings

from tests.factories import (
    factory_admin,
    make_dataset,
    make_organization,
    make_upload,
    make_user,
    prepare_publication,
)
from tests.portal.pipeline.conftest import IMMEDIATE
from tests.portal.pipeline.helpers import add_file
from tests.portal.previews.data import APPROVAL, places_geojson, requests_csv
from trousse.portal.catalog import services
from trousse.portal.pipeline import services as pipeline

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(shared_data):
    """Built once per module: an editor and a published dataset with a 60-row CSV and a GeoJSON of three
    places, both processed by the real pipeline."""
    with override_settings(TASKS=IMMEDIATE), TestCase.captureOnCommitCallbacks(execute=True):
        editor = make_user("ed", role="editor", organization=make_organization("works"))
        dataset = make_dataset(editor.memberships.first().organization, "requests", files=())
        upload = make_upload("requests.csv", requests_csv())
        csv = services.add_resource(editor, dataset, {"name_en": "Requests"}, upload=upload)
        geo = services.add_resource(editor, dataset, {"name_en": "Places"},
                                    upload=make_upload("places.geojson", places_geojson()))
    pipeline.update_data_dictionary(editor, csv, {"category": {"title_en": "Request type", "title_fr": "Type"},
                                                  "amount": {"title_en": "Amount"}})
    prepare_publication(dataset, privacy_approval=APPROVAL)  # the privacy gate (issue #5)
    services.publish_dataset(factory_admin(), dataset)
    return editor, dataset, csv, geo


@pytest.fixture(autouse=True)
def media_root(shared_data, settings):
    """Keep the files of each test's own uploads beside the module's shared ones."""
    settings.MEDIA_ROOT = str(shared_data)
    return shared_data


@pytest.fixture
def editor(world):
    return world[0]


@pytest.fixture
def published(world):
    return world[1:]


def url(dataset, resource, page="", lang="en"):
    return f"/{lang}/datasets/{dataset.slug}/resources/{resource.pk}/preview/{page}"


def cells(html):
    """Return the body rows of the preview table: [row id, cells…] as text."""
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [[re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def test_resource_page_links_to_each_preview(published):
    dataset, csv, geo = published
    page = Client().get(f"/en/datasets/requests/resources/{geo.pk}/").content.decode()
    assert 'id="previews-title"' in page
    assert url(dataset, geo) in page and url(dataset, geo, "map/") in page and url(dataset, geo, "chart/") in page
    page = Client().get(f"/en/datasets/requests/resources/{csv.pk}/").content.decode()
    assert url(dataset, csv, "chart/") in page and url(dataset, csv, "map/") not in page  # a CSV has no map


def test_table_pages_sorts_and_filters(published):
    dataset, csv, _ = published
    client = Client()
    page = client.get(url(dataset, csv)).content.decode()
    assert "<caption" in page and 'scope="col"' in page and "Rows 1 to 25 of 60" in page
    assert "Request type" in page and '<code class="column-name">category</code>' in page
    assert [r[0] for r in cells(page)][:3] == ["1", "2", "3"]
    assert 'aria-current="page"' in page and 'rel="next"' in page

    page = client.get(url(dataset, csv) + "?page=3").content.decode()
    assert [r[0] for r in cells(page)] == [str(i) for i in range(51, 61)] and "Rows 51 to 60 of 60" in page

    page = client.get(url(dataset, csv) + "?sort=amount&order=desc&size=10").content.decode()
    assert 'aria-sort="descending"' in page
    assert [r[3] for r in cells(page)][:2] == ["90.0", "88.5"]

    page = client.get(url(dataset, csv) + "?f.category=bruit&f.ward=1").content.decode()
    rows = cells(page)
    assert rows and all(r[2] == "Bruit" and r[5] == "1" for r in rows)
    assert "filtered from 60 rows" in page

    page = client.get(url(dataset, csv) + "?row=7").content.decode()
    assert [r[0] for r in cells(page)] == ["7"] and "Row 7 of the table." in page


def test_table_headers_use_french_titles_with_fallback_marked(published):
    dataset, csv, _ = published
    page = Client().get(url(dataset, csv, lang="fr")).content.decode()
    assert "Type" in page and '<span lang="en">Amount</span> <span class="fallback">' in page


@pytest.mark.parametrize(("query", "status", "message"), [
    ("?page=abc", 400, "The page must be a whole number"),
    ("?page=0", 400, "The page must be a whole number"),
    ("?page=99", 404, "There is no page 99"),
    ("?size=100000", 400, "The page size must be a whole number from 1 to 100"),
    ("?sort=nope", 400, "There is no column “nope” to sort on"),
    ("?f.nope=1", 400, "There is no column “nope” to filter on"),
    ("?order=sideways", 400, "The order must be"),
    ("?f.ward=abc", 400, "is not a valid"),
    ("?table=x", 400, "The table must be a number"),
    ("?row=999999999999", 404, "There is no row 999999999999"),
    ("?row=99999999999999999999", 400, "The row must be a whole number"),
    ("?row=-1", 400, "The row must be a whole number"),
    ("?f.created=2024-13-45", 400, "is not a valid"),
    ("?f.amount=nan", 400, "is not a valid"),
    ("?page=99999999999", 400, "The page must be a whole number"),
    ("?table=9", 404, "no table number 9"),
])
def test_bad_table_parameters_get_a_clear_message(published, query, status, message):
    dataset, csv, _ = published
    response = Client().get(url(dataset, csv) + query)
    assert response.status_code == status
    assert message in response.content.decode()


def test_map_draws_each_feature_as_a_link_to_its_row(published):
    dataset, _, geo = published
    page = Client().get(url(dataset, geo, "map/")).content.decode()
    links = re.findall(r'<a href="([^"]+)" class="map-feature map-(\w+)" data-row="(\d+)" aria-label="([^"]+)"', page)
    assert sorted((kind, label) for _, kind, _, label in links) == [
        ("line", "Rue Ontario"), ("point", "Arrêt Saint-Denis"), ("polygon", "Parc de l&#x27;Été")]
    href, _, row, _ = next(link for link in links if link[1] == "point")
    assert href.endswith(f"?row={int(row) + 1}")
    table = Client().get(href).content.decode()
    assert "Arrêt Saint-Denis" in table
    assert "previews/map.js" in page and "<script>" not in page


def test_features_geojson_and_map_refused_for_tables_without_geometry(published):
    dataset, csv, geo = published
    response = Client().get(f"/previews/{geo.pk}/features.geojson")
    assert response.status_code == 200 and response["Content-Type"] == "application/geo+json"
    data = response.json()
    assert {f["properties"]["name"] for f in data["features"]} == {"Parc de l'Été", "Arrêt Saint-Denis", "Rue Ontario"}
    again = Client().get(f"/previews/{geo.pk}/features.geojson", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert Client().get(url(dataset, csv, "map/")).status_code == 404
    assert Client().get(f"/previews/{csv.pk}/features.geojson").status_code == 404


def test_basemap_is_off_by_default_and_drawn_under_features_when_set(published, settings):
    dataset, _, geo = published
    response = Client().get(url(dataset, geo, "map/"))
    assert "<image" not in response.content.decode() and "img-src 'self' data:;" in response["Content-Security-Policy"]
    settings.MAP_BASEMAP_URL = "https://tiles.example.ca/{z}/{x}/{y}.png"
    settings.MAP_BASEMAP_ATTRIBUTION = "© Ville"
    response = Client().get(url(dataset, geo, "map/"))
    page = response.content.decode()
    tiles = re.findall(r'<image href="https://tiles.example.ca/(\d+)/(\d+)/(\d+).png"', page)
    assert tiles and len({z for z, _, _ in tiles}) == 1 and "© Ville" in page
    assert "img-src 'self' data: https://tiles.example.ca;" in response["Content-Security-Policy"]
    settings.MAP_BASEMAP_URL = "http://insecure.example.ca/{z}/{x}/{y}.png"
    assert "<image" not in Client().get(url(dataset, geo, "map/")).content.decode()


def test_chart_kinds_by_column_type(published):
    dataset, csv, _ = published
    client = Client()
    # Before a choice, the first text column that repeats values (not the unique id).
    assert '<option value="category" selected>' in client.get(url(dataset, csv, "chart/")).content.decode()
    page = client.get(url(dataset, csv, "chart/") + "?column=category").content.decode()
    assert 'role="img"' in page and "<title>Bruit: " in page and "Counts behind the chart" in page
    page = client.get(url(dataset, csv, "chart/") + "?column=amount").content.decode()
    assert "Number of rows in each range of values" in page and "1 is empty" in page
    page = client.get(url(dataset, csv, "chart/") + "?column=created").content.decode()
    assert "Number of rows per day." in page
    page = client.get(url(dataset, csv, "chart/") + "?column=ward&kind=categories").content.decode()
    assert "most frequent values" in page
    page = client.get(url(dataset, csv, "chart/", lang="fr") + "?column=category").content.decode()
    assert "Nombre de lignes" in page


def test_chart_json_with_etag_and_clear_errors(published):
    dataset, csv, _ = published
    client = Client()
    response = client.get(f"/previews/{csv.pk}/chart.json?column=category")
    data = response.json()
    assert response.status_code == 200 and data["kind"] == "categories" and data["rows"] == 60
    assert sum(b["count"] for b in data["bars"]) + data["other"] + data["missing"] == 60
    assert response["Cache-Control"].startswith("public")
    assert client.get(f"/previews/{csv.pk}/chart.json?column=category",
                      HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    bad = client.get(f"/previews/{csv.pk}/chart.json?column=nope")
    assert bad.status_code == 400 and bad.json()["error"]["field"] == "column"
    assert "nope" in bad.json()["error"]["message"]
    bad = client.get(f"/previews/{csv.pk}/chart.json?column=amount&top=0")
    assert bad.status_code == 400
    assert client.get("/previews/999999/chart.json").status_code == 404
    page = client.get(url(dataset, csv, "chart/") + "?column=nope")
    assert page.status_code == 400 and "There is no column “nope”" in page.content.decode()
    assert 'id="chart-column"' in page.content.decode()  # the chooser stays, to pick another


def test_private_and_restricted_data_is_never_previewed(editor, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    org = editor.memberships.first().organization
    draft = make_dataset(org, "draft-requests", files=())
    resource = add_file(capture, editor, draft, "requests.csv", requests_csv(5))
    anonymous = Client()
    for page in ("", "map/", "chart/"):
        assert anonymous.get(url(draft, resource, page)).status_code == 404
    assert anonymous.get(f"/previews/{resource.pk}/chart.json?column=category").status_code == 404
    assert anonymous.get(f"/previews/{resource.pk}/features.geojson").status_code == 404
    staff = Client()
    staff.force_login(editor)
    response = staff.get(url(draft, resource))
    assert response.status_code == 200 and not response.get("Cache-Control", "").startswith("public")
    assert staff.get(f"/previews/{resource.pk}/chart.json?column=category")["Cache-Control"] == "private, no-store"

    restricted = make_dataset(org, "restricted-requests", files=(), access_level="restricted")
    hidden = add_file(capture, editor, restricted, "requests.csv", requests_csv(5))
    prepare_publication(restricted, privacy_approval=APPROVAL)  # the privacy gate (issue #5)
    services.publish_dataset(factory_admin(), restricted)
    response = anonymous.get(url(restricted, hidden))
    assert response.status_code == 403 and "available on request" in response.content.decode()
    page = anonymous.get(f"/en/datasets/restricted-requests/resources/{hidden.pk}/").content.decode()
    assert 'id="previews-title"' not in page


def test_table_pages_query_in_the_datastores_pool(published, settings, monkeypatch):
    """The table preview runs in the DataStore's sandboxed pool (its limits), not a pool of its own."""
    from trousse.engine.query import datastore
    from trousse.portal.core import query_pool

    def no_private_pool(*args, **kwargs):
        raise AssertionError("a preview must not open a pool of its own")

    monkeypatch.setattr(datastore, "pool_for", no_private_pool)
    dataset, csv, _ = published
    page = Client().get(url(dataset, csv) + "?sort=amount&order=desc")
    assert page.status_code == 200 and len(cells(page.content.decode())) == 25
    settings.DATASTORE_TIMEOUT_SECONDS = 3.5
    assert query_pool.query_pool().limits.timeout_seconds == 3.5
    assert Client().get(url(dataset, csv)).status_code == 200
