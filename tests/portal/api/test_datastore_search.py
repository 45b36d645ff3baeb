"""datastore_search and datastore_info through the Action API, over tables made by the real pipeline."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from tests.portal.api.conftest import Api, token_for
from tests.portal.api.datastore_catalogue import Tables, build_tables, media_root  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def tables(shared_data: Path) -> Tables:
    return build_tables()


def test_search_answers_as_ckan_does(api: Api, tables: Tables) -> None:
    rid = str(tables.public.pk)
    result = api.result(api.get("datastore_search", resource_id=rid, filters=json.dumps({"ward": 2}), limit=3))
    assert [f["id"] for f in result["fields"]] == ["_id", "request_id", "category", "ward", "amount", "opened",
                                                   "address"]
    assert [f["type"] for f in result["fields"]][:4] == ["int8", "int8", "text", "int8"]
    assert result["total"] == 10 and result["total_was_estimated"] is False
    assert [r["request_id"] for r in result["records"]] == [1, 5, 9]
    assert result["records"][0] == {"_id": 1, "request_id": 1, "category": "graffiti", "ward": 2, "amount": 0.25,
                                    "opened": "2024-01-02", "address": "1 rue Saint-Jérôme"}
    assert result["resource_id"] == rid and result["limit"] == 3 and result["offset"] == 0
    assert result["filters"] == {"ward": 2} and result["records_format"] == "objects"
    links = result["_links"]
    assert links["start"].startswith("/api/3/action/datastore_search?") and "offset" not in links["start"]
    assert "offset=3" in links["next"] and "prev" not in links


def test_paging_links_and_offset(api: Api, tables: Tables) -> None:
    result = api.result(api.get("datastore_search", resource_id=tables.public.pk, limit=5, offset=5))
    assert [r["_id"] for r in result["records"]] == [6, 7, 8, 9, 10]
    assert "offset=10" in result["_links"]["next"] and "offset=0" not in result["_links"]["prev"]


def test_post_with_json_body_q_fields_and_sort(api: Api, tables: Tables) -> None:
    body = {"resource_id": str(tables.public.pk), "q": "ECLAIRAGE jerome", "fields": ["request_id", "ward"],
            "sort": "ward desc, request_id", "limit": 4}
    result = api.result(api.post("datastore_search", body))
    assert result["total"] == 13
    assert result["records"] == [{"request_id": 11, "ward": 4}, {"request_id": 23, "ward": 4},
                                 {"request_id": 35, "ward": 4}, {"request_id": 2, "ward": 3}]
    assert result["q"] == "ECLAIRAGE jerome" and result["sort"] == "ward desc, request_id"


def test_filters_with_a_list_mean_or_and_fields_as_text(api: Api, tables: Tables) -> None:
    result = api.result(api.get("datastore_search", resource_id=tables.public.pk, fields="request_id,category",
                                filters=json.dumps({"category": ["pothole", "graffiti"], "ward": "1"})))
    assert {r["category"] for r in result["records"]} == {"pothole", "graffiti"}
    assert all(set(r) == {"request_id", "category"} for r in result["records"])


def test_records_formats_and_distinct(api: Api, tables: Tables) -> None:
    rid = tables.public.pk
    lists = api.result(api.get("datastore_search", resource_id=rid, fields="request_id,ward", limit=2,
                               records_format="lists"))
    assert lists["records"] == [[1, 2], [2, 3]]
    csv = api.result(api.get("datastore_search", resource_id=rid, fields="request_id,address",
                             filters=json.dumps({"request_id": 7}), records_format="csv"))
    assert csv["records"] == '7,"=HYPERLINK(""http://evil"")"\n'
    distinct = api.result(api.get("datastore_search", resource_id=rid, fields="category", distinct="true",
                                  sort="category"))
    assert distinct["records"] == [{"category": c} for c in ("graffiti", "pothole", "Éclairage")]


def test_geometry_as_wkt_or_geojson(api: Api, tables: Tables) -> None:
    rid = tables.places.pk
    wkt = api.result(api.get("datastore_search", resource_id=rid, fields="name,geometry", limit=1))
    assert wkt["records"][0]["geometry"].startswith("POINT")
    geo = api.result(api.get("datastore_search", resource_id=rid, fields="geometry", limit=1,
                             geometry_format="geojson"))
    assert geo["records"][0]["geometry"]["type"] == "Point"


def test_datastore_info_gives_types_schema_and_count(api: Api, tables: Tables) -> None:
    info = api.result(api.get("datastore_info", id=tables.public.pk))
    assert info["meta"]["count"] == 40 and info["meta"]["id"] == str(tables.public.pk)
    fields = {f["id"]: f for f in info["fields"]}
    assert fields["_id"]["type"] == "int8"
    assert fields["opened"]["type"] == "date" and fields["opened"]["schema"]["type"] == "date"
    assert fields["ward"]["info"]["schema_type"] == "integer"


@pytest.mark.parametrize(("query", "field"), [
    ({"filters": json.dumps({"nope": 1})}, "filters"),
    ({"filters": json.dumps({"ward": "two"})}, "filters"),
    ({"filters": "{not json"}, "filters"),
    ({"sort": "secret desc"}, "sort"),
    ({"fields": "request_id,nope"}, "fields"),
    ({"limit": "-1"}, "limit"),
    ({"limit": "ten"}, "limit"),
    ({"offset": "-3"}, "offset"),
    ({"records_format": "xml"}, "records_format"),
    ({"q": "{\"nope\": \"x\"}"}, "q"),
])
def test_bad_parameters_are_409_validation_errors(api: Api, tables: Tables, query: dict, field: str) -> None:
    response = api.get("datastore_search", resource_id=tables.public.pk, **query)
    assert response.status_code == 409, response.content
    error = response.json()["error"]
    assert error["__type"] == "Validation Error" and field in error
    assert "/" not in error["message"].replace("</", "") or "http" in error["message"]  # no file paths


def test_errors_come_in_the_callers_language(api: Api, tables: Tables) -> None:
    response = api.get("datastore_search", resource_id=tables.public.pk, lang="fr",
                       filters=json.dumps({"nope": 1}))
    assert "Il n'y a pas de colonne" in response.json()["error"]["message"]


def test_a_huge_limit_is_capped_as_ckan_does(api: Api, tables: Tables, settings: Any) -> None:
    result = api.result(api.get("datastore_search", resource_id=tables.public.pk, limit=10**20))
    assert result["limit"] == settings.DATASTORE_MAX_ROWS and len(result["records"]) == 40


def test_hidden_and_missing_resources_are_404_alike(api: Api, tables: Tables) -> None:
    for rid in (tables.secret.pk, tables.draft.pk, 999999, "nope"):
        response = api.get("datastore_search", resource_id=rid)
        assert response.status_code == 404
        assert response.json()["error"]["__type"] == "Not Found Error"
    assert api.get("datastore_search").status_code == 409  # no resource_id at all


def test_restricted_data_is_403_for_the_public_and_open_to_staff(client: Client, tables: Tables) -> None:
    api = Api(client)
    assert api.get("datastore_search", resource_id=tables.restricted.pk).status_code == 403
    token = token_for(tables.editor)
    for resource in (tables.restricted, tables.secret, tables.draft):
        assert api.result(api.get("datastore_search", token=token, resource_id=resource.pk))["total"] == 40
    outsider = token_for(tables.outsider)
    assert api.get("datastore_search", token=outsider, resource_id=tables.secret.pk).status_code == 404


def test_reads_are_conditional(api: Api, tables: Tables) -> None:
    first = api.get("datastore_search", resource_id=tables.public.pk, limit=1)
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    again = api.client.get("/api/3/action/datastore_search", {"resource_id": tables.public.pk, "limit": 1},
                           HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
