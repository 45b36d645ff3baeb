"""Addresses of the privacy gate: the staff pages under workspace/privacy/ (the public statement is a panel)."""

from django.urls import path

from trousse.portal.privacy import views_staff

app_name = "privacy"
# Included under /<lang>/ by the root URLconf, before the catalogue's own workspace pages.
urlpatterns = [
    path("workspace/privacy/", views_staff.review_queue, name="queue"),
    path("workspace/privacy/datasets/<slug:slug>/", views_staff.dataset_page, name="dataset"),
    path("workspace/privacy/datasets/<slug:slug>/questionnaire/", views_staff.questionnaire, name="questionnaire"),
    path("workspace/privacy/datasets/<slug:slug>/decision/", views_staff.decide, name="decide"),
    path("workspace/privacy/resources/<int:resource_id>/recipe/", views_staff.recipe, name="recipe"),
    path("workspace/privacy/resources/<int:resource_id>/tables/<int:table>/risk/", views_staff.risk_settings,
         name="risk_settings"),
]
