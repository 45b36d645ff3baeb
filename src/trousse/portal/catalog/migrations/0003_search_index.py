"""The full-text index: an FTS5 table on SQLite, a GIN expression index on PostgreSQL."""

from django.db import migrations


def create_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS catalog_dataset_fts USING fts5("
            "doc, tokenize = 'unicode61 remove_diacritics 2')")
    elif vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS catalog_dataset_search_gin ON catalog_dataset "
            "USING GIN (to_tsvector('simple', search_document))")


def drop_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS catalog_dataset_fts")
    elif vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS catalog_dataset_search_gin")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_initial")]
    operations = [migrations.RunPython(create_index, drop_index)]
