"""Format detection and dispatch: signatures first, names second."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from trousse.engine.tables.read import column_names, detect_format, read_tables, text_array
from trousse.engine.tables.source import TableReadError


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("a.csv", b"a,b\n1,2\n", "CSV"),
        ("a.tsv", b"a\tb\n", "TSV"),
        ("notes.txt", b"a|b\n", "TXT"),
        ("noext", b"a;b\n1;2\n", "CSV"),
        ("a.json", b'[{"a": 1}]', "JSON"),
        ("a.data", b'\xef\xbb\xbf  [{"a": 1}]', "JSON"),
        ("a.jsonl", b'{"a": 1}\n', "NDJSON"),
        ("a.json", b'{"type": "FeatureCollection", "features": []}', "GEOJSON"),
        ("a.geojson", b'{"type": "FeatureCollection", "features": []}', "GEOJSON"),
        ("a.bin", b"\x00\x01\x02junk", "UNKNOWN"),
        ("a.db", b"SQLite format 3\x00" + bytes(100), "UNKNOWN"),
        ("a.gpkg", b"SQLite format 3\x00" + bytes(52) + b"GPKG" + bytes(40), "GPKG"),
        ("a.csv", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "XLS"),
    ],
)
def test_detect_format(tmp_path, name, content, code):
    path = tmp_path / name
    path.write_bytes(content)
    assert detect_format(path) == code


def test_parquet_signature_beats_the_name(tmp_path):
    path = tmp_path / "data.csv"
    pq.write_table(pa.table({"a": [1]}), path)
    assert detect_format(path) == "PARQUET"


def test_unsupported_and_empty(tmp_path):
    junk = tmp_path / "a.bin"
    junk.write_bytes(b"\x00\x01junk")
    with pytest.raises(TableReadError) as error:
        read_tables(junk, tmp_path / "w")
    assert error.value.code == "unsupported-format" and error.value.message.fr
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    with pytest.raises(TableReadError) as error:
        read_tables(empty, tmp_path / "w")
    assert error.value.code == "empty-file"


def test_column_names_follow_frictionless():
    names, problems = column_names(["id", "", "id", "__row", "id2"])
    assert names == ["id", "field2", "id_2", "__row_2", "id2"]
    assert sorted((p.type, p.count) for p in problems) == [("blank-label", 1), ("duplicate-label", 1)]


def test_text_array_writes_values_as_people_do():
    assert text_array(pa.array([1.0, 2.5, 123456789012.0, None])).to_pylist() == ["1", "2.5", "123456789012", None]
    assert text_array(pa.array([True, False])).to_pylist() == ["true", "false"]
    assert text_array(pa.array([b"\x01\xff"])).to_pylist() == ["01ff"]
