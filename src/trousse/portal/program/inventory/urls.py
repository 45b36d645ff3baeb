"""Addresses of the inventory's staff pages, included by program/urls.py under /<lang>/workspace/program/inventory/."""

from django.urls import path

from trousse.portal.program.inventory import views_staff as views

urlpatterns = [
    path("", views.ranked, name="inventory"),
    path("weights/", views.weights, name="inventory_weights"),
    path("new/", views.item_edit, name="inventory_new"),
    path("items/<int:pk>/", views.item_detail, name="inventory_item"),
    path("items/<int:pk>/edit/", views.item_edit, name="inventory_edit"),
    path("items/<int:pk>/delete/", views.item_delete, name="inventory_delete"),
    path("items/<int:pk>/draft/", views.item_draft, name="inventory_draft"),
    path("import/", views.import_file, name="inventory_import_file"),
    path("imports/<int:pk>/", views.import_report, name="inventory_import"),
    path("template.<str:kind>", views.template_file, name="inventory_template"),
]
