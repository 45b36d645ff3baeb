"""Addresses of the program toolkit (filled in by issue #6)."""

from django.urls import path  # noqa: F401

app_name = "program"
urlpatterns: list = []  # included under /<lang>/: staff pages under workspace/program/, public pages at their names
root_urlpatterns: list = []  # language-neutral addresses (e.g. /roadmap.ics), included at the root
