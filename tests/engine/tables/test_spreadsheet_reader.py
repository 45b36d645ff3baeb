"""Spreadsheet reading: XLSX, XLS and ODS sheets staged as text cells, with header detection."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import xlsxwriter

from trousse.engine.tables.read import read_tables
from trousse.engine.tables.source import ROW_NUMBER, ReadOptions, TableReadError


def write_xlsx(path: Path) -> Path:
    """Write a workbook with a merged title row, a blank row, a header, data and a blank row."""
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("Permis")
    sheet.merge_range("A1:E1", "Building permits 2024 / Permis de bâtir 2024")
    sheet.write_row(2, 0, ["id", "ville", "date", "montant", "actif"])
    date = workbook.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_number(3, 0, 1)
    sheet.write_string(3, 1, "Rivière-du-Loup")
    sheet.write_datetime(3, 2, dt.datetime(2024, 1, 5), date)
    sheet.write_number(3, 3, 1250.5)
    sheet.write_boolean(3, 4, True)
    # Row 5 is left blank on purpose.
    sheet.write_number(5, 0, 2)
    sheet.write_string(5, 1, "Saint-Jérôme")
    sheet.write_datetime(5, 2, dt.datetime(2024, 2, 29, 13, 45), workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"}))
    sheet.write_number(5, 3, 3000)
    sheet.write_boolean(5, 4, False)
    other = workbook.add_worksheet("Labels")
    other.write_row(0, 0, ["code", "code", "", "nom"])
    other.write_row(1, 0, ["A", "B", "x", "Lévis"])
    workbook.close()
    return path


def write_xls(path: Path) -> Path:
    """Write an Excel 97-2003 workbook with xlwt (a test-only dependency)."""
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Arbres")
    for col, label in enumerate(["id", "essence", "hauteur"]):
        sheet.write(0, col, label)
    sheet.write(1, 0, 1)
    sheet.write(1, 1, "Érable à sucre")
    sheet.write(1, 2, 12.5)
    sheet.write(2, 0, 2)
    sheet.write(2, 1, "Bouleau")
    sheet.write(2, 2, 8)
    book.save(str(path))
    return path


ODS_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
 <office:body><office:spreadsheet>
  <table:table table:name="Parcs">
   <table:table-row><table:table-cell office:value-type="string"><text:p>nom</text:p></table:table-cell>
    <table:table-cell office:value-type="string"><text:p>superficie</text:p></table:table-cell>
    <table:table-cell office:value-type="string"><text:p>ouvert</text:p></table:table-cell></table:table-row>
   <table:table-row><table:table-cell office:value-type="string"><text:p>Parc Jean-Drapeau</text:p></table:table-cell>
    <table:table-cell office:value-type="float" office:value="268"><text:p>268</text:p></table:table-cell>
    <table:table-cell office:value-type="date" office:date-value="2024-06-24"><text:p>2024-06-24</text:p></table:table-cell></table:table-row>
  </table:table>
 </office:spreadsheet></office:body>
</office:document-content>
"""


def write_ods(path: Path) -> Path:
    """Write a minimal OpenDocument spreadsheet by zipping its XML parts."""
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        # The mimetype entry must come first and be stored uncompressed.
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
        # calamine rejects whitespace between cells, as office suites never write any.
        content = re.sub(r">\s+<", "><", ODS_CONTENT)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return path


def rows(table) -> list[dict]:
    return pq.read_table(table.parquet).to_pylist()


def test_xlsx_skips_title_rows_and_stages_text_cells(tmp_path):
    tables = read_tables(write_xlsx(tmp_path / "permis.xlsx"), tmp_path / "work")
    permis = tables[0]
    assert [t.name for t in tables] == ["Permis", "Labels"]
    assert permis.source_format == "XLSX"
    assert permis.labels == ["id", "ville", "date", "montant", "actif"]
    assert permis.row_count == 2
    assert rows(permis) == [
        {ROW_NUMBER: 4, "id": "1", "ville": "Rivière-du-Loup", "date": "2024-01-05", "montant": "1250.5", "actif": "true"},
        {ROW_NUMBER: 6, "id": "2", "ville": "Saint-Jérôme", "date": "2024-02-29T13:45:00", "montant": "3000",
         "actif": "false"},
    ]
    blank = [p for p in permis.problems if p.type == "blank-row"]
    assert blank[0].count == 1 and blank[0].examples[0].row == 5


def test_xlsx_blank_and_duplicate_labels(tmp_path):
    labels = read_tables(write_xlsx(tmp_path / "b.xlsx"), tmp_path / "w", ReadOptions(sheet="Labels"))[0]
    assert labels.labels == ["code", "code", "", "nom"]
    assert labels.columns == ["code", "code_2", "field3", "nom"]
    assert {p.type for p in labels.problems} == {"duplicate-label", "blank-label"}
    assert rows(labels) == [{ROW_NUMBER: 2, "code": "A", "code_2": "B", "field3": "x", "nom": "Lévis"}]


def test_unknown_sheet_lists_the_sheets(tmp_path):
    with pytest.raises(TableReadError) as error:
        read_tables(write_xlsx(tmp_path / "b.xlsx"), tmp_path / "w", ReadOptions(sheet="Nope"))
    assert error.value.code == "unknown-sheet"
    assert "Permis" in error.value.message.en and "Labels" in error.value.message.fr


def test_header_row_can_be_pinned(tmp_path):
    table = read_tables(write_xlsx(tmp_path / "b.xlsx"), tmp_path / "w", ReadOptions(sheet="Permis", header_row=3))[0]
    assert table.labels[0] == "id" and table.row_count == 2


def test_xls(tmp_path):
    table = read_tables(write_xls(tmp_path / "arbres.xls"), tmp_path / "w")[0]
    assert table.source_format == "XLS"
    assert rows(table) == [
        {ROW_NUMBER: 2, "id": "1", "essence": "Érable à sucre", "hauteur": "12.5"},
        {ROW_NUMBER: 3, "id": "2", "essence": "Bouleau", "hauteur": "8"},
    ]


def test_ods(tmp_path):
    table = read_tables(write_ods(tmp_path / "parcs.ods"), tmp_path / "w")[0]
    assert table.source_format == "ODS" and table.name == "Parcs"
    assert rows(table) == [{ROW_NUMBER: 2, "nom": "Parc Jean-Drapeau", "superficie": "268", "ouvert": "2024-06-24"}]


def test_workbook_renamed_csv_is_read_as_a_workbook(tmp_path):
    path = write_xlsx(tmp_path / "x.xlsx").rename(tmp_path / "permis.csv")
    assert read_tables(path, tmp_path / "w")[0].source_format == "XLSX"


def test_truncated_xlsx_is_corrupt(tmp_path):
    data = write_xlsx(tmp_path / "full.xlsx").read_bytes()
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(TableReadError) as error:
        read_tables(cut, tmp_path / "w")
    assert error.value.code == "corrupt-file"


def encrypted_xlsx(path: Path) -> Path:
    """Write the shape of a password-protected XLSX: a CFB container with EncryptionInfo/EncryptedPackage."""
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    header[24:26] = (0x003E).to_bytes(2, "little")  # minor version
    header[26:28] = (0x0003).to_bytes(2, "little")  # major version 3: 512-byte sectors
    header[28:30] = (0xFFFE).to_bytes(2, "little")  # little-endian
    header[30:32] = (9).to_bytes(2, "little")
    directory = bytearray(512)
    for index, name in enumerate(["Root Entry", "EncryptionInfo", "EncryptedPackage"]):
        encoded = name.encode("utf-16-le") + b"\x00\x00"
        entry = index * 128
        directory[entry:entry + len(encoded)] = encoded
        directory[entry + 64:entry + 66] = len(encoded).to_bytes(2, "little")
        directory[entry + 66] = 5 if index == 0 else 2
    path.write_bytes(bytes(header) + bytes(directory) + bytes(1024))
    return path


def test_password_protected_xlsx(tmp_path):
    with pytest.raises(TableReadError) as error:
        read_tables(encrypted_xlsx(tmp_path / "secret.xlsx"), tmp_path / "w")
    assert error.value.code == "encrypted"
    assert "password" in error.value.message.en and "mot de passe" in error.value.message.fr


def test_xls_saved_as_xlsx_is_read_by_its_content(tmp_path):
    path = write_xls(tmp_path / "arbres.xls").rename(tmp_path / "arbres.xlsx")
    table = read_tables(path, tmp_path / "w")[0]
    assert table.source_format == "XLS" and table.row_count == 2
