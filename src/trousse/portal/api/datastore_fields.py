"""The DataStore's description of a table's columns: CKAN types, the Table Schema and the data dictionary."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from trousse.engine.query.columns import ROW_ID_COLUMN, table_columns
from trousse.engine.query.datastore import search_fields
from trousse.engine.query.sandbox import ConnectionPool, guarded
from trousse.engine.tables.source import GEOMETRY
from trousse.portal.api.datastore_access import ReadableTable
from trousse.portal.catalog.hooks import TableData


def field_info(table: TableData, lang: str) -> dict[str, dict[str, Any]]:
    """Return CKAN's ``info`` per column: label and notes in ``lang``, both languages, unit and schema type."""
    schema_fields = {f.get("name"): f for f in table.schema.get("fields", [])}
    out: dict[str, dict[str, Any]] = {}
    for name in {*schema_fields, *table.dictionary}:
        entry: Mapping[str, Any] = table.dictionary.get(name) or {}
        other = "fr" if lang == "en" else "en"
        info: dict[str, Any] = {
            "label": entry.get(f"title_{lang}") or entry.get(f"title_{other}") or "",
            "notes": entry.get(f"description_{lang}") or entry.get(f"description_{other}") or "",
            "label_en": entry.get("title_en", ""), "label_fr": entry.get("title_fr", ""),
            "notes_en": entry.get("description_en", ""), "notes_fr": entry.get("description_fr", ""),
            "unit": entry.get("unit", ""),
        }
        field = schema_fields.get(name)
        if field:
            info["schema_type"] = field.get("type", "string")
            if field.get("format") not in (None, "default"):
                info["schema_format"] = field["format"]
        out[name] = info
    out.setdefault(GEOMETRY, {"label": "geometry", "notes": "WKT", "schema_type": "geometry"})
    return out


def table_fields(target: ReadableTable, lang: str, *, pool: ConnectionPool) -> list[dict[str, Any]]:
    """Return datastore_info's fields: every column (``_id`` first) with its type and dictionary."""
    con = pool.cursor()
    with guarded(con, pool.limits, secrets=[target.path, *pool.allowed_directories]):
        columns = table_columns(con, target.path)
    fields = search_fields([ROW_ID_COLUMN, *columns], field_info(target.table, lang))
    schema_fields = {f.get("name"): f for f in target.table.schema.get("fields", [])}
    for item, column in zip(fields, [ROW_ID_COLUMN, *columns], strict=True):
        if column.source in schema_fields:
            item["schema"] = dict(schema_fields[column.source])
    return fields
