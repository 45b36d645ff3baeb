"""Read any supported file into staged tables: detect the format, then hand it to its reader.

Detection trusts the file's first bytes before its name (a workbook renamed .csv is still a
workbook), and the name only for formats without a signature (CSV, TSV, TXT, JSON flavours).
The helpers at the bottom are shared by the readers: column naming from labels, problem
counting and text conversion of Arrow arrays, so every format stages cells the same way.
"""

from __future__ import annotations

import dataclasses
import json
import re
import zipfile
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from trousse.engine.metadata.model import LocalizedText
from trousse.engine.metadata.vocabularies import format_for_filename
from trousse.engine.tables.source import (
    GEOMETRY,
    Problem,
    ProblemCount,
    ReadLimits,
    ReadOptions,
    StagedTable,
    TableReadError,
)

SUPPORTED = ("CSV", "TSV", "TXT", "XLSX", "XLS", "ODS", "JSON", "NDJSON", "GEOJSON", "SHP", "GPKG", "PARQUET")
TEXT_FORMATS = ("CSV", "TSV", "TXT")
SPREADSHEETS = ("XLSX", "XLS", "ODS")
MAX_EXAMPLES = 5

_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PARQUET = b"PAR1"
_SQLITE = b"SQLite format 3\x00"
_SHP = b"\x00\x00\x27\x0a"
_GEOJSON_TYPE = re.compile(rb'"type"\s*:\s*"(FeatureCollection|Feature)"')


def read_tables(
    path: Path,
    workdir: Path,
    options: ReadOptions = ReadOptions(),
    *,
    format: str | None = None,
    limits: ReadLimits | None = None,
    in_memory: bool = False,
) -> list[StagedTable]:
    """Read the file at ``path`` into staged tables under ``workdir`` (one per sheet or layer).

    ``in_memory``: a small, well-formed text file may be read into memory (``StagedTable.arrow``)
    instead of a staged Parquet; the pipeline asks for it (archives' members never are).
    """
    path, workdir = Path(path), Path(workdir)
    limits = limits or ReadLimits()
    workdir.mkdir(parents=True, exist_ok=True)
    if not path.is_file() or path.stat().st_size == 0:
        raise TableReadError("empty-file", LocalizedText("The file is empty.", "Le fichier est vide."))
    code = format.strip().upper() if format else detect_format(path)
    return _dispatch(path, workdir, options, code, limits, nested=False, in_memory=in_memory)


def detect_format(path: Path) -> str:
    """Return the FORMATS code of the file at ``path`` from its first bytes, then its name."""
    with open(path, "rb") as handle:
        head = handle.read(65536)
    by_name = format_for_filename(path.name)
    if head.startswith(_ZIP):
        return _zip_kind(path, by_name)
    if head.startswith(_CFB):
        # Excel 97-2003 workbooks and password-protected OOXML workbooks share this container;
        # the spreadsheet reader tells them apart and refuses the encrypted ones.
        return "XLS"
    if head.startswith(_PARQUET):
        return "PARQUET"
    if head.startswith(_SQLITE):
        # GeoPackage sets SQLite's application_id (offset 68) to "GPKG" (1.2+) or "GP10"/"GP11" (1.0/1.1).
        if head[68:72] in (b"GPKG", b"GP10", b"GP11") or by_name == "GPKG":
            return "GPKG"
        return "UNKNOWN"
    if head.startswith(_SHP) and by_name == "SHP":
        return "SHP"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text[:1] in (b"{", b"["):
        if by_name in ("NDJSON", "GEOJSON"):
            return by_name
        if _GEOJSON_TYPE.search(text[:4096]):
            return "GEOJSON"
        if text[:1] == b"[":
            return "JSON"
        # Several lines each opening an object: JSON Lines, whatever the name says.
        lines = [line for line in text.splitlines()[:3] if line.strip()]
        return "NDJSON" if len(lines) > 1 and all(line.lstrip()[:1] == b"{" for line in lines) else "JSON"
    if by_name in TEXT_FORMATS:
        return by_name
    if by_name in SUPPORTED:
        # A signature format whose signature is missing (a truncated or mislabelled file):
        # let its reader produce the precise error.
        return by_name
    if b"\x00" not in head:
        return "CSV"
    return by_name or "UNKNOWN"


def _zip_kind(path: Path, by_name: str | None) -> str:
    """Tell an XLSX or ODS workbook from a plain ZIP archive by its members."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                mimetype = archive.read("mimetype")[:100]
                if b"opendocument.spreadsheet" in mimetype:
                    return "ODS"
    except zipfile.BadZipFile:
        # Only the start survived: a truncated workbook or archive; trust the name.
        return by_name if by_name in ("XLSX", "ODS", "SHP") else "ZIP"
    if "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names):
        return "XLSX"
    return "SHP" if by_name == "SHP" else "ZIP"


def _dispatch(
    path: Path, workdir: Path, options: ReadOptions, code: str, limits: ReadLimits, *, nested: bool,
    in_memory: bool = False,
) -> list[StagedTable]:
    """Send the file to the reader of format ``code``."""
    if code in TEXT_FORMATS:
        from trousse.engine.tables.csv_reader import read_text_table

        result = read_text_table(path, workdir, options, limits=limits, in_memory=in_memory and not nested)
        return result if isinstance(result, list) else [result]
    if code in SPREADSHEETS:
        from trousse.engine.tables.spreadsheet_reader import read_spreadsheet

        return read_spreadsheet(path, workdir, options, format=code, limits=limits)
    if code in ("JSON", "NDJSON"):
        from trousse.engine.tables.json_reader import read_json_table

        return read_json_table(path, workdir, options, format=code, limits=limits)
    if code in ("GEOJSON", "GPKG"):
        from trousse.engine.tables.geo_reader import read_geo_tables

        return read_geo_tables(path, workdir, options, format=code, limits=limits)
    if code == "PARQUET":
        from trousse.engine.tables.parquet_reader import read_parquet_table

        return read_parquet_table(path, workdir, options, limits=limits)
    if code in ("SHP", "ZIP") and not nested:
        return _read_archive(path, workdir, options, code, limits)
    if code == "SHP":
        from trousse.engine.tables.geo_reader import read_geo_tables

        return read_geo_tables(path, workdir, options, format="SHP", limits=limits)
    raise TableReadError(
        "unsupported-format",
        LocalizedText(
            "This file's format is not one Trousse can read as a table "
            f"(supported: {', '.join(SUPPORTED)}).",
            "Le format de ce fichier n'est pas un format que Trousse peut lire comme un tableau "
            f"(formats pris en charge : {', '.join(SUPPORTED)}).",
        ),
        detail=code,
    )


def _read_archive(
    path: Path, workdir: Path, options: ReadOptions, code: str, limits: ReadLimits
) -> list[StagedTable]:
    """Read a zipped shapefile, or the data files of a plain ZIP archive."""
    from trousse.engine.tables.archive import extract_zip, find_shapefile

    if path.suffix.lower() == ".shp" and not zipfile.is_zipfile(path):
        return _dispatch(path, workdir, options, "SHP", limits, nested=True)
    members = extract_zip(path, workdir / f"{_slug(path.stem)}-unzipped", limits)
    shapefile = find_shapefile(members, required=code == "SHP")
    if shapefile is not None:
        return _dispatch(shapefile, workdir, options, "SHP", limits, nested=True)
    tables: list[StagedTable] = []
    for member in members:
        member_code = format_for_filename(member.name)
        # Nested archives are not opened: one level is what data producers use, and it bounds the work.
        if member_code in SUPPORTED and member_code != "SHP" and member.stat().st_size > 0:
            tables.extend(_dispatch(member, workdir, options, detect_format(member), limits, nested=True))
    if not tables:
        raise TableReadError(
            "not-a-table",
            LocalizedText(
                "The archive holds no file Trousse can read as a table.",
                "L'archive ne contient aucun fichier que Trousse peut lire comme un tableau.",
            ),
        )
    return tables


# --- Helpers shared by the readers -----------------------------------------------------------


def column_names(labels: list[str], *, first_row: int | None = None) -> tuple[list[str], list[ProblemCount]]:
    """Derive unique, non-blank column names from header labels, with blank/duplicate-label problems.

    The CSV reader's rule applies to every format (blank → ``fieldN``, repeated → ``name_2``);
    ``first_row`` is the header's source row, set on the problem examples when known.
    """
    from trousse.engine.tables import csv_labels

    names = csv_labels.column_names(labels, len(labels))
    taken = set(names)
    for index, name in enumerate(names):
        # A geographic attribute may not take the geometry column's name.
        if name == GEOMETRY:
            suffix = 2
            while f"{name}_{suffix}" in taken:
                suffix += 1
            names[index] = f"{name}_{suffix}"
            taken.add(names[index])
    problems = csv_labels.label_problems(labels)
    if first_row is not None:
        for count in problems:
            count.examples = [dataclasses.replace(example, row=first_row) for example in count.examples]
    return names, problems


def count_problems(problems: list[Problem], *, total: dict[tuple[str, str | None], int] | None = None) -> list[ProblemCount]:
    """Group problems by type and field, keeping the first examples; ``total`` overrides counts."""
    grouped: dict[tuple[str, str | None], ProblemCount] = {}
    for problem in problems:
        key = (problem.type, problem.field if problem.type not in ("blank-row",) else None)
        entry = grouped.setdefault(key, ProblemCount(problem.type, key[1], 0, problem.severity))
        entry.count += 1
        if len(entry.examples) < MAX_EXAMPLES:
            entry.examples.append(problem)
    for key, count in (total or {}).items():
        if key in grouped:
            grouped[key].count = count
    return list(grouped.values())


def text_array(array: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    """Return ``array`` as strings written the way a person types them (ISO dates, 3 not 3.0)."""
    kind = array.type
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        return array
    if pa.types.is_null(kind):
        return pc.cast(array, pa.string())
    if pa.types.is_floating(kind):
        # Arrow writes 123456789012.0 as "1.23456789012e+11": integers below 2**53 go through int64.
        whole = pc.and_(pc.equal(pc.floor(array), array), pc.less(pc.abs(array), 2.0**53))
        safe = pc.if_else(whole, array, 0.0)
        as_int = pc.cast(pc.cast(safe, pa.int64()), pa.string())
        return pc.if_else(whole, as_int, pc.cast(array, pa.string()))
    if pa.types.is_timestamp(kind):
        text = pc.replace_substring_regex(pc.cast(array, pa.string()), " ", "T", max_replacements=1)
        return pc.replace_substring_regex(text, r"\.0+(Z?)$", r"\1")
    if pa.types.is_boolean(kind) or pa.types.is_integer(kind) or pa.types.is_decimal(kind) \
            or pa.types.is_date(kind) or pa.types.is_time(kind) or pa.types.is_dictionary(kind):
        return pc.cast(array, pa.string())
    # Binary, nested and rarer types are seldom attributes; per-value conversion is fine for them.
    values = array.to_pylist()
    return pa.array([None if v is None else _value_text(v) for v in values], pa.string())


def _value_text(value: object) -> str:
    """Return one unusual value (bytes, list, struct, interval) as text."""
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def staged_path(workdir: Path, name: str) -> Path:
    """Return a fresh Parquet path in ``workdir`` for the table ``name``."""
    base = _slug(name) or "table"
    candidate, n = workdir / f"{base}.parquet", 1
    while candidate.exists():
        n += 1
        candidate = workdir / f"{base}-{n}.parquet"
    return candidate


def _slug(name: str) -> str:
    """Return ``name`` reduced to characters safe in a file name."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._")[:80]
