"""Read XLSX, XLS and ODS workbooks with calamine: each sheet becomes a staged table of text cells."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import python_calamine as calamine

from trousse.engine.metadata.model import LocalizedText
from trousse.engine.tables.read import column_names, count_problems, staged_path
from trousse.engine.tables.source import (
    ROW_NUMBER,
    Problem,
    ReadLimits,
    ReadOptions,
    StagedTable,
    TableReadError,
)

_CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Stream names in a CFB directory are UTF-16LE; an encrypted OOXML package always has these two.
_ENCRYPTION_STREAMS = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))
HEADER_SCAN_ROWS = 30


def read_spreadsheet(
    path: Path,
    workdir: Path,
    options: ReadOptions = ReadOptions(),
    *,
    format: str = "XLSX",
    limits: ReadLimits | None = None,
) -> list[StagedTable]:
    """Stage every sheet of the workbook at ``path`` (or only ``options.sheet``)."""
    limits = limits or ReadLimits()
    if _is_encrypted(path):
        raise _encrypted()
    try:
        workbook = _open_workbook(path, format)
    except calamine.PasswordError as error:
        raise _encrypted() from error
    except (calamine.CalamineError, OSError, ValueError) as error:
        raise _corrupt(str(error)) from error
    with workbook:
        names = _chosen_sheets(workbook, options)
        tables = []
        for name in names:
            try:
                rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
            except calamine.PasswordError as error:
                raise _encrypted() from error
            except (calamine.CalamineError, ValueError) as error:
                raise _corrupt(str(error)) from error
            table = _stage_sheet(name, rows, workdir, options, format, limits)
            if table is not None:
                tables.append(table)
    if not tables:
        raise TableReadError(
            "empty-file",
            LocalizedText("The workbook's sheets are all empty.", "Les feuilles du classeur sont toutes vides."),
        )
    return tables


def _open_workbook(path: Path, format: str) -> calamine.CalamineWorkbook:
    """Open the workbook; calamine picks its parser by extension from a path, by content from bytes."""
    if path.suffix.lower() == f".{format.lower()}":
        return calamine.CalamineWorkbook.from_path(str(path))
    # Misnamed (an .xls saved as .xlsx, a workbook uploaded as .csv): let calamine sniff the bytes.
    return calamine.CalamineWorkbook.from_object(io.BytesIO(path.read_bytes()))


def _chosen_sheets(workbook: calamine.CalamineWorkbook, options: ReadOptions) -> list[str]:
    """Return the worksheet names to read, checking a pinned sheet exists."""
    names = [
        meta.name for meta in workbook.sheets_metadata
        if meta.typ == calamine.SheetTypeEnum.WorkSheet
    ] or list(workbook.sheet_names)
    if options.sheet is None:
        return names
    if options.sheet not in workbook.sheet_names:
        listed = ", ".join(f"« {n} »" for n in names)
        raise TableReadError(
            "unknown-sheet",
            LocalizedText(
                f'The workbook has no sheet named "{options.sheet}". Its sheets: {", ".join(names)}.',
                f"Le classeur n'a pas de feuille nommée « {options.sheet} ». Ses feuilles : {listed}.",
            ),
            detail=options.sheet,
        )
    return [options.sheet]


def _stage_sheet(
    name: str, rows: list[list[Any]], workdir: Path, options: ReadOptions, format: str, limits: ReadLimits
) -> StagedTable | None:
    """Write one sheet's rows as a staged table; None when the sheet is empty and others exist."""
    blank = [all(_is_empty(cell) for cell in row) for row in rows]
    if all(blank) and options.sheet is None:
        return None
    header_index = _header_index(rows, blank, options)
    width = max((len(row) for row in rows), default=0)
    if width > limits.max_columns:
        raise TableReadError(
            "too-many-columns",
            LocalizedText(
                f'Sheet "{name}" has {width} columns; the limit is {limits.max_columns}.',
                f"La feuille « {name} » a {width} colonnes; la limite est de {limits.max_columns}.",
            ),
        )
    if header_index is None:
        labels = [""] * width
        first_data = 0
    else:
        labels = [_cell_text(cell) or "" for cell in rows[header_index]]
        labels += [""] * (width - len(labels))
        first_data = header_index + 1
    # Trailing columns that are blank in the header and in every data row are not columns.
    used = width
    while used > 0 and not labels[used - 1] and all(
        len(row) < used or _is_empty(row[used - 1]) for row in rows[first_data:]
    ):
        used -= 1
    labels = labels[:used]
    if header_index is None:
        # No header row: Frictionless names the fields field1..fieldN, which is not a problem.
        columns, label_problems = [f"field{i}" for i in range(1, used + 1)], []
    else:
        columns, label_problems = column_names(labels, first_row=header_index + 1)
    problems = [
        Problem("blank-row", f"Row {i + 1} is completely blank", row=i + 1)
        for i in range(first_data, len(rows)) if blank[i]
    ]
    data_rows = [i for i in range(first_data, len(rows)) if not blank[i]]
    arrays = {ROW_NUMBER: pa.array([i + 1 for i in data_rows], pa.int64())}
    for position, column in enumerate(columns):
        values = [rows[i][position] if position < len(rows[i]) else None for i in data_rows]
        arrays[column] = pa.array([_cell_text(v) for v in values], pa.string())
    target = staged_path(workdir, name)
    pq.write_table(pa.table(arrays), target)
    return StagedTable(
        name=name,
        parquet=target,
        labels=labels,
        columns=columns,
        row_count=len(data_rows),
        source_format=format,
        problems=label_problems + count_problems(problems),
    )


def _header_index(rows: list[list[Any]], blank: list[bool], options: ReadOptions) -> int | None:
    """Return the 0-based index of the header row: pinned, else the first that looks like labels.

    A header row has mostly filled text cells across the table's width and is followed by a
    non-blank row; this skips a title in A1 (merged across the top) and the blank row under it.
    """
    if options.header_row is not None:
        return None if options.header_row == 0 else options.header_row - 1
    scan = range(min(len(rows), HEADER_SCAN_ROWS))
    width = max((_filled_width(rows[i]) for i in scan), default=0)
    for i in scan:
        if blank[i]:
            continue
        filled = [cell for cell in rows[i] if not _is_empty(cell)]
        text = [cell for cell in filled if isinstance(cell, str)]
        follows = next((j for j in range(i + 1, len(rows)) if not blank[j]), None)
        if (
            len(filled) * 2 >= width
            and len(text) * 4 >= len(filled) * 3
            and (follows is not None or len(rows) == i + 1)
            and (width == 1 or len(filled) > 1)
        ):
            return i
    return next((i for i in scan if not blank[i]), None)


def _filled_width(row: list[Any]) -> int:
    """Return the number of filled cells in ``row``."""
    return sum(not _is_empty(cell) for cell in row)


def _is_empty(cell: Any) -> bool:
    """Tell whether a calamine cell is empty (calamine gives "" for empty cells)."""
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _cell_text(cell: Any) -> str | None:
    """Return a cell as the text a person would type: ISO dates, 3 not 3.0, true/false."""
    if isinstance(cell, str):
        return cell if cell != "" else None
    if cell is None:
        return None
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, float):
        if cell.is_integer() and abs(cell) < 2**53:
            return str(int(cell))
        return repr(cell)
    if isinstance(cell, int):
        return str(cell)
    if isinstance(cell, dt.datetime):
        return cell.isoformat()
    if isinstance(cell, (dt.date, dt.time)):
        return cell.isoformat()
    if isinstance(cell, dt.timedelta):
        return _duration(cell)
    return str(cell)


def _duration(value: dt.timedelta) -> str:
    """Return a duration in ISO 8601 form (PT1H30M)."""
    seconds = value.total_seconds()
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    text = f"{sign}PT"
    if hours:
        text += f"{int(hours)}H"
    if minutes:
        text += f"{int(minutes)}M"
    if secs or text.endswith("T"):
        text += f"{int(secs)}S" if float(secs).is_integer() else f"{secs:g}S"
    return text


def _is_encrypted(path: Path) -> bool:
    """Tell whether ``path`` is a CFB container holding an encrypted OOXML package."""
    with open(path, "rb") as handle:
        if handle.read(8) != _CFB:
            return False
        handle.seek(0)
        # The directory may sit anywhere in the container; scan it in chunks with an overlap.
        tail = b""
        while chunk := handle.read(1024 * 1024):
            window = tail + chunk
            if any(marker in window for marker in _ENCRYPTION_STREAMS):
                return True
            tail = window[-64:]
    return False


def _encrypted() -> TableReadError:
    return TableReadError(
        "encrypted",
        LocalizedText(
            "The workbook is password-protected. Open it in your spreadsheet software, remove the "
            "password (File › Info › Protect Workbook › Encrypt with Password, then clear it), save and "
            "upload it again.",
            "Le classeur est protégé par un mot de passe. Ouvrez-le dans votre tableur, retirez le mot de "
            "passe (Fichier › Informations › Protéger le classeur › Chiffrer avec mot de passe, puis "
            "effacez-le), enregistrez-le et téléversez-le de nouveau.",
        ),
    )


def _corrupt(detail: str) -> TableReadError:
    return TableReadError(
        "corrupt-file",
        LocalizedText(
            "The workbook is damaged or incomplete (perhaps cut off during upload); send it again.",
            "Le classeur est endommagé ou incomplet (peut-être coupé pendant le téléversement); "
            "envoyez-le de nouveau.",
        ),
        detail=detail,
    )
