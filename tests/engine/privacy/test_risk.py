"""k-anonymity, l-diversity, suggested quasi-identifiers and small cells."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa
from privacy_tables import write_table

from trousse.engine.privacy.risk import k_anonymity, suggest_quasi_identifiers
from trousse.engine.privacy.screen import ScreenOptions, screen_parquet


def test_k_is_the_smallest_group_and_blank_values_are_one_group() -> None:
    con = duckdb.connect()
    con.register("t", pa.table({
        "ward": ["1", "1", "1", "2", "2", None, "", "  ", "3"],
        "sex": ["F", "F", "F", "M", "M", "F", "F", "F", "M"],
        "diagnosis": ["a", "b", "a", "a", "a", "c", "d", "e", "a"]}))
    result = k_anonymity(con, "t", ["ward", "sex"], k_threshold=3, sensitive=["diagnosis"])
    assert result.groups == 4  # (1,F) (2,M) (blank,F) (3,M): NULL, "" and "  " are the same blank
    assert result.k == 1 and result.groups_below_threshold == 2 and result.rows_below_threshold == 3
    assert result.smallest_groups[0] == {"values": {"ward": "3", "sex": "M"}, "size": 1}
    assert {"values": {"ward": None, "sex": "F"}, "size": 3} in result.smallest_groups
    assert result.l_by_attribute == {"diagnosis": 1} and result.l == 1
    assert result.at_risk


def test_a_table_safe_at_k_5() -> None:
    con = duckdb.connect()
    relation = con.sql("SELECT i % 3 AS ward, CASE WHEN i % 2 = 0 THEN 'F' ELSE 'M' END AS sex FROM range(60) t(i)")
    relation.create_view("t")
    result = k_anonymity(con, "t", ["ward", "sex"], k_threshold=5)
    assert result.k == 10 and result.groups == 6 and not result.at_risk


def test_quasi_identifiers_are_suggested_only_for_tables_about_people() -> None:
    people = [("request_id", "VARCHAR"), ("postal_code", "VARCHAR"), ("age", "VARCHAR"), ("sexe", "VARCHAR"),
              ("quartier", "VARCHAR"), ("created", "DATE"), ("latitude", "DOUBLE"), ("status", "VARCHAR"),
              ("__geometry", "VARCHAR")]
    assert suggest_quasi_identifiers(people) == ["postal_code", "age", "sexe", "quartier", "created", "latitude",
                                                 "__geometry"]
    roads = [("segment_id", "VARCHAR"), ("ward", "VARCHAR"), ("built", "DATE"), ("__geometry", "VARCHAR")]
    assert suggest_quasi_identifiers(roads) == []


def test_the_screen_reports_k_with_masked_identifying_values(tmp_path: Path) -> None:
    path = write_table(tmp_path / "clients.parquet", {
        "postal_code": ["K1A 0B1", "K1A 0B1", "K2P 1L4"], "age": ["34", "34", "71"], "sex": ["F", "F", "M"]})
    data = screen_parquet(path).to_dict()
    risk = data["risk"]
    assert risk["kind"] == "record" and risk["quasi_identifiers_source"] == "suggested"
    assert risk["quasi_identifiers"] == ["postal_code", "age", "sex"] and risk["k"] == 1 and risk["at_risk"]
    assert risk["smallest_groups"][0]["values"]["postal_code"] == "K•• •••"  # a full postal code is masked
    assert "k = 1" in risk["message"]["en"] and "réidentifiées" in risk["message"]["fr"]


def test_given_quasi_identifiers_replace_the_suggestion(tmp_path: Path) -> None:
    path = write_table(tmp_path / "t.parquet", {"ward": ["1"] * 6, "sex": ["F", "M"] * 3, "age": ["40"] * 6})
    risk = screen_parquet(path, options=ScreenOptions(quasi_identifiers=("ward", "sex"), k_threshold=3)).risk
    assert risk is not None and risk.quasi_identifiers == ["ward", "sex"] and risk.k == 3 and not risk.at_risk


def test_aggregate_tables_are_checked_for_small_cells(tmp_path: Path) -> None:
    path = write_table(tmp_path / "agg.parquet", {
        "quartier": ["A", "B", "C", "D"], "age_group": ["0-17", "18-64", "65+", "65+"],
        "nombre": ["12", "3", "0", "1"]})
    data = screen_parquet(path).to_dict()
    risk = data["risk"]
    assert risk["kind"] == "aggregate" and risk["small_cells"] == [{"column": "nombre", "count": 2, "share": 0.5}]
    assert risk["at_risk"] and data["status"] == "findings"
    assert "entre 1 et 4" in risk["message"]["fr"]
