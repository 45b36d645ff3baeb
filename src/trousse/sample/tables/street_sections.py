"""The street sections as an Arrow table, so DuckDB queries can join generated rows to streets."""

from __future__ import annotations

import pyarrow as pa

from trousse.sample.streets import sections


def sections_table() -> pa.Table:
    """Return one row per street section: its ward, names, end points and block numbering."""
    rows = sections()
    return pa.table({
        "idx": [s.index for s in rows],
        "ward": [s.ward for s in rows],
        "official": [s.street.official for s in rows],
        "street_en": [s.street.en for s in rows],
        "street_fr": [s.street.fr_with_article for s in rows],
        "lon0": [s.start[0] for s in rows],
        "lat0": [s.start[1] for s in rows],
        "lon1": [s.end[0] for s in rows],
        "lat1": [s.end[1] for s in rows],
        "first_block": [s.first_block for s in rows],
        "blocks": [s.blocks for s in rows],
    })  # fmt: skip
