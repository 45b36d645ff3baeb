"""Parquet files staged with every column as text."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pyarrow.parquet as pq

from trousse.engine.tables.read import read_tables
from trousse.engine.tables.source import ROW_NUMBER


def test_parquet_columns_become_text(tmp_path):
    path = tmp_path / "compteurs.parquet"
    pq.write_table(pa.table({
        "id": pa.array([1, 2], pa.int64()),
        "vitesse": [1.5, None],
        "actif": [True, False],
        "quand": [dt.datetime(2024, 5, 1, 8, 30), dt.datetime(2024, 5, 2)],
        "tags": [["a"], []],
    }), path)
    table = read_tables(path, tmp_path / "w")[0]
    assert table.source_format == "PARQUET" and table.row_count == 2
    assert table.columns == ["id", "vitesse", "actif", "quand", "tags"]
    assert pq.read_table(table.parquet).to_pylist() == [
        {ROW_NUMBER: 1, "id": "1", "vitesse": "1.5", "actif": "true", "quand": "2024-05-01T08:30:00", "tags": '["a"]'},
        {ROW_NUMBER: 2, "id": "2", "vitesse": None, "actif": "false", "quand": "2024-05-02T00:00:00", "tags": "[]"},
    ]
