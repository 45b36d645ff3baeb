"""The catalogue the browser tests browse: the sample town, plus one dataset in French only."""

from __future__ import annotations

from dataclasses import dataclass

from tests.factories import make_dataset, make_organization, make_user, through_privacy_gate
from trousse.portal.catalog.models import Dataset, Organization, Resource
from trousse.portal.catalog.sample_loader import load_sample_town
from trousse.portal.core.models import User
from trousse.sample import SampleTown

PASSWORD = "correct-horse-battery-9"


@dataclass
class Catalogue:
    admin: User
    parks: Organization
    trees: Dataset  # published, public, with a CSV file
    trees_csv: Resource
    restricted: Dataset  # published, restricted: its files go only to staff
    markets: Dataset  # French only: title and description have no English


def add_french_only_dataset(organization: Organization) -> Dataset:
    """Publish a dataset whose title and description exist in French only."""
    return make_dataset(
        organization, "marches-publics", status=Dataset.Status.PUBLISHED, themes=["economy"],
        title_en="", description_en="", title_fr="Marchés publics saisonniers",
        description_fr="Les marchés publics tenus dans les parcs, de mai à octobre.",
        files=[("marches.csv", "date,parc\n2026-05-02,Parc Riverain\n")])


def french_only_catalogue() -> Dataset:
    """Just an organization and the dataset in French only (no need for the whole sample town)."""
    organization = make_organization("parks-recreation", name_en="Parks and Recreation",
                                     name_fr="Parcs et loisirs")
    return add_french_only_dataset(organization)


def build_catalogue(town: SampleTown) -> Catalogue:
    """Load the sample town through the services and add a published dataset that exists in French only."""
    admin = make_user("site-admin", admin=True, password=PASSWORD)
    report = load_sample_town(town, admin, before_review=through_privacy_gate)
    assert not report.failures, report.failures
    parks = Organization.objects.get(slug="parks-recreation")
    markets = add_french_only_dataset(parks)
    trees = Dataset.objects.get(slug="street-trees")
    return Catalogue(admin=admin, parks=parks, trees=trees, trees_csv=trees.resources.get(kind="file"),
                     restricted=Dataset.objects.get(slug="water-valves"), markets=markets)
