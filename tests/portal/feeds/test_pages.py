"""What the feeds add to pages: links and schema.org JSON-LD on the dataset page, "Use this data" per resource."""

from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb
import pytest
from django.test import Client, TestCase, override_settings

from tests.factories import answer_questionnaire, factory_admin, make_dataset, make_organization
from tests.portal.pipeline.helpers import add_file
from trousse.portal.catalog import services
from trousse.portal.catalog.models import Dataset

pytestmark = pytest.mark.django_db
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
CSV = "ward,trees,planted\n1,120,2024-05-01\n2,87,2024-06-12\n3,45,2024-07-30\n"
# What Google's Dataset rich results document as required or recommended.
GOOGLE_PROPERTIES = {"name", "description", "url", "license", "creator", "publisher", "distribution",
                     "temporalCoverage", "spatialCoverage", "keywords", "dateModified"}


@pytest.fixture(scope="module")
def dataset_id(shared_data: Path) -> int:
    """A published dataset whose CSV went through the real pipeline (tasks run at once), built once."""
    with override_settings(TASKS=IMMEDIATE):
        org = make_organization("feed-forestry", name_en="Forestry", name_fr="Foresterie",
                                email="trees@example.ca")
        found = make_dataset(org, "street-trees", files=(), keywords={"en": ["trees"], "fr": ["arbres"]},
                             title_en="Street trees", title_fr="Arbres de rue", description_fr="Les arbres.",
                             spatial_en="Maple Point", spatial_fr="Pointe-aux-Érables",
                             temporal_start="2024-01-01", temporal_end="2024-12-31")
        add_file(TestCase.captureOnCommitCallbacks, factory_admin(), found, "trees.csv", CSV)
        answer_questionnaire(found)  # the privacy gate's questionnaire (issue #5)
        found = services.submit_for_review(factory_admin(), found)
        return services.approve_dataset(factory_admin(), found, acknowledge=True).pk


@pytest.fixture
def dataset(dataset_id: int, settings) -> Dataset:  # type: ignore[no-untyped-def]
    """The module's published dataset, read afresh for each test (tasks still run at once)."""
    settings.TASKS = IMMEDIATE
    return Dataset.objects.get(pk=dataset_id)


def _jsonld(html: str) -> dict:  # type: ignore[type-arg]
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(found) == 1
    return json.loads(found[0])


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_dataset_page_embeds_schema_org_dataset(dataset: Dataset, lang: str) -> None:
    client = Client()
    html = client.get(f"/{lang}/datasets/street-trees/").content.decode()
    data = _jsonld(html)
    assert data["@type"] == "Dataset" and data["@context"] == "https://schema.org/"
    assert GOOGLE_PROPERTIES <= set(data), GOOGLE_PROPERTIES - set(data)
    assert data["name"] == ("Street trees" if lang == "en" else "Arbres de rue")
    assert data["alternateName"] == ("Arbres de rue" if lang == "en" else "Street trees")
    assert data["inLanguage"] == lang
    assert data["keywords"] == (["trees"] if lang == "en" else ["arbres"])
    assert data["temporalCoverage"] == "2024-01-01/2024-12-31"
    assert data["spatialCoverage"]["name"] == ("Maple Point" if lang == "en" else "Pointe-aux-Érables")
    assert data["creator"]["name"] == ("Forestry" if lang == "en" else "Foresterie")
    assert data["license"].startswith("https://")
    (download,) = data["distribution"]
    assert download["encodingFormat"] == "text/csv"
    assert client.get(download["contentUrl"].removeprefix("http://127.0.0.1:8000")).status_code == 302


def test_dataset_page_links_every_machine_readable_twin(dataset: Dataset) -> None:
    client = Client()
    html = client.get("/en/datasets/street-trees/").content.decode()
    links = dict(re.findall(r'<link rel="alternate" type="([^"]+)" href="([^"]+)"', html))
    hrefs = re.findall(r'<link rel="alternate" type="[^"]+" href="([^"]+)"', html)
    assert links["text/turtle"] == "/dataset/street-trees.ttl"
    assert links["application/rdf+xml"] == "/dataset/street-trees.rdf"
    assert links["application/ld+json"] == "/dataset/street-trees.jsonld"
    assert "/dataset/street-trees/datapackage.json" in hrefs
    assert "/dataset/street-trees/canada.json" in hrefs
    assert "/api/3/action/package_show?id=street-trees" in hrefs
    for href in hrefs:
        if not href.startswith("/api/"):  # the CKAN API is another app's (issue 4 §1)
            assert client.get(href).status_code == 200, href


def test_datapackage_carries_the_pipeline_schema_and_points_at_its_csv(dataset: Dataset) -> None:
    client = Client()
    package = client.get("/dataset/street-trees/datapackage.json").json()
    assert package["profile"] == "tabular-data-package"
    (resource,) = package["resources"]
    assert [f["name"] for f in resource["schema"]["fields"]] == ["ward", "trees", "planted"]
    assert resource["format"] == "csv" and resource["mediatype"] == "text/csv"
    csv = client.get(resource["path"].removeprefix("http://127.0.0.1:8000"))
    assert csv.status_code == 200
    assert b"".join(csv.streaming_content).decode("utf-8").splitlines()[0] == "ward,trees,planted"


def test_resource_page_offers_snippets_with_real_addresses(dataset: Dataset) -> None:
    resource = dataset.resources.get()
    client = Client()
    html = client.get(f"/fr/datasets/street-trees/resources/{resource.pk}/").content.decode()
    assert "Utiliser ces données" in html
    assert f"http://testserver/files/{resource.pk}/latest" in html
    assert 'RemoteCKAN(&quot;http://testserver&quot;)' in html
    assert f"datastore_search?resource_id={resource.pk}&amp;limit=5" in html
    parquet = re.search(r"read_parquet\(&#x27;http://testserver(/files/[^&]+)&#x27;\)", html).group(1)
    answer = client.get(parquet)
    assert answer.status_code == 200
    table = duckdb.sql("SELECT * FROM read_parquet($path)", params={"path": _save(answer)})
    assert table.fetchall()[0][:2] == (1, 120)
    assert '<script src="/static/feeds/copy.js" defer></script>' in html
    assert "hidden>Copier" in html  # buttons appear only with JavaScript


def _save(response) -> str:  # type: ignore[no-untyped-def]
    import tempfile

    handle = tempfile.NamedTemporaryFile(suffix=".parquet", delete=False)
    with handle:
        handle.write(b"".join(response.streaming_content) if response.streaming else response.content)
    return handle.name


def test_no_panel_for_readers_who_cannot_download(settings) -> None:  # type: ignore[no-untyped-def]
    org = make_organization("feed-police")
    restricted = make_dataset(org, "incidents", status="published", access_level="restricted", acknowledge=True)
    resource = restricted.resources.get()
    html = Client().get(f"/en/datasets/incidents/resources/{resource.pk}/").content.decode()
    assert "Use this data" not in html
    data = _jsonld(Client().get("/en/datasets/incidents/").content.decode())
    assert "distribution" not in data
    assert '/dataset/incidents/canada.json' not in Client().get("/en/datasets/incidents/").content.decode()


def test_json_ld_cannot_break_out_of_its_script() -> None:
    org = make_organization("feed-xss")
    make_dataset(org, "sneaky", status="published", acknowledge=True,
                 title_en="</script><script>alert(1)</script>")
    html = Client().get("/en/datasets/sneaky/").content.decode()
    assert "<script>alert(1)" not in html
    assert _jsonld(html)["name"] == "</script><script>alert(1)</script>"


def test_datapackage_revalidates_when_the_data_dictionary_changes(dataset: Dataset) -> None:
    from trousse.portal.pipeline.services import update_data_dictionary

    client = Client()
    first = client.get("/dataset/street-trees/datapackage.json")
    assert client.get("/dataset/street-trees/datapackage.json", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    update_data_dictionary(factory_admin(), dataset.resources.get(),
                           {"trees": {"title_en": "Trees planted", "title_fr": "Arbres plantés", "unit": "trees"}})
    again = client.get("/dataset/street-trees/datapackage.json", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    (field,) = [f for f in again.json()["resources"][0]["schema"]["fields"] if f["name"] == "trees"]
    assert (field["title"], field["title_fr"], field["unit"]) == ("Trees planted", "Arbres plantés", "trees")
