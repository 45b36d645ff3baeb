"""Pipeline addresses: derived files (language-neutral, beside the originals) and the workspace's JSON status."""

from django.urls import path

from trousse.portal.pipeline import views

app_name = "pipeline"
# Included under /<lang>/workspace/pipeline/ by the root URLconf.
urlpatterns = [
    path("runs/<int:run_id>.json", views.run_status, name="run_status"),
]
# Included at the root, without a language prefix, like catalog's /files/ addresses.
file_urlpatterns = [
    path("files/<int:resource_id>/v<int:number>/derived/<str:fmt>", views.derived_download, name="derived_download"),
    path("files/<int:resource_id>/v<int:number>/derived/<int:table>/<str:fmt>", views.derived_download,
         name="derived_table_download"),
]
