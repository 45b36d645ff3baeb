from django.urls import path

from trousse.portal.catalog.views import public, staff

app_name = "catalog"
urlpatterns = [
    # Public portal
    path("", public.home, name="home"),
    path("datasets/", public.search, name="search"),
    path("datasets/<slug:slug>/", public.dataset_detail, name="dataset"),
    path("datasets/<slug:slug>/resources/<int:resource_id>/", public.resource_detail, name="resource"),
    path("organizations/", public.organization_list, name="organizations"),
    path("organizations/<slug:slug>/", public.organization_detail, name="organization"),
    path("themes/", public.theme_list, name="themes"),
    path("themes/<slug:code>/", public.theme_detail, name="theme"),
    # Staff workspace
    path("workspace/", staff.workspace, name="workspace"),
    path("workspace/review/", staff.review_queue, name="review_queue"),
    path("workspace/datasets/new/", staff.dataset_create, name="dataset_create"),
    path("workspace/datasets/<slug:slug>/", staff.dataset_manage, name="dataset_manage"),
    path("workspace/datasets/<slug:slug>/edit/", staff.dataset_edit, name="dataset_edit"),
    path("workspace/datasets/<slug:slug>/resources/new/", staff.resource_create, name="resource_create"),
    path("workspace/datasets/<slug:slug>/resources/<int:resource_id>/edit/", staff.resource_edit,
         name="resource_edit"),
    path("workspace/datasets/<slug:slug>/resources/<int:resource_id>/upload/", staff.resource_upload,
         name="resource_upload"),
    path("workspace/datasets/<slug:slug>/resources/<int:resource_id>/delete/", staff.resource_delete,
         name="resource_delete"),
    path("workspace/datasets/<slug:slug>/<str:action>/", staff.dataset_transition, name="dataset_transition"),
    path("workspace/organizations/<slug:slug>/", staff.organization_manage, name="organization_manage"),
]
