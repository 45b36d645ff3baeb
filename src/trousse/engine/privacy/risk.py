"""Re-identification risk: k-anonymity and l-diversity of record tables, small cells of aggregate tables.

k is the size of the smallest group of rows sharing the same quasi-identifier values; a row in
a group smaller than the threshold may be singled out by someone who knows those values.
Blank values (NULL, empty or spaces) are one value: a group of their own, never dropped, since
"unknown age in ward 3" is as telling as any other combination. One GROUP BY pass over the
table does the work (benchmarked against pycanon in bench/kanon_vs_pycanon.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import duckdb

from trousse.engine.privacy import columns as cat
from trousse.engine.privacy.detect import GEOMETRY, ROW_NUMBER, quote
from trousse.engine.privacy.messages import k_message, small_cells_message

MAX_GROUPS_LISTED = 10
# Person attributes: a table with none of them is not about people, and its dates, places and
# coordinates alone (road segments, inspections of buildings) are not suggested as quasi-identifiers.
_PERSON_ATTRIBUTES = (cat.POSTAL, cat.BIRTH, cat.AGE, cat.SEX)
_CONTEXT = (cat.AREA, cat.DATE, cat.COORDINATE)
_NUMERIC = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER",
            "UBIGINT", "DECIMAL", "DOUBLE", "FLOAT")


@dataclass
class SmallCells:
    """Counts of an aggregate table under the threshold, per count column."""

    column: str
    count: int
    share: float

    def to_dict(self) -> dict[str, Any]:
        return {"column": self.column, "count": self.count, "share": round(self.share, 6)}


@dataclass
class RiskResult:
    """What the screen measured about re-identification."""

    kind: str  # "record", "aggregate" or "none" (no quasi-identifier and no count column)
    quasi_identifiers: list[str]
    quasi_identifiers_source: str  # "given" or "suggested"
    k_threshold: int
    sensitive: list[str] = field(default_factory=list)
    k: int | None = None
    l: int | None = None  # noqa: E741 (the letter of l-diversity)
    l_by_attribute: dict[str, int] = field(default_factory=dict)
    groups: int = 0
    groups_below_threshold: int = 0
    rows_below_threshold: int = 0
    smallest_groups: list[dict[str, Any]] = field(default_factory=list)
    small_cell_threshold: int = 5
    small_cells: list[SmallCells] = field(default_factory=list)

    @property
    def at_risk(self) -> bool:
        k_risk = self.k is not None and self.k < self.k_threshold
        return k_risk or any(s.count for s in self.small_cells)

    def to_dict(self) -> dict[str, Any]:
        small = sum(s.count for s in self.small_cells)
        message = (small_cells_message(small, self.small_cell_threshold) if self.kind == "aggregate"
                   else k_message(self.k, self.k_threshold, self.quasi_identifiers, self.groups_below_threshold))
        return {
            "kind": self.kind, "at_risk": self.at_risk,
            "quasi_identifiers": self.quasi_identifiers, "quasi_identifiers_source": self.quasi_identifiers_source,
            "sensitive": self.sensitive, "k_threshold": self.k_threshold, "k": self.k, "l": self.l,
            "l_by_attribute": self.l_by_attribute, "groups": self.groups,
            "groups_below_threshold": self.groups_below_threshold, "rows_below_threshold": self.rows_below_threshold,
            "smallest_groups": self.smallest_groups, "small_cell_threshold": self.small_cell_threshold,
            "small_cells": [s.to_dict() for s in self.small_cells], "message": message,
        }


def suggest_quasi_identifiers(schema: list[tuple[str, str]]) -> list[str]:
    """Return the columns that look like quasi-identifiers, in table order (none if no person attribute)."""
    found = {name: cat.categories(name) for name, _ in schema if name != ROW_NUMBER}
    person = [n for n, cs in found.items() if any(c in _PERSON_ATTRIBUTES for c in cs)]
    if not person:
        return []
    out = []
    for name, type_ in schema:
        cs = found.get(name, [])
        base = type_.split("(")[0].upper()
        if name in person or any(c in _CONTEXT for c in cs) or base in ("DATE", "TIMESTAMP"):
            out.append(name)
        elif name == GEOMETRY:
            out.append(name)  # fine coordinates of each row
    return out


def count_columns(schema: list[tuple[str, str]]) -> list[str]:
    """Return the columns whose name says they hold counts (count, nombre, total, cas, …)."""
    return [name for name, _ in schema if cat.COUNT in cat.categories(name)]


def k_anonymity(con: duckdb.DuckDBPyConnection, table: str, quasi: list[str], *, k_threshold: int = 5,
                sensitive: list[str] | None = None, types: dict[str, str] | None = None,
                max_groups_listed: int = MAX_GROUPS_LISTED) -> RiskResult:
    """Measure k (and l when ``sensitive`` columns are given) over the ``quasi`` columns of ``table``."""
    sensitive = sensitive or []
    types = types or {}
    result = RiskResult("record", list(quasi), "given", k_threshold, sensitive=list(sensitive))
    names = [f"q{i}" for i in range(len(quasi))]
    qtypes = [types.get(q, "VARCHAR") for q in quasi]
    if sensitive:
        select = ", ".join(f"{_key(quote(q), t)} AS {n}" for q, t, n in zip(quasi, qtypes, names, strict=True))
        distinct = "".join(f", count(DISTINCT {quote(s)}) AS l{i}" for i, s in enumerate(sensitive))
        groups = f"SELECT {select}, count(*) AS n{distinct} FROM {table} GROUP BY ALL"
    else:
        # Group the raw values first, then merge blank spellings on the (small) table of groups:
        # the pass over the rows stays a bare GROUP BY.
        raw = ", ".join(f"{quote(q)} AS {n}" for q, n in zip(quasi, names, strict=True))
        merged = ", ".join(f"{_key(n, t)} AS {n}" for n, t in zip(names, qtypes, strict=True))
        groups = (f"SELECT {merged}, CAST(sum(n) AS BIGINT) AS n FROM "
                  f"(SELECT {raw}, count(*) AS n FROM {table} GROUP BY ALL) GROUP BY ALL")
    order = ", ".join(names)
    below = f"n < {int(k_threshold)}"
    # One statement, one pass over the rows: the table of groups is materialized once (a CTE
    # referenced twice would otherwise be inlined and the rows read twice), and the statistics and
    # the smallest groups are read from it; one row comes back. This costs what a bare GROUP BY
    # over the same rows costs (bench/kanon_vs_pycanon.py, docs/benchmarks.md).
    sql = (
        f"WITH __trousse_groups AS MATERIALIZED ({groups}) "
        f"SELECT min(n), count(*), count_if({below}), coalesce(sum(n) FILTER (WHERE {below}), 0)"
        + "".join(f", min(l{i})" for i in range(len(sensitive)))
        + f", (SELECT list(struct_pack({order}, n) ORDER BY n, {order}) FROM "
        f"(SELECT * FROM __trousse_groups ORDER BY n, {order} LIMIT {int(max_groups_listed)})) FROM __trousse_groups"
    )
    row = con.sql(sql).fetchall()[0]
    result.k, result.groups, result.groups_below_threshold, result.rows_below_threshold = row[:4]
    if result.groups == 0:
        result.k = None  # an empty table has no group
    ls = list(row[4:4 + len(sensitive)])
    result.l_by_attribute = {s: int(v) for s, v in zip(sensitive, ls, strict=True) if v is not None}
    result.l = min(result.l_by_attribute.values()) if result.l_by_attribute else None
    result.smallest_groups = [
        {"values": {q: _show(g[n]) for q, n in zip(quasi, names, strict=True)}, "size": g["n"]}
        for g in (row[-1] or [])
    ]
    return result


def _key(expr: str, type_: str) -> str:
    """Return the grouping key of a quasi-identifier: blank text is one value with NULL."""
    base = type_.split("(")[0].upper()
    if base in _NUMERIC or base in ("DATE", "TIMESTAMP", "BOOLEAN"):
        return expr
    return f"nullif(trim(CAST({expr} AS VARCHAR)), '')"


def _show(value: Any) -> str | None:
    return None if value is None else str(value)[:80]


def small_cells(con: duckdb.DuckDBPyConnection, table: str, counts: list[str], row_count: int, *,
                threshold: int = 5) -> list[SmallCells]:
    """Count, per count column, the cells between 1 and ``threshold`` - 1."""
    if not counts:
        return []
    parts = ", ".join(
        f"count_if(TRY_CAST(CAST({quote(c)} AS VARCHAR) AS DOUBLE) BETWEEN 1 AND {int(threshold) - 1} "
        f"AND TRY_CAST(CAST({quote(c)} AS VARCHAR) AS DOUBLE) = floor(TRY_CAST(CAST({quote(c)} AS VARCHAR) AS DOUBLE)))"
        for c in counts)
    row = con.sql(f"SELECT {parts} FROM {table}").fetchall()[0]
    assert row is not None
    return [SmallCells(c, int(n), n / row_count if row_count else 0.0) for c, n in zip(counts, row, strict=True)]
