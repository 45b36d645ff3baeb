"""Safe ZIP handling: path traversal, zip bombs and extraction confined to the work directory."""

from __future__ import annotations

import zipfile

import pytest

from trousse.engine.tables.archive import extract_zip
from trousse.engine.tables.read import read_tables
from trousse.engine.tables.source import ReadLimits, TableReadError

SMALL = ReadLimits(max_expanded_bytes=1024 * 1024)


def test_zip_bomb_is_refused(tmp_path):
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.csv", b"\0" * (8 * 1024 * 1024))
    assert bomb.stat().st_size < 64 * 1024
    with pytest.raises(TableReadError) as error:
        read_tables(bomb, tmp_path / "w", limits=SMALL)
    assert error.value.code == "zip-bomb"
    assert not any((tmp_path / "w").rglob("data.csv"))


def test_lying_sizes_are_caught_while_extracting(tmp_path):
    bomb = tmp_path / "liar.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.csv", b"x," * (1024 * 1024))
    # Rewrite the declared size in the central directory to look harmless.
    data = bytearray(bomb.read_bytes())
    central = data.rindex(b"PK\x01\x02")
    data[central + 24:central + 28] = (100).to_bytes(4, "little")
    bomb.write_bytes(bytes(data))
    with pytest.raises(TableReadError) as error:
        extract_zip(bomb, tmp_path / "out", ReadLimits(max_expanded_bytes=64 * 1024))
    assert error.value.code in ("zip-bomb", "corrupt-file")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("name", ["../evil.csv", "/etc/evil.csv", "a/../../evil.csv", "C:/evil.csv"])
def test_path_traversal_is_refused(tmp_path, name):
    archive_path = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive_path, "w") as archive:
        archive.writestr(zipfile.ZipInfo(name), "a,b\n1,2\n")
    with pytest.raises(TableReadError) as error:
        extract_zip(archive_path, tmp_path / "out", SMALL)
    assert error.value.code == "unsafe-archive"
    assert not (tmp_path / "evil.csv").exists()


def test_extraction_stays_in_target_and_skips_clutter(tmp_path):
    archive_path = tmp_path / "ok.zip"
    with zipfile.ZipFile(archive_path, "w") as archive:
        archive.writestr("dossier/data.json", '[{"a": 1}]')
        archive.writestr("__MACOSX/dossier/._data.json", "junk")
    members = extract_zip(archive_path, tmp_path / "out", SMALL)
    assert members == [tmp_path / "out" / "dossier" / "data.json"]


def test_plain_zip_with_one_json_file_is_read(tmp_path):
    archive_path = tmp_path / "export.zip"
    with zipfile.ZipFile(archive_path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("export/arbres.json", '[{"id": 1}, {"id": 2}]')
    tables = read_tables(archive_path, tmp_path / "w")
    assert [(t.name, t.source_format, t.row_count) for t in tables] == [("arbres", "JSON", 2)]


def test_plain_zip_with_one_csv_file_is_read(tmp_path):
    pytest.importorskip("trousse.engine.tables.csv_reader")
    archive_path = tmp_path / "export.zip"
    with zipfile.ZipFile(archive_path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("permis.csv", "id,ville\n1,Lévis\n")
    tables = read_tables(archive_path, tmp_path / "w")
    assert [(t.name, t.row_count) for t in tables] == [("permis", 1)]
