"""The catalogue's search stamp: one random value that every committed change to what facets count replaces.

Web processes keep facet counts' inputs in memory (catalog.facet_index); they must never serve them
stale after a write made by any process, a bulk load or raw SQL. So the database itself keeps the
stamp: triggers on the tables the facet index reads replace it in the writing transaction, and a
process compares the stamp it read with its index's. The stamp is random rather than a counter, so a
write rolled back after a process read its uncommitted value can never be mistaken for a later one.

SQLite: row triggers (one writer at a time, so the stamp row adds no waiting). PostgreSQL: deferred
constraint triggers, so the stamp row is locked only while a transaction commits (not from its first
write, which would serialize catalogue writers and risk deadlocks), and replaced once per transaction;
a plain statement trigger covers TRUNCATE. Django rebuilds a SQLite table to alter it, dropping its
triggers: ``install`` runs again after every migrate (catalog.apps), and ``installed`` lets the
index refuse to trust a database whose triggers are missing.
"""

from __future__ import annotations

from typing import Any

TABLE = "catalog_search_stamp"
# The one-row subquery reading the stamp; placed in the statement that finds the matching datasets,
# it gives the stamp of exactly the snapshot those datasets were read from.
SELECT = f"SELECT stamp FROM {TABLE} WHERE id = 1"
VENDORS = ("sqlite", "postgresql")

# Table -> the columns whose update changes what the facet index holds (None: any column). A dataset's
# view and download counters change on every visit and are not facet values, so they are left out.
WATCHED: dict[str, tuple[str, ...] | None] = {
    "catalog_dataset": ("organization_id", "licence_id", "frequency", "status", "access_level"),
    "catalog_dataset_tags": None,
    "catalog_dataset_themes": None,
    "catalog_resource": ("dataset_id", "format"),
    "catalog_organization": ("slug", "name_en", "name_fr"),
    "catalog_licence": ("code", "title_en", "title_fr"),
    "catalog_theme": ("code", "label_en", "label_fr"),
    "catalog_tag": ("name", "lang"),
}

_PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION catalog_search_stamp_replace() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Deferred row triggers all fire at commit: replace the stamp once per transaction.
    IF current_setting('trousse.search_stamped', true) IS DISTINCT FROM txid_current()::text THEN
        UPDATE {TABLE} SET stamp = md5(random()::text || clock_timestamp()::text || txid_current()::text)
        WHERE id = 1;
        PERFORM set_config('trousse.search_stamped', txid_current()::text, true);
    END IF;
    RETURN NULL;
END $$"""


def _trigger_names(table: str) -> list[str]:
    return [f"{TABLE}_{table}_{event}" for event in ("insert", "update", "delete")]


def _sqlite_statements() -> list[str]:
    replace = f"UPDATE {TABLE} SET stamp = lower(hex(randomblob(16))) WHERE id = 1;"
    statements = [f"CREATE TABLE IF NOT EXISTS {TABLE} (id integer PRIMARY KEY, stamp text NOT NULL)",
                  f"INSERT OR IGNORE INTO {TABLE} (id, stamp) VALUES (1, lower(hex(randomblob(16))))"]
    for table, columns in WATCHED.items():
        insert, update, delete = _trigger_names(table)
        of = f" OF {', '.join(columns)}" if columns else ""
        statements += [
            f"CREATE TRIGGER IF NOT EXISTS {insert} AFTER INSERT ON {table} BEGIN {replace} END",
            f"CREATE TRIGGER IF NOT EXISTS {update} AFTER UPDATE{of} ON {table} BEGIN {replace} END",
            f"CREATE TRIGGER IF NOT EXISTS {delete} AFTER DELETE ON {table} BEGIN {replace} END",
        ]
    return statements


def _postgresql_statements() -> list[str]:
    statements = [f"CREATE TABLE IF NOT EXISTS {TABLE} (id integer PRIMARY KEY, stamp text NOT NULL)",
                  f"INSERT INTO {TABLE} (id, stamp) VALUES (1, md5(random()::text || clock_timestamp()::text)) "
                  "ON CONFLICT (id) DO NOTHING",
                  _PG_FUNCTION]
    for table, columns in WATCHED.items():
        changes, truncate = f"{TABLE}_{table}", f"{TABLE}_{table}_truncate"
        of = f" OF {', '.join(columns)}" if columns else ""
        statements += [
            f"DROP TRIGGER IF EXISTS {changes} ON {table}",
            f"CREATE CONSTRAINT TRIGGER {changes} AFTER INSERT OR UPDATE{of} OR DELETE ON {table} "
            "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION catalog_search_stamp_replace()",
            f"DROP TRIGGER IF EXISTS {truncate} ON {table}",
            f"CREATE TRIGGER {truncate} AFTER TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION catalog_search_stamp_replace()",
        ]
    return statements


def install(connection: Any) -> None:
    """Create the stamp table and its triggers where missing (idempotent; SQLite and PostgreSQL only)."""
    if connection.vendor not in VENDORS:
        return
    statements = _sqlite_statements() if connection.vendor == "sqlite" else _postgresql_statements()
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def uninstall(connection: Any) -> None:
    """Drop the triggers and the stamp table (migration 0007 reversed)."""
    with connection.cursor() as cursor:
        for table in WATCHED:
            if connection.vendor == "sqlite":
                for name in _trigger_names(table):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            elif connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_{table} ON {table}")
                cursor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_{table}_truncate ON {table}")
        if connection.vendor == "postgresql":
            cursor.execute("DROP FUNCTION IF EXISTS catalog_search_stamp_replace()")
        if connection.vendor in VENDORS:
            cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")


def installed(connection: Any) -> bool:
    """Return whether the stamp table and every trigger keeping it are in the database."""
    if connection.vendor == "sqlite":
        expected = {name for table in WATCHED for name in _trigger_names(table)}
        query = "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s"
    elif connection.vendor == "postgresql":
        expected = {name for table in WATCHED for name in (f"{TABLE}_{table}", f"{TABLE}_{table}_truncate")}
        query = "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE %s"
    else:
        return False
    with connection.cursor() as cursor:
        cursor.execute(query, [f"{TABLE}%"])
        found = {row[0] for row in cursor.fetchall()}
    return expected <= found


def read(connection: Any) -> str | None:
    """Return the committed stamp (or the caller's own transaction's); None where there is none."""
    if connection.vendor not in VENDORS:
        return None
    with connection.cursor() as cursor:
        cursor.execute(SELECT)
        row = cursor.fetchone()
    return row[0] if row else None
