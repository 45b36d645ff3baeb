"""A Frictionless Table Schema (v1) model: load, export, compare, and infer from a staged table.

Bilingual titles and descriptions: ``title`` and ``description`` hold the English text (the
standard properties, so any Table Schema consumer shows something), ``title_fr`` and
``description_fr`` the French text. Table Schema allows extra properties on a field, so the
export stays valid against the v1 JSON Schema, and loading it back gives the same values.
Properties we do not model are kept in ``extras`` and written back unchanged.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trousse.engine.metadata.model import LocalizedText

if TYPE_CHECKING:
    from trousse.engine.tables.source import StagedTable

# Frictionless defaults for boolean fields (case-sensitive, as frictionless reads them).
DEFAULT_TRUE_VALUES = ("true", "True", "TRUE", "1")
DEFAULT_FALSE_VALUES = ("false", "False", "FALSE", "0")
_FIELD_KEYS = {
    "name", "type", "format", "title", "title_fr", "description", "description_fr", "constraints",
    "trueValues", "falseValues", "decimalChar", "groupChar", "bareNumber", "missingValues", "unit",
}


@dataclass
class Field:
    """One column of a Table Schema."""

    name: str
    type: str = "string"
    format: str = "default"
    title: LocalizedText = LocalizedText()
    description: LocalizedText = LocalizedText()
    unit: str = ""
    constraints: dict[str, Any] = field(default_factory=dict)
    true_values: tuple[str, ...] = DEFAULT_TRUE_VALUES
    false_values: tuple[str, ...] = DEFAULT_FALSE_VALUES
    decimal_char: str = "."
    group_char: str = ""
    bare_number: bool = True
    missing_values: tuple[str, ...] | None = None  # None: the schema's
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def required(self) -> bool:
        return bool(self.constraints.get("required"))

    @property
    def unique(self) -> bool:
        return bool(self.constraints.get("unique"))

    def to_dict(self) -> dict[str, Any]:
        """Return the field as a Table Schema descriptor (defaults left out)."""
        out: dict[str, Any] = {"name": self.name, "type": self.type}
        if self.format != "default":
            out["format"] = self.format
        for key, text in (("title", self.title), ("description", self.description)):
            if text.en:
                out[key] = text.en
            if text.fr:
                out[f"{key}_fr"] = text.fr
        if self.unit:
            out["unit"] = self.unit
        if self.type == "boolean":
            if self.true_values != DEFAULT_TRUE_VALUES:
                out["trueValues"] = list(self.true_values)
            if self.false_values != DEFAULT_FALSE_VALUES:
                out["falseValues"] = list(self.false_values)
        if self.type == "number":
            if self.decimal_char != ".":
                out["decimalChar"] = self.decimal_char
            if self.group_char:
                out["groupChar"] = self.group_char
        if self.type in ("number", "integer") and not self.bare_number:
            out["bareNumber"] = False
        if self.missing_values is not None:
            out["missingValues"] = list(self.missing_values)
        if self.constraints:
            out["constraints"] = dict(self.constraints)
        out.update(self.extras)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Field:
        """Build a field from a Table Schema field descriptor."""
        constraints = dict(data.get("constraints") or {})
        if "required" in data and "required" not in constraints:  # a common misplacement
            constraints["required"] = bool(data["required"])
        missing = data.get("missingValues")
        return cls(
            name=str(data["name"]),
            type=str(data.get("type") or "string"),
            format=str(data.get("format") or "default"),
            title=LocalizedText(data.get("title", ""), data.get("title_fr", "")),
            description=LocalizedText(data.get("description", ""), data.get("description_fr", "")),
            unit=str(data.get("unit", "")),
            constraints=constraints,
            true_values=tuple(data.get("trueValues", DEFAULT_TRUE_VALUES)),
            false_values=tuple(data.get("falseValues", DEFAULT_FALSE_VALUES)),
            decimal_char=str(data.get("decimalChar", ".")),
            group_char=str(data.get("groupChar", "")),
            bare_number=bool(data.get("bareNumber", True)),
            missing_values=tuple(missing) if missing is not None else None,
            extras={k: v for k, v in data.items() if k not in _FIELD_KEYS and k != "required"},
        )


@dataclass
class TableSchema:
    """A Frictionless Table Schema: fields, missing values and primary key."""

    fields: list[Field]
    missing_values: tuple[str, ...] = ("",)
    primary_key: list[str] = field(default_factory=list)
    extras: dict[str, Any] = field(default_factory=dict)

    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def get_field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)

    def field_missing_values(self, f: Field) -> tuple[str, ...]:
        """Return the missing values that apply to ``f`` (its own, else the schema's)."""
        return f.missing_values if f.missing_values is not None else self.missing_values

    def to_dict(self) -> dict[str, Any]:
        """Return the schema as a Table Schema descriptor."""
        out: dict[str, Any] = {"fields": [f.to_dict() for f in self.fields]}
        out["missingValues"] = list(self.missing_values)
        if self.primary_key:
            out["primaryKey"] = list(self.primary_key)
        out.update(self.extras)
        return out


def load_schema(source: str | Path | dict[str, Any]) -> TableSchema:
    """Load a Table Schema from a JSON file path or a descriptor dict."""
    data = source if isinstance(source, dict) else json.loads(Path(source).read_text(encoding="utf-8"))
    if not isinstance(data.get("fields"), list):
        raise ValueError("a Table Schema needs a list of fields")
    pk = data.get("primaryKey") or []
    known = {"fields", "missingValues", "primaryKey"}
    return TableSchema(
        fields=[Field.from_dict(f) for f in data["fields"]],
        missing_values=tuple(data.get("missingValues", [""])),
        primary_key=[pk] if isinstance(pk, str) else list(pk),
        extras={k: v for k, v in data.items() if k not in known},
    )


@dataclass(frozen=True)
class SchemaChange:
    """A way a new version breaks (or extends) a pinned schema."""

    kind: str  # "removed", "added", "renamed", "retyped"
    field: str  # the pinned field's name ("added": the new one)
    position: int  # 1-based position in the schema it belongs to
    old: str | None = None  # renamed: old name; retyped: old type
    new: str | None = None
    breaking: bool = True  # an added column is not breaking for most uses

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def compare_schemas(pinned: TableSchema, new: TableSchema) -> list[SchemaChange]:
    """List how ``new`` differs from ``pinned`` by column: removed, added, renamed, retyped.

    A column is "renamed" when a pinned name is gone, and the new schema has, at the same
    position, a name the pinned schema does not know with the same type.
    """
    pinned_names, new_names = pinned.field_names(), new.field_names()
    changes: list[SchemaChange] = []
    renamed_to: set[str] = set()
    for pos, old in enumerate(pinned.fields, start=1):
        if old.name in new_names:
            cur = new.fields[new_names.index(old.name)]
            if cur.type != old.type:
                changes.append(SchemaChange("retyped", old.name, pos, old.type, cur.type))
            continue
        cand = new.fields[pos - 1] if pos <= len(new.fields) else None
        if cand is not None and cand.name not in pinned_names and cand.type == old.type:
            changes.append(SchemaChange("renamed", old.name, pos, old.name, cand.name))
            renamed_to.add(cand.name)
        else:
            changes.append(SchemaChange("removed", old.name, pos))
    for pos, cur in enumerate(new.fields, start=1):
        if cur.name not in pinned_names and cur.name not in renamed_to:
            changes.append(SchemaChange("added", cur.name, pos, None, cur.type, breaking=False))
    return changes


def infer_schema(table: StagedTable, *, enum_max: int = 20, con: Any = None) -> TableSchema:
    """Infer a Table Schema from a staged table's cells, with suggested constraints (``con``: the run's DuckDB)."""
    from trousse.engine.tables.inference import infer_table_schema  # avoids an import cycle

    return infer_table_schema(table, enum_max=enum_max, con=con)
