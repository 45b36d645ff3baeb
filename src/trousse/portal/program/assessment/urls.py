"""Addresses of the self-assessment, included by program/urls.py under /<lang>/workspace/program/assessment/."""

from django.urls import path

from trousse.portal.program.assessment import views

urlpatterns = [
    path("", views.assessment_list, name="assessment_list"),
    path("start/", views.assessment_start, name="assessment_start"),
    path("compare/", views.assessment_compare, name="assessment_compare"),
    path("<int:pk>/", views.assessment_results, name="assessment_results"),
    path("<int:pk>/answers/", views.assessment_edit, name="assessment_edit"),
]
