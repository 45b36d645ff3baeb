"""API tests: a small catalogue in every state, tokens, and helpers to call the Action API."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from tests.factories import make_dataset, make_organization, make_user
from trousse.portal.catalog.models import Dataset, Organization
from trousse.portal.core import tokens


@pytest.fixture(autouse=True)
def generous_rate_limits(settings) -> None:  # type: ignore[no-untyped-def]
    """No rate limit in API tests, except where a test sets one to prove it works."""
    settings.API_RATE_ANON = ""
    settings.API_RATE_TOKEN = ""


@dataclass
class Catalogue:
    parks: Organization
    finance: Organization
    datasets: dict[str, Dataset]
    people: dict[str, Any]


@pytest.fixture(scope="module")
def catalogue(shared_data: Path) -> Catalogue:
    """Parks and finance datasets: public, restricted, non-public, draft, in review and archived."""
    parks = make_organization("parks", name_fr="Parcs")
    finance = make_organization("finance", name_fr="Finances")
    datasets = {
        "street-trees": make_dataset(
            parks, "street-trees", status="published", title_en="Street trees", title_fr="Arbres de rue",
            description_en="Every tree the city plants.", description_fr="Chaque arbre planté par la ville.",
            themes=["environment"], keywords={"en": ["trees", "forestry"], "fr": ["arbres"]},
            files=[("trees.csv", "id,species\n1,maple\n")]),
        "park-benches": make_dataset(
            parks, "park-benches", status="published", title_en="Park benches", title_fr="Bancs de parc",
            keywords={"en": ["furniture"]}, links=["https://example.ca/benches.json"], files=()),
        "heritage-trees": make_dataset(
            parks, "heritage-trees", status="published", access_level="restricted",
            title_en="Heritage trees", keywords={"en": ["trees"]}),
        "budget": make_dataset(finance, "budget", status="published", title_en="Annual budget",
                               title_fr="Budget annuel", themes=["economy"], keywords={"en": ["money"]}),
        "secret-trees": make_dataset(parks, "secret-trees", status="published", access_level="non_public",
                                     title_en="Secret trees", keywords={"en": ["secretword"]}),
        "draft-trees": make_dataset(parks, "draft-trees", title_en="Draft trees",
                                    keywords={"en": ["secretword"]}),
        "review-trees": make_dataset(parks, "review-trees", status="in_review", title_en="Review trees"),
        "archived-trees": make_dataset(parks, "archived-trees", status="archived", title_en="Archived trees"),
    }
    people = {
        "parks_editor": make_user("parks-editor", role="editor", organization=parks),
        "parks_member": make_user("parks-member", role="member", organization=parks),
        "finance_editor": make_user("finance-editor", role="editor", organization=finance),
    }
    return Catalogue(parks, finance, datasets, people)


def token_for(user: Any, name: str = "test") -> str:
    """Return a fresh API token secret for ``user``."""
    return tokens.create_token(user, name).secret


class Api:
    """Call the Action API through Django's test client and decode CKAN's envelope."""

    def __init__(self, client: Client) -> None:
        self.client = client

    def get(self, action: str, token: str = "", **query: Any) -> Any:
        headers = {"HTTP_AUTHORIZATION": token} if token else {}
        return self.client.get(f"/api/3/action/{action}", query, **headers)

    def post(self, action: str, data: Any = None, token: str = "", *, raw: bytes | None = None,
             path: str = "/api/3/action/") -> Any:
        headers = {"HTTP_AUTHORIZATION": token} if token else {}
        body = raw if raw is not None else json.dumps(data or {})
        return self.client.post(f"{path}{action}", body, content_type="application/json", **headers)

    def result(self, response: Any) -> Any:
        payload = response.json()
        assert response.status_code == 200, payload
        assert payload["success"] is True
        return payload["result"]


@pytest.fixture
def api(client: Client) -> Api:
    return Api(client)
