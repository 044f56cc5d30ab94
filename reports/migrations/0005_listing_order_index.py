"""Newest-first lists without a sort: an index in the lists' exact order.

PostgreSQL sorts NULL dates first in a descending index scan, so the lists' order
(date DESC NULLS LAST, id DESC) needs an index of its own. SQLite puts NULLs last
in descending order already and reads `article_status_date` backwards; it only
needs statistics (ANALYZE) to choose it, which `reports.db.refresh_statistics()`
keeps fresh after bulk loads.
"""

from django.db import migrations


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS article_listing_newest ON reports_article "
            "(status, date DESC NULLS LAST, id DESC)"
        )
    schema_editor.execute("ANALYZE")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS article_listing_newest")


class Migration(migrations.Migration):
    dependencies = [("reports", "0004_archive_state_and_facet_indexes")]

    operations = [migrations.RunPython(forward, backward)]
