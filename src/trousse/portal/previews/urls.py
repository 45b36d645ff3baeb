"""Addresses of the previews: table, map and chart pages per resource, and their JSON twins."""

from django.urls import path

from trousse.portal.previews.views import chart, maps, table

app_name = "previews"
# Language-prefixed pages, included under /<lang>/ before the catalogue's pages.
urlpatterns = [
    path("datasets/<slug:slug>/resources/<int:resource_id>/preview/", table.table_preview, name="table"),
    path("datasets/<slug:slug>/resources/<int:resource_id>/preview/map/", maps.map_preview, name="map"),
    path("datasets/<slug:slug>/resources/<int:resource_id>/preview/chart/", chart.chart_preview, name="chart"),
]
# Language-neutral answers for scripts and the pages' enhancements, included at the root.
root_urlpatterns = [
    path("previews/<int:resource_id>/chart.json", chart.chart_json, name="previews_chart_json"),
    path("previews/<int:resource_id>/features.geojson", maps.features_geojson, name="previews_features"),
]
