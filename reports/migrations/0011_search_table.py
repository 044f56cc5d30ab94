"""PostgreSQL's search index moves out of reports_article into a narrow table of its
own, `reports_search (article_id, document)`, beside its GIN index (docs/search.md).

A word found in most reports is answered from the GIN index's bitmap, and PostgreSQL
still visits every heap page the bitmap names to check the row is visible: on
reports_article, 40,000 pages of titles and bodies at 100,000 reports (118 ms for
"pengamanan"); here 7,500 pages of documents at most, and about 650 where they are
long: PostgreSQL toasts only rows over 2 kB, and `toast_tuple_target = 128` then moves
the whole document out of line rather than compressing it in place (17 ms). Triggers drop an article's row when the article goes,
whatever deletes it (the ORM, raw SQL, a TRUNCATE in a flush), as SQLite's FTS5
trigger does. SQLite is unchanged.
"""

from django.db import migrations

POSTGRES_FORWARD = [
    "CREATE TABLE reports_search (article_id integer PRIMARY KEY, document tsvector NOT NULL) "
    "WITH (toast_tuple_target = 128)",
    "INSERT INTO reports_search (article_id, document) "
    "SELECT id, search_vector FROM reports_article WHERE search_vector IS NOT NULL",
    "CREATE INDEX reports_search_document ON reports_search USING gin (document)",
    "DROP INDEX IF EXISTS reports_article_search_vector",
    "ALTER TABLE reports_article DROP COLUMN IF EXISTS search_vector",
    """CREATE FUNCTION reports_search_forget() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'TRUNCATE' THEN
            TRUNCATE reports_search;
        ELSE
            DELETE FROM reports_search WHERE article_id = OLD.id;
        END IF;
        RETURN NULL;
    END $$""",
    "CREATE TRIGGER reports_search_delete AFTER DELETE ON reports_article "
    "FOR EACH ROW EXECUTE FUNCTION reports_search_forget()",
    "CREATE TRIGGER reports_search_truncate AFTER TRUNCATE ON reports_article "
    "FOR EACH STATEMENT EXECUTE FUNCTION reports_search_forget()",
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS reports_search_truncate ON reports_article",
    "DROP TRIGGER IF EXISTS reports_search_delete ON reports_article",
    "DROP FUNCTION IF EXISTS reports_search_forget()",
    "ALTER TABLE reports_article ADD COLUMN search_vector tsvector",
    "UPDATE reports_article a SET search_vector = s.document "
    "FROM reports_search s WHERE s.article_id = a.id",
    "CREATE INDEX reports_article_search_vector ON reports_article USING gin (search_vector)",
    "DROP TABLE reports_search",
]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("reports", "0010_article_facets")]

    operations = [migrations.RunPython(run(POSTGRES_FORWARD), run(POSTGRES_BACKWARD))]
