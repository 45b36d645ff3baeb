"""Stream a filtered table in full as CSV, TSV, JSON, GeoJSON or Parquet: no row cap, constant memory.

The rows are those datastore_search would page through (same filters, q, fields and sort), read in
batches from one DuckDB cursor and written as they come, so a 10-million-row export never sits in memory.
As CKAN's dumps, an export may start at ``offset`` and stop after ``limit`` rows (no limit: every row).
CSV and TSV text cells that a spreadsheet would take for a formula are prefixed with a quote, as the
downloads are (engine/tables/convert.py); ``bom`` starts them with a UTF-8 byte order mark (Excel).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from trousse.engine.query.columns import ROW_ID, Column, table_columns
from trousse.engine.query.datastore import MAX_OFFSET, SearchRequest, _order_sql, _shown_columns, where_clause
from trousse.engine.query.errors import QueryError
from trousse.engine.query.sandbox import ConnectionPool, Limits, directory_of, guarded, pool_for
from trousse.engine.query.where import column_map
from trousse.engine.tables.convert import neutralize_sql
from trousse.engine.tables.source import GEOMETRY
from trousse.engine.tables.sql import ident

EXPORT_FORMATS = {"csv": "text/csv; charset=utf-8", "tsv": "text/tab-separated-values; charset=utf-8",
                  "json": "application/json",
                  "geojson": "application/geo+json", "parquet": "application/vnd.apache.parquet"}
BATCH_ROWS = 20_000
CHUNK_BYTES = 256 * 1024
UTF8_BOM = "\ufeff".encode()


def export_query(parquet: str | Path, request: SearchRequest, fmt: str, *, pool: ConnectionPool | None = None,
                 limit: int | None = None, offset: int = 0, bom: bool = False) -> ExportStream:
    """Check the export of ``parquet`` and return its bytes as a stream (errors raise before any byte).

    ``request.limit`` and ``request.offset`` (a search page) are not used: ``limit`` (None: every row) and
    ``offset`` say which rows an export has.
    """
    path = str(parquet)
    if fmt not in EXPORT_FORMATS:
        raise QueryError("invalid_parameter", f"format must be one of {', '.join(EXPORT_FORMATS)}.",
                         f"format doit être l'un de {', '.join(EXPORT_FORMATS)}.", field="format")
    paging = _paging_sql(limit, offset)
    pool = pool or pool_for(Limits(), [directory_of(path)])
    con = pool.new_cursor()
    # Checking runs under the time limit; the stream itself is as long as the table (no cap).
    with guarded(con, pool.limits, secrets=[path, *pool.allowed_directories]):
        columns = table_columns(con, path)
        known = column_map(columns)
        shown = [c for c in _shown_columns(request, columns, known) if request.fields or c.name != ROW_ID]
        where = where_clause(request.filters, request.q, known)
        order = _order_sql(request, known, shown)
        geometry = next((c for c in shown if c.source == GEOMETRY), None)
        if fmt == "geojson" and geometry is None:
            raise QueryError("not_geographic", "GeoJSON needs a geographic table; export CSV instead.",
                             "Le GeoJSON exige un tableau géographique; exportez plutôt en CSV.", field="format")
        selects = [_select(c, fmt) for c in shown]
        distinct = "DISTINCT " if request.distinct else ""
        sql = f"SELECT {distinct}{', '.join(selects)} FROM {pool.source(path)}{where}{order}{paging}"
        reader = con.sql(sql).to_arrow_reader(BATCH_ROWS)
    geometry_name = geometry.name if geometry else None
    if fmt in ("csv", "tsv"):
        chunks = (_csv if fmt == "csv" else _tsv)(reader, bom=bom)
    else:
        chunks = {"json": _json, "geojson": _geojson, "parquet": _parquet}[fmt](reader, geometry_name)
    return ExportStream(chunks, con)


def _paging_sql(limit: int | None, offset: int) -> str:
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 0):
        raise QueryError("invalid_parameter", "limit must be a whole number, 0 or more.",
                         "limit doit être un nombre entier, 0 ou plus.", field="limit")
    if isinstance(offset, bool) or not isinstance(offset, int) or not 0 <= offset <= MAX_OFFSET:
        raise QueryError("invalid_parameter", "offset must be a whole number, 0 or more.",
                         "offset doit être un nombre entier, 0 ou plus.", field="offset")
    return (f" LIMIT {limit}" if limit is not None else "") + (f" OFFSET {offset}" if offset else "")


def _select(column: Column, fmt: str) -> str:
    name = ident(column.name)
    if fmt == "parquet":  # typed as stored
        return f"{column.sql} AS {name}"
    if fmt in ("csv", "tsv") and column.is_text:
        return f"{neutralize_sql(ident(column.source))} AS {name}"
    return f"{column.json_sql()} AS {name}"


class ExportStream:
    """The bytes of an export, read as they are iterated; ``close()`` ends the query (also when never read)."""

    def __init__(self, chunks: Iterator[bytes], con: Any) -> None:
        self._chunks = chunks
        self._con = con

    def __iter__(self) -> Iterator[bytes]:
        try:
            yield from self._chunks
        finally:
            self.close()

    def close(self) -> None:
        """Stop reading and free the query's connection."""
        if self._con is not None:
            close = getattr(self._chunks, "close", None)
            if close is not None:
                close()
            self._con.close()
            self._con = None


def _csv(reader: pa.RecordBatchReader, *, bom: bool = False) -> Iterator[bytes]:
    out = io.BytesIO()
    if bom:
        out.write(UTF8_BOM)
    first = True
    for batch in reader:
        pa_csv.write_csv(batch, out, pa_csv.WriteOptions(include_header=first))
        first = False
        if out.tell() >= CHUNK_BYTES:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    if first:  # no rows: still the header
        pa_csv.write_csv(reader.schema.empty_table(), out)
    yield out.getvalue()


def _tsv(reader: pa.RecordBatchReader, *, bom: bool = False) -> Iterator[bytes]:
    # As CKAN writes TSV (Python's excel-tab dialect): quotes only where a value holds a tab, quote or
    # line break. Arrow's writer quotes every text value, which TSV readers keep as part of the text.
    out = io.StringIO()
    if bom:
        out.write("\ufeff")
    writer = csv.writer(out, dialect="excel-tab", lineterminator="\n")
    writer.writerow(reader.schema.names)
    for batch in reader:
        columns = [column.to_pylist() for column in batch.columns]
        writer.writerows(["" if v is None else v for v in row] for row in zip(*columns, strict=True))
        if out.tell() >= CHUNK_BYTES:
            yield out.getvalue().encode()
            out.seek(0)
            out.truncate()
    yield out.getvalue().encode()


def _rows(reader: pa.RecordBatchReader) -> Iterator[dict[str, Any]]:
    for batch in reader:
        yield from batch.to_pylist()


def _json(reader: pa.RecordBatchReader, geometry: str | None) -> Iterator[bytes]:
    parts = ["["]
    size, first = 0, True
    for row in _rows(reader):
        text = ("" if first else ",") + json.dumps(row, ensure_ascii=False, default=str)
        first = False
        parts.append(text)
        size += len(text)
        if size >= CHUNK_BYTES:
            yield "".join(parts).encode()
            parts, size = [], 0
    parts.append("]\n")
    yield "".join(parts).encode()


def _geojson(reader: pa.RecordBatchReader, geometry: str | None) -> Iterator[bytes]:
    import shapely

    yield b'{"type":"FeatureCollection","features":['
    first = True
    for batch in reader:
        rows = batch.to_pylist()
        shapes = shapely.from_wkt([r.pop(geometry) for r in rows], on_invalid="ignore")
        texts = shapely.to_geojson(shapes)
        parts = []
        for row, geo in zip(rows, texts, strict=True):
            feature = '{"type":"Feature","geometry":' + (geo or "null") + ',"properties":' + \
                json.dumps(row, ensure_ascii=False, default=str) + "}"
            parts.append(("" if first else ",") + feature)
            first = False
        yield "".join(parts).encode()
    yield b"]}\n"


def _parquet(reader: pa.RecordBatchReader, geometry: str | None) -> Iterator[bytes]:
    sink = io.BytesIO()
    with pq.ParquetWriter(sink, reader.schema, compression="zstd") as writer:
        for batch in reader:
            writer.write_batch(batch)
            if sink.tell() >= CHUNK_BYTES:
                yield sink.getvalue()
                sink.seek(0)
                sink.truncate()
    yield sink.getvalue()
