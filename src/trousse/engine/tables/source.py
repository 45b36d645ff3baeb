"""The contract between the readers and the stages after them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trousse.engine.metadata.model import LocalizedText

if TYPE_CHECKING:
    import pyarrow as pa

# Name of the column every staged Parquet carries: the 1-based row number in the source
# (the physical line number for text files, the sheet row for spreadsheets, the feature index
# for geographic files), so that errors point where a person will look.
ROW_NUMBER = "__row"
# Geographic tables also carry the geometry as WKT in WGS84 (EPSG:4326) under this name.
GEOMETRY = "__geometry"
# Rows of a StagedTable's ``sample`` (between this and about twice this): enough to pick top-value
# candidates and to infer types for a schema comparison (issue 3: taken while the file streams in).
SAMPLE_ROWS = 20_000
GOLDEN = 2654435761  # 2**32 divided by the golden ratio: the samples' multiplicative hash of row numbers


def sample_rows_sql(row: str, stride: int) -> str:
    """Return a SQL condition keeping about one row in ``stride``, by row number, as the readers' samples do.

    The fractional part of the row number times the golden ratio below 1/stride: spread evenly
    and deterministic like "every k-th row", but blind to no period of the data.
    """
    return f"(CAST({row} AS HUGEINT) * {GOLDEN}) % {2**32} < {2**32 // stride}"


class TableReadError(Exception):
    """The file cannot be read at all (CLI exit 2; the version is marked failed with the reason)."""

    def __init__(self, code: str, message: LocalizedText, *, detail: str = "") -> None:
        super().__init__(f"{code}: {message.en}")
        self.code = code  # stable, e.g. "empty-file", "not-a-table", "encrypted", "zip-bomb"
        self.message = message
        self.detail = detail


@dataclass(frozen=True)
class ReadLimits:
    """Bounds every reader enforces so that hostile or broken files fail fast with bounded memory."""

    max_expanded_bytes: int = 20 * 1024**3  # decompressed or transcoded size (zip bombs, huge files)
    max_columns: int = 10_000
    max_cell_bytes: int = 32 * 1024**2  # also bounds one text line (DuckDB's max_line_size)


@dataclass(frozen=True)
class ReadOptions:
    """Settings a steward may pin for a resource; None means detect. Kept for later versions."""

    encoding: str | None = None  # "utf-8", "utf-8-sig", "cp1252", "latin-1"
    delimiter: str | None = None  # ",", ";", "\t", "|"
    quote_char: str | None = None
    header_row: int | None = None  # 1-based row holding the column labels; 0 = no header row
    decimal: str | None = None  # "." or ","
    thousands: str | None = None  # "", ",", ".", " " (also narrow no-break space)
    sheet: str | None = None  # spreadsheets: one sheet only
    source_crs: str | None = None  # geographic files without a declared CRS, e.g. "EPSG:2953"

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass(frozen=True)
class Dialect:
    """What was detected (or pinned) about a text file, for the report and to pin later."""

    encoding: str
    delimiter: str | None = None
    quote_char: str | None = None
    header_row: int = 1
    decimal: str = "."
    thousands: str = ""
    had_bom: bool = False

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class Problem:
    """One structural or schema problem, named with Frictionless's error types.

    ``type`` is a Frictionless error name: blank-label, duplicate-label, missing-label,
    extra-label, incorrect-label, blank-row, extra-cell, missing-cell, type-error,
    constraint-error, unique-error, primary-key-error, encoding-error, … ``row`` and
    ``column`` are 1-based source positions (None when the problem is not about one cell).
    """

    type: str
    message: str
    row: int | None = None
    column: int | None = None
    field: str | None = None
    cell: str | None = None
    severity: str = "error"  # "error" or "warning"


@dataclass
class ProblemCount:
    """How many times a problem type happened (per field when it is about a field) and the first examples."""

    type: str
    field: str | None
    count: int
    severity: str = "error"
    examples: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class TextStats:
    """What one staged column's non-NULL cells hold, gathered by a reader as the rows went by."""

    count: int  # non-NULL cells
    length_min: int | None  # in characters (code points), as DuckDB's length()
    length_max: int | None
    length_sum: int


@dataclass
class StagedTable:
    """One table read from a file: raw cell text in Parquet (or in memory), ready for every later stage.

    ``arrow``, when set, holds the cells in memory (the same columns as the Parquet would) and
    the Parquet file is not written: the pipeline reads small CSV files that way (issue 3), and
    every stage reads them through ``sql.staged_source``. ``persist()`` writes the file.
    """

    name: str  # the sheet name, or the file's stem
    parquet: Path  # VARCHAR columns in source order, plus ROW_NUMBER (and GEOMETRY when geographic)
    labels: list[str]  # the header labels as found (may be blank or repeated)
    columns: list[str]  # unique, non-blank column names used in the Parquet (derived from labels)
    row_count: int
    source_format: str  # vocabulary FORMATS code: CSV, TSV, XLSX, GEOJSON, …
    dialect: Dialect | None = None  # text files only
    problems: list[ProblemCount] = field(default_factory=list)  # structural problems met while reading
    geometry_type: str | None = None  # Point, LineString, Polygon, Multi…, or Mixed
    source_crs: str | None = None  # as declared or pinned, before reprojection to EPSG:4326
    # A sample of the rows (those ``sample_rows_sql`` keeps for some stride, as in ``parquet``: about
    # SAMPLE_ROWS of them, or every row of a smaller table), when the reader took it as it went;
    # else None, and the stages sample ``parquet`` themselves.
    sample: Path | None = None
    # Per column of ``columns``, when the reader gathered them as it went: the profile then does
    # not count and measure the cells again.
    text_stats: list[TextStats] | None = None
    # The cells in memory, as an Arrow table laid out as ``parquet`` (which then is not written).
    arrow: pa.Table | None = None

    def persist(self) -> Path:
        """Write the in-memory cells to ``parquet`` if they are not there yet; return the path."""
        if self.arrow is not None and not self.parquet.exists():
            import pyarrow.parquet as pq

            partial = self.parquet.with_name(f".{self.parquet.name}.partial")
            pq.write_table(self.arrow, str(partial), compression="none")
            partial.replace(self.parquet)
        return self.parquet
