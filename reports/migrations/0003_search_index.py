"""The full-text search index, one structure per database (docs/search.md).

- PostgreSQL: a `search_vector tsvector` column on reports_article and a GIN index.
  It is not a model field, so that lists never load it.
- SQLite: an FTS5 table holding each article's stemmed title, names and body (rowid
  = article id), and a trigger that drops an article's row when the article goes,
  whatever deletes it (the ORM, a flush, raw SQL).

Both are filled by reports.search.reindex(), called from signals when articles
change and by `manage.py rebuild_search_index`; this migration does not call it
(a migration must not depend on code that changes after it).
"""

from django.db import migrations

POSTGRES_FORWARD = [
    "ALTER TABLE reports_article ADD COLUMN search_vector tsvector",
    "CREATE INDEX reports_article_search_vector ON reports_article USING gin (search_vector)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS reports_article_search_vector",
    "ALTER TABLE reports_article DROP COLUMN IF EXISTS search_vector",
]
SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE reports_article_fts USING fts5("
    "title, names, body, tokenize = 'unicode61 remove_diacritics 2')",
    "CREATE TRIGGER reports_article_fts_delete AFTER DELETE ON reports_article BEGIN "
    "DELETE FROM reports_article_fts WHERE rowid = old.id; END",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS reports_article_fts_delete",
    "DROP TABLE IF EXISTS reports_article_fts",
]


def run(statements_by_vendor):
    def operation(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return operation


def index_existing_articles(apps, schema_editor):
    """Articles are loaded after the migrations (fixtures, imports), so a database at
    this step has none to index. One that has (migrated from 0002 with articles in it)
    is indexed by `manage.py rebuild_search_index` once migrated: a migration does not
    call the live indexing code, which later migrations' tables depend on."""
    Article = apps.get_model("reports", "Article")
    if Article.objects.exists():
        print("\n  Articles exist: run `manage.py rebuild_search_index` after migrating.")


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_reference_data")]

    operations = [
        migrations.RunPython(
            run({"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}),
            run({"postgresql": POSTGRES_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        ),
        migrations.RunPython(index_existing_articles, migrations.RunPython.noop),
    ]
