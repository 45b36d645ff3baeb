"""PostgreSQL: store each dataset's tsvector (a generated column, GIN-indexed) instead of an expression index.

Ranking by relevance read ``to_tsvector('simple', search_document)`` again for every matching row; the
stored column is parsed once per write. SQLite keeps its FTS5 table (migration 0003): nothing changes there.
The column is not a model field: Django never writes it, PostgreSQL keeps it in step with search_document.
"""

from django.db import migrations


def add_vector(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "ALTER TABLE catalog_dataset ADD COLUMN IF NOT EXISTS search_vector tsvector "
        "GENERATED ALWAYS AS (to_tsvector('simple', search_document)) STORED")
    schema_editor.execute("CREATE INDEX IF NOT EXISTS catalog_dataset_search_vector_gin ON catalog_dataset "
                          "USING GIN (search_vector)")
    schema_editor.execute("DROP INDEX IF EXISTS catalog_dataset_search_gin")


def drop_vector(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE INDEX IF NOT EXISTS catalog_dataset_search_gin ON catalog_dataset "
                          "USING GIN (to_tsvector('simple', search_document))")
    schema_editor.execute("ALTER TABLE catalog_dataset DROP COLUMN IF EXISTS search_vector")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0005_licence_default")]
    operations = [migrations.RunPython(add_vector, drop_vector)]
