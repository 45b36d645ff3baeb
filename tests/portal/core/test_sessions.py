"""An expired session: the staff member is sent to log in again, in their language, and nothing is saved."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from tests.factories import make_organization, make_user
from trousse.portal.catalog.models import Dataset

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_form_posted_after_the_session_expired_saves_nothing_and_asks_to_log_in(lang: str) -> None:
    parks = make_organization("parks")
    editor = make_user("editor", role="editor", organization=parks, password="a-long-password-1")
    client = Client(enforce_csrf_checks=True)
    assert client.login(username="editor", password="a-long-password-1")
    page = client.get(f"/{lang}/workspace/datasets/new/")
    token = page.context["csrf_token"]
    Session.objects.all().delete()  # the session expires on the server while the form is open

    response = client.post(f"/{lang}/workspace/datasets/new/", {
        "csrfmiddlewaretoken": str(token), "organization": "parks", "slug": "late-form",
        "title_en": "Late form", "title_fr": "Formulaire tardif", "licence": "ogl-canada-2.0",
        "frequency": "unknown", "access_level": "public",
    })

    assert response.status_code == 302
    assert response["Location"].startswith(f"/{lang}/accounts/login/?next=")
    assert not Dataset.objects.filter(slug="late-form").exists()
    login = client.get(response["Location"])
    assert login.status_code == 200 and f'lang="{lang}"' in login.content.decode()
    ended = "your session has ended" if lang == "en" else "votre session a pris fin"
    assert ended in login.content.decode().lower()
    assert editor.pk  # the account itself is untouched
