"""The site's URLconf plus views that fail, to see the error pages as a reader would."""

from django.db import OperationalError, ProgrammingError, connection
from django.http import HttpResponse
from django.urls import path

from polsec_site.urls import handler400, handler500  # noqa: F401 - the site's own
from polsec_site.urls import urlpatterns as site_urlpatterns


def boom(request):
    raise RuntimeError("a bug the reader must never see")


def database_gone(request):
    raise OperationalError("server closed the connection unexpectedly")


def bad_sql(request):
    with connection.cursor() as cursor:  # SQLite: OperationalError, PostgreSQL: ProgrammingError
        cursor.execute("SELECT * FROM no_such_table")


def bad_query(request):
    raise ProgrammingError('relation "reports_nothing" does not exist')


def remember(request):
    """Reads nothing, writes nothing itself: the session middleware saves after it."""
    request.session["seen"] = True
    return HttpResponse("ok")


urlpatterns = [
    path("remember/", remember),
    path("boom/", boom),
    path("database-gone/", database_gone),
    path("api/database-gone", database_gone),
    path("bad-sql/", bad_sql),
    path("bad-query/", bad_query),
    *site_urlpatterns,
]
