"""A file with several tables (workbook sheets): each is a DataStore table, "<id>" then "<id>:<n>"."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
import xlsxwriter
from django.test import Client, TestCase, override_settings

from tests.factories import make_dataset, make_organization
from tests.portal.api.conftest import Api
from tests.portal.api.datastore_catalogue import media_root  # noqa: F401
from tests.portal.pipeline.conftest import IMMEDIATE
from trousse.portal.catalog.models import Dataset, Resource

pytestmark = pytest.mark.django_db


def workbook() -> bytes:
    """Return an XLSX with two sheets: permits (3 rows) and wards (2 rows)."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    permits = book.add_worksheet("Permits")
    permits.write_row(0, 0, ["permit_id", "street"])
    for row, (number, street) in enumerate([(1, "Main"), (2, "Elm"), (3, "Oak")], start=1):
        permits.write_row(row, 0, [number, street])
    wards = book.add_worksheet("Wards")
    wards.write_row(0, 0, ["ward", "councillor"])
    wards.write_row(1, 0, [1, "Tremblay"])
    wards.write_row(2, 0, [2, "Gagnon"])
    book.close()
    return out.getvalue()


@pytest.fixture(scope="module")
def book(shared_data: Path) -> Resource:
    org = make_organization("ds-sheets")
    with override_settings(TASKS=IMMEDIATE), TestCase.captureOnCommitCallbacks(execute=True):
        dataset = make_dataset(org, "ds-workbook", status="published", acknowledge=True,
                               files=[("permits.xlsx", workbook())],
                               privacy_approval="Test data: street names and invented councillors.")
    return Resource.objects.get(dataset=dataset)


def test_datastore_info_lists_every_table(api: Api, book: Resource) -> None:
    info = api.result(api.get("datastore_info", id=str(book.pk)))
    assert info["meta"]["id"] == str(book.pk) and info["meta"]["table"] == "Permits"
    assert info["meta"]["tables"] == [
        {"id": str(book.pk), "position": 1, "name": "Permits", "count": 3, "geographic": False},
        {"id": f"{book.pk}:2", "position": 2, "name": "Wards", "count": 2, "geographic": False}]
    second = api.result(api.get("datastore_info", id=f"{book.pk}:2"))
    assert second["meta"]["id"] == f"{book.pk}:2" and second["meta"]["resource_id"] == str(book.pk)
    assert second["meta"]["table"] == "Wards" and second["meta"]["count"] == 2
    assert [f["id"] for f in second["fields"]] == ["_id", "ward", "councillor"]


def test_search_sql_and_dump_reach_the_second_sheet(api: Api, client: Client, book: Resource) -> None:
    found = api.result(api.get("datastore_search", resource_id=f"{book.pk}:2", sort="ward desc"))
    assert found["resource_id"] == f"{book.pk}:2" and found["total"] == 2
    assert [r["councillor"] for r in found["records"]] == ["Gagnon", "Tremblay"]
    assert api.result(api.get("datastore_search", resource_id=f"{book.pk}:1"))["total"] == 3
    joined = api.result(api.get("datastore_search_sql", sql=(
        f'SELECT count(*) AS n FROM "{book.pk}" p CROSS JOIN "{book.pk}:2" w')))
    assert joined["records"] == [{"n": 6}]
    dump = client.get(f"/datastore/dump/{book.pk}:2")
    assert dump.status_code == 200 and dump["Content-Disposition"] == 'attachment; filename="permits-Wards.csv"'
    rows = list(csv.DictReader(io.StringIO(b"".join(dump.streaming_content).decode())))
    assert [r["councillor"] for r in rows] == ["Tremblay", "Gagnon"]


@pytest.mark.parametrize("suffix", [":3", ":0", ":x", ":", ":2:2", ": 2"])
def test_a_table_that_is_not_there_is_not_found(api: Api, client: Client, book: Resource, suffix: str) -> None:
    name = f"{book.pk}{suffix}"
    response = api.get("datastore_search", resource_id=name)
    assert response.status_code == 404 and response.json()["error"]["__type"] == "Not Found Error"
    assert api.get("datastore_info", id=name).status_code == 404
    assert api.get("datastore_search_sql", sql=f'SELECT * FROM "{name}"').status_code == 404


def test_a_hidden_resources_tables_stay_hidden(api: Api, book: Resource) -> None:
    Dataset.objects.filter(pk=book.dataset_id).update(access_level="non_public")
    # The catalogue's rule holds for the tables after the first as for the first.
    assert api.get("datastore_search", resource_id=f"{book.pk}:2").status_code == 404
    assert api.get("datastore_search_sql", sql=f'SELECT * FROM "{book.pk}:2"').status_code == 404


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_resource_pages_panel_names_every_table(client: Client, book: Resource, lang: str) -> None:
    html = client.get(f"/{lang}/datasets/ds-workbook/resources/{book.pk}/").content.decode()
    assert f"<li><code>{book.pk}</code> — Permits</li>" in html
    assert f"<li><code>{book.pk}:2</code> — Wards</li>" in html
    assert ("This file has 2 tables." if lang == "en" else "Ce fichier contient 2 tableaux.") in html
