"""Stage a well-formed UTF-8 delimited file with Arrow's streaming CSV reader: the reader's fast path.

Why not DuckDB here: its CSV scan is fast (0.35 s for the 159 MB, 1M-row benchmark file) but its
Parquet writer is not (2.5 CPU-seconds for 11 text columns), and numbering rows with
``row_number() OVER ()`` made the scan single-threaded. Arrow parses and writes the same file in
about 1.1 CPU-seconds and numbers rows for free, batch by batch (docs/benchmarks.md, issue 3).

The fast path only takes files with nothing structural to report, and says so by returning None;
the caller then runs the DuckDB path (csv_staging), which counts and locates every problem. Arrow
itself refuses what would need reporting: a row with too few or too many cells (a line ending
with the delimiter included), invalid UTF-8 in any cell, a record longer than the block size
(set at most to the line limit); a blank line reads as a row of NULL cells, which is checked here.
Empty cells, quoted or not, are NULL, as on the DuckDB path. Quoted cells may hold line breaks:
rows are records, numbered as Frictionless numbers them (the header is row ``header_records``).
"""

from __future__ import annotations

import queue
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from trousse.engine.tables.source import ROW_NUMBER

if TYPE_CHECKING:
    import pyarrow as pa

BLOCK_BYTES = 8 * 1024 * 1024  # one record batch and one Parquet row group (~50,000 rows of a 311 file)
MIN_BLOCK_BYTES = 1024 * 1024  # below this the block size would slow parsing down: use the DuckDB path
# Columns with few distinct values in the first batch are dictionary-encoded: the staged file stays
# small for them, and DuckDB evaluates casts once per dictionary entry when it reads them back.
DICTIONARY_RATIO = 20


@dataclass(frozen=True)
class StreamPlan:
    """Where the data records start in a UTF-8 file, and how to split them."""

    source: Path
    offset: int  # byte of the first data record (after a BOM and the header lines)
    delimiter: str
    quote_char: str
    header_records: int  # the header's row number: data rows are numbered from header_records + 1
    max_line_bytes: int


def stage_stream(plan: StreamPlan, columns: list[str], target: Path) -> int | None:
    """Write the data records of ``plan.source`` to ``target`` as VARCHAR columns plus ROW_NUMBER.

    Return the number of rows, or None (and no file) when the file needs the DuckDB path: a
    structural problem, invalid UTF-8, a record longer than the block, no data after the header.
    """
    import pyarrow as pa
    import pyarrow.csv as pcsv

    block = min(BLOCK_BYTES, plan.max_line_bytes)
    if block < MIN_BLOCK_BYTES or plan.offset >= plan.source.stat().st_size or len(plan.delimiter) != 1 \
            or len(plan.quote_char) != 1:
        return None
    names = [f"c{i}" for i in range(1, len(columns) + 1)]
    schema = pa.schema([pa.field(name, pa.string()) for name in columns] + [pa.field(ROW_NUMBER, pa.int64())])
    partial = target.with_name(f".{target.name}.partial")
    try:
        source = pa.OSFile(str(plan.source))
        try:
            source.seek(plan.offset)
            reader = pcsv.open_csv(
                source,
                read_options=pcsv.ReadOptions(column_names=names, block_size=block),
                parse_options=pcsv.ParseOptions(
                    delimiter=plan.delimiter, quote_char=plan.quote_char, double_quote=True, escape_char=False,
                    newlines_in_values=True, ignore_empty_lines=False,
                ),
                convert_options=pcsv.ConvertOptions(
                    column_types=dict.fromkeys(names, pa.string()), null_values=[""],
                    strings_can_be_null=True, quoted_strings_can_be_null=True,
                ),
            )
            rows = _write(reader, schema, partial, plan.header_records)
        finally:
            source.close()
    except (pa.ArrowException, OSError):
        rows = None
    finally:
        # Arrow's allocator keeps freed blocks for reuse; the stages after this one use DuckDB's
        # memory, so give them back now (peak RSS is a target of issue 3).
        pa.default_memory_pool().release_unused()
    if rows is None:
        partial.unlink(missing_ok=True)
        return None
    partial.replace(target)
    return rows


def _write(reader: pa.RecordBatchReader, schema: pa.Schema, out: Path, header_records: int) -> int | None:
    """Copy every batch to ``out`` with its row numbers; None at the first blank row.

    Parsing (this thread) and Parquet encoding (a writer thread) overlap: both release the GIL,
    so the two cores share the work that Arrow's streaming reader would otherwise do on one.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    batches: queue.Queue[pa.RecordBatch | None] = queue.Queue(maxsize=2)  # bounds memory to a few blocks
    writer = _Writer(batches, schema, out)
    rows = 0
    one = pa.scalar(1, pa.int64())
    try:
        for batch in reader:
            if batch.num_rows == 0:
                continue
            if _has_blank_row(batch) or writer.failed:
                return None
            numbers = pc.cumulative_sum(pa.repeat(one, batch.num_rows), start=header_records + rows)
            rows += batch.num_rows
            writer.put(pa.RecordBatch.from_arrays([*batch.columns, numbers], schema=schema))
    finally:
        writer.finish()
    return rows if rows and not writer.failed else None


class _Writer(threading.Thread):
    """Write the batches put on ``batches`` to a Parquet file until None comes."""

    def __init__(self, batches: queue.Queue[pa.RecordBatch | None], schema: pa.Schema, out: Path) -> None:
        super().__init__(name="trousse-staging-writer", daemon=True)
        self.batches, self.schema, self.out = batches, schema, out
        self.failed = False
        self.started = False

    def put(self, batch: pa.RecordBatch) -> None:
        if not self.started:
            self.first, self.started = batch, True
            self.start()
        self.batches.put(batch)

    def finish(self) -> None:
        if self.started:
            self.batches.put(None)
            self.join()

    def run(self) -> None:
        import pyarrow.parquet as pq

        done = False
        try:
            writer = pq.ParquetWriter(
                str(self.out), self.schema, compression="none", use_dictionary=_repetitive(self.first, self.schema),
                # Row-number statistics let DuckDB skip row groups when it fetches example rows.
                write_statistics=[ROW_NUMBER],
            )
            with writer:
                while (batch := self.batches.get()) is not None:
                    writer.write_batch(batch)
                done = True
        except Exception:
            # Told to the reading thread, which then falls back to the DuckDB path.
            self.failed = True
            while not done and self.batches.get() is not None:  # drain: the reader must never block
                pass


def _has_blank_row(batch: pa.RecordBatch) -> bool:
    """Tell whether some row of ``batch`` has every cell empty (a blank line reads that way)."""
    import pyarrow.compute as pc

    # Most columns have no empty cell at all, which rules every row out without a row-wise test.
    if any(column.null_count == 0 for column in batch.columns):
        return False
    blank = batch.column(0).is_null()
    for column in batch.columns[1:]:
        blank = pc.and_(blank, column.is_null())
    return bool(pc.any(blank).as_py())


def _repetitive(batch: pa.RecordBatch, schema: pa.Schema) -> list[str]:
    """Return the names of the columns whose first batch repeats values enough for a dictionary."""
    import pyarrow.compute as pc

    return [schema.names[i] for i, column in enumerate(batch.columns)
            if pc.count_distinct(column).as_py() * DICTIONARY_RATIO < batch.num_rows]
