"""Pipeline addresses: the steward's pages and JSON run status, the public report, and derived files."""

from django.urls import path

from trousse.portal.pipeline import views

app_name = "pipeline"
# Included under /<lang>/workspace/pipeline/ by the root URLconf.
urlpatterns = [
    path("runs/<int:run_id>.json", views.run_status, name="run_status"),
    path("resources/<int:resource_id>/read-settings/", views.read_options, name="read_options"),
    path("resources/<int:resource_id>/schema/", views.schema_edit, name="schema"),
    path("resources/<int:resource_id>/dictionary/", views.dictionary_edit, name="dictionary"),
    path("resources/<int:resource_id>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("resources/<int:resource_id>/process-again/", views.reprocess, name="reprocess"),
]
# Included under /<lang>/ by the root URLconf, before the catalogue's pages (namespace "pipeline_public").
public_urlpatterns = [
    path("datasets/<slug:slug>/resources/<int:resource_id>/validation/", views.validation_report,
         name="validation_report"),
]
# Included at the root, without a language prefix, like catalog's /files/ addresses.
file_urlpatterns = [
    path("files/<int:resource_id>/v<int:number>/derived/<str:fmt>", views.derived_download, name="derived_download"),
    path("files/<int:resource_id>/v<int:number>/derived/<int:table>/<str:fmt>", views.derived_download,
         name="derived_table_download"),
]
