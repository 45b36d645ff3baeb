"""An organization's administrators upload, replace and remove its logo; the public page shows it."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from tests.factories import make_organization, make_user
from trousse.portal.catalog.models import Organization
from trousse.portal.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _png(colour: str = "red") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def _post(client: Client, **extra: object):  # type: ignore[no-untyped-def]
    data = {"form": "details", "name_en": "Parks", "name_fr": "Parcs", **extra}
    return client.post("/en/workspace/organizations/parks/", data)


def test_admin_uploads_a_logo_that_the_public_page_shows() -> None:
    parks = make_organization("parks")
    client = Client()
    client.force_login(make_user("boss", role="admin", organization=parks))

    response = _post(client, logo=SimpleUploadedFile("logo.png", _png(), content_type="image/png"))
    assert response.status_code == 302
    parks.refresh_from_db()
    assert parks.logo.name.startswith("logos/")
    assert AuditEvent.objects.filter(action="organization.update", changes__has_key="logo").exists()

    public = Client().get("/fr/organizations/parks/").content.decode()
    assert "/files/logos/parks" in public
    served = Client().get("/files/logos/parks")
    assert served.status_code == 200 and b"".join(served.streaming_content) == _png()

    assert _post(client, remove_logo="on").status_code == 302
    assert not Organization.objects.get(pk=parks.pk).logo
    assert Client().get("/files/logos/parks").status_code == 404


def test_a_file_that_is_not_an_image_is_refused_and_nothing_changes() -> None:
    parks = make_organization("parks")
    client = Client()
    client.force_login(make_user("boss", role="admin", organization=parks))
    response = _post(client, name_en="Renamed", logo=SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>"))
    assert response.status_code == 400
    parks.refresh_from_db()
    assert not parks.logo and parks.name_en != "Renamed"
