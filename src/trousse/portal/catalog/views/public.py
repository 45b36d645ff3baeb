"""Public portal pages: home, search, dataset, resource, organizations and themes."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from trousse.engine.metadata.vocabularies import FORMATS, FREQUENCIES, is_overdue
from trousse.portal.catalog import permissions, queries
from trousse.portal.catalog.citation import citation
from trousse.portal.catalog.metadata import completeness
from trousse.portal.catalog.models import Dataset, Resource
from trousse.portal.catalog.services import record_view
from trousse.portal.core.errors import NotFoundError
from trousse.portal.core.localized import current_language


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(request, "catalog/home.html", {
        "counts": queries.catalogue_counts(user),
        "latest": queries.latest_datasets(user),
        "popular": queries.popular_datasets(user),
        "themes": [t for t in queries.themes_with_counts(user) if t.n],
    })


def _facet_labels(lang: str) -> dict[str, dict[str, str]]:
    return {
        "frequency": {code: FREQUENCIES.label(code, lang) for code in FREQUENCIES.codes()},
        "format": {code: FORMATS.label(code, lang) for code in FORMATS.codes()},
    }


def _search_page(request: HttpRequest, template: str, base: QuerySet[Dataset] | None = None,
                 **context: Any) -> HttpResponse:
    """Render a page listing datasets with the search box, facets, sort and paging."""
    params = queries.SearchParams.from_query(request.GET)
    result = queries.search_datasets(request.user, params, base=base)
    return render(request, template, {
        "result": result, "params": params, "facet_labels": _facet_labels(current_language()),
        "sorts": queries.SORTS, **context,
    })


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    return _search_page(request, "catalog/search.html", nav="datasets")


@require_safe
def dataset_detail(request: HttpRequest, slug: str) -> HttpResponse:
    dataset = queries.get_dataset(request.user, slug)
    lang = current_language()
    resources = list(dataset.resources.select_related("current_version").all())
    if dataset.status == Dataset.Status.PUBLISHED:
        record_view(dataset)
    overdue = (dataset.status == Dataset.Status.PUBLISHED
               and is_overdue(dataset.frequency, dataset.data_modified, timezone.now()))
    return render(request, "catalog/dataset.html", {
        "dataset": dataset,
        "resources": resources,
        "themes": list(dataset.themes.all()),
        "keywords": [t for t in dataset.tags.all() if t.lang == lang] or list(dataset.tags.all()),
        "frequency_label": FREQUENCIES.label(dataset.frequency, lang),
        "overdue": overdue,
        "can_download": permissions.can_download(request.user, dataset),
        "can_edit": permissions.can_edit_dataset(request.user, dataset),
        "completeness": completeness(dataset),
        "citation": citation(dataset, lang, settings.SITE_URL),
        "nav": "datasets",
    })


@require_safe
def resource_detail(request: HttpRequest, slug: str, resource_id: int) -> HttpResponse:
    dataset = queries.get_dataset(request.user, slug)
    resource = Resource.objects.select_related("current_version").filter(pk=resource_id, dataset=dataset).first()
    if resource is None:
        raise NotFoundError("No such resource")
    return render(request, "catalog/resource.html", {
        "dataset": dataset, "resource": resource, "versions": list(resource.versions.all()),
        "can_download": permissions.can_download(request.user, dataset), "nav": "datasets",
    })


@require_safe
def organization_list(request: HttpRequest) -> HttpResponse:
    organizations = queries.organizations_with_counts(request.user).order_by(f"name_{current_language()}")
    return render(request, "catalog/organizations.html", {"organizations": organizations,
                                                          "nav": "organizations"})


@require_safe
def organization_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organization = queries.get_organization(slug)
    base = queries.catalogue_datasets(request.user).filter(organization=organization)
    return _search_page(request, "catalog/organization.html", base, organization=organization,
                        nav="organizations")


@require_safe
def theme_list(request: HttpRequest) -> HttpResponse:
    return render(request, "catalog/themes.html", {"themes": queries.themes_with_counts(request.user),
                                                   "nav": "themes"})


@require_safe
def theme_detail(request: HttpRequest, code: str) -> HttpResponse:
    theme = queries.get_theme(code)
    base = queries.catalogue_datasets(request.user).filter(themes=theme)
    return _search_page(request, "catalog/theme.html", base, theme=theme, nav="themes")
