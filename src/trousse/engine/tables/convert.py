"""Write the canonical typed Parquet of a version, and the download formats generated from it.

Formula injection (OWASP "CSV Injection"): a spreadsheet treats a cell that begins with =, +,
-, @, a tab or a carriage return as a formula, which can run commands or leak data. CSV and
XLSX exports prefix such text cells with a single quote, which spreadsheets show as text. The
rule applies to text cells only: numbers stored as numeric types (-12.5 in a ``number`` column)
are written as numbers, which no spreadsheet evaluates, so they keep their sign untouched. A
numeric-looking text cell ("-12.5" in a ``string`` column) is prefixed like any other text.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path
from typing import Any

import pyarrow as pa

from trousse.engine.metadata.vocabularies import FORMATS
from trousse.engine.tables.casts import duckdb_type, missing_sql, typed_sql
from trousse.engine.tables.schema import TableSchema
from trousse.engine.tables.source import GEOMETRY, StagedTable
from trousse.engine.tables.sql import connect, ident, literal, parquet_source, session, staged_source

XLSX_MAX_ROWS = 1_048_576  # Excel's limit, header row included
FORMULA_START = r"^[=+\-@\t\r]"
EXPORT_FORMATS = ("csv", "json", "xlsx", "geojson")
# Wider tables are cast SLICE_COLUMNS columns at a time (issue 3, bad input): one query casting
# 2,000 columns took 7.5 s and one of 10,000 did not finish in 5 minutes (its planning grows
# faster than its width), while 40 slices of 250 took 8 s for the 10,000. The slices are then
# laid side by side by pyarrow, MERGE_CELLS cells at a time, so memory stays bounded.
WIDE_COLUMNS = 500
SLICE_COLUMNS = 250
MERGE_CELLS = 4_000_000


class ExportError(Exception):
    """A download cannot be produced in the asked format (too many rows, no geometry…)."""


def write_canonical_parquet(table: StagedTable, schema: TableSchema, out: Path, *, con: Any = None) -> Path:
    """Write ``table`` typed per ``schema`` to ``out`` (invalid and missing cells become NULL).

    ``con``: the run's DuckDB connection (else one of its own).
    """
    selects = []
    uses: list[str | None] = []  # the staged column each select reads
    for i, f in enumerate(schema.fields):
        if i < len(table.columns):
            cell = ident(table.columns[i])
            value = f"CASE WHEN NOT {missing_sql(schema, f, cell)} THEN {typed_sql(f, cell)} END"
            uses.append(table.columns[i])
        else:
            value = "NULL"
            uses.append(None)
        selects.append(f"CAST({value} AS {duckdb_type(f)}) AS {ident(f.name)}")
    with session(con) as db:
        src = staged_source(db, table)
        if GEOMETRY in _columns(db, src):
            selects.append(ident(GEOMETRY))
            uses.append(GEOMETRY)
        if len(selects) > WIDE_COLUMNS:
            _write_sliced(db, table, selects, uses, out)
        else:
            _copy(db, f"SELECT {', '.join(selects) or '1 AS empty'} FROM {src}", out, "FORMAT parquet, COMPRESSION zstd")
    return out


def _write_sliced(con: Any, table: StagedTable, selects: list[str], uses: list[str | None], out: Path) -> None:
    """Write the columns ``selects`` of ``table`` to ``out`` by slices of columns, merged side by side.

    Each slice's query sees only the staged columns it reads (an Arrow stream of them): bound to
    every column of the staged file, each query took 0.2 s more at 10,000 columns.
    """
    import pyarrow.parquet as pq

    slices = out.with_name(f".{out.name}.slices")
    slices.mkdir(parents=True, exist_ok=True)
    staged = pq.ParquetFile(table.parquet) if table.arrow is None else None  # its footer read once
    try:
        parts = []
        for k in range(0, len(selects), SLICE_COLUMNS):
            needed = list(dict.fromkeys(c for c in uses[k:k + SLICE_COLUMNS] if c is not None))
            if staged is not None:
                cells: Any = pa.RecordBatchReader.from_batches(
                    staged.schema_arrow.empty_table().select(needed).schema,
                    staged.iter_batches(batch_size=max(1, MERGE_CELLS // max(1, len(needed))), columns=needed))
            else:
                cells = table.arrow.select(needed) if table.arrow is not None else None
            con.register("trousse_slice", cells)
            parts.append(slices / f"{k}.parquet")
            con.execute(f"COPY (SELECT {', '.join(selects[k:k + SLICE_COLUMNS])} FROM trousse_slice) "
                        f"TO {literal(str(parts[-1]))} (FORMAT parquet, COMPRESSION uncompressed)")
            con.unregister("trousse_slice")
        tmp = out.with_name(f".{out.name}.partial")
        _merge_columns(parts, tmp, max(1, MERGE_CELLS // len(selects)))
        os.replace(tmp, out)
    finally:
        shutil.rmtree(slices, ignore_errors=True)


def _merge_columns(parts: list[Path], out: Path, rows: int) -> None:
    """Write the columns of ``parts`` (Parquet files of the same rows) side by side to ``out``, ``rows`` at a time."""
    import pyarrow.parquet as pq

    files = [pq.ParquetFile(part) for part in parts]
    schema = pa.schema([f for file in files for f in file.schema_arrow])
    readers = [_rechunked(file.iter_batches(batch_size=rows), rows) for file in files]
    with pq.ParquetWriter(str(out), schema, compression="zstd") as writer:
        for pieces in zip(*readers, strict=True):
            writer.write_table(pa.Table.from_arrays([c for piece in pieces for c in piece.columns], schema=schema))


def _rechunked(batches: Any, rows: int) -> Any:
    """Yield the rows of ``batches`` as tables of exactly ``rows`` rows (the last one shorter)."""
    pending: list[pa.RecordBatch] = []
    held = 0
    for batch in batches:
        pending.append(batch)
        held += batch.num_rows
        while held >= rows:
            table = pa.Table.from_batches(pending)
            yield table.slice(0, rows).combine_chunks()
            pending, held = table.slice(rows).to_batches(), held - rows
    if held:
        yield pa.Table.from_batches(pending).combine_chunks()


def export(parquet: Path, fmt: str, out: Path, *, geometry: str = "wkt") -> Path:
    """Write the canonical ``parquet`` as ``fmt`` (csv, json, xlsx, geojson) to ``out``.

    ``geometry`` says how a geographic table's geometry goes into tabular formats: "wkt" (a
    ``geometry`` column of WKT) or "drop".
    """
    fmt = fmt.lower()
    if fmt not in EXPORT_FORMATS:
        raise ExportError(f"unknown export format {fmt!r}")
    src = parquet_source(parquet)
    con = connect()
    try:
        types = _columns(con, src)
        if fmt == "geojson":
            if GEOMETRY not in types:
                raise ExportError("GeoJSON needs a geographic table; export CSV instead")
            _write_geojson(con, src, types, out)
            return out
        cols = _tabular_selects(types, geometry, neutralize=fmt in ("csv", "xlsx"))
        query = f"SELECT {', '.join(cols)} FROM {src}"
        if fmt == "csv":
            _copy(con, query, out, "FORMAT csv, HEADER true")
        elif fmt == "json":
            _copy(con, query, out, "FORMAT json, ARRAY true")
        else:
            _write_xlsx(con, query, out)
    finally:
        con.close()
    return out


def neutralize_sql(cell: str) -> str:
    """Return SQL prefixing ``cell`` with a quote when a spreadsheet would read it as a formula."""
    return f"CASE WHEN regexp_matches({cell}, {literal(FORMULA_START)}) THEN '''' || {cell} ELSE {cell} END"


def openness_stars(format_code: str, has_schema: bool) -> int:
    """Return the 5-star open data level of a resource in ``format_code`` (0 when unknown).

    1: on the web under an open licence, any format (PDF, a scan). 2: structured, machine-readable
    but proprietary (XLS, XLSX). 3: structured and open (CSV, JSON, GeoJSON, ODS). 4: Berners-Lee's
    fourth star is "use URIs to denote things"; we give it, as an approximation we state openly,
    when a 3-star resource has a published Table Schema, a standard machine-readable description
    of its columns. 5 (linked to other data as RDF) is not given yet.
    """
    fmt = FORMATS.get(format_code.upper())
    if fmt is None:
        return 0
    if not fmt.machine_readable:
        return 1
    if not fmt.open_format:
        return 2
    return 4 if has_schema else 3


def _columns(con: Any, src: str) -> dict[str, str]:
    return {name: typ for name, typ, *_ in con.execute(f"DESCRIBE SELECT * FROM {src}").fetchall()}


def _copy(con: Any, query: str, out: Path, options: str) -> None:
    # Write beside the target and rename, so a failed export never leaves a half file in place.
    tmp = out.with_name(f".{out.name}.partial")
    con.execute(f"COPY ({query}) TO {literal(str(tmp))} ({options})")
    os.replace(tmp, out)


def _tabular_selects(types: dict[str, str], geometry: str, *, neutralize: bool) -> list[str]:
    out = []
    for name, typ in types.items():
        if name == GEOMETRY:
            if geometry == "wkt":
                out.append(f"{ident(name)} AS {ident('geometry' if 'geometry' not in types else 'geometry_wkt')}")
            continue
        cell = ident(name)
        out.append(f"{neutralize_sql(cell)} AS {cell}" if neutralize and typ == "VARCHAR" else cell)
    return out


def _write_xlsx(con: Any, query: str, out: Path) -> None:
    import xlsxwriter

    rows = con.execute(f"SELECT count(*) FROM ({query})").fetchall()[0][0]
    if rows + 1 > XLSX_MAX_ROWS:
        raise ExportError(f"{rows:,} rows do not fit in an Excel sheet (at most {XLSX_MAX_ROWS - 1:,}); "
                          "use CSV or Parquet")
    tmp = out.with_name(f".{out.name}.partial")
    # Never formulas, numbers or links from text: a text cell is written as text, whatever it says.
    book = xlsxwriter.Workbook(str(tmp), {"constant_memory": True, "strings_to_formulas": False,
                                          "strings_to_numbers": False, "strings_to_urls": False})
    try:
        sheet = book.add_worksheet("data")
        date_fmt = book.add_format({"num_format": "yyyy-mm-dd"})
        stamp_fmt = book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
        reader = con.sql(query).to_arrow_reader(50_000)
        sheet.write_row(0, 0, reader.schema.names)
        r = 1
        for batch in reader:
            columns = [_xlsx_values(col) for col in batch.columns]
            for values in zip(*columns, strict=True):  # xlsxwriter writes cell by cell; there is no bulk API
                for c, v in enumerate(values):
                    if v is None:
                        continue
                    if isinstance(v, dt.datetime):
                        sheet.write_datetime(r, c, v.replace(tzinfo=None), stamp_fmt)
                    elif isinstance(v, dt.date):
                        sheet.write_datetime(r, c, v, date_fmt)
                    elif isinstance(v, str):
                        sheet.write_string(r, c, v)
                    else:
                        sheet.write(r, c, v)
                r += 1
    finally:
        book.close()
    os.replace(tmp, out)


def _xlsx_values(col: pa.Array) -> list[Any]:
    if pa.types.is_time(col.type):
        col = col.cast(pa.string())
    return col.to_pylist()


def _write_geojson(con: Any, src: str, types: dict[str, str], out: Path) -> None:
    import shapely

    props = ", ".join(f"{ident(n)} := {ident(n)}" for n in types if n != GEOMETRY)
    props_sql = f"to_json(struct_pack({props}))" if props else "'{}'"
    tmp = out.with_name(f".{out.name}.partial")
    reader = con.sql(f"SELECT {ident(GEOMETRY)} AS g, CAST({props_sql} AS VARCHAR) AS p FROM {src}") \
        .to_arrow_reader(50_000)
    side = con.cursor()  # the reader streams from ``con``; join each batch on another cursor
    first = True
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write('{"type":"FeatureCollection","features":[')
        for batch in reader:
            geoms = shapely.to_geojson(shapely.from_wkt(batch.column(0).to_numpy(zero_copy_only=False), on_invalid="ignore"))
            part = pa.table({"g": pa.array(geoms, type=pa.string()), "p": batch.column(1),
                             "i": pa.array(range(batch.num_rows), type=pa.int64())})
            side.register("geo_part", part)
            text = side.execute(
                "SELECT string_agg('{\"type\":\"Feature\",\"geometry\":' || coalesce(g, 'null') || "
                "',\"properties\":' || p || '}', ',' ORDER BY i) FROM geo_part"
            ).fetchall()[0][0]
            side.unregister("geo_part")
            if text:
                fh.write(("" if first else ",") + text)
                first = False
        fh.write("]}\n")
    os.replace(tmp, out)
