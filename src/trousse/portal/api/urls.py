"""Addresses of the api app: the Action API at the root, its documentation page under /<lang>/."""

from django.urls import path, re_path

from trousse.portal.api import datastore_dump, dispatch, docs_views

app_name = "api"
urlpatterns = [  # language-prefixed pages, included under /<lang>/
    path("api/", docs_views.api_docs, name="docs"),
]
root_urlpatterns = [  # language-neutral addresses, included at the root
    # ckanapi posts to /api/action/<name> and never follows a redirect on a POST: both answer directly.
    re_path(r"^api/(?:3/)?action/(?P<name>[^/]{1,200})/?$", dispatch.action_view, name="api_action"),
    path("api/3/openapi.json", docs_views.openapi_json, name="api_openapi"),
    # CKAN serves a DataStore table's full dump at /datastore/dump/<resource id> (datastore_dump.py).
    path("datastore/dump/<str:resource_id>", datastore_dump.dump_view, name="datastore_dump"),
]
