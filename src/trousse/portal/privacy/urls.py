"""Addresses of the privacy gate: staff pages under workspace/privacy/."""

app_name = "privacy"
urlpatterns: list = []  # included under /<lang>/
