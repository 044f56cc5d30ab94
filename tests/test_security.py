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
def test_readyz_says_503_when_the_database_is_down(client, monkeypatch):
    from django.db import connection

    def down(*args, **kwargs):
        raise connection.OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", down)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"
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
