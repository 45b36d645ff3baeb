"""Addresses of the api app (filled in by issue #4)."""

from django.urls import path  # noqa: F401

app_name = "api"
urlpatterns: list = []  # language-prefixed pages, included under /<lang>/
root_urlpatterns: list = []  # language-neutral addresses (API, feeds), included at the root
