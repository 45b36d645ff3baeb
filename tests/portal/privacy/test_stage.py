"""The pipeline stage of the privacy gate: recipes make the public copy; originals stay with staff (issue #5 §3)."""

from __future__ import annotations

import duckdb
import pytest
from django.test import Client

from tests.factories import make_dataset, make_user
from tests.portal.privacy.gate_data import COMPLAINTS_CSV, RAW_VALUES, add, answer_all
from trousse.portal.catalog import services as catalog
from trousse.portal.catalog.hooks import PublicationBlockedError
from trousse.portal.pipeline import queries as pipeline_queries
from trousse.portal.pipeline.models import PipelineRun
from trousse.portal.privacy import queries, services
from trousse.portal.privacy.models import Screen

pytestmark = pytest.mark.django_db

RECIPE = [
    {"op": "drop", "column": "courriel"},
    {"op": "mask", "column": "telephone"},
    {"op": "pseudonymize", "column": "id"},
    {"op": "generalize", "column": "ward", "to": "round", "decimals": 0},
]


def _text(field) -> str:  # type: ignore[no-untyped-def]
    with field.open("rb") as handle:
        return handle.read().decode("utf-8", "replace")


def _parquet_text(field) -> str:  # type: ignore[no-untyped-def]
    rows = duckdb.sql(f"SELECT * FROM read_parquet('{field.path}')").fetchall()
    return repr(rows)


def _body(response) -> str:  # type: ignore[no-untyped-def]
    return b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()


@pytest.fixture
def deidentified(org, steward, django_capture_on_commit_callbacks):
    dataset = make_dataset(org, "requests", files=())
    resource = add(django_capture_on_commit_callbacks, steward, dataset, "requests.csv", COMPLAINTS_CSV)
    assert queries.latest_screen(resource.current_version).status == Screen.Status.FOUND
    with django_capture_on_commit_callbacks(execute=True):
        services.save_recipe(steward, resource, {"": RECIPE})
    answer_all(steward, dataset)
    return dataset, resource


def test_a_recipe_makes_the_public_copy_and_keeps_the_original_private(deidentified, steward):
    dataset, resource = deidentified
    screen = queries.latest_screen(resource.current_version)
    assert screen.status == Screen.Status.CLEAN and screen.deidentified
    assert screen.original_tables[0]["status"] == "findings"  # what staff choose a recipe from
    assert screen.recipe == {"": RECIPE}
    table = pipeline_queries.tables_of_version(resource.current_version)[0]
    assert table.replaced and table.original_parquet.name
    public = _parquet_text(table.parquet) + _text(table.csv) + _text(table.json)
    for raw in RAW_VALUES:
        assert raw not in public
    assert "courriel" not in _text(table.csv).splitlines()[0]
    assert "613-555-0142" in _parquet_text(table.original_parquet)  # kept, privately
    run = PipelineRun.objects.filter(version=resource.current_version, status="succeeded").first()
    entry = run.report["tables"][0]
    assert [c["name"] for c in entry["profile"]["columns"]] == ["id", "ward", "telephone", "description"]
    assert "courriel" in [c["name"] for c in entry["original"]["profile"]["columns"]]
    assert "jean" not in repr(entry["schema"]) and "jean" not in repr(entry["profile"])

    dataset = catalog.submit_for_review(steward, dataset)
    published = catalog.approve_dataset(make_user("admin", admin=True), dataset)  # clean, low risk: no review
    assert published.status == "published"

    public_client = Client()
    latest = public_client.get(f"/files/{resource.pk}/latest")
    assert latest.status_code == 302 and latest["Location"].endswith("/derived/csv")
    copy = public_client.get(latest["Location"])
    assert copy.status_code == 200
    body = _body(copy)
    assert "telephone" in body and not any(raw in body for raw in RAW_VALUES)
    version = resource.current_version
    assert public_client.get(f"/files/{resource.pk}/v{version.number}/{version.filename}").status_code == 404
    search = public_client.get("/api/3/action/datastore_search", {"resource_id": resource.pk})
    assert search.status_code == 200 and not any(raw in search.content.decode() for raw in RAW_VALUES)
    assert "courriel" not in search.content.decode()

    staff = Client()
    staff.force_login(steward)
    original = staff.get(f"/files/{resource.pk}/v{version.number}/{version.filename}")
    assert original.status_code == 200 and "jean.tremblay@gmail.com" in _body(original)
    # Staff's copy of a private original must never be kept by a shared cache the public reads from.
    assert "public" not in original["Cache-Control"] and "private" in original["Cache-Control"]


def test_a_recipe_naming_a_missing_column_fails_closed(org, steward, django_capture_on_commit_callbacks):
    dataset = make_dataset(org, "requests", files=())
    resource = add(django_capture_on_commit_callbacks, steward, dataset, "requests.csv", COMPLAINTS_CSV)
    answer_all(steward, dataset)
    with django_capture_on_commit_callbacks(execute=True):
        services.save_recipe(steward, resource, {"": [{"op": "drop", "column": "courriel"}]})
    # The next refresh renames the column: the recipe no longer fits, nothing of it may go out.
    renamed = COMPLAINTS_CSV.replace("courriel", "email_address", 1)
    from tests.portal.privacy.gate_data import upload

    version = upload(django_capture_on_commit_callbacks, steward, resource, "requests.csv", renamed)
    run = pipeline_queries.latest_run_of_version(version)
    assert run.status == "failed" and run.error_code == "bad-recipe"
    assert "recette" in run.error_message_fr.lower()
    assert queries.latest_screen(version).status == Screen.Status.ERROR
    assert pipeline_queries.tables_of_version(version) == []
    resource.refresh_from_db()
    assert resource.current_version_id != version.pk or not pipeline_queries.tables_of_version(version)
    with pytest.raises(PublicationBlockedError):
        catalog.approve_dataset(make_user("admin", admin=True), catalog.submit_for_review(steward, dataset))


def test_a_screen_error_keeps_the_gate_closed(org, steward, settings, django_capture_on_commit_callbacks):
    dataset = make_dataset(org, "requests", files=())
    resource = add(django_capture_on_commit_callbacks, steward, dataset, "requests.csv", COMPLAINTS_CSV)
    answer_all(steward, dataset)
    # Quasi-identifiers naming a column the table does not have: the screen cannot measure the risk.
    with django_capture_on_commit_callbacks(execute=True):
        services.save_risk_settings(steward, resource, "requests", ["ward"], [])
    from trousse.portal.privacy.models import ResourcePrivacy

    ResourcePrivacy.objects.filter(resource=resource).update(quasi_identifiers={"requests": ["no_such_column"]})
    from tests.portal.privacy.gate_data import upload

    version = upload(django_capture_on_commit_callbacks, steward, resource, "requests.csv", COMPLAINTS_CSV)
    screen = queries.latest_screen(version)
    assert screen.status == Screen.Status.ERROR and screen.error_code == "missing-column"
    state = queries.dataset_privacy(dataset)
    assert "privacy-error" in [b.code for b in state.blockers]
    with pytest.raises(PublicationBlockedError) as refused:
        catalog.approve_dataset(make_user("admin", admin=True), catalog.submit_for_review(steward, dataset),
                                acknowledge=True)
    assert "privacy-error" in [b.code for b in refused.value.blockers]
