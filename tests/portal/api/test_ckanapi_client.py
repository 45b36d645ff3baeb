"""The real ckanapi client (from PyPI) against a live server: search, show, create, upload, DataStore."""

from __future__ import annotations

from pathlib import Path

import ckanapi
import pytest

from tests.factories import make_dataset, make_organization, make_user
from trousse.portal.api.registry import ACTIONS
from trousse.portal.core import tokens

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def clients():  # type: ignore[no-untyped-def]
    """Make ckanapi clients and close their HTTP sessions after the test.

    An open keep-alive connection holds a live-server thread that would otherwise end after the
    test database is gone.
    """
    made: list[ckanapi.RemoteCKAN] = []

    def make(*args, **kwargs):  # type: ignore[no-untyped-def]
        made.append(ckanapi.RemoteCKAN(*args, user_agent="trousse-tests", **kwargs))
        return made[-1]

    yield make
    for client in made:
        client.close()


@pytest.fixture
def site(live_server, settings):  # type: ignore[no-untyped-def]
    """A live server with one public dataset, and an editor's token; uploads are processed at once."""
    settings.TASKS = IMMEDIATE
    parks = make_organization("parks", name_fr="Parcs")
    make_dataset(parks, "street-trees", status="published", title_en="Street trees", title_fr="Arbres de rue",
                 keywords={"en": ["trees"]}, files=[("trees.csv", "id,species\n1,maple\n")])
    make_dataset(parks, "secret-trees", title_en="Secret trees")
    editor = make_user("editor", role="editor", organization=parks)
    return live_server.url, tokens.create_token(editor, "ckanapi test").secret


def test_ckanapi_reads_writes_and_queries(site, clients, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    url, token = site
    anonymous = clients(url)
    found = anonymous.action.package_search(q="arbres", facet__field='["tags"]', rows=5)
    assert found["count"] == 1 and found["results"][0]["name"] == "street-trees"
    shown = anonymous.action.package_show(id="street-trees")
    assert shown["title_translated"]["fr"] == "Arbres de rue"
    with pytest.raises(ckanapi.NotFound):
        anonymous.action.package_show(id="secret-trees")
    with pytest.raises(ckanapi.NotAuthorized):
        anonymous.action.package_create(name="bike-racks", owner_org="parks", title="Bike racks")
    get_only = clients(url, get_only=True)
    assert get_only.action.package_list() == ["street-trees"]

    staff = clients(url, apikey=token)
    created = staff.action.package_create(name="bike-racks", owner_org="parks", title="Bike racks",
                                          notes="Where to lock a bike.", license_id="ogl-canada-2.0",
                                          tags=[{"name": "cycling"}])
    assert created["state"] == "draft"
    with pytest.raises(ckanapi.ValidationError) as duplicate:
        staff.action.package_create(name="bike-racks", owner_org="parks", title="Again")
    assert "name" in duplicate.value.error_dict

    data = tmp_path / "racks.csv"
    data.write_text("id,street,spaces\n1,Main,10\n2,King,4\n3,Queen,6\n", encoding="utf-8")
    with data.open("rb") as upload:
        resource = staff.action.resource_create(package_id=created["id"], name="Racks", upload=upload)
    assert resource["url"].endswith("/racks.csv") and resource["format"] == "CSV"
    shown = staff.action.resource_show(id=resource["id"])
    assert shown["datastore_active"] is True  # the pipeline processed the upload into Parquet

    if "datastore_search" not in ACTIONS:
        pytest.skip("datastore_search is not registered yet (api/datastore*.py)")
    result = staff.action.datastore_search(resource_id=resource["id"], filters={"street": "King"})
    assert [r["spaces"] for r in result["records"]] == [4]
    with pytest.raises(ckanapi.NotFound):  # a draft's table stays hidden from the public
        anonymous.action.datastore_search(resource_id=resource["id"])
