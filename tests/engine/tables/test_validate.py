"""Validation counts, checked against frictionless 5.21 on the same generated data."""

from __future__ import annotations

import random
from pathlib import Path

import jsonschema
from staged_tables import make_staged

from trousse.engine.tables.report import report_json_schema
from trousse.engine.tables.schema import load_schema
from trousse.engine.tables.source import Problem, ProblemCount
from trousse.engine.tables.validate import validate_table

COLUMNS = ["id", "cat", "date", "amount", "flag", "name"]
SCHEMA = {
    "fields": [
        {"name": "id", "type": "integer", "constraints": {"required": True, "unique": True}},
        {"name": "cat", "type": "string", "constraints": {"required": True, "enum": ["A", "B", "C"]}},
        {"name": "date", "type": "date"},
        {"name": "amount", "type": "number", "constraints": {"minimum": 0, "maximum": 100}},
        {"name": "flag", "type": "boolean"},
        {"name": "name", "type": "string", "constraints": {"maxLength": 20, "minLength": 3, "pattern": "name[0-9]+|x+"}},
    ],
    "primaryKey": ["id"],
    "missingValues": [""],
}


def injected_rows() -> list[list[str]]:
    """Return 500 rows with known errors (the same generator was run through frictionless 5.21)."""
    random.seed(3)
    rows = []
    for i in range(1, 501):
        rows.append([str(i), random.choice(["A", "B", "C"]), f"2020-{(i % 12) + 1:02d}-{(i % 28) + 1:02d}",
                     f"{(i * 7) % 100}.5", random.choice(["true", "false"]), f"name{i}"])
    for k in (5, 17, 99):
        rows[k][0] = "x" + rows[k][0]  # bad integers
    for k in (3, 4):
        rows[k][0] = rows[2][0]  # duplicate ids
    rows[40][0] = ""  # missing required id (and an all-empty primary key)
    for k in (10, 11, 12, 13):
        rows[k][1] = "Z"  # enum
    rows[20][2] = rows[21][2] = "2020-13-40"
    rows[22][2] = "31/12/2020"  # not ISO
    for k in (30, 31, 32):
        rows[k][3] = "150.5"  # above maximum
    rows[33][3] = "-3"  # below minimum
    rows[34][3] = "abc"
    rows[50][1] = ""  # missing required cat
    rows[60][4] = "yes"  # not a default boolean
    rows[70][5] = "x" * 30  # maxLength
    rows[71][5] = "nm"  # minLength and pattern: two constraint-errors
    rows[80] = [""] * 6  # blank row
    return rows


def _by_type_and_field(report) -> dict[tuple[str, str | None], int]:
    out: dict[tuple[str, str | None], int] = {}
    for p in report.problems:
        out[(p.type, p.field)] = out.get((p.type, p.field), 0) + p.count
    return out


def test_counts_match_frictionless(tmp_path: Path) -> None:
    staged = make_staged(tmp_path, COLUMNS, injected_rows())
    # The CSV reader reports the blank row (a structural problem); validation must not add to it.
    staged.problems.append(ProblemCount("blank-row", None, 1, examples=[Problem("blank-row", "blank row", 82)]))
    report = validate_table(staged, load_schema(SCHEMA))
    # Checked against `frictionless validate` 5.21.0 on the same rows written as CSV:
    # {"blank-row": 1, "constraint-error": 13, "primary-key": 7, "type-error": 8, "unique-error": 2}
    assert report.counts_by_type() == {
        "blank-row": 1, "constraint-error": 13, "primary-key": 7, "type-error": 8, "unique-error": 2,
    }
    assert _by_type_and_field(report) == {
        ("blank-row", None): 1,
        ("constraint-error", "amount"): 4, ("constraint-error", "cat"): 5, ("constraint-error", "id"): 1,
        ("constraint-error", "name"): 3, ("primary-key", None): 7,
        ("type-error", "amount"): 1, ("type-error", "date"): 3, ("type-error", "flag"): 1, ("type-error", "id"): 3,
        ("unique-error", "id"): 2,
    }
    assert not report.valid and report.error_count == 31


def test_examples_point_at_rows_and_columns(tmp_path: Path) -> None:
    report = validate_table(make_staged(tmp_path, COLUMNS, injected_rows()), load_schema(SCHEMA), max_examples=2)
    by_key = {(p.type, p.field, getattr(p, "constraint", None)): p for p in report.problems}
    ids = by_key[("type-error", "id", None)]
    # rows[5] is the 6th data row: source row 7 (the header is row 1).
    assert [(e.row, e.column, e.cell) for e in ids.examples] == [(7, 1, "x6"), (19, 1, "x18")]
    dup = by_key[("unique-error", "id", None)]
    assert [e.row for e in dup.examples] == [5, 6]
    assert by_key[("constraint-error", "amount", "maximum")].count == 3
    assert by_key[("constraint-error", "amount", "minimum")].examples[0].cell == "-3"


def test_report_matches_its_json_schema(tmp_path: Path) -> None:
    report = validate_table(make_staged(tmp_path, COLUMNS, injected_rows()), load_schema(SCHEMA))
    data = report.to_dict()
    jsonschema.validate(data, report_json_schema())
    assert data["counts"]["type-error"] == 8 and data["valid"] is False


def test_label_errors(tmp_path: Path) -> None:
    rows = [["1", "a", "z"], ["2", "b", "z"]]
    staged = make_staged(tmp_path, ["id", "nom", "extra"], rows)
    schema = load_schema({"fields": [{"name": "id", "type": "integer"}, {"name": "name"}]})
    report = validate_table(staged, schema)
    # Checked against frictionless 5.21: label errors only; the cells of unmatched columns are not checked.
    assert _by_type_and_field(report) == {("incorrect-label", "name"): 1, ("extra-label", None): 1}
    short = validate_table(make_staged(tmp_path, ["id"], [["1"], ["2"]], name="short"), load_schema(
        {"fields": [{"name": "id", "type": "integer"}, {"name": "b", "constraints": {"required": True}}]}))
    assert _by_type_and_field(short) == {("missing-label", "b"): 1}
    jsonschema.validate(short.to_dict(), report_json_schema())


def test_valid_table_and_missing_values(tmp_path: Path) -> None:
    staged = make_staged(tmp_path, ["id", "v"], [["1", "NA"], ["2", "3,5"], ["3", None]])
    schema = load_schema({"fields": [{"name": "id", "type": "integer", "constraints": {"unique": True}},
                                     {"name": "v", "type": "number", "decimalChar": ",",
                                      "constraints": {"unique": True}}],
                          "missingValues": ["", "NA"]})
    report = validate_table(staged, schema)
    assert report.valid and report.problems == [] and report.to_dict()["counts"] == {}


def test_canonical_parquet_and_profile_give_the_same_report(tmp_path: Path) -> None:
    # The pipeline validates with the typed values of the canonical Parquet and the profile's
    # missing counts; alone, validation casts the cells and counts them itself: same report.
    from trousse.engine.tables.convert import write_canonical_parquet
    from trousse.engine.tables.profile import profile_table

    rows = injected_rows()
    rows[81] = ["", "", "2020-01-01", "", "", ""]  # missing required cells on a row that is not blank
    staged, schema = make_staged(tmp_path, COLUMNS, rows), load_schema(SCHEMA)
    typed = write_canonical_parquet(staged, schema, tmp_path / "typed.parquet")
    alone = validate_table(staged, schema).to_dict()
    assert validate_table(staged, schema, typed=typed).to_dict() == alone
    assert validate_table(staged, schema, typed=typed, profile=profile_table(staged, schema, typed=typed)).to_dict() == alone
    assert {(p["type"], p["field"], p["constraint"]): p["count"] for p in alone["problems"]}[
        ("constraint-error", "id", "required")] == 2


def test_tables_validated_on_one_connection_leave_it_clean(tmp_path: Path) -> None:
    # The pipeline hands every stage its run's connection: a unique check's temporary table must
    # not outlive the table it was for (a second table would find it taken).
    from trousse.engine.tables.sql import connect

    schema = load_schema({"fields": [{"name": "id", "type": "integer", "constraints": {"unique": True}}]})
    tables = [make_staged(tmp_path, ["id"], [["1"], ["2"], ["1"]], name=f"t{k}") for k in range(2)]
    con = connect()
    try:
        reports = [validate_table(table, schema, con=con) for table in tables]
        assert con.execute("SELECT count(*) FROM duckdb_tables() WHERE temporary").fetchone() == (0,)
        # Nor the views its checks read the rows through (named, not pasted into every check).
        assert con.execute("SELECT count(*) FROM duckdb_views() WHERE view_name LIKE 'trousse_%'").fetchone() == (0,)
    finally:
        con.close()
    assert [[(p.type, p.count) for p in r.problems] for r in reports] == [[("unique-error", 1)]] * 2
