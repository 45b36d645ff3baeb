"""Reads of the catalogue, always filtered by what the asking user may see."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from trousse.portal.catalog import facet_index, permissions, search
from trousse.portal.catalog.models import (
    Dataset,
    Licence,
    Membership,
    Organization,
    Resource,
    ResourceVersion,
    Tag,
    Theme,
)
from trousse.portal.catalog.permissions import AnyUser
from trousse.portal.core import audit
from trousse.portal.core.errors import NotFoundError
from trousse.portal.core.localized import current_language
from trousse.portal.core.models import AuditEvent

PAGE_SIZE = 20
SORTS = ("relevance", "newest", "updated", "title", "popular")
# Facets whose values are exclusive (a dataset has one): several selected values widen the result.
_SINGLE_VALUED = {"organization": "organization__slug", "licence": "licence__code", "frequency": "frequency"}
# Facets a dataset can hold several of: each selected value narrows the result.
_MULTI_VALUED = {"theme": "themes__code", "tag": "tags__name", "format": "resources__format"}
FACETS = ("organization", "theme", "format", "licence", "tag", "frequency")
_TAGS = Dataset.tags.through
_THEMES = Dataset.themes.through


def visible_datasets(user: AnyUser | None) -> QuerySet[Dataset]:
    """Return every dataset ``user`` may see: published public/restricted ones, plus their staff's own."""
    public = Q(status=Dataset.Status.PUBLISHED, access_level__in=("public", "restricted"))
    if permissions.sees_everything(user):
        return Dataset.objects.all()
    org_ids = permissions.organization_ids(user)
    if org_ids:
        return Dataset.objects.filter(public | Q(organization_id__in=org_ids))
    return Dataset.objects.filter(public)


def catalogue_datasets(user: AnyUser | None) -> QuerySet[Dataset]:
    """Return the datasets listed on public pages: published only, non-public ones for their staff."""
    return visible_datasets(user).filter(status=Dataset.Status.PUBLISHED)


def get_dataset(user: AnyUser | None, slug: str) -> Dataset:
    """Return the dataset ``slug`` if ``user`` may see it; NotFoundError otherwise (no existence leak)."""
    dataset = (Dataset.objects.select_related("organization", "licence").prefetch_related("themes", "tags")
               .filter(slug=slug).first())
    if dataset is None or not permissions.can_view_dataset(user, dataset):
        raise NotFoundError("No such dataset")
    return dataset


def get_organization(slug: str) -> Organization:
    organization = Organization.objects.filter(slug=slug).first()
    if organization is None:
        raise NotFoundError("No such organization")
    return organization


def get_theme(code: str) -> Theme:
    theme = Theme.objects.filter(code=code).first()
    if theme is None:
        raise NotFoundError("No such theme")
    return theme


@dataclass
class SearchParams:
    q: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: str = ""
    page: int = 1

    @classmethod
    def from_query(cls, query) -> SearchParams:  # type: ignore[no-untyped-def]
        """Build from a QueryDict, ignoring unknown keys and bad values rather than failing."""
        try:
            page = max(1, int(query.get("page", 1)))
        except (TypeError, ValueError):
            page = 1
        sort = query.get("sort", "")
        return cls(q=(query.get("q") or "").strip()[:200],
                   filters={f: [v for v in query.getlist(f) if v][:10] for f in FACETS if query.getlist(f)},
                   sort=sort if sort in SORTS else "", page=page)


@dataclass
class FacetItem:
    value: str
    label: object  # a model with bilingual fields, or a plain string
    count: int
    selected: bool


@dataclass
class SearchResult:
    page: Page
    total: int
    facets: dict[str, list[FacetItem]]
    params: SearchParams


def filter_datasets(queryset: QuerySet[Dataset], params: SearchParams) -> QuerySet[Dataset]:
    """Apply the text query and facet filters of ``params``."""
    for facet, values in params.filters.items():
        if facet in _SINGLE_VALUED:
            queryset = queryset.filter(**{f"{_SINGLE_VALUED[facet]}__in": values})
        elif facet in _MULTI_VALUED:
            for value in values:
                if facet == "format":
                    value = value.upper()
                queryset = queryset.filter(**{_MULTI_VALUED[facet]: value})
    if params.q:
        queryset = search.search(queryset, params.q)
    return queryset.distinct() if params.filters else queryset


def _order(queryset: QuerySet[Dataset], params: SearchParams, lang: str) -> QuerySet[Dataset]:
    sort = params.sort or ("relevance" if params.q else "updated")
    if sort == "relevance" and params.q:
        return queryset.order_by("-rank", "-published_at", "id")
    if sort == "newest":
        return queryset.order_by("-published_at", "id")
    if sort == "title":
        return queryset.order_by(f"sort_title_{lang}", "slug")
    if sort == "popular":
        return queryset.order_by("-view_count", "id")
    return queryset.order_by("-data_modified", "-modified", "id")


_ROW_FIELDS = ("id", "organization_id", "licence_id", "frequency")


def facet_counts(base: QuerySet[Dataset], params: SearchParams, lang: str) -> dict[str, list[FacetItem]]:
    """Count the matching datasets per facet value, most frequent first.

    Exclusive facets (organization, licence, frequency) are counted without their own filter, so
    that choosing one organization still offers the others ("or" within the facet); the other
    facets are counted over the full result. The matches' ids are read once and counted by the
    process's facet index (catalog.facet_index) when it is of the same catalogue stamp; otherwise
    (inside a transaction, or a write committed meanwhile) in SQL, as ``_facet_counts_in_sql`` does.
    """
    if not facet_index.usable():
        return _facet_counts_in_sql(base, params, lang)
    ids, stamp = search.ids_and_stamp(filter_datasets(base, params).order_by())
    index = facet_index.for_stamp(stamp) if ids else None
    counted = index.count(ids, facet_index.FACETS, tag_lang=lang) if index is not None else None
    for facet in _SINGLE_VALUED:
        if counted is not None and facet in params.filters:
            others = replace(params, filters={k: v for k, v in params.filters.items() if k != facet})
            other_ids, other_stamp = search.ids_and_stamp(filter_datasets(base, others).order_by())
            alone = index.count(other_ids, [facet]) if index is not None and other_stamp == stamp else None
            counted = {**counted, facet: alone[facet]} if alone is not None else None
    if counted is None or index is None:
        return _facet_counts_in_sql(base, params, lang)
    organizations, licences, themes = index.organizations, index.licences, index.themes
    tags = sorted(((index.tags[k].name, n) for k, n in counted["tag"].items()), key=lambda t: (-t[1], t[0]))[:25]
    return {
        "organization": _facet_items(params, "organization", [(organizations[k].slug, n) for k, n in
                                                              counted["organization"].items() if k in organizations],
                                     {o.slug: o for o in organizations.values()}),
        "theme": _facet_items(params, "theme", [(themes[k].code, n) for k, n in counted["theme"].items()
                                                if k in themes], {t.code: t for t in themes.values()}),
        "format": _facet_items(params, "format", list(counted["format"].items()), {}),
        "licence": _facet_items(params, "licence", [(licences[k].code, n) for k, n in counted["licence"].items()
                                                    if k in licences], {lic.code: lic for lic in licences.values()}),
        "tag": _facet_items(params, "tag", tags, {}),
        "frequency": _facet_items(params, "frequency", list(counted["frequency"].items()), {}),
    }


def _facet_items(params: SearchParams, name: str, counts, labels: dict[str, object]) -> list[FacetItem]:  # type: ignore[no-untyped-def]
    chosen = set(params.filters.get(name, []))
    found = [FacetItem(v, labels.get(v, v), n, v in chosen) for v, n in counts if v]
    return sorted(found, key=lambda i: (-i.count, str(i.value)))


def _facet_counts_in_sql(base: QuerySet[Dataset], params: SearchParams, lang: str) -> dict[str, list[FacetItem]]:
    """Count as ``facet_counts`` does, in SQL: the matches read once, narrow, and one GROUP BY per link table."""
    selected = params.filters
    rows = list(filter_datasets(base, params).order_by().values_list(*_ROW_FIELDS))
    ids = search.id_list([row[0] for row in rows])

    def rows_for(facet: str) -> list[tuple]:  # type: ignore[type-arg]
        if facet not in selected:
            return rows
        others = replace(params, filters={k: v for k, v in selected.items() if k != facet})
        return list(filter_datasets(base, others).order_by().values_list(*_ROW_FIELDS))

    def items(name: str, counts, labels: dict[str, object]) -> list[FacetItem]:  # type: ignore[no-untyped-def]
        return _facet_items(params, name, counts, labels)

    out: dict[str, list[FacetItem]] = {}
    organizations = {o.pk: o for o in Organization.objects.all()}
    orgs = Counter(organizations[row[1]].slug for row in rows_for("organization") if row[1] in organizations)
    out["organization"] = items("organization", orgs.items(), {o.slug: o for o in organizations.values()})
    themes = {t.pk: t for t in Theme.objects.all()}
    by_theme = _THEMES.objects.filter(dataset_id__in=ids).values_list("theme_id").annotate(n=Count("id"))
    out["theme"] = items("theme", [(themes[k].code, n) for k, n in by_theme.order_by() if k in themes],
                         {t.code: t for t in themes.values()})
    formats = (Resource.objects.filter(dataset_id__in=ids).exclude(format="").values_list("format")
               .annotate(n=Count("dataset_id", distinct=True)).order_by())
    out["format"] = items("format", formats, {})
    licences = {lic.pk: lic for lic in Licence.objects.all()}
    by_licence = Counter(licences[row[2]].code for row in rows_for("licence") if row[2] in licences)
    out["licence"] = items("licence", by_licence.items(), {lic.code: lic for lic in licences.values()})
    # Grouped by tag id without joining the tags: the tag table of the page's language is read on its own.
    names = dict(Tag.objects.filter(lang=lang).values_list("pk", "name"))
    by_tag = _TAGS.objects.filter(dataset_id__in=ids).values_list("tag_id").annotate(n=Count("id")).order_by()
    tags = sorted(((names[k], n) for k, n in by_tag if k in names), key=lambda t: (-t[1], t[0]))[:25]
    out["tag"] = items("tag", tags, {})
    out["frequency"] = items("frequency", Counter(row[3] for row in rows_for("frequency")).items(), {})
    return out


def search_datasets(user: AnyUser | None, params: SearchParams, *, base: QuerySet[Dataset] | None = None,
                    page_size: int = PAGE_SIZE) -> SearchResult:
    """Search the public catalogue as ``user`` sees it; returns one page, the total and facets."""
    lang = current_language()
    base = base if base is not None else catalogue_datasets(user)
    queryset = filter_datasets(base, params)
    facets = facet_counts(base, params, lang)
    if params.q and (params.sort or "relevance") == "relevance":
        # Every match's id in relevance order (one full-text pass), then only the page's rows read whole.
        ids = [row[0] for row in search.ranked_ids(queryset, params.q, ["-published_at", "id"])]
        paginator = Paginator(ids, page_size)
        page = paginator.get_page(params.page)
        by_id = Dataset.objects.select_related("organization", "licence").in_bulk(list(page.object_list))
        page.object_list = [by_id[pk] for pk in page.object_list if pk in by_id]
        return SearchResult(page=page, total=paginator.count, facets=facets, params=params)
    ordered = _order(queryset, params, lang).select_related("organization", "licence")
    paginator = Paginator(ordered, page_size)
    page = paginator.get_page(params.page)
    return SearchResult(page=page, total=paginator.count, facets=facets, params=params)


def latest_datasets(user: AnyUser | None, limit: int = 6) -> list[Dataset]:
    return list(catalogue_datasets(user).select_related("organization").order_by("-published_at")[:limit])


def popular_datasets(user: AnyUser | None, limit: int = 6) -> list[Dataset]:
    return list(catalogue_datasets(user).select_related("organization").order_by("-view_count", "id")[:limit])


def catalogue_counts(user: AnyUser | None) -> dict[str, int]:
    """Return the home page figures: datasets, organizations and resources the user can see."""
    datasets = catalogue_datasets(user)
    return {
        "datasets": datasets.count(),
        "organizations": Organization.objects.filter(datasets__in=datasets.values("id")).distinct().count(),
        "resources": Resource.objects.filter(dataset__in=datasets.values("id")).count(),
    }


def themes_with_counts(user: AnyUser | None) -> QuerySet[Theme]:
    ids = catalogue_datasets(user).values("id")
    return Theme.objects.annotate(n=Count("datasets", filter=Q(datasets__in=ids), distinct=True))


def organizations_with_counts(user: AnyUser | None) -> QuerySet[Organization]:
    ids = catalogue_datasets(user).values("id")
    return Organization.objects.annotate(n=Count("datasets", filter=Q(datasets__in=ids), distinct=True))


def staff_datasets(user: AnyUser | None) -> QuerySet[Dataset]:
    """Return the datasets shown in the user's workspace: all states, their organizations only."""
    if permissions.sees_everything(user):
        return Dataset.objects.all()
    return Dataset.objects.filter(organization_id__in=permissions.organization_ids(user))


def staff_organizations(user: AnyUser | None) -> QuerySet[Organization]:
    """Return the organizations whose workspace ``user`` sees (all of them for site staff), by name."""
    organizations = Organization.objects.all()
    if not permissions.sees_everything(user):
        organizations = organizations.filter(pk__in=permissions.organization_ids(user))
    return organizations.order_by(f"name_{current_language()}", "slug")


def creatable_organizations(user: AnyUser | None) -> QuerySet[Organization]:
    """Return the organizations where ``user`` may create datasets, by name."""
    allowed = [o.pk for o in staff_organizations(user) if permissions.can_create_in(user, o)]
    return Organization.objects.filter(pk__in=allowed).order_by(f"name_{current_language()}", "slug")


def staff_status_counts(user: AnyUser | None) -> dict[str, int]:
    """Return how many of the user's workspace datasets are in each status."""
    return dict(staff_datasets(user).values_list("status").annotate(n=Count("id")).order_by())


def workspace_datasets(user: AnyUser | None, *, status: str = "",
                       organization: str = "") -> QuerySet[Dataset]:
    """Return the user's workspace datasets in one status and organization (any when blank), latest first."""
    datasets = staff_datasets(user).select_related("organization")
    if status:
        datasets = datasets.filter(status=status)
    if organization:
        datasets = datasets.filter(organization__slug=organization)
    return datasets.order_by("-modified", "id")


def get_resource(dataset: Dataset, resource_id: int) -> Resource:
    """Return the resource ``resource_id`` of ``dataset``; NotFoundError if it has no such resource."""
    resource = Resource.objects.filter(pk=resource_id, dataset=dataset).select_related("dataset").first()
    if resource is None:
        raise NotFoundError(_("No such resource"))
    return resource


def resources_with_versions(dataset: Dataset) -> list[Resource]:
    """Return the dataset's resources in order, each with its current version and every version's author."""
    return list(dataset.resources.select_related("current_version").prefetch_related(
        Prefetch("versions", queryset=ResourceVersion.objects.select_related("created_by"))))


def resource_versions(resource: Resource) -> list[ResourceVersion]:
    """Return every version of a file resource with its author, in the model's order."""
    return list(resource.versions.select_related("created_by"))


def dataset_history(dataset: Dataset, resources: Iterable[Resource], limit: int = 100) -> list[AuditEvent]:
    """Return the latest audit events about a dataset and its ``resources`` together, newest first."""
    events = audit.history(dataset, limit)
    for resource in resources:
        events += audit.history(resource, limit)
    return sorted(events, key=lambda e: (e.created, e.pk), reverse=True)[:limit]


def organization_memberships(organization: Organization) -> list[Membership]:
    """Return the organization's memberships with their users, by username."""
    return list(organization.memberships.select_related("user").order_by("user__username"))


def _reviewed_organization_ids(user: AnyUser | None) -> list[int]:
    # When review is optional, an organization's admins decide on its submissions (permissions.can_review).
    if settings.REQUIRE_REVIEW:
        return []
    return permissions.organization_ids(user, {Membership.Role.ADMIN})


def has_review_queue(user: AnyUser | None) -> bool:
    """Return whether ``user`` decides on submitted datasets anywhere, and so has a review queue."""
    return permissions.sees_everything(user) or bool(_reviewed_organization_ids(user))


def review_queue(user: AnyUser | None) -> QuerySet[Dataset]:
    """Return datasets awaiting review that ``user`` may decide on."""
    pending = Dataset.objects.filter(status=Dataset.Status.IN_REVIEW).select_related("organization")
    if permissions.sees_everything(user):
        return pending
    return pending.filter(organization_id__in=_reviewed_organization_ids(user))
