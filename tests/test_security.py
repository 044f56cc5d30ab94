"""Secure by default: headers on every response, health checks, rate limits, and a
production mode that refuses to start insecurely (docs/operations.md)."""

import os
import subprocess
import sys

import pytest
from django.test import override_settings

from tests.conftest import ROOT

HTML, JSON, STATIC = "/regions/", "/api/elections", "/static/css/site.css"


@pytest.mark.django_db
@pytest.mark.parametrize("url", [HTML, JSON, STATIC, "/articles.csv", "/feeds/articles.atom"])
def test_every_response_carries_the_security_headers(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    csp = response["Content-Security-Policy"]
    script_src = next(part for part in csp.split(";") if part.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src and "'self'" in script_src
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
@override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_SSL_REDIRECT=True)
def test_requests_the_proxy_marks_https_are_secure_and_get_hsts(client):
    response = client.get(HTML, headers={"x-forwarded-proto": "https"})
    assert response.status_code == 200
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    plain = client.get(HTML)
    assert plain.status_code == 301 and plain["Location"].startswith("https://")


@pytest.mark.django_db
@override_settings(SECURE_SSL_REDIRECT=True)
def test_health_checks_answer_plain_http_from_the_proxy(client):
    assert client.get("/healthz").status_code == 200
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json() == {"database": "ok"}


@pytest.mark.django_db
def test_readyz_says_503_when_the_database_is_down(client, database_down):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"database": "unavailable", "error": "OperationalError"}
    assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
@override_settings(
    SESSION_COOKIE_SECURE=True, CSRF_COOKIE_SECURE=True, SESSION_COOKIE_HTTPONLY=True
)
def test_cookies_are_secure_httponly_and_samesite(client):
    from django.contrib.auth.models import User

    User.objects.create_user("redaktur", password="kata-sandi-rahasia-1", is_staff=True)
    login = client.get("/admin/login/")
    csrf = login.cookies["csrftoken"]
    assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax"
    client.post(
        "/admin/login/",
        {
            "username": "redaktur",
            "password": "kata-sandi-rahasia-1",
            "csrfmiddlewaretoken": csrf.value,
        },
    )
    session = client.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/articles", "/articles.csv", "/feeds/articles.rss"])
def test_exports_and_the_api_are_rate_limited_per_client(client, settings, url):
    settings.RATE_LIMIT_PER_MINUTE = 3
    for _ in range(3):
        assert client.get(url).status_code == 200
    limited = client.get(url)
    assert limited.status_code == 429
    assert 1 <= int(limited["Retry-After"]) <= 60
    other = client.get(url, REMOTE_ADDR="10.9.8.7")
    assert other.status_code == 200  # another client is not starved
    assert client.get("/regions/").status_code == 200  # pages are not limited


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="tests.support.failing_urls", DEBUG=False)
def test_a_server_error_shows_the_site_page_without_a_traceback(client, caplog):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Terjadi kesalahan di server" in html
    assert "RuntimeError" not in html and "Traceback" not in html
    assert any("/boom/" in record.getMessage() for record in caplog.records)


def assert_security_headers(response) -> None:
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]


def assert_unavailable(response) -> None:
    assert response.status_code == 503
    assert 1 <= int(response["Retry-After"]) <= 30
    assert "no-cache" in response["Cache-Control"]
    body = response.content.decode()
    assert "OperationalError" not in body and "Traceback" not in body
    assert "server closed" not in body and "connection refused" not in body
    assert_security_headers(response)


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="tests.support.failing_urls", DEBUG=False)
def test_a_view_that_loses_the_database_answers_503_with_retry_after(client, caplog):
    response = client.get("/database-gone/")
    assert_unavailable(response)
    assert response["Content-Type"].startswith("text/html")
    assert "(503)" in response.content.decode()
    logged = [r for r in caplog.records if "/database-gone/" in r.getMessage()]
    assert [r.levelname for r in logged] == ["ERROR"]
    assert "OperationalError" in logged[0].getMessage() and not logged[0].exc_info

    api = client.get("/api/database-gone")
    assert_unavailable(api)
    assert set(api.json()) == {"detail"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/regions/", "/articles.json", "/en/articles.json", "/api/articles"]
)
def test_pages_and_json_answer_503_while_the_database_is_down(client, database_down, url):
    # The page cache reads the archive version before any view; the API skips it and
    # the view's own query fails. Either way: 503, JSON for JSON.
    response = client.get(url)
    assert_unavailable(response)
    if url.endswith(".json") or url.startswith("/api/"):
        assert response.json()["detail"]
    else:
        assert response["Content-Type"].startswith("text/html")
    assert client.get("/readyz").status_code == 503


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="tests.support.failing_urls", DEBUG=False)
@pytest.mark.parametrize("url", ["/bad-sql/", "/bad-query/"])
def test_a_programming_error_in_sql_stays_a_500(client, url):
    client.raise_request_exception = False
    response = client.get(url)
    assert response.status_code == 500
    assert "Retry-After" not in response


def test_only_errors_that_mean_the_database_is_gone_count_as_unavailable():
    import sqlite3

    import psycopg
    from django.db import (
        DatabaseError,
        IntegrityError,
        InterfaceError,
        InternalError,
        OperationalError,
    )

    from reports.middleware import database_unavailable

    def wrapped(error_class, cause=None):
        error = error_class("...")
        error.__cause__ = cause
        return error

    def sqlite_error(name):
        error = sqlite3.OperationalError("...")
        error.sqlite_errorname = name
        return error

    gone = [
        wrapped(OperationalError),
        wrapped(InterfaceError, psycopg.InterfaceError("the connection is closed")),
        wrapped(OperationalError, psycopg.OperationalError("consuming input failed")),
        wrapped(OperationalError, psycopg.errors.AdminShutdown()),  # pg_ctl restart
        wrapped(OperationalError, psycopg.errors.CannotConnectNow()),  # starting up
        wrapped(OperationalError, psycopg.errors.TooManyConnections()),
        wrapped(OperationalError, sqlite_error("SQLITE_BUSY")),
        # Cannot be written: a read-only file or standby, a full disk (finding 8).
        wrapped(OperationalError, sqlite_error("SQLITE_READONLY")),
        wrapped(OperationalError, sqlite_error("SQLITE_READONLY_DBMOVED")),
        wrapped(OperationalError, sqlite_error("SQLITE_FULL")),
        wrapped(OperationalError, sqlite_error("SQLITE_IOERR_WRITE")),
        wrapped(InternalError, psycopg.errors.ReadOnlySqlTransaction()),  # 25006
        wrapped(OperationalError, psycopg.errors.DiskFull()),  # 53100
        wrapped(OperationalError, psycopg.errors.OutOfMemory()),  # 53200
    ]
    not_gone = [
        wrapped(OperationalError, psycopg.errors.QueryCanceled()),  # statement timeout
        wrapped(OperationalError, sqlite_error("SQLITE_ERROR")),  # no such table / column
        wrapped(InterfaceError, sqlite3.InterfaceError("bad parameter")),
        wrapped(DatabaseError),
        wrapped(IntegrityError),
        wrapped(InternalError, psycopg.errors.InFailedSqlTransaction()),  # 25P02: a bug
        wrapped(InternalError),
        RuntimeError("not the database"),
    ]
    assert [database_unavailable(error) for error in gone] == [True] * len(gone)
    assert [database_unavailable(error) for error in not_gone] == [False] * len(not_gone)


def production(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return env | {"DJANGO_DEBUG": "0", "DJANGO_ALLOWED_HOSTS": "archive.example"} | extra


def test_production_mode_refuses_the_default_secret_key():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=production(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_the_deployment_checklist_is_clean_in_production_mode():
    key = "test-" + "k3y-" * 16
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production(DJANGO_SECRET_KEY=key),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


# --- Hosts the site does not serve: 400, cached or not (issue 11, finding 6) ------------

SITE_HOST = "arsip.example.id"


@pytest.fixture
def one_host(settings):
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = [SITE_HOST, "www." + SITE_HOST]


@pytest.mark.django_db
@pytest.mark.parametrize("cached", [False, True], ids=["no-cache", "cache"])
@pytest.mark.parametrize(
    "url", ["/", "/articles/?region=35", "/en/regions/", "/no-such-page/", "/admin/login/"]
)
def test_a_host_the_site_does_not_serve_gets_400_not_500(
    client, seeded, settings, one_host, cached, url
):
    from django.core.cache import cache

    settings.PUBLIC_PAGE_CACHE_SECONDS = 600 if cached else 0
    cache.clear()
    client.raise_request_exception = False
    assert client.get(url, HTTP_HOST=SITE_HOST).status_code in (200, 404)  # cached now
    response = client.get(url, HTTP_HOST="evil.example")
    assert response.status_code == 400
    html = response.content.decode()
    assert "(400)" in html and "evil.example" not in html and "Traceback" not in html
    assert_security_headers(response)


@pytest.mark.django_db
def test_a_cached_page_names_the_host_it_was_asked_for(client, seeded, settings, one_host):
    from django.core.cache import cache

    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    cache.clear()
    first = client.get("/regions/", HTTP_HOST=SITE_HOST).content.decode()
    second = client.get("/regions/", HTTP_HOST="www." + SITE_HOST).content.decode()
    assert f'href="http://{SITE_HOST}/regions/"' in first
    assert f'href="http://www.{SITE_HOST}/regions/"' in second


# --- A database that cannot be written: 503, and /readyz says so (issue 11, finding 8) ---


@pytest.fixture
def read_only_database(transactional_db, tmp_path):
    """The test database made read-only as in production: SQLite, a copy of it
    opened with `mode=ro` (a file the server may not write; root ignores chmod);
    PostgreSQL, every transaction READ ONLY (a standby, or the setting)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
        yield
        connection.close()  # a new session: read-write again, for the flush
        return
    import sqlite3

    copy = tmp_path / "read-only.sqlite3"
    with connection.cursor() as cursor:
        cursor.execute("VACUUM INTO %s", [str(copy)])
    with sqlite3.connect(copy) as writable:  # the site's databases are in WAL mode
        writable.execute("PRAGMA journal_mode=WAL")
    in_memory, name = connection.connection, connection.settings_dict["NAME"]
    connection.connection = None
    connection.settings_dict["NAME"] = f"file:{copy}?mode=ro"
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"], connection.connection = name, in_memory


@pytest.fixture
def editor_account(transactional_db):
    from django.contrib.auth.models import User

    User.objects.create_user("redaktur", password="kata-sandi-rahasia-1", is_staff=True)


def test_an_editor_login_on_a_read_only_database_answers_503(
    client, editor_account, read_only_database
):
    from django.urls import reverse

    client.raise_request_exception = False
    login = {"username": "redaktur", "password": "kata-sandi-rahasia-1"}
    assert_unavailable(client.post(reverse("admin:login"), login))
    assert_unavailable(client.post(reverse("admin:login"), {**login, "password": "salah"}))


@override_settings(ROOT_URLCONF="tests.support.failing_urls", DEBUG=False)
def test_a_session_saved_after_the_view_on_a_read_only_database_answers_503(
    client, read_only_database
):
    client.raise_request_exception = False
    assert_unavailable(client.get("/remember/"))


def test_readyz_says_503_and_why_when_the_database_cannot_be_written(client, read_only_database):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["database"] == "read-only"
    assert "no-cache" in response["Cache-Control"]
