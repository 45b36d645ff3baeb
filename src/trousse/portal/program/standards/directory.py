"""Read the curated standards directory (data/standards.toml) and the Table Schemas derived from the standards."""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from trousse.engine.metadata.model import LocalizedText

DATA = Path(__file__).with_name("data")


@dataclass(frozen=True)
class StandardTable:
    """A table of a standard with a derived Table Schema a dataset's table can be checked against."""

    code: str
    title: LocalizedText
    schema_file: str

    @property
    def schema(self) -> dict[str, Any]:
        return load_table_schema(self.schema_file)

    @property
    def source(self) -> str:
        return str(self.schema.get("x-source", ""))

    @property
    def licence(self) -> str:
        return str(self.schema.get("x-licence", ""))


@dataclass(frozen=True)
class Standard:
    """A data standard: what it covers, what municipal data it suits, and its tables (if machine-readable)."""

    code: str
    name: str
    steward: str
    url: str
    covers: LocalizedText
    use: LocalizedText
    tables: tuple[StandardTable, ...]

    def table(self, code: str) -> StandardTable | None:
        return next((t for t in self.tables if t.code == code), None)


@cache
def load_table_schema(filename: str) -> dict[str, Any]:
    """Return a derived Table Schema shipped in data/schemas/."""
    return json.loads((DATA / "schemas" / filename).read_text(encoding="utf-8"))


@cache
def standards() -> tuple[Standard, ...]:
    """Return the directory's standards in file order (validated: unique codes, every schema present)."""
    data = tomllib.loads((DATA / "standards.toml").read_text(encoding="utf-8"))
    out = []
    for entry in data["standard"]:
        tables = tuple(StandardTable(t["code"], LocalizedText(t["title_en"], t["title_fr"]), t["schema"])
                       for t in entry.get("tables", []))
        for table in tables:
            load_table_schema(table.schema_file)  # fail at load, not on a page, when a file is missing
        out.append(Standard(entry["code"], entry["name"], entry["steward"], entry["url"],
                            LocalizedText(entry["covers_en"], entry["covers_fr"]),
                            LocalizedText(entry["use_en"], entry["use_fr"]), tables))
    codes = [s.code for s in out]
    if len(set(codes)) != len(codes):
        raise ValueError("standards.toml: duplicate standard code")
    return tuple(out)


def find(code: str) -> Standard | None:
    """Return the standard with ``code``, or None."""
    return next((s for s in standards() if s.code == code), None)
