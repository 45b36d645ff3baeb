"""Run every detector over every cell of a table, and turn the counts into findings.

DuckDB streams the table as Arrow batches of about the same number of cells however wide it is,
turned into (column, cell) pairs, so the work is the same for one tall column or 10,000 short
ones. Each detector's regular expression gates the cells in Arrow (RE2 over whole arrays, in
parallel, after a NumPy count of the characters it needs); the first match of a gated cell is
confirmed in Arrow and NumPy (fastpath.py), and the few cells left undecided go to one DuckDB
query with the SQL definitions (detectors.py), which also handles the context detectors. Up to
three examples per column and detector are kept, masked before they leave this module: raw
values never reach a report.
"""

from __future__ import annotations

import functools
import re
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from trousse.engine.privacy import columns as cat
from trousse.engine.privacy.detectors import BY_CODE, DETECTORS, DIGITS, Detector, lit
from trousse.engine.privacy.fastpath import byte_counts, confirm_all, could_match, named
from trousse.engine.privacy.masking import mask

ROW_NUMBER = "__row"
GEOMETRY = "__geometry"
SKIPPED = (ROW_NUMBER, GEOMETRY)
BATCH_COLUMNS = 10_000  # columns per query: each query over a very wide file pays to read its metadata
CELLS_PER_BATCH = 262_144  # cells gated at a time: bounds memory whatever the table's size…
BYTES_PER_BATCH = 32 * 1024**2  # …and bytes, when the caller knows the size of a row (the gates copy it ~9×)
MAX_EXAMPLES = 3
PYTHON_SEARCH_MAX = 100_000  # longer cells find their example with RE2 (_matched_long)
CONTEXT_CONFIDENCE = 0.8  # a whole column of name-shaped cells under a column called "owner"
_SCANNED_TYPES = ("VARCHAR", "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT",
                  "UINTEGER", "UBIGINT", "DECIMAL", "DOUBLE", "FLOAT", "DATE", "TIMESTAMP", "TIMESTAMP WITH TIME ZONE",
                  "BLOB", "JSON")


@dataclass
class ColumnInfo:
    """A column as the screen saw it: its name's suggestions and how many cells it filled."""

    column: str
    position: int  # 1-based, among the table's columns
    type: str
    categories: list[str]
    non_blank: int = 0

    @property
    def name_suggests_personal(self) -> bool:
        return cat.suggests_personal(self.column)

    def to_dict(self) -> dict[str, Any]:
        return {"column": self.column, "position": self.position, "type": self.type,
                "non_blank": self.non_blank, "categories": self.categories,
                "name_suggests_personal": self.name_suggests_personal}


@dataclass
class Finding:
    """One detector's hits in one column."""

    column: str
    detector: str
    count: int  # cells with at least one hit
    share: float  # count / the table's row count
    confidence: float
    name_suggests_personal: bool
    basis: str  # "cells" (found in the text) or "column" (whole cells, backed by the column's name)
    examples: list[str] = field(default_factory=list)  # masked

    def to_dict(self) -> dict[str, Any]:
        from trousse.engine.privacy.detectors import BY_CODE
        from trousse.engine.privacy.messages import finding_message

        label = BY_CODE[self.detector].label
        return {"column": self.column, "detector": self.detector, "count": self.count,
                "share": round(self.share, 6), "confidence": round(self.confidence, 2),
                "name_suggests_personal": self.name_suggests_personal, "basis": self.basis,
                "examples": self.examples, "label": {"en": label.en, "fr": label.fr},
                "message": finding_message(self)}


def quote(name: str) -> str:
    """Return ``name`` as a SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def scanned_columns(schema: list[tuple[str, str]]) -> list[ColumnInfo]:
    """Return the columns the detectors read: text, numbers and dates, never ``__row`` or ``__geometry``."""
    out = []
    for position, (name, type_) in enumerate(schema, start=1):
        if name in SKIPPED:
            continue
        base = type_.split("(")[0].upper()
        if base in _SCANNED_TYPES:
            out.append(ColumnInfo(name, position, type_, cat.categories(name)))
    return out


def detect(con: duckdb.DuckDBPyConnection, table: str, columns: list[ColumnInfo], row_count: int, *,
           threads: int = 2, cells_per_batch: int = CELLS_PER_BATCH, deadline: float | None = None,
           row_bytes: float | None = None) -> list[Finding]:
    """Run the detectors over ``columns`` of ``table`` and return the findings, most cells first.

    ``row_bytes`` (average bytes per row, when known) caps a batch at ``BYTES_PER_BATCH``.
    Raises TimeoutError once ``deadline`` (a ``time.monotonic()`` value) has passed.
    """
    totals: dict[tuple[str, str], _Tally] = {}
    non_blank: dict[str, int] = {}
    context = {d.code: [c.column for c in columns if d.context is not None and d.category in c.categories]
               for d in DETECTORS}
    checker = con.cursor()  # the table streams on ``con``; the checks need a connection of their own
    with checker, ThreadPoolExecutor(max_workers=max(1, threads)) as pool:
        for start in range(0, len(columns), BATCH_COLUMNS):
            batch = columns[start:start + BATCH_COLUMNS]
            # Text columns as they are, the others as their text; a batch of rows holds about
            # ``cells_per_batch`` cells however wide the table.
            select = ", ".join(quote(c.column) if c.type == "VARCHAR" else
                               f"CAST({quote(c.column)} AS VARCHAR) AS {quote(c.column)}" for c in batch)
            rows = max(1, cells_per_batch // len(batch))
            if row_bytes:
                rows = max(1, min(rows, int(BYTES_PER_BATCH // max(row_bytes, 1.0))))
            reader = con.sql(f"SELECT {select} FROM {table}").to_arrow_reader(rows)
            for record in reader:
                if deadline is not None and time.monotonic() > deadline:
                    raise TimeoutError("privacy screen")
                cells = _unpivot(record)
                _count_non_blank(cells, non_blank)
                gated = _gate(pool, cells, context)
                if gated.num_rows:
                    _check(checker, gated, context, totals)
    for c in columns:
        c.non_blank = non_blank.get(c.column, 0)
    by_column = {c.column: c for c in columns}
    findings = [_finding(by_column[col], BY_CODE[code], tally, row_count)
                for (col, code), tally in totals.items() if tally.count]
    findings.sort(key=lambda f: (-f.count, f.column, f.detector))
    return findings


def _unpivot(record: pa.RecordBatch) -> pa.RecordBatch:
    """Return the non-blank cells of ``record`` as (col, v) pairs, column after column."""
    names = pa.array(record.schema.names, pa.string())
    cols, values = [], []
    for position in range(record.num_columns):
        column = record.column(position)
        if column.null_count == len(column):
            continue
        if column.type != pa.string():  # large_string or string_view: the NumPy gate reads 32-bit offsets
            column = column.cast(pa.string())
        kept = column.filter(pc.and_kleene(pc.is_valid(column), pc.not_equal(column, "")))
        if len(kept):
            values.append(kept)
            cols.append(np.full(len(kept), position, dtype=np.int32))
    if not values:
        return pa.record_batch([pa.array([], pa.string()), pa.array([], pa.string())], names=["col", "v"])
    index = pa.array(np.concatenate(cols))
    return pa.record_batch([pa.DictionaryArray.from_arrays(index, names).dictionary_decode(),
                            pa.concat_arrays(values)], names=["col", "v"])


def cell_hits_sql(table: str, column: str) -> str:
    """Return a SELECT of one row per cell of ``column`` with a boolean per detector (h_email, …).

    Rows come in table order (DuckDB preserves insertion order for a plain projection). Context
    detectors are left out (they need a column's name). The accuracy tests use it to check that
    the Arrow-gated scan of ``detect`` counts exactly what the SQL definitions say.
    """
    v = f"CAST({quote(column)} AS VARCHAR)"
    hits = ", ".join(f"coalesce({d.hit('v')}, false) AS h_{d.code}" for d in DETECTORS)
    return (f"SELECT {hits} FROM (SELECT v, length(v) - length(translate(v, '0123456789', '')) AS {DIGITS} "
            f"FROM (SELECT {v} AS v FROM {table}))")


@dataclass
class _Tally:
    count: int = 0
    context_only: int = 0
    examples: list[str] = field(default_factory=list)

    def add_example(self, value: str) -> None:
        if value and len(self.examples) < MAX_EXAMPLES and value not in self.examples:
            self.examples.append(value)


def _count_non_blank(record: pa.RecordBatch, into: dict[str, int]) -> None:
    for item in pc.value_counts(record.column(0)).to_pylist():
        into[item["values"]] = into.get(item["values"], 0) + item["counts"]


@functools.lru_cache(maxsize=64)
def gate_pattern(d: Detector) -> str:
    """Return one regex matching where any of ``d.patterns`` does (one RE2 pass instead of several)."""
    if len(d.patterns) == 1:
        return d.patterns[0]
    # A leading (?i) applies to its own alternative only: RE2 scopes it as (?i:…).
    parts = [f"(?i:{x[4:]})" if x.startswith("(?i)") else f"(?:{x})" for x in d.patterns]
    return "|".join(parts)


def _gate(pool: ThreadPoolExecutor, record: pa.RecordBatch, context: dict[str, list[str]]) -> pa.Table:
    """Return (col, v, det, re, ok) for each cell a detector's regex matches (re) or its column's name backs.

    ``ok`` is true when the fast path confirmed the cell's first match; null when SQL must decide
    (a later match, or a whole cell in a column whose name backs the detector).
    """
    cols, values = record.column(0), record.column(1)
    counts = byte_counts(values)

    def one(d: Detector) -> pa.Table | None:
        # Run the regexes only on cells that hold the characters they need (counted once, in NumPy).
        possible = pc.indices_nonzero(pa.array(could_match(d.code, counts)))
        subset = pc.take(values, possible)
        found_in_subset = np.asarray(pc.match_substring_regex(subset, gate_pattern(d)).to_numpy(zero_copy_only=False))
        found_all = np.zeros(len(values), dtype=bool)
        found_all[np.asarray(possible)] = found_in_subset
        matched = pa.array(found_all)
        mask = matched
        if context[d.code]:
            mask = pc.or_(matched, pc.is_in(cols, pa.array(context[d.code], pa.string())))
        keep = pc.indices_nonzero(mask)
        if not len(keep):
            return None
        cells, regex = pc.take(values, keep), np.asarray(pc.take(matched, keep).to_numpy(zero_copy_only=False))
        # ok: a confirmed hit; sql: left to the SQL definitions (context cells, undecided matches).
        ok = np.zeros(len(keep), dtype=bool)
        sql = ~regex
        if regex.any():
            where = np.flatnonzero(regex)
            if d.exact:
                ok[where] = True
            else:
                decided = confirm_all(d.code, pc.take(cells, pa.array(where)))
                if decided is None:
                    sql[where] = True
                else:
                    ok[where], sql[where] = decided
        if context[d.code]:
            sql |= np.asarray(pc.is_in(pc.take(cols, keep), pa.array(context[d.code], pa.string()))
                              .to_numpy(zero_copy_only=False)) & ~ok
        else:
            sql &= regex
        return pa.table({"col": pc.take(cols, keep), "v": cells, "det": pa.array([d.code] * len(keep)),
                         "re": pa.array(regex), "ok": pa.array(ok), "sql": pa.array(sql)})

    parts = [t for t in pool.map(one, DETECTORS) if t is not None]
    if not parts:
        return pa.table({"col": pa.array([], pa.string()), "v": pa.array([], pa.string()),
                         "det": pa.array([], pa.string()), "re": pa.array([], pa.bool_()),
                         "ok": pa.array([], pa.bool_()), "sql": pa.array([], pa.bool_())})
    return pa.concat_tables(parts)


def _check(con: duckdb.DuckDBPyConnection, gated: pa.Table, context: dict[str, list[str]],
           totals: dict[tuple[str, str], _Tally]) -> None:
    """Add the fast path's hits to ``totals``, and confirm the remaining gated cells in SQL."""
    ok = gated.column("ok")
    fast = gated.filter(ok)
    if fast.num_rows:
        grouped = fast.group_by(["col", "det"], use_threads=False).aggregate(
            [("v", "count"), ("v", "first"), ("v", "last")])
        for col, code, n, first, last in zip(*(grouped.column(k).to_pylist() for k in
                                               ("col", "det", "v_count", "v_first", "v_last")), strict=True):
            tally = totals.setdefault((col, code), _Tally())
            tally.count += n
            for value in (first, last):
                tally.add_example(_matched(BY_CODE[code], value))
    rest = gated.filter(gated.column("sql"))
    if rest.num_rows:
        _check_sql(con, rest, context, totals)


def _check_sql(con: duckdb.DuckDBPyConnection, gated: pa.Table, context: dict[str, list[str]],
               totals: dict[tuple[str, str], _Tally]) -> None:
    """Confirm gated cells with the SQL definitions (every match of the cell, and context detectors)."""
    found_cases, whole_cases = [], []
    for d in DETECTORS:
        found_cases.append(f"WHEN {lit(d.code)} THEN {'[v]' if d.exact else d.candidates('v')}")
        if d.context is not None and context[d.code]:
            names = ", ".join(lit(c) for c in context[d.code])
            whole_cases.append(f"WHEN {lit(d.code)} THEN col IN ({names}) AND {d.context('v')}")
    whole = f"CASE det {' '.join(whole_cases)} ELSE false END" if whole_cases else "false"
    view = f"__trousse_gated_{id(gated):x}"
    con.register(view, gated)
    try:
        # Cells sent only because of their column's name (re false) have no match to confirm.
        rows = con.sql(
            f"SELECT col, det, count_if(ok) AS n, count_if(ok AND NOT cell) AS k, "
            f"min(x) AS a, max(x) AS b, arg_min(x, hash(x)) AS c FROM ("
            f"SELECT col, det, cell, cell OR coalesce(whole, false) AS ok, "
            f"CASE WHEN cell THEN found[1] WHEN whole THEN v END AS x FROM ("
            f"SELECT col, det, v, found, coalesce(len(found) > 0, false) AS cell, {whole} AS whole FROM ("
            f"SELECT col, det, v, CASE WHEN re THEN CASE det {' '.join(found_cases)} END END AS found "
            f"FROM {view}))) GROUP BY col, det"
        ).fetchall()
    finally:
        con.unregister(view)
    for col, code, n, k, *examples in rows:
        tally = totals.setdefault((col, code), _Tally())
        tally.count += n
        tally.context_only += k
        for value in examples:
            if value is not None:
                tally.add_example(_matched(BY_CODE[code], value) if BY_CODE[code].exact else value.strip()[:60])


def _matched(d: Detector, value: str) -> str:
    """Return the part of ``value`` a detector's pattern matched first (the whole cell for a context hit)."""
    if value is not None:
        if len(value) > PYTHON_SEARCH_MAX:
            return _matched_long(d, value)
        for pattern in d.patterns:
            found = re.search(pattern, value)
            if found:
                return next((g for g in found.groups() if g), found.group(0)).strip()
    return (value or "").strip()[:60]


def _matched_long(d: Detector, value: str) -> str:
    """Return the first match in a long cell with RE2 (linear time), wherever it is in the cell.

    Python's backtracking ``re`` is kept off cells this long; without this, an identifier at the
    end of a 1 MB cell would be shown as the (masked) start of the cell instead of its own shape.
    """
    cell = pa.array([value], pa.large_string())
    for pattern in d.patterns:
        found = pc.extract_regex(cell, named("(" + pattern + ")"))[0]
        if found.is_valid:
            groups = found.as_py()
            return str(next((g for name, g in groups.items() if name != "m" and g), groups["m"])).strip()
    return value.strip()[:60]


def _finding(info: ColumnInfo, d: Detector, tally: _Tally, row_count: int) -> Finding:
    basis = "column" if tally.context_only * 2 >= tally.count else "cells"
    return Finding(column=info.column, detector=d.code, count=tally.count,
                   share=tally.count / row_count if row_count else 0.0,
                   confidence=_confidence(d, info, basis, tally.count),
                   name_suggests_personal=info.name_suggests_personal, basis=basis,
                   examples=[mask(e) for e in tally.examples])


def _confidence(d: Detector, info: ColumnInfo, basis: str, count: int) -> float:
    base = CONTEXT_CONFIDENCE if basis == "column" else d.confidence
    if basis == "column" and info.non_blank and count / info.non_blank < 0.5:
        base -= 0.3  # a few name-shaped cells in a column of something else
    if d.category in info.categories and basis == "cells":
        base += 0.1
    return max(0.05, min(0.99, base))
