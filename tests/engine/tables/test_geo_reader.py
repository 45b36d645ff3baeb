"""Geographic files: GeoJSON, zipped shapefiles and GeoPackages reprojected to WGS84 WKT."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pyogrio
import pytest
import shapely
from pyproj import Transformer

from trousse.engine.tables.read import read_tables
from trousse.engine.tables.source import GEOMETRY, ROW_NUMBER, ReadOptions, TableReadError

# A point in Fredericton, in New Brunswick Stereographic (NAD83(CSRS)) metres.
NB_X, NB_Y = 2_489_000.0, 7_453_000.0


def expected_lonlat(crs: str, x: float, y: float) -> tuple[float, float]:
    return Transformer.from_crs(crs, "EPSG:4326", always_xy=True).transform(x, y)


def point_of(wkt: str) -> tuple[float, float]:
    point = shapely.from_wkt(wkt)
    return point.x, point.y


def write_layer(path: Path, driver: str, crs: str | None, *, layer: str | None = None, xs=(NB_X,), ys=(NB_Y,)) -> Path:
    """Write points with attributes through GDAL's Arrow writer (no geopandas needed)."""
    table = pa.table({
        "nom": pa.array([f"Lieu {i}" for i in range(len(xs))]),
        "code": pa.array(list(range(1, len(xs) + 1)), pa.int64()),
        "valeur": pa.array([2.0 + i / 2 for i in range(len(xs))]),
        "geometry": pa.array(shapely.to_wkb(shapely.points(xs, ys)), pa.binary()),
    })
    pyogrio.write_arrow(table, str(path), driver=driver, layer=layer, geometry_name="geometry",
                        geometry_type="Point", crs=crs, append=path.exists() and driver == "GPKG")
    return path


def test_geojson_with_declared_crs_is_reprojected(tmp_path):
    path = tmp_path / "points.geojson"
    path.write_text(json.dumps({
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::2953"}},
        "features": [{"type": "Feature", "properties": {"nom": "Fredericton", "pop": 63116},
                      "geometry": {"type": "Point", "coordinates": [NB_X, NB_Y]}}],
    }), encoding="utf-8")
    table = read_tables(path, tmp_path / "w")[0]
    assert table.source_format == "GEOJSON" and table.source_crs == "EPSG:2953"
    assert table.geometry_type == "Point"
    row = pq.read_table(table.parquet).to_pylist()[0]
    assert row[ROW_NUMBER] == 1 and row["nom"] == "Fredericton" and row["pop"] == "63116"
    lon, lat = point_of(row[GEOMETRY])
    want = expected_lonlat("EPSG:2953", NB_X, NB_Y)
    assert abs(lon - want[0]) < 1e-6 and abs(lat - want[1]) < 1e-6
    assert -67.5 < lon < -66 and 45.5 < lat < 46.5


def test_pinned_crs_for_a_file_without_one(tmp_path):
    path = write_layer(tmp_path / "sans.geojson", "GeoJSON", None)
    with pytest.raises(TableReadError) as error:
        read_tables(path, tmp_path / "w")
    assert error.value.code == "unknown-crs"
    table = read_tables(path, tmp_path / "w2", ReadOptions(source_crs="EPSG:2953"))[0]
    lon, lat = point_of(pq.read_table(table.parquet).column(GEOMETRY)[0].as_py())
    want = expected_lonlat("EPSG:2953", NB_X, NB_Y)
    assert abs(lon - want[0]) < 1e-6 and abs(lat - want[1]) < 1e-6
    assert table.source_crs == "EPSG:2953"


def test_lonlat_file_without_crs_is_taken_as_wgs84(tmp_path):
    path = write_layer(tmp_path / "ll.geojson", "GeoJSON", None, xs=(-73.5673,), ys=(45.5017,))
    table = read_tables(path, tmp_path / "w")[0]
    assert point_of(pq.read_table(table.parquet).column(GEOMETRY)[0].as_py()) == (-73.5673, 45.5017)


def zip_shapefile(tmp_path: Path, crs: str, *, leave_out: tuple[str, ...] = ()) -> Path:
    folder = tmp_path / "shp"
    folder.mkdir()
    write_layer(folder / "bornes.shp", "ESRI Shapefile", crs, xs=(300_000.0, 301_000.0), ys=(5_040_000.0, 5_041_000.0))
    archive = tmp_path / "bornes.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for part in sorted(folder.iterdir()):
            if part.suffix not in leave_out:
                zipped.write(part, f"bornes/{part.name}")
    return archive


def test_zipped_shapefile_in_mtm8(tmp_path):
    table = read_tables(zip_shapefile(tmp_path, "EPSG:32188"), tmp_path / "w")[0]
    assert table.source_format == "SHP" and table.source_crs == "EPSG:32188"
    assert table.labels == ["nom", "code", "valeur"] and table.row_count == 2
    rows = pq.read_table(table.parquet).to_pylist()
    assert [r[ROW_NUMBER] for r in rows] == [1, 2]
    assert rows[0]["code"] == "1" and rows[1]["valeur"] == "2.5"
    want = expected_lonlat("EPSG:32188", 301_000.0, 5_041_000.0)
    lon, lat = point_of(rows[1][GEOMETRY])
    assert abs(lon - want[0]) < 1e-6 and abs(lat - want[1]) < 1e-6


def test_shapefile_zip_missing_its_shp(tmp_path):
    with pytest.raises(TableReadError) as error:
        read_tables(zip_shapefile(tmp_path, "EPSG:26918", leave_out=(".shp",)), tmp_path / "w")
    assert error.value.code == "shapefile-incomplete"
    assert ".shp" in error.value.message.en and ".shp" in error.value.message.fr


def test_geopackage_layers_each_a_table(tmp_path):
    path = tmp_path / "ville.gpkg"
    write_layer(path, "GPKG", "EPSG:26918", layer="bornes", xs=(600_000.0,), ys=(5_000_000.0,))
    write_layer(path, "GPKG", "EPSG:3347", layer="secteurs", xs=(7_600_000.0,), ys=(1_250_000.0,))
    tables = read_tables(path, tmp_path / "w")
    assert [(t.name, t.source_crs, t.source_format) for t in tables] == [
        ("bornes", "EPSG:26918", "GPKG"), ("secteurs", "EPSG:3347", "GPKG")]
    lon, lat = point_of(pq.read_table(tables[1].parquet).column(GEOMETRY)[0].as_py())
    want = expected_lonlat("EPSG:3347", 7_600_000.0, 1_250_000.0)
    assert abs(lon - want[0]) < 1e-6 and abs(lat - want[1]) < 1e-6
    only = read_tables(path, tmp_path / "w2", ReadOptions(sheet="secteurs"))
    assert [t.name for t in only] == ["secteurs"]
