"""Read an uploaded inventory spreadsheet through the engine's readers: any encoding, dialect or workbook."""

from __future__ import annotations

import logging
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow.parquet as pq
from django.utils.translation import gettext as _

from trousse.engine.tables.read import read_tables
from trousse.engine.tables.source import ROW_NUMBER, StagedTable, TableReadError
from trousse.portal.core.errors import DomainError
from trousse.portal.core.localized import current_language
from trousse.portal.program.inventory.columns import BY_FIELD, NAME_FIELDS, match_headers

log = logging.getLogger(__name__)
MAX_ROWS = 5_000  # an inventory is hundreds of rows; more is a wrong file, not an inventory


class InventoryFileError(DomainError):
    """The whole file is refused (unreadable, empty, or without the required columns)."""

    code = "bad_inventory_file"


@dataclass
class Sheet:
    """The inventory table found in a file: its recognized columns and its rows of cell text."""

    name: str
    labels: dict[str, str]  # field -> the header as written in the file
    ignored: list[str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)  # (row number in the file, cells)


def read_sheet(chunks: Iterable[bytes], file_name: str) -> Sheet:
    """Read the file's inventory table (the first table with a department and a name column)."""
    with tempfile.TemporaryDirectory(prefix="trousse-inventory-") as folder:
        suffix = Path(file_name or "").suffix.lower()
        path = Path(folder) / ("upload" + (suffix if re.fullmatch(r"\.[a-z0-9]{1,6}", suffix) else ""))
        with path.open("wb") as out:
            for chunk in chunks:
                out.write(chunk)
        try:
            tables = read_tables(path, Path(folder) / "staged")
        except TableReadError as error:
            raise InventoryFileError(error.message.pick(current_language())[0], code=error.code) from None
        except Exception:  # a reader failing on a hostile file: the person gets a clear refusal, the log a trace
            log.exception("inventory file %r could not be read", file_name)
            raise InventoryFileError(_("This file could not be read as a table. Save it as CSV or XLSX and try "
                                       "again.")) from None
        return _pick(tables)


def _pick(tables: list[StagedTable]) -> Sheet:
    best: tuple[int, StagedTable, dict[int, str], list[str]] | None = None
    for table in tables:
        fields, ignored = match_headers(table.labels)
        found = set(fields.values())
        if "department" in found and found & set(NAME_FIELDS):
            return _rows(table, fields, ignored)
        if best is None or len(found) > best[0]:
            best = (len(found), table, fields, ignored)
    if best is None:
        raise InventoryFileError(_("The file holds no table."))
    found = set(best[2].values())
    missing = [BY_FIELD["department"]] if "department" not in found else []
    if not found & set(NAME_FIELDS):
        missing.append(BY_FIELD["name_en"])
    names = "; ".join(f"{c.en} / {c.fr}" for c in missing)
    raise InventoryFileError(_("The file lacks a required column: %(columns)s. The first row must hold the "
                               "column headers, in English or French, as in the template.") % {"columns": names},
                             code="missing_columns")


def _rows(table: StagedTable, fields: dict[int, str], ignored: list[str]) -> Sheet:
    if table.row_count > MAX_ROWS:
        raise InventoryFileError(_("The file has %(count)s rows; an import takes at most %(limit)s. Split it by "
                                   "department.") % {"count": table.row_count, "limit": MAX_ROWS}, code="too_many_rows")
    sheet = Sheet(table.name, {f: table.labels[p] for p, f in fields.items()}, ignored)
    names = {position: table.columns[position] for position in fields}
    for record in pq.read_table(table.parquet).to_pylist():
        cells = {fields[p]: (record.get(column) or "").strip() for p, column in names.items()}
        if any(cells.values()):  # blank rows (spacers, trailing lines) are not items
            sheet.rows.append((int(record[ROW_NUMBER]), cells))
    if not sheet.rows:
        raise InventoryFileError(_("The file has the column headers but no rows to import."), code="no_rows")
    return sheet
