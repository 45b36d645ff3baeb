"""The standards directory: the curated list, tagging (leads only, audited) and conformance checks."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from django.test import Client
from django.utils import translation

from tests.factories import answer_questionnaire, factory_admin, make_dataset, make_organization, make_user
from tests.portal.pipeline.helpers import add_file
from trousse.portal.catalog import services as catalog_services
from trousse.portal.core.errors import ConflictError, NotFoundError, PermissionDeniedError
from trousse.portal.core.models import AuditEvent
from trousse.portal.program.indicators import compute
from trousse.portal.program.models_indicators import DatasetStandard
from trousse.portal.program.standards import services
from trousse.portal.program.standards.conformance import check_parquet
from trousse.portal.program.standards.directory import find, standards

pytestmark = pytest.mark.django_db
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STOPS = ("stop_id,stop_code,stop_name,stop_lat,stop_lon,wheelchair_boarding\n"
         "MP1,1001,Main / First,45.4201,-75.7003,1\nMP2,1002,Main / Second,45.4210,-75.7010,2\n")
BAD_STOPS = ("stop_id,stop_name,stop_lat,stop_lon,wheelchair_boarding\n"
             "MP1,Main,145.4,-75.7,1\nMP1,Second,45.4,-75.7,9\n")

@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    """Leave the thread in English: a French request's language must not leak into the next test's fixtures."""
    yield
    translation.activate("en")



@pytest.fixture(autouse=True)
def immediate_tasks(settings) -> None:  # type: ignore[no-untyped-def]
    settings.TASKS = IMMEDIATE


def _parquet(tmp_path: Path, select: str) -> Path:
    path = tmp_path / "t.parquet"
    duckdb.connect().execute(f"COPY ({select}) TO '{path}' (FORMAT PARQUET)")
    return path


def test_the_directory_lists_the_curated_standards_with_their_derived_schemas() -> None:
    codes = [s.code for s in standards()]
    for code in ("gtfs", "open311", "blds", "lives", "ocds", "hsds", "open511", "address-points", "table-schema",
                 "dcat-ap"):
        assert code in codes
    for standard in standards():
        assert standard.covers.en and standard.covers.fr and standard.use.en and standard.use.fr
        for table in standard.tables:
            assert table.schema["fields"] and table.source and table.licence
    assert [f["name"] for f in find("open311").table("requests").schema["fields"]][:2] == ["service_request_id", "status"]


def test_a_conforming_generated_table_conforms(tmp_path: Path) -> None:
    path = _parquet(tmp_path, "SELECT * FROM (VALUES ('1', 'open', 'POT', TIMESTAMP '2026-03-01 10:00:00', 45.4, -75.7),"
                              " ('2', 'closed', 'GRA', TIMESTAMP '2026-03-02 11:30:00', NULL, NULL))"
                              " t(service_request_id, status, service_code, requested_datetime, lat, long)")
    result = check_parquet(path, find("open311").table("requests").schema)
    assert result.conforms and result.rows == 2 and not result.problems
    assert result.checked_fields == ("service_request_id", "status", "service_code", "requested_datetime", "lat", "long")


def test_a_non_conforming_table_reports_its_problems(tmp_path: Path) -> None:
    path = _parquet(tmp_path, "SELECT * FROM (VALUES ('1', 'pending', 'POT', 'yesterday'), ('1', 'open', 'GRA', '2026-03-01T10:00:00'))"
                              " t(service_request_id, status, service_code, requested_datetime)")
    result = check_parquet(path, find("open311").table("requests").schema)
    assert not result.conforms
    assert result.problems == {"constraint-error": 1, "primary-key": 1, "type-error": 1, "unique-error": 1}
    missing = check_parquet(_parquet(tmp_path, "SELECT 1 AS id"), find("open311").table("requests").schema)
    assert not missing.conforms and missing.missing_required == (
        "service_request_id", "status", "service_code", "requested_datetime")


def test_tagging_is_for_program_leads_and_is_audited() -> None:
    org = make_organization("transit")
    dataset = make_dataset(org, "stops", files=(), links=["https://example.org/stops.csv"])
    editor = make_user("ed", role="editor", organization=org)
    with pytest.raises(PermissionDeniedError):
        services.tag_dataset(editor, dataset, "gtfs", "stops")
    with pytest.raises(NotFoundError):
        services.tag_dataset(factory_admin(), dataset, "nope")
    with pytest.raises(NotFoundError):
        services.tag_dataset(factory_admin(), dataset, "gtfs", "nope")
    tag = services.tag_dataset(factory_admin(), dataset, "gtfs", "stops")
    with pytest.raises(ConflictError):
        services.tag_dataset(factory_admin(), dataset, "gtfs")
    assert AuditEvent.objects.filter(action="program.standard.tag", object_id=str(tag.pk)).exists()
    services.untag_dataset(factory_admin(), tag)
    assert not DatasetStandard.objects.exists()
    assert AuditEvent.objects.filter(action="program.standard.untag").exists()


def test_the_tag_form_checks_the_user_and_never_fails_on_bad_input(client: Client) -> None:
    org = make_organization("transit")
    dataset = make_dataset(org, "stops", status="published", files=(), links=["https://example.org/stops.csv"])
    assert client.post("/en/workspace/program/standards/tag/", {"dataset": "stops", "standard": "gtfs"}).status_code == 302
    assert not DatasetStandard.objects.exists()  # anonymous: sent to log in
    client.force_login(make_user("ed", role="editor", organization=org))
    client.post("/en/workspace/program/standards/tag/", {"dataset": "stops", "standard": "gtfs"})
    assert not DatasetStandard.objects.exists()  # not a lead: refused with a message
    client.force_login(factory_admin())
    for data in ({}, {"dataset": "nope", "standard": "gtfs"}, {"dataset": "stops", "standard": "x:y:z"},
                 {"dataset": "stops", "standard": "gtfs:nope"}):
        assert client.post("/en/workspace/program/standards/tag/", data).status_code == 302
    assert not DatasetStandard.objects.exists()
    client.post("/fr/workspace/program/standards/tag/", {"dataset": "stops", "standard": "gtfs:stops"})
    tag = DatasetStandard.objects.get(dataset=dataset)
    assert client.post("/en/workspace/program/standards/999999/untag/").status_code == 302
    client.post(f"/en/workspace/program/standards/{tag.pk}/untag/")
    assert not DatasetStandard.objects.exists()
    assert client.get("/en/workspace/program/standards/tag/").status_code == 405


def test_a_processed_table_is_checked_on_the_directory_and_dataset_pages(client: Client,
                                                                        django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    capture, admin = django_capture_on_commit_callbacks, factory_admin()
    org = make_organization("transit")
    good = make_dataset(org, "bus-stops", files=())
    add_file(capture, admin, good, "stops.csv", STOPS)
    bad = make_dataset(org, "old-stops", files=())
    add_file(capture, admin, bad, "stops.csv", BAD_STOPS)
    hidden = make_dataset(org, "draft-stops", files=())
    add_file(capture, admin, hidden, "stops.csv", STOPS)
    for dataset in (good, bad):
        answer_questionnaire(dataset)  # the privacy gate's questionnaire (issue #5)
        catalog_services.publish_dataset(admin, dataset, acknowledge=True)
    for dataset in (good, bad, hidden):
        services.tag_dataset(admin, dataset, "gtfs", "stops")
    page = client.get("/en/program/standards/").content.decode()
    gtfs = page.split('id="standard-gtfs"', 1)[1].split("</section>", 1)[0]
    assert "Bus stops" in gtfs and "Conforms: 2 rows checked." in gtfs
    assert "Old stops" in gtfs and "Does not conform." in gtfs and "constraint-error" in gtfs
    assert "Draft stops" not in page  # a draft is not shown to the public
    dataset_page = client.get("/fr/datasets/bus-stops/").content.decode()
    assert "GTFS Schedule : conforme" in dataset_page
    assert "GTFS Schedule: does not conform" in client.get("/en/datasets/old-stops/").content.decode()
    # The processed table gives the catalogue's indicators real stars and dictionaries too.
    values = compute.compute_indicators()
    assert values["machine_readable"] == compute.Measure(100.0, 2, 2)
    assert values["described_schema"] == compute.Measure(100.0, 2, 2)


def test_the_directory_page_in_french_and_the_lead_form(client: Client) -> None:
    french = client.get("/fr/program/standards/").content.decode()
    assert "Normes de données" in french and "Les horaires de transport en commun" in french
    assert "Associer une norme" not in french
    client.force_login(factory_admin())
    assert "Associer une norme" in client.get("/fr/program/standards/").content.decode()
