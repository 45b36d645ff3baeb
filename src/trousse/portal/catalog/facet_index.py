"""Facet counts from memory: for each facet value, the datasets holding it as one bitmask per process.

Counting a search's facets in SQL groups the link tables over every match: 10–50 ms per facet once
thousands of datasets match (tags alone are about 9 rows per dataset). This index holds, per value of
each facet (organization, licence, frequency, theme, tag, format), the set of datasets that have it as
a Python integer used as a bit set; a search's matches become one more bit set, and each value's count
is one AND and one popcount: about 1 ms for the whole 10,000-dataset catalogue.

Which datasets match is never decided here: the database finds them, with every permission filter
(queries.visible_datasets), and the index only counts them. It is exact, never stale, with any number
of processes: it is labelled with the database's search stamp (catalog.search_stamp), which is also
read just before and just after the matches (search.ids_and_stamp); counts come from the index only
when all three are equal. A different stamp means a write committed since the index was built: it is rebuilt (stamp read
before and after its reads, equal or retried), and if even that index is of another moment than the
matches, the caller counts in SQL this once. Inside a transaction the index is never used: the
transaction may see its own uncommitted writes, which no committed stamp describes.
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection

from trousse.portal.catalog import search_stamp
from trousse.portal.catalog.models import Dataset, Licence, Organization, Resource, Tag, Theme

logger = logging.getLogger(__name__)
FACETS = ("organization", "licence", "frequency", "theme", "tag", "format")
# Above this many bytes of bit sets (values x largest dataset id / 8) the index is not built: facets
# are counted in SQL. 10,000 datasets with 350 facet values take 0.4 MB.
MAX_BYTES = 64 * 1024 * 1024
_BUILD_ATTEMPTS = 3


def _bits(positions: Iterable[int], size: int) -> int:
    """Return the bit set (an int) with the bits at ``positions`` set, ``size`` bytes wide."""
    array = bytearray(size)
    for position in positions:
        array[position >> 3] |= 1 << (position & 7)
    return int.from_bytes(array, "little")


@dataclass(frozen=True)
class FacetIndex:
    """Every dataset's facet values at one search stamp, and the facet values' labels.

    A dataset's bit is its id: ids only grow, so the sets stay small unless most datasets were deleted
    (MAX_BYTES then applies).
    """

    stamp: str
    size: int  # bytes per bit set: the largest dataset id / 8, rounded up
    datasets: int  # the bit set of every dataset
    masks: dict[str, dict[Any, int]]  # facet -> {value (an id or a code): bit set of the datasets having it}
    organizations: dict[int, Organization]
    licences: dict[int, Licence]
    themes: dict[int, Theme]
    tags: dict[int, Tag]

    def count(self, ids: Iterable[int], facets: Iterable[str], *, tag_lang: str | None = None,
              ) -> dict[str, dict[Any, int]] | None:
        """Count ``ids`` per value of each facet ({facet: {value: n}}, values with none left out).

        Values are organization, licence, theme and tag ids, frequency and format codes. ``tag_lang``
        counts only the tags of that language. None if an id is unknown to the index (never when the
        ids were read at the index's stamp).
        """
        try:
            matched = _bits(ids, self.size)
        except IndexError:  # an id above every id the index knows
            return None
        if matched & ~self.datasets:
            return None
        out: dict[str, dict[Any, int]] = {}
        for facet in facets:
            masks = self.masks[facet]
            if facet == "tag" and tag_lang is not None:
                masks = {k: m for k, m in masks.items() if self.tags[k].lang == tag_lang}
            out[facet] = {value: n for value, mask in masks.items() if (n := (mask & matched).bit_count())}
        return out


def _read(size_limit: int) -> dict[str, Any] | None:
    """Read every dataset's facet values and the labels; None if the bit sets would pass ``size_limit``."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, organization_id, licence_id, frequency FROM {Dataset._meta.db_table}")
        datasets = cursor.fetchall()
        cursor.execute(f"SELECT dataset_id, tag_id FROM {Dataset.tags.through._meta.db_table}")
        tag_links = cursor.fetchall()
        cursor.execute(f"SELECT dataset_id, theme_id FROM {Dataset.themes.through._meta.db_table}")
        theme_links = cursor.fetchall()
        cursor.execute(f"SELECT dataset_id, format FROM {Resource._meta.db_table} WHERE format <> ''")
        formats = cursor.fetchall()  # a dataset with two CSV files is set twice: bit sets count it once
    size = (max((row[0] for row in datasets), default=0) >> 3) + 1
    members: dict[str, defaultdict[Any, list[int]]] = {facet: defaultdict(list) for facet in FACETS}
    organizations, licences, frequencies = members["organization"], members["licence"], members["frequency"]
    for dataset_id, organization_id, licence_id, frequency in datasets:
        organizations[organization_id].append(dataset_id)
        if licence_id is not None:
            licences[licence_id].append(dataset_id)
        frequencies[frequency].append(dataset_id)
    for facet, links in (("tag", tag_links), ("theme", theme_links), ("format", formats)):
        values = members[facet]
        for dataset_id, value in links:
            values[value].append(dataset_id)
    if (sum(len(v) for v in members.values()) + 1) * size > size_limit:
        return None
    return {"size": size, "datasets": _bits((row[0] for row in datasets), size),
            "masks": {facet: {value: _bits(ids, size) for value, ids in values.items()}
                      for facet, values in members.items()},
            "organizations": {o.pk: o for o in Organization.objects.all()},
            "licences": {lic.pk: lic for lic in Licence.objects.all()},
            "themes": {t.pk: t for t in Theme.objects.all()},
            "tags": {t.pk: t for t in Tag.objects.only("id", "name", "lang")}}


def build(size_limit: int = MAX_BYTES) -> FacetIndex | None:
    """Read the catalogue's facet values at one stamp into a new index; None if that cannot be done.

    The stamp is read before and after the reads: equal, no write committed in between, so every read
    saw the catalogue at that stamp. Otherwise it tries again, a few times.
    """
    if connection.vendor not in search_stamp.VENDORS or not search_stamp.installed(connection):
        logger.warning("Facet index disabled: the search stamp's triggers are missing (run migrate).")
        return None
    for _attempt in range(_BUILD_ATTEMPTS):
        before = search_stamp.read(connection)
        data = _read(size_limit)
        if data is None:
            return None
        if before is not None and search_stamp.read(connection) == before:
            return FacetIndex(stamp=before, **data)
    return None


_lock = threading.Lock()
_current: FacetIndex | None = None


def usable() -> bool:
    """Return whether facets may come from the index here: a supported database, outside any transaction."""
    return connection.vendor in search_stamp.VENDORS and not connection.in_atomic_block


def for_stamp(stamp: str | None) -> FacetIndex | None:
    """Return this process's facet index if it describes the catalogue at ``stamp``, rebuilding it if needed.

    None inside a transaction (see the module's docstring), without a stamp, or when the rebuilt index
    is of another moment than ``stamp`` (a write committed meanwhile): the caller then counts in SQL.
    """
    global _current
    if stamp is None or not usable():
        return None
    index = _current
    if index is not None and index.stamp == stamp:
        return index
    # One rebuild at a time; meanwhile the process's other threads count in SQL rather than wait.
    if not _lock.acquire(blocking=False):
        return None
    try:
        index = _current
        if index is None or index.stamp != stamp:
            index = build()
            _current = index
    finally:
        _lock.release()
    return index if index is not None and index.stamp == stamp else None


def forget() -> None:
    """Drop this process's index (tests; it is otherwise replaced when the stamp changes)."""
    global _current
    _current = None
