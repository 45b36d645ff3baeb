"""Who sees which dataset: listings, search results and facets, dataset lookups and file downloads.

Drafts, datasets in review, archived and non-public datasets must never show to the public or to
staff of other organizations, not even as a facet count; restricted datasets are listed for all but
their files go only to staff. A hidden dataset answers exactly like one that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from tests.factories import make_dataset, make_organization, make_user
from trousse.portal.catalog import queries
from trousse.portal.catalog.models import Dataset, Organization, Resource
from trousse.portal.core.errors import NotFoundError

pytestmark = pytest.mark.django_db

PUBLIC = "open-trees"
RESTRICTED = "restricted-trees"
# Slugs of the datasets nobody outside their organization may see, and why.
HIDDEN = {
    "draft-trees": {"status": "draft"},
    "review-trees": {"status": "in_review"},
    "archived-trees": {"status": "archived"},
    "secret-trees": {"status": "published", "access_level": "non_public"},
}
OUTSIDERS = ("anonymous", "other_editor", "other_admin")
INSIDERS = ("member", "editor", "org_admin", "reviewer", "site_admin")


@dataclass
class World:
    org: Organization
    people: dict[str, object]
    datasets: dict[str, Dataset]

    def resource(self, slug: str) -> Resource:
        return self.datasets[slug].resources.get()


@pytest.fixture(scope="module")
def world(shared_data: Path) -> World:
    """Datasets of ``parks`` in every state; hidden ones carry facet values no visible one has."""
    parks = make_organization("parks")
    other = make_organization("finance")
    datasets = {
        PUBLIC: make_dataset(parks, PUBLIC, status="published", title_en="Open street trees",
                             themes=["environment"], keywords={"en": ["trees"]}, frequency="annual",
                             files=[("trees.csv", "id\n1\n")]),
        RESTRICTED: make_dataset(parks, RESTRICTED, status="published", access_level="restricted",
                                 title_en="Restricted heritage trees", themes=["environment"],
                                 keywords={"en": ["trees"]}, frequency="annual",
                                 files=[("heritage.csv", "id\n2\n")]),
    }
    for slug, how in HIDDEN.items():
        datasets[slug] = make_dataset(
            parks, slug, title_en=f"Hidden trees {slug}", themes=["health"], keywords={"en": ["secret"]},
            licence="odbl-1.0", frequency="daily", files=[(f"{slug}.json", '[{"id": 3}]')], **how)
    people = {
        "anonymous": AnonymousUser(),
        "other_editor": make_user("oto", role="editor", organization=other),
        "other_admin": make_user("oda", role="admin", organization=other),
        "member": make_user("mia", role="member", organization=parks),
        "editor": make_user("eli", role="editor", organization=parks),
        "org_admin": make_user("ada", role="admin", organization=parks),
        "reviewer": make_user("rey", reviewer=True),
        "site_admin": make_user("sam", admin=True),
    }
    return World(parks, people, datasets)


@pytest.fixture
def media_root(world: World, shared_data: Path, settings) -> Path:  # type: ignore[no-untyped-def]
    """The files of the shared datasets (this replaces the suite's one-folder-per-test fixture)."""
    settings.MEDIA_ROOT = str(shared_data)
    return shared_data


def client_for(user: object) -> Client:
    client = Client()
    if not isinstance(user, AnonymousUser):
        client.force_login(user)  # type: ignore[arg-type]
    return client


def facet_counts(result: queries.SearchResult) -> dict[str, dict[str, int]]:
    return {name: {item.value: item.count for item in items} for name, items in result.facets.items()}


def test_the_fixture_datasets_are_in_the_states_they_claim(world):
    states = {slug: (d.status, d.access_level) for slug, d in world.datasets.items()}
    assert states == {
        PUBLIC: ("published", "public"), RESTRICTED: ("published", "restricted"),
        "draft-trees": ("draft", "public"), "review-trees": ("in_review", "public"),
        "archived-trees": ("archived", "public"), "secret-trees": ("published", "non_public"),
    }


# --- listings and search ------------------------------------------------------------------------


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_list_only_published_public_and_restricted_datasets(world, who):
    user = world.people[who]
    assert set(queries.catalogue_datasets(user).values_list("slug", flat=True)) == {PUBLIC, RESTRICTED}
    assert queries.catalogue_counts(user) == {"datasets": 2, "organizations": 1, "resources": 2}
    assert {o.slug: o.n for o in queries.organizations_with_counts(user)} == {"parks": 2, "finance": 0}
    themes = {t.code: t.n for t in queries.themes_with_counts(user)}
    assert (themes["environment"], themes["health"]) == (2, 0)
    assert [d.slug for d in queries.latest_datasets(user)] in ([PUBLIC, RESTRICTED], [RESTRICTED, PUBLIC])
    assert {d.slug for d in queries.popular_datasets(user)} == {PUBLIC, RESTRICTED}


@pytest.mark.parametrize("who", INSIDERS)
def test_staff_of_the_organization_also_list_its_non_public_datasets_but_never_unpublished_ones(world, who):
    user = world.people[who]
    assert set(queries.catalogue_datasets(user).values_list("slug", flat=True)) == {
        PUBLIC, RESTRICTED, "secret-trees"}


@pytest.mark.parametrize("who", OUTSIDERS)
@pytest.mark.parametrize("q", ["", "trees", "hidden", "secret"])
def test_outsiders_never_find_hidden_datasets_in_results_or_facet_counts(world, who, q):
    result = queries.search_datasets(world.people[who], queries.SearchParams(q=q))
    found = {d.slug for d in result.page}
    assert found <= {PUBLIC, RESTRICTED}
    assert result.total == len(found)
    counts = facet_counts(result)
    if not found:
        assert all(not values for values in counts.values()), counts
        return
    assert counts == {
        "organization": {"parks": len(found)},
        "theme": {"environment": len(found)},
        "format": {"CSV": len(found)},
        "licence": {"ogl-canada-2.0": len(found)},
        "tag": {"trees": len(found)},
        "frequency": {"annual": len(found)},
    }


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_filtering_on_a_hidden_facet_value_find_nothing(world, who):
    user = world.people[who]
    for facet, value in [("theme", "health"), ("tag", "secret"), ("licence", "odbl-1.0"),
                         ("format", "json"), ("frequency", "daily")]:
        result = queries.search_datasets(user, queries.SearchParams(filters={facet: [value]}))
        assert result.total == 0, facet
        assert list(result.page) == []


@pytest.mark.parametrize("who", ["org_admin", "reviewer"])
def test_staff_find_non_public_datasets_of_their_organization_in_search(world, who):
    result = queries.search_datasets(world.people[who], queries.SearchParams(q="trees"))
    assert {d.slug for d in result.page} == {PUBLIC, RESTRICTED, "secret-trees"}
    assert facet_counts(result)["theme"] == {"environment": 2, "health": 1}


# --- a single dataset ---------------------------------------------------------------------------


@pytest.mark.parametrize("who", OUTSIDERS)
@pytest.mark.parametrize("slug", [*HIDDEN, "no-such-dataset"])
def test_outsiders_get_not_found_for_hidden_datasets_as_for_missing_ones(world, who, slug):
    with pytest.raises(NotFoundError) as raised:
        queries.get_dataset(world.people[who], slug)
    assert str(raised.value) == "No such dataset"


@pytest.mark.parametrize("who", OUTSIDERS + INSIDERS)
def test_everyone_gets_published_public_and_restricted_datasets(world, who):
    for slug in (PUBLIC, RESTRICTED):
        assert queries.get_dataset(world.people[who], slug).slug == slug


@pytest.mark.parametrize("who", INSIDERS)
def test_staff_of_the_organization_and_site_staff_get_every_dataset(world, who):
    for slug in HIDDEN:
        assert queries.get_dataset(world.people[who], slug).slug == slug


def test_only_the_organizations_staff_see_its_datasets_in_their_workspace(world):
    mine = set(world.datasets)
    assert set(queries.staff_datasets(world.people["member"]).values_list("slug", flat=True)) == mine
    assert set(queries.staff_datasets(world.people["reviewer"]).values_list("slug", flat=True)) == mine
    assert not queries.staff_datasets(world.people["other_editor"]).exists()
    assert not queries.staff_datasets(world.people["anonymous"]).exists()
    queue = queries.review_queue(world.people["reviewer"])
    assert list(queue.values_list("slug", flat=True)) == ["review-trees"]
    assert not queries.review_queue(world.people["org_admin"]).exists()


def test_without_required_review_organization_admins_get_their_organizations_review_queue(world, settings):
    # As permissions.can_review: when review is optional, an organization's admins decide on its submissions.
    settings.REQUIRE_REVIEW = False
    queue = queries.review_queue(world.people["org_admin"])
    assert list(queue.values_list("slug", flat=True)) == ["review-trees"]
    assert queries.has_review_queue(world.people["org_admin"])
    for who in ("other_admin", "editor", "member", "other_editor", "anonymous"):
        assert not queries.review_queue(world.people[who]).exists(), who
    assert not queries.has_review_queue(world.people["editor"])
    assert queries.has_review_queue(world.people["other_admin"])  # their own organization's queue, empty now
    settings.REQUIRE_REVIEW = True
    assert not queries.has_review_queue(world.people["org_admin"])
    assert not queries.review_queue(world.people["org_admin"]).exists()


# --- files --------------------------------------------------------------------------------------


def _urls(world: World, slug: str) -> tuple[str, str]:
    resource = world.resource(slug)
    version = resource.current_version
    return f"/files/{resource.pk}/latest", f"/files/{resource.pk}/v{version.number}/{version.filename}"


@pytest.mark.parametrize("who", OUTSIDERS)
@pytest.mark.parametrize("slug", [*HIDDEN, RESTRICTED])
def test_outsiders_cannot_download_files_of_hidden_or_restricted_datasets(world, who, slug):
    client = client_for(world.people[who])
    for url in _urls(world, slug):
        response = client.get(url)
        assert response.status_code == 404, url
        assert not response.has_header("ETag")
    # The answer is the same as for a file that does not exist.
    assert client.get("/files/999999/latest").status_code == 404
    assert client.get(f"/files/{world.resource(slug).pk}/v9/nothing.csv").status_code == 404


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_download_files_of_public_datasets(world, who):
    client = client_for(world.people[who])
    latest, version = _urls(world, PUBLIC)
    response = client.get(latest)
    assert (response.status_code, response["Location"]) == (302, version)
    response = client.get(version)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"id\n1\n"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"


@pytest.mark.parametrize("who", INSIDERS)
@pytest.mark.parametrize("slug", [*HIDDEN, RESTRICTED])
def test_staff_download_files_of_every_dataset_they_can_see_without_shared_caching(world, who, slug):
    client = client_for(world.people[who])
    latest, version = _urls(world, slug)
    assert client.get(latest).status_code == 302
    response = client.get(version)
    assert response.status_code == 200
    assert b"".join(response.streaming_content)
    # Never let a CDN or a shared proxy keep a file that is not public.
    assert response["Cache-Control"] == "private, no-store"


def test_a_download_counts_only_when_the_file_is_sent(world):
    client = Client()
    latest, version = _urls(world, PUBLIC)
    client.get(latest)
    client.get(version)
    client.get(_urls(world, "draft-trees")[1])
    counts = dict(Dataset.objects.values_list("slug", "download_count"))
    assert (counts[PUBLIC], counts["draft-trees"]) == (1, 0)
