"""Detect a delimited text file's dialect from a sample: delimiter, quote, header row, number format."""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass

from trousse.engine.tables.source import ReadOptions

DELIMITERS = (",", ";", "\t", "|")
SAMPLE_RECORDS = 1000
# Spaces used to group thousands: space, no-break space, narrow no-break space (French typography).
_SPACES = " \u00a0\u202f"
_DECIMAL_COMMA = re.compile(rf"^[-+]?\d{{1,3}}(?:[{_SPACES}.]?\d{{3}})*,\d+$")
_DECIMAL_POINT = re.compile(r"^[-+]?\d{1,3}(?:,?\d{3})*\.\d+$")
_GROUPED_COMMA = re.compile(rf"^[-+]?\d{{1,3}}(?:([{_SPACES}.])\d{{3}})+(?:,\d+)?$")
_GROUPED_POINT = re.compile(r"^[-+]?\d{1,3}(?:(,)\d{3})+(?:\.\d+)?$")


@dataclass(frozen=True)
class SampleDialect:
    """The dialect found in a sample, before it becomes the public ``Dialect``."""

    delimiter: str
    quote_char: str
    header_row: int  # 1-based record holding the labels; 0 = no header
    decimal: str
    thousands: str
    field_count: int  # the usual number of cells per record


def parse_records(sample: str, delimiter: str, quote_char: str) -> list[list[str]]:
    """Split a sample (whole lines only) into records as a CSV parser would."""
    reader = csv.reader(sample.splitlines(keepends=True), delimiter=delimiter, quotechar=quote_char)
    records: list[list[str]] = []
    try:
        for record in reader:
            records.append(record)
            if len(records) >= SAMPLE_RECORDS:
                break
    except csv.Error:
        pass  # an unterminated quote at the sample's end: keep what was parsed
    return records


def _score(records: list[list[str]]) -> tuple[float, int]:
    """Return (consistency score, modal field count) of records split with one delimiter."""
    counts = Counter(len(r) for r in records if any(cell.strip() for cell in r))
    if not counts:
        return 0.0, 1
    width, hits = counts.most_common(1)[0]
    if width < 2:
        return 0.0, width
    # Many records agreeing on a wide split beat a narrow split that agrees by accident.
    return hits / sum(counts.values()) + 0.001 * min(width, 50), width


def detect_quote(sample: str, delimiter: str) -> str:
    """Return the quote character: ' only when it clearly wraps cells more often than "."""
    # Counted with str.count, not a regular expression tried at every position of the sample
    # (0.25 s per megabyte-sized sample): a quote opens a cell at the sample's start, after a
    # line feed or after the delimiter, and these occurrences never overlap.
    double = sample.startswith('"') + sample.count('\n"') + sample.count(delimiter + '"')
    single = 0
    if sample.startswith("'") or "\n'" in sample or delimiter + "'" in sample:
        d = re.escape(delimiter)
        single = len(re.findall(rf"(?:^|{d})'[^'\n]*'(?={d}|$)", sample, re.M))
    return "'" if single > double else '"'


def detect_delimiter(sample: str) -> tuple[str, int]:
    """Return the delimiter whose split gives the most consistent cell count, and that count."""
    best = (",", 1, -1.0)
    for delimiter in DELIMITERS:
        if delimiter not in sample:
            continue
        score, width = _score(parse_records(sample, delimiter, detect_quote(sample, delimiter)))
        if score > best[2]:
            best = (delimiter, width, score)
    return best[0], best[1]


def detect_header_row(records: list[list[str]], width: int) -> int:
    """Return the 1-based record holding the labels: the first one filling half the table's width.

    Title lines above a header ("Rapport 2024", blank lines) fill one cell at most; a header
    may be narrower than the data rows (Frictionless then reports their extra cells).
    """
    for number, record in enumerate(records[:50], start=1):
        filled = sum(1 for cell in record if cell.strip())
        if filled * 2 >= width and filled >= min(2, width):
            return number
    return 1


def detect_number_format(records: list[list[str]], delimiter: str) -> tuple[str, str]:
    """Return (decimal, thousands) from number-looking cells: "12,5" and "1 234,56" mean French style."""
    cells = [cell.strip() for record in records for cell in record]
    # In a comma-delimited file a quoted "1,234" is a thousands group, not a decimal comma.
    ambiguous = _GROUPED_POINT if delimiter == "," else None
    comma = sum(1 for c in cells if _DECIMAL_COMMA.match(c) and not (ambiguous and ambiguous.match(c)))
    point = sum(1 for c in cells if _DECIMAL_POINT.match(c))
    decimal = "," if comma > point else "."
    groups: Counter[str] = Counter()
    pattern = _GROUPED_COMMA if decimal == "," else _GROUPED_POINT
    for c in cells:
        if match := pattern.match(c):
            groups[match.group(1)] += 1
    thousands = groups.most_common(1)[0][0] if groups else ""
    return decimal, thousands


def detect_dialect(sample: str, options: ReadOptions = ReadOptions()) -> SampleDialect:
    """Return the sample's dialect, keeping every setting the steward pinned in ``options``."""
    if options.delimiter:
        delimiter = options.delimiter
    else:
        delimiter, _ = detect_delimiter(sample)
    quote = options.quote_char or detect_quote(sample, delimiter)
    records = parse_records(sample, delimiter, quote)
    _, width = _score(records)
    width = max(width, max((len(r) for r in records[:1]), default=1)) if width < 2 else width
    if options.header_row is not None:
        header_row = options.header_row
    else:
        header_row = detect_header_row(records, width)
    data = records[header_row:] if header_row else records
    decimal, thousands = detect_number_format(data, delimiter)
    return SampleDialect(
        delimiter=delimiter,
        quote_char=quote,
        header_row=header_row,
        decimal=options.decimal or decimal,
        thousands=options.thousands if options.thousands is not None else thousands,
        field_count=width,
    )
