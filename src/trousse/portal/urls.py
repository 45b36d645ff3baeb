"""Root URLs: language-prefixed pages (/en/…, /fr/…) and language-neutral files and system pages."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from trousse.portal.catalog import downloads
from trousse.portal.core import system
from trousse.portal.pipeline.urls import file_urlpatterns as pipeline_files
from trousse.portal.pipeline.urls import public_urlpatterns as pipeline_public

urlpatterns = [
    path("-/health", system.health, name="health"),
    path("-/versions", system.versions, name="versions"),
    path("files/<int:resource_id>/v<int:number>/<str:filename>", downloads.version_download,
         name="version_download"),
    path("files/<int:resource_id>/latest", downloads.latest_download, name="latest_download"),
    path("files/logos/<slug:slug>", downloads.organization_logo, name="organization_logo"),
    *pipeline_files,
]
urlpatterns += i18n_patterns(
    path("accounts/", include("trousse.portal.core.urls")),
    path("workspace/pipeline/", include("trousse.portal.pipeline.urls")),
    path("", include((pipeline_public, "pipeline_public"))),
    path("", include("trousse.portal.catalog.urls")),
    prefix_default_language=True,
)

handler400 = "trousse.portal.core.errors.bad_request"
handler403 = "trousse.portal.core.errors.permission_denied"
handler404 = "trousse.portal.core.errors.page_not_found"
handler500 = "trousse.portal.core.errors.server_error"
