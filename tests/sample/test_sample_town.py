"""The sample town: reproducible, complete in both languages, and flawed exactly where it should be."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import importlib.util
import io
import itertools
import json
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from trousse.engine.metadata.model import DatasetMeta
from trousse.sample import REFERENCE_DATE, SampleTown, build_sample_town
from trousse.sample.clock import REFERENCE_TIME
from trousse.sample.wards import EAST, NORTH, SOUTH, WEST

NAMED_SLUGS = {
    "311-service-requests", "building-permits", "road-closures", "transit-stops", "parks", "ward-boundaries",
    "council-members", "operating-budget", "business-licences", "restaurant-inspections", "street-trees",
    "waste-collection-schedule",
}  # fmt: skip

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONES = {
    "parentheses": re.compile(r"\(506\) 555-\d{4}"),
    "dots": re.compile(r"\b506\.555\.\d{4}\b"),
    "international with extension": re.compile(r"\+1 506 555 \d{4} (?:poste|ext\.) \d+"),
    "dashes": re.compile(r"(?<![\d-])506-555-\d{4}\b"),
}


@dataclasses.dataclass
class Built:
    town: SampleTown
    root: Path
    seconds: float

    def path(self, slug: str, index: int = 0) -> Path:
        path = self.town.dataset(slug).resources[index].path
        assert path is not None
        return path


def _build(root: Path, scale: float) -> Built:
    # CPU time of this process (DuckDB's threads included), not wall time: other test workers
    # sharing the machine's cores must not fail the check.
    started = time.process_time()
    town = build_sample_town(root, scale=scale)
    return Built(town, root, time.process_time() - started)


@pytest.fixture(scope="module")
def full(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return _build(tmp_path_factory.mktemp("full"), 1.0)


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return _build(tmp_path_factory.mktemp("small"), 0.01)


def _digests(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _relative(dataset: DatasetMeta, root: Path) -> DatasetMeta:
    resources = tuple(
        dataclasses.replace(r, path=r.path.relative_to(root) if r.path else None) for r in dataset.resources
    )
    return dataclasses.replace(dataset, resources=resources)


def _query(sql: str) -> list[tuple]:
    with duckdb.connect() as con:
        return con.execute(sql).fetchall()


def _count(path: Path) -> int:
    return _query(f"SELECT count(*) FROM read_csv('{path}')")[0][0]


# --- reproducibility, size and speed ----------------------------------------------------------


def test_two_builds_are_byte_identical(full: Built, tmp_path: Path) -> None:
    again = _build(tmp_path / "again", 1.0)

    first, second = _digests(full.root), _digests(again.root)
    assert len(first) >= 17
    assert first == second
    assert [_relative(d, full.root) for d in full.town.datasets] == [
        _relative(d, again.root) for d in again.town.datasets
    ]


def test_whole_town_builds_in_a_few_seconds(full: Built) -> None:
    # About 1 s of CPU here; the margin absorbs a slower CI machine.
    assert full.seconds < 10


def test_big_tables_have_their_full_size_at_scale_one(full: Built) -> None:
    assert _count(full.path("311-service-requests")) >= 100_000
    assert _count(full.path("street-trees")) == 20_000
    assert _count(full.path("building-permits")) == 6_000


def test_scale_shrinks_big_tables_and_keeps_small_ones_whole(full: Built, small: Built) -> None:
    assert _count(small.path("311-service-requests")) == 1_000
    assert _count(small.path("street-trees")) == 200
    assert _count(small.path("building-permits")) == 60
    for slug in ("transit-stops", "council-members", "waste-collection-schedule", "operating-budget"):
        assert small.path(slug).read_bytes() == full.path(slug).read_bytes(), slug


def test_scale_must_be_positive(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        build_sample_town(tmp_path, scale=0)


def test_sample_package_imports_no_django(tmp_path: Path) -> None:
    code = (
        "import sys; from pathlib import Path; from trousse.sample import build_sample_town; "
        f"build_sample_town(Path({str(tmp_path)!r}), scale=0.001); "
        "bad = [m for m in sys.modules if m == 'django' or m.startswith(('django.', 'trousse.portal'))]; "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# --- the catalogue ---------------------------------------------------------------------------


def test_town_has_departments_and_the_named_datasets(small: Built) -> None:
    town = small.town
    assert (town.name.en, town.name.fr, town.province) == (
        "Town of Maple Point", "Ville de Pointe-aux-Érables", "NB",
    )  # fmt: skip
    assert len(town.organizations) >= 5
    assert len(town.datasets) >= 15
    slugs = [d.slug for d in town.datasets]
    assert len(set(slugs)) == len(slugs)
    assert NAMED_SLUGS <= set(slugs)
    org_slugs = {o.slug for o in town.organizations}
    assert {d.organization for d in town.datasets} <= org_slugs


def test_every_record_is_complete_in_english_and_french(small: Built) -> None:
    for org in small.town.organizations:
        assert not org.name.missing() and not org.description.missing(), org.slug
        assert org.contact.email.endswith(".example")
    for d in small.town.datasets:
        assert not d.title.missing() and not d.description.missing(), d.slug
        assert len(d.description.en) > 200 and len(d.description.fr) > 200, d.slug
        assert d.keywords.en and d.keywords.fr, d.slug
        assert not d.spatial.missing(), d.slug
        assert d.themes and d.licence and d.frequency != "unknown", d.slug
        assert d.temporal_start is not None, d.slug
        assert not d.publisher, d.slug
        assert d.contact.email.endswith("@maplepoint.example"), d.slug
        assert d.resources, d.slug
        for resource in d.resources:
            assert not resource.name.missing(), d.slug
        if d.access_level != "public":
            assert not d.access_reason.missing(), d.slug


def test_resources_are_written_files_or_town_links(small: Built) -> None:
    links = 0
    for d in small.town.datasets:
        for resource in d.resources:
            assert resource.format in {"CSV", "JSON", "GEOJSON", "XLSX", "HTML"}
            assert resource.language in {"en", "fr", "en+fr", "zxx"}
            if resource.path is None:
                assert resource.url.startswith("https://maplepoint.example/")
                links += 1
            else:
                assert resource.path.is_file()
                assert resource.path.parent == small.root / d.slug
    assert links >= 1


def test_visibility_rules_have_a_case_each(small: Built) -> None:
    datasets = small.town.datasets
    assert Counter(d.access_level for d in datasets).keys() == {"public", "restricted", "non_public"}
    assert {"published", "draft", "in_review"} <= {d.status for d in datasets}
    assert small.town.dataset("bylaw-complaints").access_level == "non_public"


def test_codes_come_from_the_controlled_vocabularies(small: Built) -> None:
    vocabularies = pytest.importorskip("trousse.engine.metadata.vocabularies")
    licences = pytest.importorskip("trousse.engine.metadata.licences")
    for d in small.town.datasets:
        assert set(d.themes) <= set(vocabularies.THEMES.codes()), d.slug
        assert d.frequency in vocabularies.FREQUENCIES, d.slug
        assert d.access_level in vocabularies.ACCESS_LEVELS, d.slug
        assert d.status in vocabularies.STATUSES, d.slug
        assert d.licence in licences.LICENCES, d.slug
        for resource in d.resources:
            assert resource.format in vocabularies.FORMATS, (d.slug, resource.format)
            assert resource.language in vocabularies.RESOURCE_LANGUAGES, (d.slug, resource.language)
    assert Counter(d.licence for d in small.town.datasets).most_common(1)[0][0] == "ogl-municipal"


def test_only_road_closures_is_overdue(small: Built) -> None:
    vocabularies = pytest.importorskip("trousse.engine.metadata.vocabularies")
    for d in small.town.datasets:
        assert d.modified is not None and d.modified.utcoffset() == dt.timedelta(0), d.slug
        assert d.modified <= REFERENCE_TIME, d.slug
    overdue = {
        d.slug
        for d in small.town.datasets
        if vocabularies.is_overdue(d.frequency, d.modified, REFERENCE_TIME)
    }
    assert overdue == {"road-closures"}

    closures = small.town.dataset("road-closures")
    assert closures.frequency == "weekly"
    assert closures.modified is not None
    assert (REFERENCE_DATE - closures.modified.date()).days > 100  # weekly data, untouched for months


# --- the tables and their deliberate flaws ----------------------------------------------------


def test_311_requests_are_consistent(small: Built) -> None:
    path = small.path("311-service-requests")
    columns = path.read_text(encoding="utf-8").partition("\n")[0].split(",")
    assert columns == [
        "request_id", "created_at", "closed_at", "status", "category", "category_en", "category_fr", "ward",
        "block_address", "latitude", "longitude", "channel", "description",
    ]  # fmt: skip
    [checks] = _query(f"""
        SELECT count(DISTINCT request_id) = count(*),
               bool_and(ward BETWEEN 1 AND 8),
               bool_and(channel IN ('phone', 'web', 'app', 'walk-in')),
               bool_and(status IN ('open', 'in_progress', 'closed', 'cancelled')),
               bool_and((closed_at IS NULL) = (status IN ('open', 'in_progress'))),
               bool_and(closed_at IS NULL OR closed_at >= created_at),
               min(created_at) >= TIMESTAMP '2024-11-01', max(created_at) < TIMESTAMP '2026-10-31',
               bool_and(block_address SIMILAR TO '[0-9]+00 .+')
        FROM read_csv('{path}')
    """)
    assert all(checks), checks


def test_311_descriptions_leak_emails_and_phone_numbers(full: Built) -> None:
    descriptions = [
        row[0] for row in _query(f"SELECT description FROM read_csv('{full.path('311-service-requests')}')")
    ]
    with_email = [t for t in descriptions if EMAIL.search(t)]
    with_phone = [t for t in descriptions if any(p.search(t) for p in PHONES.values())]
    leaking = set(with_email + with_phone)
    assert 0.01 <= len(leaking) / len(descriptions) <= 0.02
    for name, pattern in PHONES.items():
        assert any(pattern.search(t) for t in with_phone), name
    # In both languages: the extension is "poste" in French sentences and "ext." in English ones.
    assert any("poste" in t for t in with_phone) and any("ext." in t for t in with_phone)
    assert any("Vous pouvez me joindre" in t for t in with_email)
    assert any("You can reach me" in t for t in with_email)


def _inside(point: tuple[float, float], ring: list[list[float]]) -> bool:
    x, y = point
    inside = False
    for (x0, y0), (x1, y1) in itertools.pairwise(ring):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def _ward_rings(built: Built) -> dict[int, list[list[float]]]:
    collection = json.loads(built.path("ward-boundaries").read_text(encoding="utf-8"))
    return {f["properties"]["ward"]: f["geometry"]["coordinates"][0] for f in collection["features"]}


@pytest.mark.parametrize("slug", ["311-service-requests", "street-trees", "building-permits"])
def test_points_lie_in_the_ward_they_name(small: Built, slug: str) -> None:
    rings = _ward_rings(small)
    rows = _query(f"SELECT longitude, latitude, ward FROM read_csv('{small.path(slug)}')")
    assert rows
    for lon, lat, ward in rows:
        assert _inside((lon, lat), rings[ward]), (slug, lon, lat, ward)


def _signed_area(ring: list[list[float]]) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(ring)) / 2


@pytest.mark.parametrize("slug", ["parks", "ward-boundaries"])
def test_geojson_polygons_have_closed_counter_clockwise_rings(small: Built, slug: str) -> None:
    collection = json.loads(small.path(slug).read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection" and collection["features"]
    for feature in collection["features"]:
        assert feature["type"] == "Feature"
        assert feature["properties"]["name_en"] and feature["properties"]["name_fr"]
        assert feature["properties"]["area_ha"] > 0
        geometry = feature["geometry"]
        assert geometry["type"] == "Polygon"
        ring = geometry["coordinates"][0]
        assert len(ring) >= 4 and ring[0] == ring[-1]
        assert _signed_area(ring) > 0  # RFC 7946: exterior rings are counter-clockwise
        for lon, lat in ring:
            assert WEST <= lon <= EAST and SOUTH <= lat <= NORTH


def test_wards_tile_the_town_without_gaps(small: Built) -> None:
    rings = _ward_rings(small)
    assert sorted(rings) == list(range(1, 9))
    box = (EAST - WEST) * (NORTH - SOUTH)
    assert sum(_signed_area(r) for r in rings.values()) == pytest.approx(box, rel=1e-9)


def test_parks_list_their_amenities(small: Built) -> None:
    features = json.loads(small.path("parks").read_text(encoding="utf-8"))["features"]
    assert len(features) >= 20
    assert all(
        isinstance(f["properties"]["amenities"], list) and f["properties"]["amenities"] for f in features
    )


def test_business_licences_fail_validation_in_the_intended_ways(small: Built) -> None:
    with small.path("business-licences").open(encoding="utf-8", newline="") as f:
        header, *rows = list(csv.reader(f))
    issue, expiry, fee = header.index("issue_date"), header.index("expiry_date"), header.index("fee")
    complete = [r for r in rows if len(r) == len(header) and any(r)]

    assert any(not any(r) for r in rows), "a blank row"
    assert any(0 < len(r) < len(header) for r in rows), "a row with a missing cell"
    ids = Counter(r[0] for r in complete)
    assert any(n > 1 for n in ids.values()), "a duplicated licence_id"

    def is_date(text: str) -> bool:
        try:
            dt.date.fromisoformat(text)
        except ValueError:
            return False
        return True

    bad_dates = [r[c] for r in complete for c in (issue, expiry) if not is_date(r[c])]
    assert "2025-13-40" in bad_dates
    bad_fees = [r[fee] for r in complete if not re.fullmatch(r"\d+\.\d{2}", r[fee])]
    assert bad_fees and all(not re.fullmatch(r"[\d.]+", v) for v in bad_fees)
    # The flaws are few: the table is mostly right.
    assert len(bad_dates) + len(bad_fees) < 10 and len(complete) > 850


def test_restaurant_inspections_are_an_excel_french_export(small: Built) -> None:
    raw = small.path("restaurant-inspections").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    text = raw.decode("cp1252")
    assert "Café Saint-Jérôme" in text and "Rivière-du-Loup Bistro" in text
    assert "\r\n" in text
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    header = rows[0]
    assert header[2] == "Établissement" and "Note (%)" in header
    assert len({len(r) for r in rows}) == 1 and len(rows) > 200
    score = header.index("Note (%)")
    assert all(re.fullmatch(r"\d+,\d", r[score]) for r in rows[1:])


def test_transit_stops_use_gtfs_columns(small: Built) -> None:
    path = small.path("transit-stops")
    columns = set(path.read_text(encoding="utf-8").partition("\n")[0].split(","))
    assert {
        "stop_id",
        "stop_name",
        "stop_lat",
        "stop_lon",
        "wheelchair_boarding",
        "name_en",
        "name_fr",
    } <= columns
    [(unique, codes)] = _query(
        f"SELECT count(DISTINCT stop_id) = count(*), list(DISTINCT wheelchair_boarding) FROM read_csv('{path}')"
    )
    assert unique and set(codes) <= {0, 1, 2}


def test_council_members_csv_and_json_agree(small: Built) -> None:
    dataset = small.town.dataset("council-members")
    assert [r.format for r in dataset.resources] == ["CSV", "JSON"]
    members = json.loads(small.path("council-members", 1).read_text(encoding="utf-8"))["members"]
    with small.path("council-members").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [m["name"] for m in members] == [r["name"] for r in rows]
    assert sum(1 for m in members if m["role"]["code"] == "mayor") == 1
    assert {m["ward"]["number"] for m in members if m["ward"]} == set(range(1, 9))


def test_operating_budget_balances_each_year(small: Built) -> None:
    rows = _query(f"""
        SELECT fiscal_year, sum(budget) FILTER (kind = 'revenue'), sum(budget) FILTER (kind = 'expense')
        FROM read_csv('{small.path("operating-budget")}') GROUP BY ALL ORDER BY 1
    """)
    assert [r[0] for r in rows] == [2025, 2026]
    assert all(revenue == expense > 50_000_000 for _, revenue, expense in rows)
    formats = [r.format for r in small.town.dataset("operating-budget").resources]
    assert formats == (["CSV", "XLSX"] if importlib.util.find_spec("xlsxwriter") else ["CSV"])


def test_waste_collection_covers_the_year_and_every_stream(small: Built) -> None:
    [(streams, first, last, zones, moved)] = _query(f"""
        SELECT list(DISTINCT stream), min(date), max(date), list(DISTINCT zone), bool_or(moved_by_holiday)
        FROM read_csv('{small.path("waste-collection-schedule")}')
    """)
    assert set(streams) == {"garbage", "recycling", "compost", "yard_waste"}
    assert first.year == last.year == 2026 and first.month == 1 and last.month == 12
    assert sorted(zones) == ["A", "B", "C", "D"] and moved
