"""The street tree inventory: about 20,000 town-owned trees along the streets, generated in DuckDB.

Trunk diameter grows with age at a rate typical of the species. Trees
inventoried before the town recorded planting years have no ``planted_year``.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from trousse.engine.metadata.model import LocalizedText, ResourceMeta
from trousse.sample.clock import REFERENCE_DATE
from trousse.sample.streets import sections
from trousse.sample.tables.draws import integer, sql_list, uniform, weighted
from trousse.sample.tables.files import copy_query_to_csv, file_resource, new_connection, scaled
from trousse.sample.tables.street_sections import sections_table

ROWS = 20_000
UNKNOWN_YEAR_SHARE = 0.08

# (English, French, Latin, share of the inventory, typical trunk growth in cm per year)
SPECIES: tuple[tuple[str, str, str, int, float], ...] = (
    ("Red maple", "Érable rouge", "Acer rubrum", 16, 0.9),
    ("Sugar maple", "Érable à sucre", "Acer saccharum", 9, 0.6),
    ("Norway maple", "Érable de Norvège", "Acer platanoides", 11, 0.8),
    ("Silver maple", "Érable argenté", "Acer saccharinum", 5, 1.2),
    ("Freeman maple", "Érable de Freeman", "Acer × freemanii", 4, 1.0),
    ("Little-leaf linden", "Tilleul à petites feuilles", "Tilia cordata", 7, 0.7),
    ("American basswood", "Tilleul d'Amérique", "Tilia americana", 3, 0.8),
    ("Honey locust", "Févier d'Amérique", "Gleditsia triacanthos", 6, 0.9),
    ("Green ash", "Frêne rouge", "Fraxinus pennsylvanica", 5, 0.8),
    ("White spruce", "Épinette blanche", "Picea glauca", 4, 0.5),
    ("Red oak", "Chêne rouge", "Quercus rubra", 4, 0.7),
    ("Bur oak", "Chêne à gros fruits", "Quercus macrocarpa", 2, 0.5),
    ("American elm", "Orme d'Amérique", "Ulmus americana", 3, 0.9),
    ("Paper birch", "Bouleau à papier", "Betula papyrifera", 3, 0.7),
    ("Yellow birch", "Bouleau jaune", "Betula alleghaniensis", 2, 0.6),
    ("Serviceberry", "Amélanchier du Canada", "Amelanchier canadensis", 3, 0.4),
    ("Japanese tree lilac", "Lilas japonais", "Syringa reticulata", 3, 0.5),
    ("Crabapple", "Pommetier", "Malus spp.", 4, 0.5),
    ("Ginkgo", "Ginkgo", "Ginkgo biloba", 1, 0.5),
    ("Eastern white cedar", "Thuya occidental", "Thuja occidentalis", 2, 0.4),
    ("Hackberry", "Micocoulier occidental", "Celtis occidentalis", 1, 0.7),
    ("Kentucky coffeetree", "Chicot févier", "Gymnocladus dioicus", 1, 0.6),
    ("American mountain-ash", "Sorbier d'Amérique", "Sorbus americana", 2, 0.5),
)

CONDITIONS = ("good", "fair", "poor", "dead")
CONDITION_WEIGHTS = (62, 26, 10, 2)


def _query(rows: int) -> str:
    this_year = REFERENCE_DATE.year
    growth = sql_list([s[4] for s in SPECIES])
    return f"""
    WITH drawn AS (
      SELECT i,
        {weighted("i", "species", [s[3] for s in SPECIES])} AS species,
        {weighted("i", "section", [s.blocks for s in sections()])} AS section,
        {uniform("i", "position")} AS t,
        {uniform("i", "side")} - 0.5 AS side,
        -- More trees were planted in recent decades: the square root skews the draw towards now.
        {this_year} - floor(76 * (1 - sqrt({uniform("i", "age")})))::INTEGER AS year,
        {uniform("i", "unknown")} < {UNKNOWN_YEAR_SHARE} AS unknown_year,
        0.7 + 0.6 * {uniform("i", "vigour")} AS vigour,
        {sql_list(CONDITIONS)}[1 + {weighted("i", "condition", CONDITION_WEIGHTS)}] AS condition,
        {integer("i", "number", 98)} + 1 AS house
      FROM range({rows}) t(i)
    )
    SELECT
      'T' || lpad((i + 1)::VARCHAR, 6, '0') AS tree_id,
      sp.en AS species_en, sp.fr AS species_fr, sp.latin AS latin_name,
      round(CASE WHEN unknown_year THEN 30 + 80 * (vigour - 0.7)
                 ELSE 2.5 + ({this_year} - year) * {growth}[species + 1] * vigour END, 1) AS dbh_cm,
      condition,
      CASE WHEN NOT unknown_year THEN year END AS planted_year,
      (s.first_block + 100 * floor(t * s.blocks)::INTEGER + house)::VARCHAR || ' ' || s.official AS address,
      s.ward,
      -- Trees stand a few metres off the centre line; the tiny offset keeps them inside the ward.
      round(s.lat0 + t * (s.lat1 - s.lat0) + side * 0.00008, 6) AS latitude,
      round(s.lon0 + t * (s.lon1 - s.lon0) + side * 0.00011, 6) AS longitude
    FROM drawn d
    JOIN sections s ON s.idx = d.section
    JOIN species sp ON sp.idx = d.species
    ORDER BY i
    """


def write_street_trees(directory: Path, scale: float) -> tuple[ResourceMeta, ...]:
    """Write the street tree inventory CSV (20,000 rows at scale 1) and describe it."""
    con = new_connection()
    con.register("sections", sections_table())
    con.register("species", pa.table({
        "idx": list(range(len(SPECIES))),
        "en": [s[0] for s in SPECIES],
        "fr": [s[1] for s in SPECIES],
        "latin": [s[2] for s in SPECIES],
    }))  # fmt: skip
    path = copy_query_to_csv(con, _query(scaled(ROWS, scale)), directory / "street-trees.csv")
    con.close()
    return (
        file_resource(
            path,
            LocalizedText("Street tree inventory (CSV)", "Inventaire des arbres de rue (CSV)"),
            "CSV",
            "en+fr",
        ),
    )
