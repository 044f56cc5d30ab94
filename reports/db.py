"""Database housekeeping shared by the bulk jobs."""

from django.db import connection


def refresh_statistics() -> None:
    """Let the query planner see the data as it is now (after a bulk load).

    SQLite keeps no statistics until ANALYZE runs, and without them it picks the
    wrong index for the lists (a full sort instead of reading article_status_date).
    PostgreSQL's autovacuum would get there too, later."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
