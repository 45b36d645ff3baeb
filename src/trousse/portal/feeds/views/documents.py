"""JSON feeds: DCAT-US data.json, a Frictionless datapackage.json and the Canadian portal export."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterator

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from trousse.engine.metadata.ckan_canada import canada_package
from trousse.engine.metadata.datajson import data_json
from trousse.engine.metadata.datapackage import data_package
from trousse.engine.metadata.model import DatasetMeta, ResourceMeta
from trousse.portal.catalog import hooks
from trousse.portal.catalog import queries as catalog_queries
from trousse.portal.catalog.models import Dataset
from trousse.portal.core.errors import NotFoundError
from trousse.portal.feeds import site
from trousse.portal.feeds.answers import JSON_TYPE, feed_error, feed_response, json_body
from trousse.portal.feeds.callers import token_caller
from trousse.portal.feeds.conditional import not_modified, stamp, validators
from trousse.portal.feeds.queries import (
    catalogue_freshness,
    dataset_freshness,
    feed_datasets,
    iterate,
    with_related,
)
from trousse.portal.feeds.records import records_for

JSON_LINES_TYPE = "application/jsonl; charset=utf-8"
DOCUMENT_CACHE_SECONDS = 3600


def _language(request: HttpRequest) -> str:
    lang = request.GET.get("lang", "")
    return lang if lang in ("en", "fr") else settings.LANGUAGE_CODE


@require_safe
@token_caller(as_json=True)
def data_json_feed(request: HttpRequest) -> HttpResponse:
    """Serve the DCAT-US 1.1 catalogue (non-federal profile) in one language (``?lang=en|fr``)."""
    lang = _language(request)
    datasets = feed_datasets(request.user)
    found = validators(request, catalogue_freshness(datasets), f"data.json?lang={lang}")
    cached = not_modified(request, found)
    if cached is not None:
        return cached
    # One document for the whole catalogue takes seconds to build for 10,000 datasets, and harvesters
    # often fetch it without a validator: keep the body per ETag (which names the caller's visibility).
    key = f"feeds:data.json:{found.etag}"
    body = cache.get(key)
    if body is None:
        records = records_for(iterate(datasets))
        base = site.base_url()
        document = data_json(records.datasets, records.organizations, base_url=base,
                             catalog_title=site.catalog_meta().title, lang=lang,
                             municipal_licence_url=site.municipal_licence_url(), catalog_url=f"{base}/data.json",
                             file_url=records.file_url)
        body = json_body(document)
        cache.set(key, body, DOCUMENT_CACHE_SECONDS)
    return feed_response(body, JSON_TYPE, found)


def _one_dataset(request: HttpRequest, slug: str) -> Dataset | HttpResponse:
    try:
        return catalog_queries.get_dataset(request.user, slug)
    except NotFoundError:
        return feed_error(404, "not_found", _("No such dataset."), as_json=True)


@require_safe
@token_caller(as_json=True)
def datapackage_feed(request: HttpRequest, slug: str) -> HttpResponse:
    """Serve a dataset's Frictionless Data Package with its tables' pinned schemas and data dictionary."""
    found_dataset = _one_dataset(request, slug)
    if isinstance(found_dataset, HttpResponse):
        return found_dataset
    model = with_related(Dataset.objects.filter(pk=found_dataset.pk)).get()
    resources = list(model.resources.all())
    tables = hooks.resource_tables(resources)
    # The package also says what the pipeline made of each file (schemas, dictionaries), which changes
    # without the catalogue's rows changing (a run finishing, a dictionary edited): that goes in the ETag.
    made = hashlib.sha256(json.dumps(
        [(rid, [(t.version, t.position, t.processed, t.schema, t.dictionary) for t in found])
         for rid, found in sorted(tables.items())], sort_keys=True, default=str).encode()).hexdigest()[:16]
    found = validators(request, dataset_freshness(found_dataset),
                       f"dataset/{found_dataset.pk}/datapackage.json#{made}")
    cached = not_modified(request, found)
    if cached is not None:
        return cached
    records = records_for([model])
    meta, base = records.datasets[0], site.base_url()
    schemas, dictionaries, metas, urls = {}, {}, [], {}
    for index, (resource, resource_meta) in enumerate(zip(resources, meta.resources, strict=True)):
        url = records.file_url(base, meta, resource_meta)
        first = next(iter(tables.get(resource.pk, [])), None)
        if first is not None:
            schemas[index], dictionaries[index] = dict(first.schema), first.dictionary
            # The schema describes the processed table, so the package points at that table as CSV at
            # its version's immutable address: the schema and the bytes it describes stay together.
            url = base + reverse("derived_download", kwargs={
                "resource_id": resource.pk, "number": first.version, "fmt": "csv"})
            resource_meta = dataclasses.replace(resource_meta, format="CSV")
        metas.append(resource_meta)
        urls[id(resource_meta)] = url
    meta = dataclasses.replace(meta, resources=tuple(metas))

    def file_url(base_url: str, dataset: DatasetMeta, resource: ResourceMeta) -> str:
        return urls.get(id(resource), "")

    document = data_package(meta, base_url=base, schemas=schemas, dictionaries=dictionaries,
                            municipality=site.municipality(), municipal_licence_url=site.municipal_licence_url(),
                            file_url=file_url)
    return feed_response(json_body(document), JSON_TYPE, found)


@require_safe
@token_caller(as_json=True)
def canada_feed(request: HttpRequest, slug: str) -> HttpResponse:
    """Serve a dataset in the Canadian Open Government Portal schema (public data only)."""
    found_dataset = _one_dataset(request, slug)
    if isinstance(found_dataset, HttpResponse):
        return found_dataset
    if found_dataset.access_level != "public":
        return feed_error(409, "not_public", _("Only public datasets can be exported to the Open Government "
                                               "Portal: its schema has no restricted data."), as_json=True)
    one = Dataset.objects.filter(pk=found_dataset.pk)
    found = validators(request, dataset_freshness(found_dataset), f"dataset/{found_dataset.pk}/canada.json")
    cached = not_modified(request, found)
    if cached is not None:
        return cached
    records = records_for(with_related(one))
    package = canada_package(records.datasets[0], records.organizations[0], base_url=site.base_url(),
                             municipality=site.municipality(), file_url=records.file_url)
    return feed_response(json_body(package), JSON_TYPE, found)


@require_safe
@token_caller(as_json=True)
def canada_bulk_feed(request: HttpRequest) -> HttpResponse:
    """Stream every public dataset in the Canadian schema, one package per line (JSON Lines)."""
    datasets = feed_datasets(request.user).filter(access_level="public")
    found = validators(request, catalogue_freshness(datasets), "canada.jsonl")
    cached = not_modified(request, found)
    if cached is not None:
        return cached
    base, name = site.base_url(), site.municipality()

    def lines() -> Iterator[str]:
        for model in iterate(datasets):
            records = records_for([model])
            package = canada_package(records.datasets[0], records.organizations[0], base_url=base,
                                     municipality=name, file_url=records.file_url)
            yield json_body(package) + "\n"

    response = StreamingHttpResponse(lines(), content_type=JSON_LINES_TYPE)
    return stamp(response, found)
