"""What the feeds add to a dataset page's <head>: links to every machine-readable twin and schema.org JSON-LD."""

from __future__ import annotations

import json
from collections.abc import Sequence
from urllib.parse import urlencode

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from trousse.portal.catalog import permissions
from trousse.portal.catalog.models import Dataset, Resource
from trousse.portal.core.localized import current_language
from trousse.portal.feeds.schema_org import dataset_jsonld

# A JSON document inside <script> must not be able to close the element or open a comment.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}
CKAN_PACKAGE_SHOW = "/api/3/action/package_show"


def alternates(dataset: Dataset) -> list[dict[str, str]]:
    """Return the dataset's machine-readable twins: href, media type and a title in the page language."""
    slug = dataset.slug
    links = [
        {"href": reverse("feed_dataset", kwargs={"slug": slug, "ext": "ttl"}), "type": "text/turtle",
         "title": _("DCAT-AP metadata (Turtle)")},
        {"href": reverse("feed_dataset", kwargs={"slug": slug, "ext": "jsonld"}), "type": "application/ld+json",
         "title": _("DCAT-AP metadata (JSON-LD)")},
        {"href": reverse("feed_dataset", kwargs={"slug": slug, "ext": "rdf"}), "type": "application/rdf+xml",
         "title": _("DCAT-AP metadata (RDF/XML)")},
        {"href": reverse("feed_datapackage", kwargs={"slug": slug}), "type": "application/json",
         "title": _("Frictionless Data Package")},
    ]
    if dataset.access_level == "public":
        links.append({"href": reverse("feed_canada", kwargs={"slug": slug}), "type": "application/json",
                      "title": _("Open Government Portal of Canada export")})
    links.append({"href": f"{CKAN_PACKAGE_SHOW}?{urlencode({'id': slug})}", "type": "application/json",
                  "title": _("CKAN API (package_show)")})
    return links


def script_json(document: object) -> str:
    """Return ``document`` as JSON safe to place inside a <script> element."""
    return json.dumps(document, ensure_ascii=False, indent=None).translate(_SCRIPT_ESCAPES)


def dataset_head(request: HttpRequest, dataset: Dataset, resources: Sequence[Resource]) -> str | None:
    """Render the <link rel="alternate"> tags and the schema.org JSON-LD of a dataset page."""
    downloadable = permissions.can_download(request.user, dataset)
    document = dataset_jsonld(dataset, resources, current_language(), downloadable=downloadable)
    return render_to_string("feeds/_dataset_head.html", {
        "alternates": alternates(dataset), "jsonld": mark_safe(script_json(document)),
    }, request=request)
