"""The pipeline provides each resource's processed tables to other apps through catalog.hooks."""

from __future__ import annotations

import pyarrow.parquet as pq
import pytest

from tests.factories import make_dataset, make_organization, make_user
from tests.portal.pipeline.helpers import BAD_CSV, GOOD_CSV, add_file, upload
from trousse.portal.catalog import hooks
from trousse.portal.pipeline.models import PipelineRun, ResourceSettings, TableResult

pytestmark = pytest.mark.django_db


@pytest.fixture
def roads(django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """An editor, their draft dataset and the on-commit capture that runs the pipeline."""
    org = make_organization("works")
    editor = make_user("ed", role="editor", organization=org)
    return editor, make_dataset(org, "roads", files=()), django_capture_on_commit_callbacks


def test_current_version_tables_with_schema_dictionary_and_parquet(roads):
    editor, dataset, capture = roads
    first = add_file(capture, editor, dataset, "roads.csv", GOOD_CSV)
    link = add_file(capture, editor, dataset, "notes.txt", b"\x00\x01\x02 not a table")

    tables = hooks.resource_tables([first, link])
    assert link.pk not in tables  # a failed run provides nothing
    assert_presence_agrees([first, link])
    (table,) = tables[first.pk]
    assert (table.version, table.position, table.row_count, table.valid) == (1, 1, 3, True)
    assert table.columns == ["id", "name", "amount"]
    with table.parquet.open("rb") as fh:
        assert pq.read_table(fh).num_rows == 3
    assert table.dictionary == {} and not table.geographic

    ResourceSettings.objects.update_or_create(resource=first, defaults={
        "data_dictionary": {"amount": {"title_en": "Amount", "title_fr": "Montant"}},
        "table_schema": {"fields": [{"name": "id", "type": "integer"}, {"name": "name", "type": "string"},
                                    {"name": "amount", "type": "number"}]}})
    table = hooks.resource_table(first)
    assert table is not None and table.dictionary["amount"]["title_fr"] == "Montant"
    assert [f["type"] for f in table.schema["fields"]] == ["integer", "string", "number"]

    # A new version that fails to process leaves the previous one current: readers keep its tables.
    first.refresh_from_db()
    upload(capture, editor, first, "roads.csv", b"\x00\xff\xfe binary junk")
    first.refresh_from_db()
    table = hooks.resource_table(first)
    assert table is not None and table.version == 1
    upload(capture, editor, first, "roads.csv", BAD_CSV)
    first.refresh_from_db()
    table = hooks.resource_table(first)
    assert table is not None and table.version == 3 and table.valid is False
    assert_presence_agrees([first, link])


def assert_presence_agrees(resources) -> None:  # type: ignore[no-untyped-def]
    """The cheap presence check (CKAN's datastore_active) names exactly the resources with tables."""
    with_tables = {rid for rid, tables in hooks.resource_tables(resources).items() if tables}
    assert hooks.resources_with_tables(resources) == with_tables
    assert with_tables  # the comparison means something only when some resource has a table


def test_presence_follows_the_current_version_and_its_newest_successful_run(roads):
    editor, dataset, capture = roads
    table_file = add_file(capture, editor, dataset, "roads.csv", GOOD_CSV)
    other = add_file(capture, editor, dataset, "more.csv", GOOD_CSV)
    assert hooks.resources_with_tables([table_file, other]) == {table_file.pk, other.pk}
    assert hooks.resources_with_tables([other]) == {other.pk}  # only the resources asked about
    # The newest successful run of the current version decides: one that left no table hides the older one's.
    run = PipelineRun.objects.filter(version=other.current_version).latest("created")
    newer = PipelineRun.objects.create(version=other.current_version, status=PipelineRun.Status.SUCCEEDED)
    assert hooks.resources_with_tables([table_file, other]) == {table_file.pk}
    assert hooks.resource_tables([other]) == {}
    newer.delete()
    TableResult.objects.filter(run=run).update(parquet="")
    assert hooks.resources_with_tables([table_file, other]) == {table_file.pk}
