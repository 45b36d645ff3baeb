"""Reads for the feeds: which datasets a caller's feeds list, one page of them, and how fresh they are."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Count, Max, Prefetch, QuerySet

from trousse.portal.catalog import queries
from trousse.portal.catalog.models import Dataset, Organization, Resource, Tag, Theme
from trousse.portal.catalog.permissions import AnyUser


def feed_datasets(user: AnyUser | None) -> QuerySet[Dataset]:
    """Return the published datasets ``user`` may see, in the feeds' stable order (oldest id first)."""
    # Ordered by id so that pages stay put while a harvester walks them: a new dataset lands on the
    # last page, an edited one keeps its place (ordering by "modified" would reshuffle every page).
    return queries.catalogue_datasets(user).order_by("id")


def with_related(datasets: QuerySet[Dataset]) -> QuerySet[Dataset]:
    """Fetch everything a feed maps in a fixed number of queries, whatever the page size (no N+1)."""
    # Only the columns a feed says: building model instances is most of a whole-catalogue feed's time,
    # and each column loaded is one more attribute set on each of them (a tag or theme row per keyword).
    resources = (Resource.objects.select_related("current_version").order_by("position", "id")
                 .defer("created", "current_version__file", "current_version__sha256", "current_version__note",
                        "current_version__created", "current_version__created_by", "current_version__size"))
    return (datasets.defer("search_document", "sort_title_en", "sort_title_fr", "review_comment", "created_by",
                           "view_count", "download_count", "completeness", "archived_at", "created")
            .select_related("organization", "licence")
            .prefetch_related(Prefetch("tags", queryset=Tag.objects.only("name", "lang")),
                              Prefetch("themes", queryset=Theme.objects.only("code")),
                              Prefetch("resources", queryset=resources)))


@dataclass(frozen=True)
class Freshness:
    """What a feed's ETag and Last-Modified are computed from, read without building the feed."""

    count: int
    resources: int
    last_modified: dt.datetime | None

    @property
    def key(self) -> str:
        stamp = self.last_modified.isoformat() if self.last_modified else "-"
        return f"{self.count}:{self.resources}:{stamp}"


def catalogue_freshness(datasets: QuerySet[Dataset]) -> Freshness:
    """Return how many of ``datasets`` there are and the latest change anywhere in the catalogue."""
    # The count is of what the caller sees (an index covers it), so a dataset published, hidden or
    # deleted changes it. The latest change is taken over whole tables rather than the visible rows:
    # MAX over an indexed column is one index lookup, where the filtered aggregates scanned every row
    # (130 ms of a 10,000-dataset catalogue's 304). An edit to a dataset the caller cannot see then
    # changes their validators too: a harmless extra download, never a stale feed. Resources are
    # counted so that a deleted one counts; their own edits (a renamed file) leave the dataset row
    # alone, hence their MAX. Organizations name the publishers.
    resources = Resource.objects.aggregate(latest=Max("modified"), count=Count("id"))
    return Freshness(count=datasets.order_by().count(), resources=resources["count"], last_modified=_latest(
        Dataset.objects.aggregate(m=Max("modified"))["m"], resources["latest"],
        Organization.objects.aggregate(m=Max("modified"))["m"]))


def dataset_freshness(dataset: Dataset) -> Freshness:
    """Return the latest change of one dataset (as just read, with its organization), and of its resources."""
    resources = Resource.objects.filter(dataset=dataset).aggregate(latest=Max("modified"), count=Count("id"))
    return Freshness(count=1, resources=resources["count"], last_modified=_latest(
        dataset.modified, dataset.data_modified, resources["latest"], dataset.organization.modified))


def _latest(*stamps: dt.datetime | None) -> dt.datetime | None:
    present = [s for s in stamps if s is not None]
    return max(present) if present else None


def page_of(datasets: QuerySet[Dataset], number: int, size: int) -> list[Dataset]:
    """Return page ``number`` (from 1) of ``datasets``, with their related rows."""
    start = (number - 1) * size
    return list(with_related(datasets)[start:start + size])


def iterate(datasets: QuerySet[Dataset], chunk: int = 500) -> Iterator[Dataset]:
    """Yield every dataset with its related rows, ``chunk`` at a time (bulk exports)."""
    yield from with_related(datasets).iterator(chunk_size=chunk)
