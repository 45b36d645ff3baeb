"""The search stamp: a one-row table whose random value triggers replace on every change facets count.

See catalog.search_stamp: web processes compare it with their in-memory facet index's (catalog.facet_index)
and rebuild the index when it differs. The table is not a model; Django never writes it.
"""

from django.db import migrations


def create_stamp(apps, schema_editor):
    from trousse.portal.catalog import search_stamp

    search_stamp.install(schema_editor.connection)


def drop_stamp(apps, schema_editor):
    from trousse.portal.catalog import search_stamp

    search_stamp.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0006_search_vector")]
    operations = [migrations.RunPython(create_stamp, drop_stamp)]
