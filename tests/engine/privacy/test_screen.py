"""screen_parquet / screen_relation: the report, its JSON contract, staged and canonical Parquet."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import jsonschema
import pyarrow as pa
from privacy_tables import texts, write_table

from trousse.engine.privacy.report import report_schema
from trousse.engine.privacy.screen import ScreenOptions, screen_parquet, screen_relation


def valid(report_dict: dict) -> dict:
    jsonschema.validate(json.loads(json.dumps(report_dict)), report_schema())
    return report_dict


def test_a_table_without_personal_information_is_clean(tmp_path: Path) -> None:
    path = write_table(tmp_path / "parks.parquet", {
        "park_name": ["Parc Jacques-Cartier", "Major's Hill Park"], "area_ha": ["12.5", "6.1"],
        "contact": ["info@ottawa.ca", "311@gatineau.ca"]}, staged=True)
    report = screen_parquet(path)
    data = valid(report.to_dict())
    assert data["status"] == "clean" and data["complete"] is True
    assert data["findings"] == [] and data["risk"]["kind"] == "none"
    assert data["row_count"] == 2 and data["column_count"] == 3  # __row is not a column of the data


def test_findings_carry_counts_shares_masked_examples_and_name_hints(tmp_path: Path) -> None:
    path = write_table(tmp_path / "requests.parquet", {
        "description": ["Call Mrs. Singh at (613) 555-0199", "Pothole", "jean.roy@gmail.com wrote", None],
        "courriel": ["a.b@hotmail.com", "c.d@videotron.ca", "", None],
        "__geometry": ["POINT (-75.69 45.42)"] * 4}, staged=True)
    report = screen_parquet(path, name="requests")
    data = valid(report.to_dict())
    assert data["status"] == "findings"
    by = {(f["column"], f["detector"]): f for f in data["findings"]}
    assert set(by) == {("description", "phone"), ("description", "person_name"), ("description", "email"),
                       ("courriel", "email")}
    email = by[("courriel", "email")]
    assert email["count"] == 2 and email["share"] == 0.5 and email["name_suggests_personal"] is True
    assert email["confidence"] > by[("description", "email")]["confidence"]
    text = json.dumps(data, ensure_ascii=False)
    for raw in ("555-0199", "Singh", "jean.roy", "a.b@hotmail.com"):
        assert raw not in text, raw  # never a raw value in a report
    assert by[("description", "phone")]["examples"] == ["(•••) •••-••••"]
    assert "Column “courriel”" in email["message"]["en"] and "Colonne « courriel »" in email["message"]["fr"]


def test_typed_columns_are_screened_too(tmp_path: Path) -> None:
    path = write_table(tmp_path / "people.parquet", {
        "sin": pa.array([130692544, 130692545], pa.int64()),
        "date_of_birth": pa.array([19850302, 19900101], pa.int64()).cast(pa.string()),
        "age": pa.array([34, 150], pa.int32())})
    found = {(f.column, f.detector): f.count for f in screen_parquet(path).findings}
    assert found[("sin", "sin")] == 1  # the Luhn-invalid one is not counted
    assert found[("date_of_birth", "birth_date")] == 2
    assert found[("age", "age")] == 1  # 150 is not an age


def test_owner_and_nom_columns_with_name_shaped_cells(tmp_path: Path) -> None:
    path = write_table(tmp_path / "permits.parquet", {
        "owner": ["Jean Tremblay", "ACME Holdings Inc.", "Priya Singh", "Ville de Gatineau"],
        "nom_du_parc": ["Parc Laurier", "Parc Moore", "Parc Fontaine", "Parc Jarry"]})
    findings = screen_parquet(path).findings
    assert [(f.column, f.detector, f.count, f.basis) for f in findings] == [("owner", "person_name", 2, "column")]


def test_any_duckdb_relation_can_be_screened() -> None:
    con = duckdb.connect()
    relation = con.sql("SELECT 'reach me at bob.roy@gmail.com' AS note FROM range(3)")
    report = screen_relation(con, relation, name="notes")
    assert [(f.column, f.detector, f.count) for f in report.findings] == [("note", "email", 3)]


def test_a_missing_quasi_identifier_is_an_error_report_never_clean(tmp_path: Path) -> None:
    path = texts(tmp_path / "t.parquet", ["nothing here"])
    report = screen_parquet(path, options=ScreenOptions(quasi_identifiers=("ward", "age")))
    data = valid(report.to_dict())
    assert data["status"] == "error" and data["complete"] is False
    assert data["error"]["code"] == "missing-column" and "ward, age" in data["error"]["message"]["en"]
    assert "Aucune colonne" in data["error"]["message"]["fr"]


def test_an_unreadable_file_is_an_error_report(tmp_path: Path) -> None:
    path = tmp_path / "broken.parquet"
    path.write_bytes(b"PAR1 not really")
    data = valid(screen_parquet(path).to_dict())
    assert data["status"] == "error" and data["error"]["code"] == "unreadable"
