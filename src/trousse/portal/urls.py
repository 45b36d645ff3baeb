"""Root URLs: language-prefixed pages (/en/…, /fr/…) and language-neutral files and system pages."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from trousse.portal.api.urls import root_urlpatterns as api_root
from trousse.portal.catalog import downloads
from trousse.portal.core import system
from trousse.portal.feeds.urls import root_urlpatterns as feeds_root
from trousse.portal.pipeline.urls import file_urlpatterns as pipeline_files
from trousse.portal.pipeline.urls import public_urlpatterns as pipeline_public
from trousse.portal.previews.urls import root_urlpatterns as previews_root
from trousse.portal.program.urls import root_urlpatterns as program_root

urlpatterns = [
    path("-/health", system.health, name="health"),
    path("-/versions", system.versions, name="versions"),
    path("files/<int:resource_id>/v<int:number>/<str:filename>", downloads.version_download,
         name="version_download"),
    path("files/<int:resource_id>/latest", downloads.latest_download, name="latest_download"),
    path("files/logos/<slug:slug>", downloads.organization_logo, name="organization_logo"),
    *pipeline_files,
    *api_root,
    *feeds_root,
    *previews_root,
    *program_root,
]
urlpatterns += i18n_patterns(
    path("accounts/", include("trousse.portal.core.urls")),
    path("workspace/pipeline/", include("trousse.portal.pipeline.urls")),
    path("", include((pipeline_public, "pipeline_public"))),
    path("", include("trousse.portal.api.urls")),
    path("", include("trousse.portal.feeds.urls")),
    path("", include("trousse.portal.previews.urls")),
    path("", include("trousse.portal.program.urls")),
    path("", include("trousse.portal.privacy.urls")),
    path("", include("trousse.portal.catalog.urls")),
    prefix_default_language=True,
)

handler400 = "trousse.portal.core.errors.bad_request"
handler403 = "trousse.portal.core.errors.permission_denied"
handler404 = "trousse.portal.core.errors.page_not_found"
handler500 = "trousse.portal.core.errors.server_error"
