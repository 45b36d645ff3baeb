"""The scorecard, the dashboard and the annual report through real HTTP: permissions, bad input, exports opened."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from html.parser import HTMLParser

import docx
import pytest
from django.test import Client
from django.utils import timezone, translation

from tests.factories import factory_admin, make_dataset, make_organization, make_user
from trousse.portal.catalog.models import Dataset
from trousse.portal.core.models import User
from trousse.portal.program.indicators import sample
from trousse.portal.program.models_indicators import IndicatorSnapshot

pytestmark = pytest.mark.django_db


class _Collect(HTMLParser):
    """Collect the tags, the svg titles and the h2/h3 text of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.headings: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs) -> None:  # type: ignore[no-untyped-def]
        self.tags.append(tag)
        if tag in ("h1", "h2", "h3", "title"):
            self._in = tag
            self.headings.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in:
            self.headings[-1] += data

@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    """Leave the thread in English: a French request's language must not leak into the next test's fixtures."""
    yield
    translation.activate("en")



def _parse(body: bytes) -> _Collect:
    parser = _Collect()
    parser.feed(body.decode())
    return parser


@pytest.fixture
def history() -> None:
    org = make_organization("parks")
    for slug in ("a", "b", "c"):
        make_dataset(org, slug, status=Dataset.Status.PUBLISHED, files=(), links=[f"https://example.org/{slug}.csv"])
    sample.load_sample_indicators(factory_admin())


@pytest.fixture
def viewer() -> User:
    return make_user("vera", role="member", organization=make_organization("roads"))


def test_the_public_scorecard_shows_the_principles_and_charts_in_both_languages(client: Client, history) -> None:
    response = client.get("/en/program/scorecard/")
    assert response.status_code == 200
    page = _parse(response.content)
    # One chart per measured indicator: no dataset has a processed table (data dictionary) or a regular
    # frequency (up to date), so those two are not measured and say so instead of showing 0 %.
    assert page.tags.count("svg") == 6
    assert "Open by default" in page.headings and "Not tracked yet" in page.headings
    body = response.content.decode()
    assert 'data-points="13"' in body  # twelve month-ends of history and today
    assert "Score: 100 out of 100" in body  # three of three datasets under an open licence
    assert "Not scored yet: no indicator measures it so far." in body
    assert "The portal has no data request channel yet." in body
    assert body.count("No value stored yet for this period.") == 2
    assert "nothing to measure yet, left out of the score" in body
    french = client.get("/fr/program/scorecard/").content.decode()
    assert "Ouvertes par défaut" in french and "Pas encore suivi" in french
    footer = client.get("/en/").content.decode()
    assert 'href="/en/program/scorecard/"' in footer and 'href="/en/program/standards/"' in footer


def test_viewing_takes_todays_snapshot_once(client: Client) -> None:
    assert not IndicatorSnapshot.objects.exists()
    client.get("/en/program/scorecard/")
    rows = IndicatorSnapshot.objects.filter(day=timezone.localdate()).count()
    assert rows == 2  # an empty catalogue: datasets published and downloads; no share of nothing
    client.get("/fr/program/scorecard/")
    assert IndicatorSnapshot.objects.count() == rows


def test_the_dashboard_is_for_workspace_staff(client: Client, viewer: User) -> None:
    assert client.get("/en/workspace/program/dashboard/").status_code == 302
    client.force_login(make_user("nobody"))
    assert client.get("/en/workspace/program/dashboard/").status_code == 403
    client.force_login(viewer)
    response = client.get("/en/workspace/program/dashboard/")
    assert response.status_code == 200 and b"Recompute" not in response.content
    assert client.post("/en/workspace/program/dashboard/snapshot/").status_code == 403
    client.force_login(factory_admin())
    assert "Recalculer" in client.get("/fr/workspace/program/dashboard/").content.decode()
    assert client.post("/en/workspace/program/dashboard/snapshot/").status_code == 302


@pytest.mark.parametrize("year", ["abc", "1999", "99999", str(dt.date.today().year + 1), "-1", "2020.5"])
def test_a_bad_year_is_a_clear_400_never_a_500(client: Client, viewer: User, year: str) -> None:
    client.force_login(viewer)
    for url in ("/en/workspace/program/dashboard/", "/en/program/scorecard/report.html",
                "/fr/program/scorecard/report.docx"):
        response = client.get(url, {"year": year})
        assert response.status_code == 400, url
    assert "L’année doit être un nombre" in client.get("/fr/program/scorecard/report.html", {"year": "x"}).content.decode()


def test_the_html_report_is_a_standalone_page_with_inline_charts(client: Client, history) -> None:
    response = client.get("/en/program/scorecard/report.html")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    body = response.content.decode()
    page = _parse(response.content)
    assert page.tags.count("svg") == 6 and "link" not in page.tags and "script" not in page.tags
    assert any("annual report" in h for h in page.headings)
    assert "Comparable and interoperable" in body and "Formula:" in body
    assert body.count('<details class="indicator-table" open>') == 6
    this_year = client.get("/fr/program/scorecard/report.html", {"year": str(timezone.localdate().year)})
    assert this_year.status_code == 200 and 'lang="fr-CA"' in this_year.content.decode()


def test_the_word_report_opens_with_headings_chart_images_and_tables(client: Client, history) -> None:
    response = client.get("/fr/program/scorecard/report.docx")
    assert response.status_code == 200
    document = docx.Document(io.BytesIO(response.content))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Indicateurs dans le temps" in headings and "Jeux de données publiés" in headings
    assert len(document.tables) == 6 and document.tables[0].rows[0].cells[0].text == "Mois"
    assert len(document.tables[0].rows) == 14  # header + 13 months
    assert len(document.inline_shapes) == 6  # one chart picture per indicator (identical ones share a file)
    images = [n for n in zipfile.ZipFile(io.BytesIO(response.content)).namelist() if n.startswith("word/media/")]
    assert images and all(n.endswith(".png") for n in images)
    assert document.core_properties.language == "fr-CA"
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Score : 100 sur 100" in text
