"""The pipeline provides each resource's processed tables to other apps through catalog.hooks."""

from __future__ import annotations

import pyarrow.parquet as pq
import pytest

from tests.factories import make_dataset, make_organization, make_user
from tests.portal.pipeline.helpers import BAD_CSV, GOOD_CSV, add_file, upload
from trousse.portal.catalog import hooks
from trousse.portal.pipeline.models import ResourceSettings

pytestmark = pytest.mark.django_db


def test_current_version_tables_with_schema_dictionary_and_parquet(django_capture_on_commit_callbacks):
    org = make_organization("works")
    editor = make_user("ed", role="editor", organization=org)
    dataset = make_dataset(org, "roads", files=())
    capture = django_capture_on_commit_callbacks
    first = add_file(capture, editor, dataset, "roads.csv", GOOD_CSV)
    link = add_file(capture, editor, dataset, "notes.txt", b"\x00\x01\x02 not a table")

    tables = hooks.resource_tables([first, link])
    assert link.pk not in tables  # a failed run provides nothing
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
