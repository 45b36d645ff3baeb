"""Links reversed once and filled in are exactly what reverse and build_absolute_uri give."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from trousse.portal.api import links

FILENAMES = ["data.csv", "Rivière du Loup 2024.csv", "100% #1?.csv", "a&b=c;d.xlsx", "tab\tname.csv", "ünï©ødé.json",
             "..", "-"]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_filled_links_equal_reverse(lang, settings):
    settings.ALLOWED_HOSTS = ["data.example.ca"]
    request = RequestFactory().get("/api/3/action/package_search", HTTP_HOST="data.example.ca", secure=True)
    with translation.override(lang):
        builder = links.Links(request)
        for name in FILENAMES:
            expected = request.build_absolute_uri(reverse("version_download", kwargs={
                "resource_id": 12, "number": 3, "filename": name}))
            assert builder.absolute("version_download", resource_id=12, number=3, filename=name) == expected
        for slug in ("roads", "snow-removal_2024", "a"):
            expected = request.build_absolute_uri(reverse("catalog:dataset", kwargs={"slug": slug}))
            assert builder.absolute("catalog:dataset", slug=slug) == expected
            assert expected.startswith(f"https://data.example.ca/{lang}/")


def test_values_a_route_refuses_still_raise():
    builder = links.Links(RequestFactory().get("/"))
    with pytest.raises(NoReverseMatch):
        builder.absolute("version_download", resource_id=1, number=1, filename="a/b.csv")
    with pytest.raises(NoReverseMatch):
        builder.absolute("version_download", resource_id=1, number=1, filename="")


def test_one_builder_per_request():
    request = RequestFactory().get("/")
    assert links.for_request(request) is links.for_request(request)
