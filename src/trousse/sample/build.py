"""Build the sample town: write every dataset's files under one directory and return their metadata."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from trousse.engine.metadata.model import DatasetMeta, LocalizedText, OrganizationMeta, ResourceMeta
from trousse.sample.catalogue import community, development, governance, services
from trousse.sample.organizations import ORGANIZATIONS
from trousse.sample.tables.building_permits import write_building_permits
from trousse.sample.tables.business_licences import write_business_licences
from trousse.sample.tables.bylaw_complaints import write_bylaw_complaints
from trousse.sample.tables.council_members import write_council_members
from trousse.sample.tables.operating_budget import write_operating_budget
from trousse.sample.tables.parks import write_parks
from trousse.sample.tables.recreation_facilities import write_recreation_facilities
from trousse.sample.tables.restaurant_inspections import write_restaurant_inspections
from trousse.sample.tables.road_closures import write_road_closures
from trousse.sample.tables.service_requests import write_service_requests
from trousse.sample.tables.snow_routes import write_snow_routes
from trousse.sample.tables.street_trees import write_street_trees
from trousse.sample.tables.transit_stops import write_transit_stops
from trousse.sample.tables.ward_boundaries import write_ward_boundaries
from trousse.sample.tables.waste_collection import write_waste_collection
from trousse.sample.tables.water_valves import write_water_valves
from trousse.sample.town import NAME, PROVINCE

Writer = Callable[[Path, float], tuple[ResourceMeta, ...]]
Describer = Callable[[tuple[ResourceMeta, ...]], DatasetMeta]


@dataclass(frozen=True)
class SampleTown:
    """The generated town: who publishes, and what, with resources pointing at the written files."""

    name: LocalizedText
    province: str
    organizations: tuple[OrganizationMeta, ...]
    datasets: tuple[DatasetMeta, ...]

    def dataset(self, slug: str) -> DatasetMeta:
        """Return the dataset called ``slug``."""
        for dataset in self.datasets:
            if dataset.slug == slug:
                return dataset
        raise KeyError(slug)


# (slug, writer of its files or None for a dataset of links, describer of its metadata)
RECIPES: tuple[tuple[str, Writer | None, Describer], ...] = (
    ("311-service-requests", write_service_requests, services.service_requests),
    ("building-permits", write_building_permits, development.building_permits),
    ("road-closures", write_road_closures, services.road_closures),
    ("transit-stops", write_transit_stops, community.transit_stops),
    ("parks", write_parks, community.parks),
    ("ward-boundaries", write_ward_boundaries, governance.ward_boundaries),
    ("council-members", write_council_members, governance.council_members),
    ("operating-budget", write_operating_budget, governance.operating_budget),
    ("business-licences", write_business_licences, development.business_licences),
    ("restaurant-inspections", write_restaurant_inspections, development.restaurant_inspections),
    ("street-trees", write_street_trees, community.street_trees),
    ("waste-collection-schedule", write_waste_collection, services.waste_collection),
    ("council-meeting-videos", None, governance.council_meeting_videos),
    ("water-valves", write_water_valves, services.water_valves),
    ("bylaw-complaints", write_bylaw_complaints, development.bylaw_complaints),
    ("snow-clearing-routes", write_snow_routes, services.snow_routes),
    ("recreation-facilities", write_recreation_facilities, community.recreation_facilities),
)


def build_sample_town(out_dir: Path, *, scale: float = 1.0) -> SampleTown:
    """Write the sample town's files under ``out_dir`` (one folder per dataset) and return its metadata.

    The output is byte-identical from run to run. ``scale`` shrinks the big
    tables (311 requests, building permits, street trees) for fast tests; the
    small tables are always whole.
    """
    if scale <= 0:
        raise ValueError(f"scale must be positive, not {scale}")
    out_dir = Path(out_dir)
    datasets = []
    for slug, write, describe in RECIPES:
        resources = write(out_dir / slug, scale) if write else ()
        dataset = describe(resources)
        if dataset.slug != slug:
            raise AssertionError(f"recipe {slug!r} described dataset {dataset.slug!r}")
        datasets.append(dataset)
    return SampleTown(NAME, PROVINCE, ORGANIZATIONS, tuple(datasets))
