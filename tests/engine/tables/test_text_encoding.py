"""Encoding detection and transcoding: BOMs, whole-file UTF-8 validation, cp1252 vs Latin-1, mixed files."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from trousse.engine.tables import text_encoding
from trousse.engine.tables.source import TableReadError
from trousse.engine.tables.text_encoding import LineScan, detect_encoding, transcode_to_utf8

TOWNS = "ville\nRivière-du-Loup\nSaint-Jérôme\nLévis\nTrois-Rivières\n"


def _roundtrip(path: Path, workdir: Path) -> tuple[str, str]:
    report = detect_encoding(path)
    if report.needs_transcoding:
        text = transcode_to_utf8(path, workdir, report, 10**9).read_bytes().decode("utf-8")
    else:
        text = path.read_bytes().decode("utf-8-sig")
    return report.encoding, text


@pytest.mark.parametrize(
    ("encoded", "expected"),
    [
        (TOWNS.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TOWNS.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + TOWNS.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + TOWNS.encode("utf-16-be"), "utf-16-be"),
        (TOWNS.encode("utf-16-le"), "utf-16-le"),
        (TOWNS.encode("utf-16-be"), "utf-16-be"),
        # Only cp1252 has ’ and €: bytes 0x92 and 0x80 decide it.
        ((TOWNS + "l’église,5 €\n").encode("cp1252"), "cp1252"),
        (TOWNS.encode("latin-1"), "latin-1"),
        # 0x81 is undefined in cp1252, so a C1 control byte means Latin-1.
        (TOWNS.encode("latin-1") + b"x\x81y\n", "latin-1"),
    ],
)
def test_detects_and_keeps_french_names(tmp_path: Path, encoded: bytes, expected: str) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(encoded)
    encoding, text = _roundtrip(path, tmp_path)
    assert encoding == expected
    assert "Rivière-du-Loup" in text and "Saint-Jérôme" in text
    assert not text.startswith("\ufeff")


def test_validates_utf8_across_chunk_boundaries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tiny chunks cut every multi-byte sequence somewhere: the file is still valid UTF-8.
    monkeypatch.setattr(text_encoding, "CHUNK_BYTES", 3)
    path = tmp_path / "f.csv"
    path.write_bytes((TOWNS * 5).encode("utf-8"))
    assert detect_encoding(path).encoding == "utf-8"
    assert not detect_encoding(path).mixed


def test_invalid_byte_late_in_a_large_file_is_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(text_encoding, "CHUNK_BYTES", 1024)
    path = tmp_path / "f.csv"
    path.write_bytes(("Québec\n" * 2000).encode("utf-8") + "Lévis\n".encode("cp1252"))
    report = detect_encoding(path)
    assert report.mixed and report.bad_bytes == 1 and report.bad_lines == [2001]


def test_mixed_file_is_repaired_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(
        "ville\nRivière-du-Loup\n".encode()
        + "Saint-Jérôme\n".encode("cp1252")
        + "Québec\n".encode()
        + "Lévis, l’île\n".encode("cp1252")
    )
    report = detect_encoding(path)
    assert (report.encoding, report.mixed, report.bad_bytes, report.bad_lines) == ("utf-8", True, 5, [3, 5])
    text = transcode_to_utf8(path, tmp_path, report, 10**9).read_text(encoding="utf-8")
    assert text == "ville\nRivière-du-Loup\nSaint-Jérôme\nQuébec\nLévis, l’île\n"


@pytest.mark.parametrize("content", [b"", b"\n\n  \r\n", codecs.BOM_UTF8, codecs.BOM_UTF16_LE])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(content)
    with pytest.raises(TableReadError) as caught:
        detect_encoding(path)
    assert caught.value.code == "empty-file"
    assert caught.value.message.fr == "Le fichier est vide."


@pytest.mark.parametrize(
    "content",
    [
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00" * 50,  # an XLSX renamed .csv
        bytes(range(256)) * 40,
        b"\x89PNG\r\n\x1a\n" + bytes([1, 2, 3, 4, 5, 6, 7, 8]) * 300,
    ],
)
def test_binary_junk_is_not_text(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(content)
    with pytest.raises(TableReadError) as caught:
        detect_encoding(path)
    assert caught.value.code == "not-text"
    assert caught.value.message.en and caught.value.message.fr


@pytest.mark.parametrize(
    ("chunks", "found"),
    [
        ([b"a\n", b"\nb"], True),
        ([b"a\r", b"\n\r\nb"], True),
        ([b"a\n\r", b"\nb"], True),
        ([b"a\nb\r\n", b"c\n"], False),
        ([b"a\n", b"b\n", b"\n", b"c"], True),
        ([b"a\n", b"\n", b"\n"], False),  # empty lines only at the end: counted, not "inner"
    ],
)
def test_blank_line_finder_sees_lines_cut_by_chunks(chunks: list[bytes], found: bool) -> None:
    scan = LineScan()
    for chunk in chunks:
        scan.feed(chunk)
    assert scan.has_blank_lines is found


@pytest.mark.parametrize(
    ("chunks", "trailing"),
    [
        ([b"a\nb\n"], 0),
        ([b"a\nb"], 0),
        ([b"a\nb\n\n"], 1),
        ([b"a\r\n", b"\r\n", b"\r\n"], 2),
        ([b"a\n\nb\n\n"], 1),
    ],
)
def test_line_scan_counts_empty_lines_at_the_end(chunks: list[bytes], trailing: int) -> None:
    scan = LineScan()
    for chunk in chunks:
        scan.feed(chunk)
    assert scan.trailing_blank_lines == trailing


def test_line_scan_measures_lines_cut_by_chunks() -> None:
    scan = LineScan()
    for chunk in [b"a,b\nxxxx", b"xxxxxxxx", b"xx,1\nshort\n", b"yyy"]:
        scan.feed(chunk)
    assert scan.longest_line == 16  # "xxxx" + "xxxxxxxx" + "xx,1"


FRENCH = st.sampled_from(
    ["Rivière-du-Loup", "Saint-Jérôme", "Québec", "Lévis", "été", "hôpital", "Œuvre", "façade", "123", "12,5"]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    lines=st.lists(st.lists(FRENCH, min_size=1, max_size=4), min_size=1, max_size=20),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"]),
)
def test_any_french_text_survives_detection_and_transcoding(
    tmp_path: Path, lines: list[list[str]], encoding: str
) -> None:
    text = "".join(";".join(cells) + "\n" for cells in lines)
    assume(encoding != "latin-1" or "Œ" not in text)  # Œ exists in cp1252, not in Latin-1
    path = tmp_path / "h.csv"
    path.write_bytes(text.encode(encoding))
    found, decoded = _roundtrip(path, tmp_path)
    assert decoded == text
    if encoding in ("utf-8", "utf-8-sig", "utf-16"):
        assert found.startswith(encoding)
