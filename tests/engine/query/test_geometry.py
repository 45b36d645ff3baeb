"""Maps of geographic tables: features read from a Parquet file made in the test, projected and fitted."""

from __future__ import annotations

import re

import duckdb
import pytest

from trousse.engine.query import geometry
from trousse.engine.query.geometry import feature_map


def write(path, rows):
    """Write ``rows`` of (name, kind, wkt) as a canonical geographic Parquet file."""
    values = ", ".join(f"({i}, '{n}', '{k}', {('NULL' if w is None else repr(w))})" for i, (n, k, w) in enumerate(rows))
    duckdb.sql(f"COPY (SELECT * FROM (VALUES {values}) t(id, name, kind, __geometry)) TO '{path}' (FORMAT parquet)")
    geometry.clear_cache()
    return path


@pytest.fixture
def mixed(tmp_path):
    return write(tmp_path / "places.parquet", [
        ("Parc Été", "park", "POLYGON ((-73.6 45.5, -73.59 45.5, -73.59 45.51, -73.6 45.51, -73.6 45.5), "
                             "(-73.598 45.502, -73.597 45.502, -73.597 45.503, -73.598 45.502))"),
        ("Stop 1", "stop", "POINT (-73.58 45.52)"),
        ("Nowhere", "none", None),
        ("Rue A", "road", "LINESTRING (-73.61 45.49, -73.57 45.53)"),
        ("Broken", "bad", "NOT WKT"),
        ("Islands", "park", "MULTIPOLYGON (((-73.57 45.49, -73.565 45.49, -73.565 45.495, -73.57 45.49)), "
                            "((-73.575 45.49, -73.572 45.49, -73.572 45.492, -73.575 45.49)))"),
    ])


def numbers(path_data):
    return [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", path_data)]


def test_points_lines_and_polygons_are_drawn_inside_the_picture(mixed):
    drawn = feature_map(mixed, ["name", "kind"])
    assert drawn.rows == 6 and drawn.with_geometry == 5 and drawn.step == 1
    # The unreadable WKT is left out; polygons first, points last (so they stay clickable).
    assert [(f.kind, f.properties["name"]) for f in drawn.features] == [
        ("polygon", "Parc Été"), ("polygon", "Islands"), ("line", "Rue A"), ("point", "Stop 1")]
    assert [f.row for f in drawn.features] == [0, 5, 3, 1]  # rows in file order, 0-based
    assert drawn.width == 800 and 160 <= drawn.height <= 560
    for feature in drawn.features:
        if feature.kind != "point":
            xs, ys = numbers(feature.path)[0::2], numbers(feature.path)[1::2]
            assert all(0 <= x <= drawn.width for x in xs) and all(0 <= y <= drawn.height for y in ys)
    polygon = drawn.features[0]
    assert polygon.path.count("M") == 2 and polygon.path.count("Z") == 2  # shell and hole
    assert drawn.features[1].path.count("M") == 2  # two islands
    assert drawn.features[3].path.startswith("M") and "a5 5" in drawn.features[3].path
    west, south, east, north = drawn.bounds
    assert (west, south, east, north) == pytest.approx((-73.61, 45.49, -73.565, 45.53))


def test_north_is_up_and_east_is_right(mixed):
    drawn = feature_map(mixed, ["name"])
    (road,) = [f for f in drawn.features if f.kind == "line"]
    x0, y0, x1, y1 = numbers(road.path)
    assert x1 > x0 and y1 < y0  # the road runs south-west to north-east


def test_geojson_keeps_row_and_attributes(mixed):
    collection = feature_map(mixed, ["name"]).geojson()
    assert collection["type"] == "FeatureCollection" and len(collection["features"]) == 4
    stop = next(f for f in collection["features"] if f["properties"]["name"] == "Stop 1")
    assert stop == {"type": "Feature", "id": 1, "geometry": {"type": "Point", "coordinates": [-73.58, 45.52]},
                    "properties": {"row": 1, "name": "Stop 1"}}


def test_big_tables_are_sampled_evenly_and_say_so(tmp_path):
    path = tmp_path / "many.parquet"
    duckdb.sql(f"""COPY (SELECT i AS id, 'POINT (' || (-74 + i / 1000.0) || ' 45.5)' AS __geometry
                         FROM range(0, 1000) t(i)) TO '{path}' (FORMAT parquet)""")
    geometry.clear_cache()
    drawn = feature_map(path, ["id"], limit=100)
    assert drawn.truncated and drawn.step == 10 and len(drawn.features) == 100
    assert [f.row for f in drawn.features][:3] == [0, 10, 20]
    assert drawn.features[-1].properties["id"] == "990"


def test_long_polygons_are_simplified_below_visible_detail(tmp_path):
    ring = ", ".join(f"{-73.6 + 0.1 * (i / 5000)} {45.5 + 0.0000001 * (i % 2)}" for i in range(5001))
    wkt = f"POLYGON (({ring}, -73.5 45.6, -73.6 45.6, -73.6 45.5))"
    path = write(tmp_path / "long.parquet", [("zigzag", "park", wkt)])
    (feature,) = feature_map(path, []).features
    assert feature.path.count("L") < 20
    assert len(feature.geojson["coordinates"][0]) < 20


def test_a_single_point_is_centred(tmp_path):
    path = write(tmp_path / "one.parquet", [("Hôtel de ville", "hall", "POINT (-71.2 46.8)")])
    drawn = feature_map(path, ["name"])
    (point,) = drawn.features
    cx = numbers(point.path)[0] + geometry.POINT_RADIUS
    assert cx == pytest.approx(drawn.width / 2, abs=0.1) and drawn.height == geometry.MIN_HEIGHT


def test_a_table_without_geometries_draws_nothing(tmp_path):
    path = write(tmp_path / "none.parquet", [("a", "b", None)])
    drawn = feature_map(path, ["name"])
    assert drawn.features == [] and drawn.rows == 1 and drawn.with_geometry == 0 and not drawn.truncated


def test_long_values_are_shortened_in_details(tmp_path):
    path = write(tmp_path / "long-values.parquet", [("x" * 500, "k", "POINT (0 0)")])
    (point,) = feature_map(path, ["name"]).features
    assert len(point.properties["name"]) == geometry.MAX_VALUE_LENGTH and point.properties["name"].endswith("…")
