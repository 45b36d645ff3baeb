"""Addresses of the metadata feeds: language-neutral, for harvesters and scripts (docs/reference/feeds.md)."""

from django.urls import path, re_path

from trousse.portal.feeds.views import documents, rdf

app_name = "feeds"
urlpatterns: list = []  # language-prefixed pages, included under /<lang>/ (none: feeds are for machines)
# Included at the root without a language prefix, so not namespaced: names start with "feed_". Singular /dataset/ and /catalog never clash with the
# pages' /<lang>/datasets/<slug>/; they are the URIs the DCAT feeds give datasets (engine.metadata.dcat).
_EXT = r"(?P<ext>ttl|jsonld|rdf)"
root_urlpatterns = [
    re_path(rf"^catalog\.{_EXT}$", rdf.catalog, name="feed_catalog"),
    path("catalog", rdf.catalog_resource, name="feed_catalog_resource"),
    path("catalog/canada.jsonl", documents.canada_bulk_feed, name="feed_canada_bulk"),
    path("data.json", documents.data_json_feed, name="feed_data_json"),
    re_path(rf"^dataset/(?P<slug>[-a-zA-Z0-9_]+)\.{_EXT}$", rdf.dataset, name="feed_dataset"),
    path("dataset/<slug:slug>", rdf.dataset_resource, name="feed_dataset_resource"),
    path("dataset/<slug:slug>/resource/<int:number>", rdf.distribution_resource, name="feed_distribution_resource"),
    path("dataset/<slug:slug>/datapackage.json", documents.datapackage_feed, name="feed_datapackage"),
    path("dataset/<slug:slug>/canada.json", documents.canada_feed, name="feed_canada"),
    path("organization/<slug:slug>", rdf.organization_resource, name="feed_organization_resource"),
]
