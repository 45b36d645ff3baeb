"""DCAT-AP 3 feeds: the catalogue (paginated as ckanext-dcat does) and each dataset, in three RDF syntaxes."""

from __future__ import annotations

import math

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from trousse.engine.metadata.dcat import (
    MEDIA_TYPES,
    Paging,
    add_paging,
    catalog_triples,
    dataset_triples,
    serialize,
)
from trousse.portal.catalog import queries as catalog_queries
from trousse.portal.catalog.models import Dataset
from trousse.portal.core.errors import NotFoundError
from trousse.portal.feeds import site
from trousse.portal.feeds.answers import feed_error, feed_response
from trousse.portal.feeds.callers import rdf_errors_as_json, token_caller
from trousse.portal.feeds.conditional import not_modified, validators
from trousse.portal.feeds.queries import (
    catalogue_freshness,
    dataset_freshness,
    feed_datasets,
    page_of,
    with_related,
)
from trousse.portal.feeds.records import records_for

# Address extension -> the engine's serializer name.
EXTENSIONS = {"ttl": "turtle", "jsonld": "json-ld", "rdf": "xml"}
# Media type a client may ask for with Accept -> address extension.
NEGOTIABLE = {"text/turtle": "ttl", "application/ld+json": "jsonld", "application/rdf+xml": "rdf"}


def _content_type(ext: str) -> str:
    return f"{MEDIA_TYPES[EXTENSIONS[ext]]}; charset=utf-8"


def _page_number(request: HttpRequest) -> int | None:
    raw = request.GET.get("page", "1").strip()
    # ASCII digits only: "²" and other Unicode digits pass isdigit() but int() refuses them.
    return int(raw) if raw.isascii() and raw.isdigit() and 0 < len(raw) < 10 and int(raw) >= 1 else None


@require_safe
@token_caller(as_json=rdf_errors_as_json)
def catalog(request: HttpRequest, ext: str) -> HttpResponse:
    """Serve one page of the catalogue (``?page=N``, from 1) with Hydra paging links."""
    as_json = ext == "jsonld"
    number = _page_number(request)
    if number is None:
        return feed_error(400, "bad_page", _("The page must be a whole number from 1."), as_json=as_json)
    datasets = feed_datasets(request.user)
    fresh = catalogue_freshness(datasets)
    size = settings.FEED_PAGE_SIZE
    last = max(1, math.ceil(fresh.count / size))
    if number > last:
        return feed_error(404, "no_such_page",
                          _("There is no page %(page)s; the last page is %(last)s.") % {"page": number, "last": last},
                          as_json=as_json)
    found = validators(request, fresh, f"catalog.{ext}?page={number}")
    cached = not_modified(request, found)
    if cached is not None:
        return cached
    base = site.base_url()
    records = records_for(page_of(datasets, number, size))
    graph = catalog_triples(site.catalog_meta(), records.datasets, base_url=base,
                            organizations=records.organizations, file_url=records.file_url)
    page_url = f"{base}/catalog.{ext}?page=%d"
    add_paging(graph, Paging(
        current=page_url % number, first=page_url % 1, last=page_url % last,
        next=page_url % (number + 1) if number < last else "",
        previous=page_url % (number - 1) if number > 1 else "",
        total_items=fresh.count, items_per_page=size))
    return feed_response(serialize(graph, EXTENSIONS[ext]), _content_type(ext), found)


@require_safe
@token_caller(as_json=rdf_errors_as_json)
def dataset(request: HttpRequest, slug: str, ext: str) -> HttpResponse:
    """Serve one dataset and its distributions (drafts only to their organization's staff)."""
    try:
        found_dataset = catalog_queries.get_dataset(request.user, slug)
    except NotFoundError:
        return feed_error(404, "not_found", _("No such dataset."), as_json=ext == "jsonld")
    one = Dataset.objects.filter(pk=found_dataset.pk)
    found = validators(request, dataset_freshness(found_dataset), f"dataset/{found_dataset.pk}.{ext}")
    cached = not_modified(request, found)
    if cached is not None:
        return cached
    records = records_for(with_related(one))
    graph = dataset_triples(site.catalog_meta(), records.datasets[0], base_url=site.base_url(),
                            organizations=records.organizations, file_url=records.file_url)
    return feed_response(serialize(graph, EXTENSIONS[ext]), _content_type(ext), found)


def _negotiated(request: HttpRequest) -> str | None:
    """Return the RDF extension the Accept header prefers over HTML, or None for a person's browser."""
    preferred = request.get_preferred_type(["text/html", *NEGOTIABLE])
    return NEGOTIABLE.get(preferred or "")


def _see_other(url: str) -> HttpResponse:
    response = HttpResponseRedirect(url, status=303)
    response["Vary"] = "Accept"
    return response


@require_safe
def catalog_resource(request: HttpRequest) -> HttpResponse:
    """Dereference the catalogue's URI: RDF by Accept, else the home page (303 See Other)."""
    ext = _negotiated(request)
    if ext is None:
        return _see_other(reverse("catalog:home"))
    return _see_other(f"{reverse('feed_catalog', kwargs={'ext': ext})}")


@require_safe
def dataset_resource(request: HttpRequest, slug: str) -> HttpResponse:
    """Dereference a dataset's URI: RDF by Accept, else its page (303 See Other)."""
    ext = _negotiated(request)
    if ext is None:
        return _see_other(reverse("catalog:dataset", kwargs={"slug": slug}))
    return _see_other(reverse("feed_dataset", kwargs={"slug": slug, "ext": ext}))


@require_safe
@token_caller(as_json=False)
def distribution_resource(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """Dereference a distribution's URI (``/dataset/<slug>/resource/<n>``, n from 1): its resource page."""
    try:
        found = catalog_queries.get_dataset(request.user, slug)
    except NotFoundError:
        return feed_error(404, "not_found", _("No such dataset."), as_json=False)
    resources = list(found.resources.order_by("position", "id").values_list("pk", flat=True))
    if not 1 <= number <= len(resources):
        return feed_error(404, "not_found", _("No such resource."), as_json=False)
    return _see_other(reverse("catalog:resource", kwargs={"slug": slug, "resource_id": resources[number - 1]}))


@require_safe
def organization_resource(request: HttpRequest, slug: str) -> HttpResponse:
    """Dereference an organization's URI (a publisher in the feeds): its page."""
    return _see_other(reverse("catalog:organization", kwargs={"slug": slug}))
