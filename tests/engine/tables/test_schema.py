"""Table Schema model, inference and comparison."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from staged_tables import make_staged

from trousse.engine.metadata.model import LocalizedText
from trousse.engine.tables.schema import Field, TableSchema, compare_schemas, infer_schema, load_schema
from trousse.engine.tables.source import Dialect

STANDARDS = Path(os.environ.get("TROUSSE_STANDARDS_DIR", Path(__file__).resolve().parents[4] / "shared/standards"))
HYPO = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _infer(tmp_path: Path, columns: dict[str, list[str | None]], **kw) -> TableSchema:
    names = list(columns)
    rows = list(zip(*columns.values(), strict=True))
    return infer_schema(make_staged(tmp_path, names, rows, **kw))


def test_infers_types_formats_and_constraints(tmp_path: Path) -> None:
    n = 30
    schema = _infer(tmp_path, {
        "code": [str(i) for i in range(n)],
        "zip": [f"0{i:03d}" for i in range(n)],
        "ratio": [f"{i}.25" for i in range(n)],
        "jour": [f"{(i % 28) + 1}/0{(i % 9) + 1}/2020" for i in range(n)],
        "us": [f"0{(i % 9) + 1}/{(i % 28) + 1}/2020" for i in range(n)],
        "quand": [f"2020-01-0{(i % 9) + 1}T10:00:00" for i in range(n)],
        "cat": ["A", "B", "C"] * 10,
        "pt": [f"-73.{i}, 45.{i}" for i in range(n)],
        "note": [None if i % 3 else f"t{i}" for i in range(n)],
    })
    f = {x.name: x for x in schema.fields}
    assert [f[k].type for k in f] == ["integer", "string", "number", "date", "date", "datetime", "string",
                                      "geopoint", "string"]
    assert f["jour"].format == "%d/%m/%Y" and f["us"].format == "%m/%d/%Y"
    assert f["code"].constraints == {"required": True, "unique": True}
    assert f["cat"].constraints["enum"] == ["A", "B", "C"]
    assert "required" not in f["note"].constraints
    assert schema.primary_key == ["code"]


def test_decimal_comma_and_thousands_from_the_dialect(tmp_path: Path) -> None:
    schema = _infer(tmp_path, {"m": ["1 234,5", "12,25", "3"]},
                    dialect=Dialect("utf-8", ";", decimal=",", thousands=" "))
    (m,) = schema.fields
    assert (m.type, m.decimal_char, m.group_char) == ("number", ",", " ")


BOOLEAN_PAIRS = [("true", "false"), ("yes", "no"), ("oui", "non"), ("vrai", "faux"), ("t", "f"), ("y", "n"),
                 ("o", "n"), ("True", "False"), ("OUI", "NON"), ("Vrai", "Faux")]


@HYPO
@given(pair=st.sampled_from(BOOLEAN_PAIRS), picks=st.lists(st.booleans(), min_size=1, max_size=40),
       blanks=st.integers(0, 3))
def test_booleans_in_english_or_french(tmp_path: Path, pair: tuple[str, str], picks: list[bool], blanks: int) -> None:
    values: list[str | None] = [pair[0] if p else pair[1] for p in picks] + [""] * blanks
    (f,) = _infer(tmp_path, {"b": values}).fields
    assert f.type == "boolean"
    assert set(f.true_values) | set(f.false_values) >= {v for v in values if v}


def test_zero_one_is_boolean_only_when_the_column_is_all_zero_one(tmp_path: Path) -> None:
    assert _infer(tmp_path, {"b": ["0", "1", "1"]}).fields[0].type == "boolean"
    assert _infer(tmp_path, {"b": ["0", "1", "2"]}).fields[0].type == "integer"
    assert _infer(tmp_path, {"b": ["1", "1"]}).fields[0].type == "integer"
    assert _infer(tmp_path, {"b": ["1", "oui", "0"]}).fields[0].type == "string"


@HYPO
@given(dates=st.lists(st.dates(dt.date(1900, 1, 1), dt.date(2099, 12, 31)), min_size=1, max_size=30),
       fmt=st.sampled_from(["%Y-%m-%d", "%Y/%m/%d", "%d/%m/%Y", "%m/%d/%Y"]))
def test_dates_read_back_with_the_inferred_format(tmp_path: Path, dates: list[dt.date], fmt: str) -> None:
    (f,) = _infer(tmp_path, {"d": [d.strftime(fmt) for d in dates]}).fields
    assert f.type == "date"
    # The format found must read every value back to the same date (day/month only swap when ambiguous).
    if any(d.day > 12 for d in dates) or fmt.startswith("%Y") or all(d.day == d.month for d in dates):
        assert all(dt.datetime.strptime(d.strftime(fmt), f.format).date() == d for d in dates)


def test_round_trip_and_valid_table_schema(tmp_path: Path) -> None:
    schema = TableSchema([
        Field("id", "integer", title=LocalizedText("Identifier", "Identifiant"), constraints={"required": True}),
        Field("montant", "number", decimal_char=",", description=LocalizedText("", "Montant en dollars"), unit="CAD"),
        Field("actif", "boolean", true_values=("oui",), false_values=("non",), extras={"rdfType": "x:y"}),
    ], missing_values=("", "NA"), primary_key=["id"])
    data = schema.to_dict()
    path = tmp_path / "s.json"
    path.write_text(json.dumps(data))
    assert load_schema(path).to_dict() == data == load_schema(data).to_dict()
    assert data["fields"][0]["title"] == "Identifier" and data["fields"][0]["title_fr"] == "Identifiant"
    meta = STANDARDS / "frictionless/v1/table-schema.json"
    if not meta.is_file():
        pytest.skip("standards not found")
    jsonschema.validate(data, json.loads(meta.read_text()))


def test_inferred_schema_is_a_valid_table_schema(tmp_path: Path) -> None:
    meta = STANDARDS / "frictionless/v1/table-schema.json"
    if not meta.is_file():
        pytest.skip("standards not found")
    schema = _infer(tmp_path, {"id": ["1", "2"], "b": ["oui", "non"], "d": ["31/01/2020", "01/02/2020"]})
    jsonschema.validate(schema.to_dict(), json.loads(meta.read_text()))


def test_compare_schemas() -> None:
    pinned = load_schema({"fields": [{"name": "id", "type": "integer"}, {"name": "nom", "type": "string"},
                                     {"name": "v", "type": "number"}, {"name": "old", "type": "date"}]})
    new = load_schema({"fields": [{"name": "id", "type": "string"}, {"name": "name", "type": "string"},
                                  {"name": "v", "type": "number"}, {"name": "extra", "type": "integer"}]})
    changes = [(c.kind, c.field, c.old, c.new) for c in compare_schemas(pinned, new)]
    assert changes == [("retyped", "id", "integer", "string"), ("renamed", "nom", "nom", "name"),
                       ("removed", "old", None, None), ("added", "extra", None, "integer")]
    assert compare_schemas(pinned, pinned) == []
