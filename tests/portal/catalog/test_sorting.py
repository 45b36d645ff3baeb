"""Sorting by title follows the alphabet a reader expects: accents and case do not push titles last."""

from __future__ import annotations

import pytest
from django.utils import translation

from tests.factories import make_dataset, make_organization
from trousse.portal.catalog import queries

pytestmark = pytest.mark.django_db


def test_title_sort_ignores_accents_and_case_in_each_language() -> None:
    parks = make_organization("parks")
    for slug, en, fr in (("maples", "Maples", "Érables"), ("docks", "docks", "Quais"),
                         ("fountains", "Fountains", "Fontaines"), ("zoo", "Zoo", "zoo")):
        make_dataset(parks, slug, status="published", title_en=en, title_fr=fr, acknowledge=True)
    with translation.override("fr"):
        result = queries.search_datasets(None, queries.SearchParams(sort="title"))
        assert [d.slug for d in result.page] == ["maples", "fountains", "docks", "zoo"]
    with translation.override("en"):
        result = queries.search_datasets(None, queries.SearchParams(sort="title"))
        assert [d.slug for d in result.page] == ["docks", "fountains", "maples", "zoo"]
