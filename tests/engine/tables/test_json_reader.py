"""JSON arrays and NDJSON staged as text cells, keys in first-seen order."""

from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest

from trousse.engine.tables.read import read_tables
from trousse.engine.tables.source import ROW_NUMBER, TableReadError


def test_json_array_unions_keys_and_keeps_values_as_written(tmp_path):
    path = tmp_path / "arbres.json"
    path.write_text(
        '[{"id": 1, "nom": "Érable", "hauteur": 12.50, "vivant": true},\n'
        ' {"id": 2, "tags": ["a", "b"], "lieu": {"rue": "Principale"}, "nom": null},\n'
        ' {"id": 3, "a.b": "dot", "": "blank"}]',
        encoding="utf-8",
    )
    table = read_tables(path, tmp_path / "w")[0]
    assert table.source_format == "JSON" and table.row_count == 3
    assert table.labels == ["id", "nom", "hauteur", "vivant", "tags", "lieu", "a.b", ""]
    assert table.columns[-1] == "field8"
    assert [p.type for p in table.problems] == ["blank-label"]
    rows = pq.read_table(table.parquet).to_pylist()
    assert rows[0] == {ROW_NUMBER: 1, "id": "1", "nom": "Érable", "hauteur": "12.5", "vivant": "true",
                       "tags": None, "lieu": None, "a.b": None, "field8": None}
    assert rows[1]["tags"] == '["a","b"]' and json.loads(rows[1]["lieu"]) == {"rue": "Principale"}
    assert rows[1]["nom"] is None
    assert rows[2][ROW_NUMBER] == 3 and rows[2]["a.b"] == "dot" and rows[2]["field8"] == "blank"


def test_ndjson_row_number_is_the_line_number(tmp_path):
    path = tmp_path / "requetes.ndjson"
    path.write_text('{"id": 1, "type": "nid-de-poule"}\n\n{"id": 2, "quartier": "Vieux-Québec"}\n', encoding="utf-8")
    table = read_tables(path, tmp_path / "w")[0]
    assert table.source_format == "NDJSON" and table.labels == ["id", "type", "quartier"]
    assert pq.read_table(table.parquet).to_pylist() == [
        {ROW_NUMBER: 1, "id": "1", "type": "nid-de-poule", "quartier": None},
        {ROW_NUMBER: 3, "id": "2", "type": None, "quartier": "Vieux-Québec"},
    ]


def test_ndjson_detected_by_content(tmp_path):
    path = tmp_path / "lines.json"
    path.write_text('{"a": 1}\n{"a": 2}\n{"a": 3}\n', encoding="utf-8")
    assert read_tables(path, tmp_path / "w")[0].source_format == "NDJSON"


def test_row_numbers_follow_the_source_order_on_many_records(tmp_path):
    path = tmp_path / "big.json"
    path.write_text(json.dumps([{"n": i} for i in range(1, 200_001)]), encoding="utf-8")
    table = read_tables(path, tmp_path / "w")[0]
    data = pq.read_table(table.parquet)
    assert data.column(ROW_NUMBER).to_pylist() == [int(v) for v in data.column("n").to_pylist()]


@pytest.mark.parametrize(
    ("name", "text", "code"),
    [
        ("scalars.json", "[1, 2, 3]", "not-a-table"),
        # An envelope is read only when exactly one property holds the records.
        ("two-lists.json", '{"a": [{"x": 1}], "b": [{"y": 2}]}', "not-a-table"),
        ("no-list.json", '{"a": 1, "b": [1, 2]}', "not-a-table"),
        ("broken.json", '[{"a": 1}, {"a": ', "invalid-json"),
        ("broken.ndjson", '{"a": 1}\n{"a": \n', "invalid-json"),
    ],
)
def test_bad_json(tmp_path, name, text, code):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TableReadError) as error:
        read_tables(path, tmp_path / "w")
    assert error.value.code == code


def test_an_api_envelope_with_one_list_of_records_is_read(tmp_path):
    path = tmp_path / "council.json"
    path.write_text(json.dumps({"term": ["2026-06-01", "2030-05-31"], "members": [
        {"id": "C01", "name": "Chantal Robichaud", "ward": None},
        {"id": "C02", "name": "Owen MacDonald", "ward": {"number": 1}},
    ]}), encoding="utf-8")
    (table,) = read_tables(path, tmp_path / "w")
    data = pq.read_table(table.parquet).to_pydict()
    assert table.columns == ["id", "name", "ward"]
    assert data["name"] == ["Chantal Robichaud", "Owen MacDonald"]
    assert data[ROW_NUMBER] == [1, 2]
    assert data["ward"] == [None, '{"number":1}']
