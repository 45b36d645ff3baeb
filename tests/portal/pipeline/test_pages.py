"""The pipeline's pages: the public resource panel, the validation report, the steward's forms (issue #3)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import Client, TestCase, override_settings

from tests.factories import (
    answer_questionnaire,
    factory_admin,
    make_dataset,
    make_organization,
    make_user,
    shared_savepoint,
)
from tests.portal.pipeline.conftest import IMMEDIATE
from tests.portal.pipeline.helpers import BAD_CSV, add_file, upload
from trousse.portal.catalog import services
from trousse.portal.catalog.hooks import register_resource_panel, unregister_resource_panel
from trousse.portal.catalog.models import Dataset, Organization, Resource
from trousse.portal.core.models import AuditEvent, User
from trousse.portal.pipeline import queries
from trousse.portal.pipeline import services as pipeline
from trousse.portal.pipeline.models import ErrorAcknowledgement, ResourceSettings

pytestmark = pytest.mark.django_db

PASSWORD = "a long enough password"
SEMICOLON_CSV = "code;montant\n1;15\n2;22\n3;x\n"
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # as tests/conftest.py's, for class fixtures


@pytest.fixture
def org():
    return make_organization("works")


@pytest.fixture
def editor(org):
    return make_user("ed", role="editor", organization=org, password=PASSWORD)


@pytest.fixture
def staff_client(editor):
    client = Client()
    client.force_login(editor)
    return client

@pytest.fixture(scope="class")
def ditches_ids(shared_data: Path) -> Iterator[dict[str, int]]:
    """An editor's draft with a CSV that has structural errors, processed at once: built once for a class's tests."""
    with shared_savepoint(), override_settings(TASKS=IMMEDIATE, PASSWORD_HASHERS=FAST_HASHERS):
        org = make_organization("works")
        editor = make_user("ed", role="editor", organization=org, password=PASSWORD)
        dataset = make_dataset(org, "ditches", files=())
        answer_questionnaire(dataset)  # the privacy gate's questionnaire (issue #5)
        resource = add_file(TestCase.captureOnCommitCallbacks, editor, dataset, "ditches.csv", BAD_CSV)
        yield {"org": org.pk, "editor": editor.pk, "dataset": dataset.pk, "resource": resource.pk}


def _publish(editor, dataset, resource):
    pipeline.acknowledge_errors(editor, resource.current_version, "Known duplicate column.")
    return services.publish_dataset(factory_admin(), dataset)


class TestDitches:
    """The pages of one processed draft, shared by the class (each test's changes are undone after it)."""

    @pytest.fixture
    def media_root(self, shared_data: Path, settings) -> Path:  # type: ignore[no-untyped-def]
        """Read the class's stored files (the upload and its derived copies) from the shared folder."""
        settings.MEDIA_ROOT = str(shared_data)
        return shared_data

    @pytest.fixture
    def org(self, ditches_ids: dict[str, int]) -> Organization:
        return Organization.objects.get(pk=ditches_ids["org"])

    @pytest.fixture
    def editor(self, ditches_ids: dict[str, int]) -> User:
        return User.objects.get(pk=ditches_ids["editor"])

    @pytest.fixture
    def ditches(self, ditches_ids: dict[str, int]) -> tuple[Dataset, Resource]:
        """The draft and its file resource, read afresh for each test."""
        return Dataset.objects.get(pk=ditches_ids["dataset"]), Resource.objects.get(pk=ditches_ids["resource"])

    def test_public_resource_page_shows_status_dictionary_downloads_and_openness(self, ditches, editor):
        dataset, resource = ditches
        pipeline.update_data_dictionary(editor, resource, {"id": {"title_en": "Ditch number", "unit": "n°"},
                                                           "name": {"title_fr": "Nom du fossé"}})
        _publish(editor, dataset, resource)
        page = Client().get(f"/en/datasets/ditches/resources/{resource.pk}/")
        html = page.content.decode()
        assert page.status_code == 200
        assert "Data dictionary" in html and "Ditch number" in html and "n°" in html
        assert 'lang="fr">Nom du fossé</span> <span class="fallback">(French only)' in html
        assert "4 errors" in html and "(acknowledged by the data steward)" in html
        assert f"/files/{resource.pk}/v1/derived/csv" in html and f"/files/{resource.pk}/v1/derived/xlsx" in html
        assert "3 stars out of 5" in html and "open, non-proprietary format" in html
        assert f"/en/datasets/ditches/resources/{resource.pk}/validation/" in html
        listing = Client().get("/en/datasets/ditches/").content.decode()
        assert "pipeline-badge pipeline-errors" in listing and "4 errors" in listing

        french = Client().get(f"/fr/datasets/ditches/resources/{resource.pk}/").content.decode()
        assert "Dictionnaire de données" in french and "4 erreurs" in french
        assert 'lang="en">Ditch number</span> <span class="fallback">(en anglais seulement)' in french

    def test_report_page_counts_problems_and_follows_the_dataset_permissions(self, ditches, editor, staff_client):
        dataset, resource = ditches
        url = f"/en/datasets/ditches/resources/{resource.pk}/validation/"
        assert Client().get(url).status_code == 404  # a draft's report is not public
        staff = staff_client.get(url)
        assert staff.status_code == 200
        html = staff.content.decode()
        for text in ("Problems by type", "Duplicate header", "duplicate-label", "Extra cell", "Blank row",
                     "Errors by field, with the first examples", "row 2, column 4"):
            assert text in html, text
        assert "<caption" in html and 'scope="col"' in html
        _publish(editor, dataset, resource)
        public = Client().get(url)
        assert public.status_code == 200 and "Blank row" in public.content.decode()
        french = Client().get(f"/fr/datasets/ditches/resources/{resource.pk}/validation/").content.decode()
        assert "Rapport de validation" in french and "Ligne vide" in french

    def test_manage_page_shows_run_status_blockers_and_the_acknowledgement_form(self, ditches, editor, staff_client):
        _, resource = ditches
        manage = staff_client.get("/en/workspace/datasets/ditches/").content.decode()
        assert "Processing of version 1" in manage and "4 errors" in manage
        assert "Before this dataset can be published" in manage
        ack_url = f"/en/workspace/pipeline/resources/{resource.pk}/acknowledge/"
        assert ack_url in manage and "Process again" in manage

        empty = staff_client.post(ack_url, {"comment": "  "})
        assert empty.status_code == 400 and "a comment is required" in empty.content.decode()
        assert not ErrorAcknowledgement.objects.exists()
        done = staff_client.post(ack_url, {"comment": "The duplicate column is known."})
        assert done.status_code == 302
        assert AuditEvent.objects.filter(action="pipeline.acknowledge_errors").exists()
        manage = staff_client.get("/en/workspace/datasets/ditches/").content.decode()
        assert "Before this dataset can be published" not in manage and "The duplicate column is known." in manage
        assert staff_client.get(f"/fr/workspace/pipeline/resources/{resource.pk}/acknowledge/").status_code == 200

    def test_a_running_version_shows_progress_that_works_without_javascript(self, ditches, staff_client):
        _, resource = ditches
        run = queries.latest_run(resource)
        type(run).objects.filter(pk=run.pk).update(status="running", stage="validate", progress=42)
        html = staff_client.get("/en/workspace/datasets/ditches/").content.decode()
        assert '<progress id="progress-' in html and 'value="42"' in html and "Validating: 42 %" in html
        assert 'aria-live="polite"' in html and "/static/pipeline/progress.js" in html and "Refresh" in html
        assert f"/en/workspace/pipeline/runs/{run.pk}.json" in html
        assert "<script>" not in html  # the CSP forbids inline scripts

    def test_process_again_queues_a_new_run(self, ditches, staff_client, django_capture_on_commit_callbacks):
        _, resource = ditches
        first = queries.latest_run(resource)
        with django_capture_on_commit_callbacks(execute=True):
            response = staff_client.post(f"/en/workspace/pipeline/resources/{resource.pk}/process-again/")
        assert response.status_code == 302
        assert queries.latest_run(resource).pk != first.pk

    def test_other_staff_and_visitors_cannot_use_the_forms(self, ditches):
        _, resource = ditches
        outsider = make_user("out", role="editor", organization=make_organization("parks"))
        client = Client()
        assert client.get(f"/en/workspace/pipeline/resources/{resource.pk}/schema/").status_code == 302  # log in
        client.force_login(outsider)
        assert client.get(f"/en/workspace/pipeline/resources/{resource.pk}/schema/").status_code in (403, 404)

    def test_a_failing_panel_does_not_break_the_page(self, ditches, editor):
        dataset, resource = ditches
        _publish(editor, dataset, resource)

        def broken(request, dataset, resource, *, staff):
            raise RuntimeError("boom")

        register_resource_panel(broken)
        try:
            assert Client().get(f"/en/datasets/ditches/resources/{resource.pk}/").status_code == 200
        finally:
            unregister_resource_panel(broken)

    def test_run_status_json_is_what_the_progress_script_reads(self, ditches, staff_client):
        _, resource = ditches
        run = queries.latest_run(resource)
        data = json.loads(staff_client.get(f"/en/workspace/pipeline/runs/{run.pk}.json").content)
        assert {"status", "stage", "progress", "error_count", "error"} <= set(data)


def test_pinned_read_options_schema_and_dictionary_apply_to_the_next_upload(
        org, editor, staff_client, django_capture_on_commit_callbacks):
    dataset = make_dataset(org, "amounts", files=())
    answer_questionnaire(dataset)  # the privacy gate's questionnaire (issue #5)
    resource = add_file(django_capture_on_commit_callbacks, editor, dataset, "amounts.csv", SEMICOLON_CSV)
    base = f"/en/workspace/pipeline/resources/{resource.pk}"
    assert staff_client.get(f"{base}/read-settings/").status_code == 200
    response = staff_client.post(f"{base}/read-settings/", {
        "encoding": "utf-8", "delimiter": ";", "decimal": ",", "thousands": "none", "header_row": "1"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert ResourceSettings.objects.get(resource=resource).read_options == {
        "encoding": "utf-8", "delimiter": ";", "decimal": ",", "thousands": "", "header_row": 1}

    form = staff_client.get(f"{base}/schema/")
    assert form.status_code == 200 and 'name="field-0-type"' in form.content.decode()
    response = staff_client.post(f"{base}/schema/", {
        "use": "fields", "field-TOTAL_FORMS": "2", "field-INITIAL_FORMS": "2",
        "field-0-name": "code", "field-0-type": "integer", "field-0-required": "on", "field-0-unique": "on",
        "field-1-name": "montant", "field-1-type": "integer", "field-1-minimum": "0", "field-1-maximum": "100"})
    assert response.status_code == 302, response.content.decode()[:3000]
    pinned = ResourceSettings.objects.get(resource=resource).table_schema
    assert [f["type"] for f in pinned["fields"]] == ["integer", "integer"]
    assert pinned["fields"][1]["constraints"] == {"minimum": 0, "maximum": 100}
    bad = staff_client.post(f"{base}/schema/", {"use": "json", "schema": "{not json"})
    assert bad.status_code == 400 and "not valid JSON" in bad.content.decode()

    response = staff_client.post(f"{base}/dictionary/", {"c0_title_en": "Code", "c0_title_fr": "Code",
                                                         "c1_title_fr": "Montant", "c1_unit": "$"})
    assert response.status_code == 302
    assert ResourceSettings.objects.get(resource=resource).data_dictionary["montant"] == {
        "title_fr": "Montant", "unit": "$"}

    upload(django_capture_on_commit_callbacks, editor, resource, "amounts.csv", SEMICOLON_CSV + "4;150\n")
    run = queries.latest_run(resource)
    assert run.version.number == 2 and run.status == "succeeded"
    assert run.report["read_options"]["delimiter"] == ";" and run.report["schema_pinned"] is True
    counts = run.report["tables"][0]["validation"]["counts"]
    assert counts == {"type-error": 1, "constraint-error": 1}, counts  # "x" is no number; 150 > 100
    french = staff_client.get(f"/fr/workspace/pipeline/resources/{resource.pk}/schema/")
    assert french.status_code == 200 and "Schéma" in french.content.decode()
    assert staff_client.get(f"/fr/workspace/pipeline/resources/{resource.pk}/dictionary/").status_code == 200
