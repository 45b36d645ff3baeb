"""datastore_search_sql and the DataStore dumps through HTTP: permissions, attacks, streaming exports."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from django.test import Client

from tests.portal.api.conftest import Api, token_for
from tests.portal.api.datastore_catalogue import Tables, build_tables, media_root  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def tables(shared_data: Path) -> Tables:
    return build_tables()


def sql(api: Api, text: str, token: str = "") -> Any:
    return api.post("datastore_search_sql", {"sql": text}, token=token)


def test_a_select_by_resource_id(api: Api, tables: Tables) -> None:
    text = f'SELECT ward, count(*) AS n FROM "{tables.public.pk}" GROUP BY ward ORDER BY ward'
    result = api.result(api.get("datastore_search_sql", sql=text))
    assert result["records"] == [{"ward": w, "n": 10} for w in (1, 2, 3, 4)]
    assert result["fields"] == [{"id": "ward", "type": "int8"}, {"id": "n", "type": "int8"}]
    assert result["sql"] == text and result["records_truncated"] is False


def test_the_row_cap_applies(api: Api, tables: Tables, settings: Any) -> None:
    settings.DATASTORE_MAX_ROWS = 50
    rid = tables.public.pk
    result = api.result(sql(api, f'SELECT a._id FROM "{rid}" a, "{rid}" b'))
    assert len(result["records"]) == 50 and result["records_truncated"] is True


@pytest.mark.parametrize("text", [
    "SELECT * FROM read_csv('/etc/passwd')",
    "SELECT read_text('/etc/passwd')",
    "COPY (SELECT 1) TO '/tmp/trousse-leak.csv'",
    "ATTACH '/tmp/x.duckdb'",
    "INSTALL httpfs",
    "LOAD spatial",
    "SET memory_limit = '100GB'",
    "PRAGMA version",
    "CREATE TABLE x AS SELECT 1",
    "SELECT 1; SELECT 2",
    "SELECT getenv('HOME')",
    "SELECT current_setting('temp_directory')",
    "SELECT * FROM duckdb_settings()",
    "SELECT unnest(generate_series(1, 100000000000))",
    "not sql at all",
])
def test_sql_attacks_are_409_without_leaks(api: Api, tables: Tables, text: str) -> None:
    response = sql(api, text)
    assert response.status_code == 409, response.content
    error = response.json()["error"]
    assert error["__type"] == "Validation Error" and "sql" in error
    body = response.content.decode()
    assert "Traceback" not in body and "/files" not in body and "media" not in body
    assert not Path("/tmp/trousse-leak.csv").exists()


def test_a_query_that_never_ends_times_out(api: Api, tables: Tables, settings: Any) -> None:
    settings.DATASTORE_TIMEOUT_SECONDS = 1
    rid = tables.public.pk
    response = sql(api, f'SELECT count(*) FROM "{rid}" a, "{rid}" b, "{rid}" c, "{rid}" d, "{rid}" e '
                        "WHERE a.address || b.address < c.address || d.address || e.address")
    assert response.status_code == 409
    assert "1 seconds" in response.json()["error"]["message"]


def test_private_resources_in_sql_are_not_found(api: Api, tables: Tables) -> None:
    for resource in (tables.secret, tables.draft):
        response = sql(api, f'SELECT count(*) FROM "{resource.pk}"')
        assert response.status_code == 404
        assert response.json()["error"]["__type"] == "Not Found Error"
    joined = sql(api, f'SELECT count(*) FROM "{tables.public.pk}" p JOIN "{tables.secret.pk}" s USING (_id)')
    assert joined.status_code == 404
    assert sql(api, f'SELECT count(*) FROM "{tables.restricted.pk}"').status_code == 403
    token = token_for(tables.editor)
    assert api.result(sql(api, f'SELECT count(*) AS n FROM "{tables.secret.pk}"', token))["records"] == [{"n": 40}]


def test_dump_streams_a_filtered_csv(client: Client, tables: Tables) -> None:
    response = client.get(f"/datastore/dump/{tables.public.pk}",
                          {"filters": json.dumps({"ward": 4}), "sort": "request_id desc"})
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == 'attachment; filename="requests.csv"'
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [r["request_id"] for r in rows][:3] == ["39", "35", "31"] and len(rows) == 10
    formula = client.get(f"/datastore/dump/{tables.public.pk}", {"filters": json.dumps({"request_id": 7})})
    assert b"'=HYPERLINK" in b"".join(formula.streaming_content)


def test_dump_formats(client: Client, tables: Tables) -> None:
    as_json = client.get(f"/datastore/dump/{tables.public.pk}", {"format": "json", "q": "eclairage"})
    assert len(json.loads(b"".join(as_json.streaming_content))) == 13
    parquet = client.get(f"/datastore/dump/{tables.public.pk}", {"format": "parquet"})
    assert pq.read_table(io.BytesIO(b"".join(parquet.streaming_content))).num_rows == 40
    geo = client.get(f"/datastore/dump/{tables.places.pk}", {"format": "geojson"})
    assert geo["Content-Disposition"].endswith('.geojson"')
    assert json.loads(b"".join(geo.streaming_content))["features"][0]["geometry"]["type"] == "Point"
    head = client.head(f"/datastore/dump/{tables.public.pk}", {"format": "parquet"})
    assert head.status_code == 200 and head["Content-Disposition"].endswith('.parquet"') and not head.content
    not_geo = client.get(f"/datastore/dump/{tables.public.pk}", {"format": "geojson"})
    assert not_geo.status_code == 409 and not_geo.json()["error"]["__type"] == "Validation Error"


def test_dump_permissions_and_rate_limit(client: Client, tables: Tables, settings: Any) -> None:
    assert client.get(f"/datastore/dump/{tables.secret.pk}").status_code == 404
    assert client.get("/datastore/dump/99999999").status_code == 404
    assert client.get(f"/datastore/dump/{tables.restricted.pk}").status_code == 403
    token = token_for(tables.editor)
    assert client.get(f"/datastore/dump/{tables.secret.pk}", HTTP_AUTHORIZATION=token).status_code == 200
    settings.API_RATE_ANON = "1/minute"
    assert client.get(f"/datastore/dump/{tables.public.pk}").status_code == 200
    limited = client.get(f"/datastore/dump/{tables.public.pk}")
    assert limited.status_code == 429 and limited["Retry-After"]


def test_dump_honours_limit_offset_and_the_search_parameters(client: Client, tables: Tables) -> None:
    url = f"/datastore/dump/{tables.public.pk}"

    def ids(**query: str) -> list[str]:
        response = client.get(url, query)
        assert response.status_code == 200
        return [r["request_id"] for r in csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()))]

    assert len(ids()) == 40  # no limit: every row, as CKAN's dump
    assert ids(limit="5") == ["1", "2", "3", "4", "5"]
    assert ids(limit="3", offset="10") == ["11", "12", "13"]
    assert ids(offset="38") == ["39", "40"]
    assert ids(limit="2", sort="request_id desc", filters=json.dumps({"ward": 4})) == ["39", "35"]
    assert ids(limit="2", offset="1", q="eclairage", fields="request_id") == ["5", "8"]
    assert ids(limit="0") == []
    as_json = client.get(url, {"format": "json", "limit": "2", "offset": "5"})
    assert [r["request_id"] for r in json.loads(b"".join(as_json.streaming_content))] == [6, 7]
    parquet = client.get(url, {"format": "parquet", "limit": "7"})
    assert pq.read_table(io.BytesIO(b"".join(parquet.streaming_content))).num_rows == 7


def test_dump_tsv_and_bom(client: Client, tables: Tables) -> None:
    url = f"/datastore/dump/{tables.public.pk}"
    tsv = client.get(url, {"format": "tsv", "limit": "1", "fields": "request_id,category"})
    assert tsv["Content-Type"].startswith("text/tab-separated-values")
    assert tsv["Content-Disposition"] == 'attachment; filename="requests.tsv"'
    assert b"".join(tsv.streaming_content).decode() == "request_id\tcategory\n1\tgraffiti\n"
    marked = client.get(url, {"bom": "true", "limit": "1"})
    assert b"".join(marked.streaming_content).startswith(b"\xef\xbb\xbf\"request_id\",")


@pytest.mark.parametrize(("query", "field"), [({"limit": "-1"}, "limit"), ({"limit": "many"}, "limit"),
                                              ({"offset": "-3"}, "offset"), ({"bom": "maybe"}, "bom")])
def test_dump_refuses_bad_paging(client: Client, tables: Tables, query: dict[str, str], field: str) -> None:
    response = client.get(f"/datastore/dump/{tables.public.pk}", query)
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["__type"] == "Validation Error" and field in error
