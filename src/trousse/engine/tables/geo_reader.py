"""Read GeoJSON, shapefiles and GeoPackages through GDAL (pyogrio), reprojected to WGS84.

Features stream from GDAL as Arrow batches with WKB geometry; shapely 2 turns each batch
into WKT in EPSG:4326 in one vectorized pass, so memory stays bounded by the batch size.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pyogrio
import shapely
from pyogrio.errors import DataLayerError, DataSourceError
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError

from trousse.engine.metadata.model import LocalizedText
from trousse.engine.tables.read import column_names, staged_path, text_array
from trousse.engine.tables.source import (
    GEOMETRY,
    ROW_NUMBER,
    ReadLimits,
    ReadOptions,
    StagedTable,
    TableReadError,
)

WGS84 = CRS.from_epsg(4326)
BATCH_SIZE = 65_536
# About 0.1 mm at the equator: beyond the precision of any municipal survey, and bounded text size.
WKT_DECIMALS = 9


def read_geo_tables(
    path: Path,
    workdir: Path,
    options: ReadOptions = ReadOptions(),
    *,
    format: str = "GEOJSON",
    limits: ReadLimits | None = None,
) -> list[StagedTable]:
    """Stage each layer of the geographic file at ``path`` (``options.sheet`` picks one layer)."""
    limits = limits or ReadLimits()
    try:
        layers = [str(name) for name, _ in pyogrio.list_layers(str(path))]
    except (DataSourceError, DataLayerError, OSError) as error:
        raise _unreadable(str(error)) from error
    if options.sheet is not None:
        if options.sheet not in layers:
            raise TableReadError(
                "unknown-layer",
                LocalizedText(
                    f'The file has no layer named "{options.sheet}". Its layers: {", ".join(layers)}.',
                    f"Le fichier n'a pas de couche nommée « {options.sheet} ». Ses couches : {', '.join(layers)}.",
                ),
                detail=options.sheet,
            )
        layers = [options.sheet]
    # A GeoPackage's layers have names a person chose; GeoJSON and shapefile layers are the file.
    return [
        _stage_layer(path, layer, layer if format == "GPKG" else path.stem, workdir, options, format, limits)
        for layer in layers
    ]


def _stage_layer(
    path: Path, layer: str, name: str, workdir: Path, options: ReadOptions, format: str, limits: ReadLimits
) -> StagedTable:
    """Stream one layer into a staged Parquet with text attributes and WGS84 WKT geometry."""
    target = staged_path(workdir, name)
    writer: pq.ParquetWriter | None = None
    rows = 0
    type_ids: set[int] = set()
    try:
        with pyogrio.open_arrow(str(path), layer=layer, use_pyarrow=True, batch_size=BATCH_SIZE,
                                datetime_as_string=True) as (meta, reader):
            labels = [str(field) for field in meta["fields"]]
            if len(labels) > limits.max_columns:
                raise TableReadError(
                    "too-many-columns",
                    LocalizedText(f"The layer has {len(labels)} attributes; the limit is {limits.max_columns}.",
                                  f"La couche a {len(labels)} attributs; la limite est de {limits.max_columns}."),
                )
            columns, problems = column_names(labels)
            geometry_name = meta.get("geometry_name") or "wkb_geometry"
            has_geometry = meta.get("geometry_type") not in (None, "None")
            declared = meta.get("crs")
            source_crs = _source_crs(path, layer, declared, options) if has_geometry else None
            transformer = _transformer(source_crs) if source_crs is not None else None
            for batch in reader:
                arrays = {ROW_NUMBER: pa.array(np.arange(rows + 1, rows + batch.num_rows + 1), pa.int64())}
                for label, column in zip(labels, columns, strict=True):
                    arrays[column] = text_array(batch.column(label))
                if has_geometry:
                    wkt, ids = _wkt(batch.column(geometry_name), transformer)
                    arrays[GEOMETRY] = wkt
                    type_ids.update(ids)
                table = pa.table(arrays)
                if writer is None:
                    writer = pq.ParquetWriter(target, table.schema)
                writer.write_table(table)
                rows += batch.num_rows
    except (DataSourceError, DataLayerError) as error:
        raise _unreadable(str(error)) from error
    finally:
        if writer is not None:
            writer.close()
    if writer is None:
        schema = {ROW_NUMBER: pa.int64(), **{c: pa.string() for c in columns}}
        if has_geometry:
            schema[GEOMETRY] = pa.string()
        pq.write_table(pa.schema(schema).empty_table(), target)
    return StagedTable(
        name=name,
        parquet=target,
        labels=labels,
        columns=columns,
        row_count=rows,
        source_format=format,
        problems=problems,
        geometry_type=_geometry_type(type_ids) if has_geometry else None,
        source_crs=_crs_code(source_crs) if source_crs is not None else None,
    )


def _source_crs(path: Path, layer: str, declared: str | None, options: ReadOptions) -> CRS:
    """Return the layer's CRS: declared, else pinned, else WGS84 if coordinates fit lon/lat.

    GDAL reports EPSG:4326 for every GeoJSON without a ``crs`` member (RFC 7946 says so), and
    some exports write projected metres there anyway: a geographic CRS whose coordinates do not
    fit longitude/latitude is treated as undeclared.
    """
    try:
        crs = CRS.from_user_input(declared) if declared else None
        if crs is not None and not (crs.is_geographic and not _fits_lonlat(path, layer)):
            return crs
        if options.source_crs:
            return CRS.from_user_input(options.source_crs)
    except CRSError as error:
        raise _unknown_crs(str(error)) from error
    if crs is None and _fits_lonlat(path, layer):
        return WGS84
    raise _unknown_crs(f"declared {declared!r}, coordinates outside longitude/latitude ranges")


def _fits_lonlat(path: Path, layer: str) -> bool:
    """Tell whether the layer's coordinates all fall within longitude/latitude ranges."""
    bounds = pyogrio.read_info(str(path), layer=layer, force_total_bounds=True).get("total_bounds")
    if bounds is None or np.isnan(bounds).any():
        return True  # no features, nothing to misplace
    xmin, ymin, xmax, ymax = bounds
    return bool(-180 <= xmin <= xmax <= 180 and -90 <= ymin <= ymax <= 90)


def _transformer(crs: CRS) -> Transformer | None:
    """Return a transformer to WGS84 lon/lat, or None when already there."""
    if crs.equals(WGS84, ignore_axis_order=True):
        return None
    return Transformer.from_crs(crs, WGS84, always_xy=True)


def _wkt(column: pa.Array | pa.ChunkedArray, transformer: Transformer | None) -> tuple[pa.Array, set[int]]:
    """Return WGS84 WKT for a column of WKB geometries, and the geometry type ids met."""
    geometries = shapely.from_wkb(np.asarray(column.to_numpy(zero_copy_only=False), dtype=object))
    if transformer is not None:
        def project(coords: np.ndarray) -> np.ndarray:
            x, y = transformer.transform(coords[:, 0], coords[:, 1])
            return np.column_stack([x, y])

        geometries = shapely.transform(geometries, project)
    ids = shapely.get_type_id(geometries)
    text = shapely.to_wkt(geometries, rounding_precision=WKT_DECIMALS, trim=True)
    return pa.array(text, pa.string(), from_pandas=True), {int(i) for i in np.unique(ids) if i >= 0}


_TYPE_NAMES = {
    0: "Point", 1: "LineString", 2: "LineString", 3: "Polygon", 4: "MultiPoint",
    5: "MultiLineString", 6: "MultiPolygon", 7: "GeometryCollection",
}


def _geometry_type(type_ids: set[int]) -> str | None:
    """Return the single geometry type of a layer, or Mixed."""
    names = {_TYPE_NAMES.get(i, "Unknown") for i in type_ids}
    if not names:
        return None
    return names.pop() if len(names) == 1 else "Mixed"


def _crs_code(crs: CRS) -> str:
    """Return "EPSG:nnnn" when the CRS has an authority code, else its name."""
    authority = crs.to_authority(min_confidence=70)
    return f"{authority[0]}:{authority[1]}" if authority else crs.name


def _unknown_crs(detail: str) -> TableReadError:
    return TableReadError(
        "unknown-crs",
        LocalizedText(
            "The file does not say which coordinate reference system it uses and its coordinates are not "
            "longitude/latitude. Pin the source CRS (for example EPSG:2953) on the resource.",
            "Le fichier n'indique pas son système de référence de coordonnées et ses coordonnées ne sont pas "
            "des longitudes/latitudes. Précisez le SRC source (par exemple EPSG:2953) sur la ressource.",
        ),
        detail=detail,
    )


def _unreadable(detail: str) -> TableReadError:
    return TableReadError(
        "corrupt-file",
        LocalizedText(
            "The geographic file cannot be read: it is damaged or not in the format its name says.",
            "Le fichier géographique est illisible : il est endommagé ou n'est pas dans le format indiqué par son nom.",
        ),
        detail=detail,
    )
