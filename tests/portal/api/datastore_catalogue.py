"""A small catalogue whose resources went through the real pipeline, for the DataStore API tests.

Test modules use it with a module-scoped fixture over ``shared_data`` (built once, rolled back after):

    @pytest.fixture(scope="module")
    def tables(shared_data): return build_tables()

and point MEDIA_ROOT at the shared folder (``media_root`` fixture below, imported by the module).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.test import TestCase, override_settings

from tests.factories import make_dataset, make_organization, make_user
from tests.portal.pipeline.conftest import IMMEDIATE
from trousse.portal.catalog.models import Resource

CATEGORIES = ["pothole", "graffiti", "Éclairage"]
# The privacy screen finds the street addresses: a reviewer approves them (issue #5), as staff would.
APPROVAL = "Synthetic test data: the street addresses are of public buildings, cleared for publication."


def requests_csv(rows: int = 40) -> str:
    """Return a CSV of service requests: integers, text with accents, numbers, dates, a formula cell."""
    lines = ["request_id,category,ward,amount,opened,address"]
    for i in range(1, rows + 1):
        address = '"=HYPERLINK(""http://evil"")"' if i == 7 else f"{i} rue Saint-Jérôme"
        lines.append(f"{i},{CATEGORIES[i % 3]},{1 + i % 4},{i / 4},2024-01-{1 + i % 28:02d},{address}")
    return "\n".join(lines) + "\n"


PLACES_GEOJSON = json.dumps({"type": "FeatureCollection", "features": [
    {"type": "Feature", "geometry": {"type": "Point", "coordinates": [-75.69, 45.42]},
     "properties": {"place_id": 1, "name": "City hall"}},
    {"type": "Feature", "geometry": {"type": "Point", "coordinates": [-75.70, 45.43]},
     "properties": {"place_id": 2, "name": "Library"}}]})


@dataclass
class Tables:
    public: Resource  # a published, public dataset's table
    restricted: Resource  # published, but its files go to staff only
    secret: Resource  # non-public: staff of its organization only
    draft: Resource
    places: Resource  # a geographic table (GeoJSON points)
    editor: Any  # an editor of the organization (sees everything of it)
    outsider: Any  # a signed-in user of another organization


def build_tables() -> Tables:
    """Create the datasets, upload their files and run the pipeline on each, at once."""
    parks = make_organization("ds-parks")
    other = make_organization("ds-other")
    made = {}
    with override_settings(TASKS=IMMEDIATE), TestCase.captureOnCommitCallbacks(execute=True):
        for slug, status, access in (("ds-public", "published", "public"),
                                     ("ds-restricted", "published", "restricted"),
                                     ("ds-secret", "published", "non_public"), ("ds-draft", "draft", "public")):
            made[slug] = make_dataset(parks, slug, status=status, access_level=access, acknowledge=True,
                                      files=[("requests.csv", requests_csv())], privacy_approval=APPROVAL)
        made["places"] = make_dataset(parks, "ds-places", status="published", acknowledge=True,
                                      files=[("places.geojson", PLACES_GEOJSON)], privacy_approval=APPROVAL)
    first = {slug: Resource.objects.filter(dataset=d).order_by("pk").first() for slug, d in made.items()}
    return Tables(public=first["ds-public"], restricted=first["ds-restricted"], secret=first["ds-secret"],
                  draft=first["ds-draft"], places=first["places"],
                  editor=make_user("ds-editor", role="editor", organization=parks),
                  outsider=make_user("ds-outsider", role="editor", organization=other))


@pytest.fixture
def media_root(shared_data: Path, settings: Any) -> Path:
    """Use the module's shared files instead of a per-test folder."""
    settings.MEDIA_ROOT = str(shared_data)
    return shared_data
