"""API tokens: shown once, stored hashed, expiring, revocable, audited; the page to manage them."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import make_user
from trousse.portal.core import tokens
from trousse.portal.core.errors import DomainError, NotFoundError
from trousse.portal.core.models import ApiToken, AuditEvent

pytestmark = pytest.mark.django_db


def test_secret_is_stored_only_as_a_hash() -> None:
    user = make_user("alice")
    issued = tokens.create_token(user, "nightly script", 30)
    row = ApiToken.objects.get()
    assert issued.secret.startswith(f"trs_{row.prefix}_") and len(issued.secret) > 40
    assert row.digest == hashlib.sha256(issued.secret.encode()).hexdigest()
    assert issued.secret not in str(list(ApiToken.objects.values()))
    assert timedelta(days=29) < row.expires - timezone.now() <= timedelta(days=30)
    event = AuditEvent.objects.get(action="token.create")
    assert issued.secret not in str(event.changes) and event.actor == user
    assert tokens.authenticate(issued.secret).user == user
    assert ApiToken.objects.get().last_used is not None


def test_wrong_expired_and_revoked_tokens_fail() -> None:
    user = make_user("alice")
    issued = tokens.create_token(user, "a")
    assert tokens.authenticate(issued.secret[:-1] + ("x" if issued.secret[-1] != "x" else "y")) is None
    assert tokens.authenticate("trs_") is None and tokens.authenticate("") is None
    ApiToken.objects.update(expires=timezone.now() - timedelta(seconds=1))
    assert tokens.authenticate(issued.secret) is None
    fresh = tokens.create_token(user, "b")
    tokens.revoke_token(user, fresh.token.pk)
    assert tokens.authenticate(fresh.secret) is None
    assert AuditEvent.objects.filter(action="token.revoke").count() == 1
    active = tokens.create_token(user, "c").secret
    assert tokens.authenticate(active) is not None
    user.is_active = False
    user.save()
    assert tokens.authenticate(active) is None  # a deactivated account's tokens stop working


def test_others_cannot_revoke_and_names_and_lifetimes_are_checked() -> None:
    alice, bob = make_user("alice"), make_user("bob")
    token = tokens.create_token(alice, "a").token
    with pytest.raises(NotFoundError):
        tokens.revoke_token(bob, token.pk)
    with pytest.raises(DomainError):
        tokens.create_token(alice, "   ")
    with pytest.raises(DomainError):
        tokens.create_token(alice, "x", 10_000)


def test_token_page_creates_shows_once_and_revokes(client: Client) -> None:
    user = make_user("alice", password="a-long-password")
    client.force_login(user)
    page = client.get("/en/accounts/tokens/")
    assert page.status_code == 200 and "You have no API tokens yet." in page.content.decode()
    created = client.post("/en/accounts/tokens/", {"name": "Uploader", "lifetime": "90"})
    body = created.content.decode()
    secret = ApiToken.objects.get()
    assert created.status_code == 200 and created["Cache-Control"] == "no-store"
    assert f"trs_{secret.prefix}_" in body and "shown only once" in body
    listing = client.get("/en/accounts/tokens/").content.decode()
    assert "Uploader" in listing and f"trs_{secret.prefix}_…" in listing
    assert 'value="trs_' not in listing  # never shown again
    revoked = client.post(f"/en/accounts/tokens/{secret.pk}/revoke/", follow=True)
    assert "is revoked" in revoked.content.decode()
    assert ApiToken.objects.get().revoked is not None
    invalid = client.post("/en/accounts/tokens/", {"name": "", "lifetime": "90"})
    assert invalid.status_code == 400
    french = client.get("/fr/accounts/tokens/").content.decode()
    assert "Jetons" in french


def test_token_page_needs_a_login_and_other_users_tokens_stay_hidden(client: Client) -> None:
    assert client.get("/en/accounts/tokens/").status_code == 302
    alice, bob = make_user("alice"), make_user("bob")
    token = tokens.create_token(alice, "alice-script").token
    client.force_login(bob)
    assert "alice-script" not in client.get("/en/accounts/tokens/").content.decode()
    assert client.post(f"/en/accounts/tokens/{token.pk}/revoke/").status_code == 404
    assert client.get(f"/en/accounts/tokens/{token.pk}/revoke/").status_code == 405
