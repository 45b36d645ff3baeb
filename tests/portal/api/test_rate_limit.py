"""Expensive actions are limited per client address and per token, with 429 and Retry-After."""

from __future__ import annotations

import pytest

from tests.portal.api.conftest import Api, Catalogue, token_for
from trousse.portal.api.ratelimit import Rate, parse_rate

pytestmark = pytest.mark.django_db


def test_parse_rate() -> None:
    assert parse_rate("60/minute") == Rate(60, 60)
    assert parse_rate("5 / hours") == Rate(5, 3600)
    assert parse_rate("") is None
    for bad in ("lots", "10/fortnight", "0/minute", "-1/second"):
        with pytest.raises(ValueError):
            parse_rate(bad)


def test_unreadable_rates_fail_the_system_check(settings) -> None:  # type: ignore[no-untyped-def]
    from trousse.portal.api.ratelimit import check_settings

    assert check_settings() == []
    settings.API_RATE_TOKEN = "lots"
    assert [error.id for error in check_settings()] == ["trousse.api.E001"]


def test_anonymous_and_token_limits(api: Api, catalogue: Catalogue, settings) -> None:  # type: ignore[no-untyped-def]
    settings.API_RATE_ANON = "3/minute"
    settings.API_RATE_TOKEN = "5/minute"
    for _ in range(3):
        assert api.get("package_search").status_code == 200
    refused = api.get("package_search")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    error = refused.json()["error"]
    assert error["__type"] == "Rate Limit Error" and "package_search" in error["message"]
    assert api.get("package_show", id="budget").status_code == 200  # cheap actions are not counted
    other_client = api.client.get("/api/3/action/package_search", REMOTE_ADDR="192.0.2.9")
    assert other_client.status_code == 200  # the limit is per address
    token = token_for(catalogue.people["parks_member"])
    statuses = [api.get("package_search", token=token).status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]  # a token has its own, larger allowance


def test_forwarded_address_only_trusted_from_a_local_proxy(api: Api, catalogue: Catalogue, settings) -> None:  # type: ignore[no-untyped-def]
    settings.API_RATE_ANON = "1/minute"
    spoof = {"REMOTE_ADDR": "198.51.100.7"}
    assert api.client.get("/api/3/action/package_search", HTTP_X_FORWARDED_FOR="1.1.1.1", **spoof).status_code == 200
    assert api.client.get("/api/3/action/package_search", HTTP_X_FORWARDED_FOR="2.2.2.2", **spoof).status_code == 429
    proxied = {"REMOTE_ADDR": "127.0.0.1"}
    assert api.client.get("/api/3/action/package_search", HTTP_X_FORWARDED_FOR="203.0.113.1", **proxied
                          ).status_code == 200
    assert api.client.get("/api/3/action/package_search", HTTP_X_FORWARDED_FOR="203.0.113.2", **proxied
                          ).status_code == 200
    settings.TRUSTED_PROXIES = ["10.0.0.5"]  # a load balancer on another machine
    balanced = {"REMOTE_ADDR": "10.0.0.5"}
    for client in ("203.0.113.3", "203.0.113.4"):
        assert api.client.get("/api/3/action/package_search", HTTP_X_FORWARDED_FOR=f"9.9.9.9, {client}",
                              **balanced).status_code == 200
