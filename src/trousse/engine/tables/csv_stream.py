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

A small file (at most ``MEMORY_BYTES`` and ``MEMORY_COLUMNS``, the 1M-row benchmark file included)
may instead be kept in memory (``stage_memory``): the same reader, its batches held as an Arrow table
that the stages read in place, so the staged Parquet is neither written nor read back (0.37 CPU-s to
write it, 0.16 more per scan of it, for the benchmark file; issue 3). The same checks apply.

While the batches go by, about one row in k is kept in a small sample file (``sample_path``): the
profile's top-value candidates and the inference for a schema comparison read it instead of
scanning the whole staged file once more only to sample it; and the writer thread counts and
measures the cells of each batch (``TextStats``), which the profile's text scan then leaves out
(issue 3).
"""

from __future__ import annotations

import queue
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from trousse.engine.tables.source import GOLDEN, ROW_NUMBER, SAMPLE_ROWS, TextStats

if TYPE_CHECKING:
    import pyarrow as pa

SAMPLE_BYTES = 32 * 1024 * 1024  # at most about this much of the file in the sample
BLOCK_BYTES = 8 * 1024 * 1024  # one record batch and one Parquet row group (~50,000 rows of a 311 file)
MIN_BLOCK_BYTES = 1024 * 1024  # below this the block size would slow parsing down: use the DuckDB path
# Columns with few distinct values in the first batch are dictionary-encoded: the staged file stays
# small for them, and DuckDB evaluates casts once per dictionary entry when it reads them back.
DICTIONARY_RATIO = 20
# Files up to this size may be read whole into memory (``stage_memory``): their cells take about
# 1.2 times the file's size in Arrow, beside DuckDB's 640 MB limit, under issue 3's 1 GiB peak.
MEMORY_BYTES = 200 * 1024 * 1024
# Nor wide ones: DuckDB binds an Arrow table's every column at each query, and the slices of a
# 10,000-column table's canonical write took 25 s from memory against 10 s from the staged Parquet.
MEMORY_COLUMNS = 500


@dataclass(frozen=True)
class StreamPlan:
    """Where the data records start in a UTF-8 file, and how to split them."""

    source: Path
    offset: int  # byte of the first data record (after a BOM and the header lines)
    delimiter: str
    quote_char: str
    header_records: int  # the header's row number: data rows are numbered from header_records + 1
    max_line_bytes: int


def sample_path(target: Path) -> Path:
    """Return where ``stage_stream`` writes the row sample of the staged file ``target``."""
    return target.with_name(f"{target.stem}.sample.parquet")


@dataclass
class StreamResult:
    """What ``stage_stream`` staged: rows, the sample file, the cell statistics per column."""

    rows: int
    sample: Path
    text_stats: list[TextStats]


def stage_stream(plan: StreamPlan, columns: list[str], target: Path) -> StreamResult | None:
    """Write the data records of ``plan.source`` to ``target`` as VARCHAR columns plus ROW_NUMBER.

    A sample of those rows (``_Sampler``) goes to ``sample_path(target)``.

    Return the rows staged, or None (and no file) when the file needs the DuckDB path: a
    structural problem, invalid UTF-8, a record longer than the block, no data after the header.
    """
    import pyarrow as pa
    import pyarrow.csv as pcsv

    fit = _fits(plan, columns)
    if fit is None:
        return None
    block, names, _size = fit
    schema = pa.schema([pa.field(name, pa.string()) for name in columns] + [pa.field(ROW_NUMBER, pa.int64())])
    partial = target.with_name(f".{target.name}.partial")
    sample = sample_path(target)
    sample_partial = sample.with_name(f".{sample.name}.partial")
    try:
        source = pa.OSFile(str(plan.source))
        try:
            source.seek(plan.offset)
            reader = pcsv.open_csv(source, **_csv_options(plan, names, block))
            data_bytes = plan.source.stat().st_size - plan.offset
            stats = _TextCounter(len(columns))
            rows = _write(reader, schema, partial, plan.header_records, _Sampler(data_bytes, block, sample_partial),
                          stats)
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
        sample_partial.unlink(missing_ok=True)
        return None
    partial.replace(target)
    sample_partial.replace(sample)
    return StreamResult(rows, sample, stats.result())


@dataclass
class MemoryResult:
    """What ``stage_memory`` read: the cells (columns, then ROW_NUMBER), the sample file, the statistics."""

    table: pa.Table
    sample: Path
    text_stats: list[TextStats]


def stage_memory(plan: StreamPlan, columns: list[str], target: Path) -> MemoryResult | None:
    """Read the data records of ``plan.source`` into memory, as ``stage_stream`` would stage them.

    The same parser, options, checks, row numbers, sample (written to ``sample_path(target)``) and
    statistics as ``stage_stream``, without the staged Parquet. Return None when the file needs the
    DuckDB path (the same cases as ``stage_stream``).
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.csv as pcsv

    fit = _fits(plan, columns)
    if fit is None:
        return None
    block, names, size = fit
    sample = sample_path(target)
    sample_partial = sample.with_name(f".{sample.name}.partial")
    try:
        source = pa.OSFile(str(plan.source))
        try:
            source.seek(plan.offset)
            # The streaming reader, not read_csv: on this file (quoted cells may hold line breaks)
            # its blocks are parsed as fast, for half the CPU time (0.5 against 1.0 CPU-s).
            schema = pa.schema([pa.field(name, pa.string()) for name in columns] + [pa.field(ROW_NUMBER, pa.int64())])
            stats = _TextCounter(len(columns))
            sampler = _Sampler(size - plan.offset, block, sample_partial)
            batches = []
            first = plan.header_records + 1
            for batch in pcsv.open_csv(source, **_csv_options(plan, names, block)):
                if batch.num_rows == 0:
                    continue
                if _has_blank_row(batch):
                    return None
                numbers = pa.array(np.arange(first, first + batch.num_rows, dtype=np.int64))
                batches.append(pa.RecordBatch.from_arrays([*batch.columns, numbers], schema=schema))
                stats.add(batches[-1])
                sampler.add(batches[-1], first)
                first += batch.num_rows
        finally:
            source.close()
        if not batches:
            return None
        table = pa.Table.from_batches(batches, schema=schema)
        sampler.write(schema)
    except (pa.ArrowException, OSError):
        sample_partial.unlink(missing_ok=True)
        pa.default_memory_pool().release_unused()
        return None
    sample_partial.replace(sample)
    return MemoryResult(table, sample, stats.result())


def _fits(plan: StreamPlan, columns: list[str]) -> tuple[int, list[str], int] | None:
    """Return the block size, Arrow's column names and the file size, or None when Arrow cannot read it."""
    block = min(BLOCK_BYTES, plan.max_line_bytes)
    size = plan.source.stat().st_size
    if block < MIN_BLOCK_BYTES or plan.offset >= size or len(plan.delimiter) != 1 or len(plan.quote_char) != 1:
        return None
    return block, [f"c{i}" for i in range(1, len(columns) + 1)], size


def _csv_options(plan: StreamPlan, names: list[str], block: int) -> dict[str, object]:
    """Return the Arrow CSV reader's options for the fast path (both readers use the same)."""
    import pyarrow as pa
    import pyarrow.csv as pcsv

    return {
        "read_options": pcsv.ReadOptions(column_names=names, block_size=block),
        "parse_options": pcsv.ParseOptions(
            delimiter=plan.delimiter, quote_char=plan.quote_char, double_quote=True, escape_char=False,
            newlines_in_values=True, ignore_empty_lines=False,
        ),
        "convert_options": pcsv.ConvertOptions(
            column_types=dict.fromkeys(names, pa.string()), null_values=[""],
            strings_can_be_null=True, quoted_strings_can_be_null=True,
        ),
    }


def _write(reader: pa.RecordBatchReader, schema: pa.Schema, out: Path, header_records: int,
           sampler: _Sampler, stats: _TextCounter) -> int | None:
    """Copy every batch to ``out`` with its row numbers, and sample them; None at the first blank row.

    Parsing (this thread) and Parquet encoding (a writer thread) overlap: both release the GIL,
    so the two cores share the work that Arrow's streaming reader would otherwise do on one.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    batches: queue.Queue[pa.RecordBatch | None] = queue.Queue(maxsize=2)  # bounds memory to a few blocks
    writer = _Writer(batches, schema, out, stats)
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
            numbered = pa.RecordBatch.from_arrays([*batch.columns, numbers], schema=schema)
            sampler.add(numbered, header_records + rows - batch.num_rows + 1)
            writer.put(numbered)
    finally:
        writer.finish()
    if not rows or writer.failed:
        return None
    sampler.write(schema)
    return rows


class _TextCounter:
    """Sum up, batch by batch, each column's non-NULL cells and their lengths (running values only).

    Not their range: the profile needs it for text columns only, which the reader cannot tell, and
    Arrow's min_max over every column cost more than DuckDB's over the text ones.
    """

    def __init__(self, n_columns: int) -> None:
        self.stats = [TextStats(0, None, None, 0) for _ in range(n_columns)]

    def add(self, batch: pa.RecordBatch) -> None:
        import pyarrow.compute as pc

        for j, old in enumerate(self.stats):
            column = batch.column(j)
            present = len(column) - column.null_count
            if not present:
                continue
            # Code points; in ASCII text (no byte of 0x80 or more) they are the bytes, far cheaper to count.
            lengths = pc.binary_length(column) if _ascii(column) else pc.utf8_length(column)
            short, long = (v.as_py() for v in pc.min_max(lengths).values())
            self.stats[j] = TextStats(
                old.count + present,
                short if old.length_min is None else min(old.length_min, short),
                long if old.length_max is None else max(old.length_max, long),
                old.length_sum + pc.sum(lengths).as_py(),
            )

    def result(self) -> list[TextStats]:
        return list(self.stats)


def _ascii(column: pa.Array) -> bool:
    """Tell whether the text of a string array is all ASCII (checks its data buffer at once)."""
    import numpy as np

    _, offsets_buffer, data_buffer = column.buffers()
    if data_buffer is None or offsets_buffer is None:
        return True  # no text at all
    offsets = np.frombuffer(offsets_buffer, dtype=np.int32, count=len(column) + 1, offset=column.offset * 4)
    data = np.frombuffer(data_buffer, dtype=np.uint8)[offsets[0]:offsets[-1]]
    return not bool((data >= 0x80).any())


class _Sampler:
    """Keep about SAMPLE_ROWS rows spread over the whole file, chosen by their row number.

    A row is kept when the fractional part of its number times the golden ratio falls below
    1/k (Knuth's multiplicative hashing, ``sample_rows_sql``): deterministic, spread evenly, and
    unlike "every k-th row" blind to no period of the data (a file whose status cycles every
    4 rows showed only 2 of its 4 values to a stride of 50). k is set at the first batch from the
    file's size: Arrow cuts the data into blocks of ``block`` bytes, so the file holds about the
    first batch's rows per block times the blocks.
    """

    def __init__(self, data_bytes: int, block: int, out: Path) -> None:
        self.data_bytes, self.block, self.out = data_bytes, block, out
        self.stride = 0
        self.kept: list[pa.RecordBatch] = []

    def add(self, batch: pa.RecordBatch, first_row: int) -> None:
        import numpy as np

        if not self.stride:
            estimate = batch.num_rows * max(1.0, self.data_bytes / self.block)
            # Long records: fewer of them, so that the sample held in memory stays bounded.
            self.stride = max(1, int(estimate // SAMPLE_ROWS), -(-self.data_bytes // SAMPLE_BYTES))
        if self.stride == 1:
            self.kept.append(batch)
            return
        numbers = np.arange(first_row, first_row + batch.num_rows, dtype=np.uint64)
        hashed = (numbers * np.uint64(GOLDEN)) & np.uint64(0xFFFFFFFF)
        chosen = np.flatnonzero(hashed < np.uint64(2**32 // self.stride))
        if len(chosen):
            self.kept.append(batch.take(chosen))

    def write(self, schema: pa.Schema) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        pq.write_table(pa.Table.from_batches(self.kept, schema=schema), str(self.out), compression="none")


class _Writer(threading.Thread):
    """Write the batches put on ``batches`` to a Parquet file until None comes."""

    def __init__(self, batches: queue.Queue[pa.RecordBatch | None], schema: pa.Schema, out: Path,
                 stats: _TextCounter) -> None:
        super().__init__(name="trousse-staging-writer", daemon=True)
        self.batches, self.schema, self.out, self.stats = batches, schema, out, stats
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
                    self.stats.add(batch)
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
