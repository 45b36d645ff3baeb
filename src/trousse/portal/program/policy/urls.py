"""Addresses of the policy kit, included by program/urls.py under /<lang>/workspace/program/policy/."""

from django.urls import path, register_converter

from trousse.portal.program.policy import views


class _Format:
    regex = "md|html|docx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(_Format, "policyformat")

urlpatterns = [
    path("", views.policy_index, name="policy"),
    path("generate/", views.policy_generate, name="policy_generate"),
    path("v<int:number>/", views.policy_version, name="policy_version"),
    path("v<int:number>/adopt/", views.policy_adopt, name="policy_adopt"),
    path("v<int:number>/<slug:kind>/<slug:lang>/", views.policy_document, name="policy_document"),
    path("v<int:number>/<slug:kind>/<slug:lang>.<policyformat:fmt>", views.policy_download,
         name="policy_download"),
]
