"""Public pages are cached, and never stale: any change to the archive shows at once."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports.models import ArchiveState, Article
from tests.factories import make_article


@pytest.fixture
def page_cache(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    cache.clear()


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/articles/?region=35", "/units/polda-jawa-timur/"])
def test_a_second_visit_is_served_from_the_cache(client, seeded, page_cache, url):
    assert queries_for(client, url) > 3
    assert queries_for(client, url) == 1  # the archive's version, nothing else


@pytest.mark.django_db
def test_publishing_shows_on_the_next_request(client, seeded, page_cache):
    client.get("/articles/")
    article = make_article(title="Berita baru yang baru terbit", status=Article.Status.DRAFT)
    assert b"Berita baru yang baru terbit" not in client.get("/articles/").content
    article.status = Article.Status.PUBLISHED
    article.save()
    assert b"Berita baru yang baru terbit" in client.get("/articles/").content


@pytest.mark.django_db
def test_a_correction_to_a_name_shows_on_every_page(client, seeded, page_cache):
    assert b"Moh Nurhidayat" in client.get("/people/").content
    person = Article.objects.get(title__startswith="Siagakan").people.get(name="Moh Nurhidayat")
    person.name = "Mohammad Nurhidayat"
    person.save()
    assert b"Mohammad Nurhidayat" in client.get("/people/").content


@pytest.mark.django_db
def test_pages_revalidate_with_etag_and_last_modified(client, seeded, page_cache):
    first = client.get("/regions/")
    assert first.has_header("ETag") and first.has_header("Last-Modified")
    assert client.get("/regions/", headers={"if-none-match": first["ETag"]}).status_code == 304
    unchanged = client.get("/regions/", headers={"if-modified-since": first["Last-Modified"]})
    assert unchanged.status_code == 304
    ArchiveState.bump()
    changed = client.get("/regions/", headers={"if-none-match": first["ETag"]})
    assert changed.status_code in (200, 304)  # same content may keep the same ETag


@pytest.mark.django_db
def test_bad_requests_are_not_cached(client, seeded, page_cache):
    assert client.get("/articles/?page=abc").status_code == 400
    assert client.get("/articles/?page=abc").status_code == 400


@pytest.mark.parametrize(
    ("backend", "location", "options"),
    [
        (None, "polsec", {"MAX_ENTRIES": 5000}),  # the default: local memory, capped
        ("django.core.cache.backends.redis.RedisCache", "redis://127.0.0.1:6379/1", {}),
        ("django.core.cache.backends.memcached.PyMemcacheCache", "127.0.0.1:11211", {}),
        (
            "django.core.cache.backends.filebased.FileBasedCache",
            "/tmp/polsec",
            {"MAX_ENTRIES": 5000},
        ),
    ],
)
def test_the_cache_backend_comes_from_the_environment(monkeypatch, backend, location, options):
    # A shared cache (Redis, Memcached) for every worker and host: the page cache
    # survives worker restarts and the rate limit is exact (docs/operations.md).
    import runpy

    from tests.conftest import ROOT

    monkeypatch.delenv("DJANGO_CACHE_MAX_ENTRIES", raising=False)
    monkeypatch.delenv("DJANGO_DEBUG", raising=False)  # production would want a key
    if backend:
        monkeypatch.setenv("DJANGO_CACHE_BACKEND", backend)
        monkeypatch.setenv("DJANGO_CACHE_LOCATION", location)
    else:
        monkeypatch.delenv("DJANGO_CACHE_BACKEND", raising=False)
        monkeypatch.delenv("DJANGO_CACHE_LOCATION", raising=False)
    caches = runpy.run_path(str(ROOT / "polsec_site" / "settings.py"))["CACHES"]
    assert caches["default"]["BACKEND"] == (
        backend or "django.core.cache.backends.locmem.LocMemCache"
    )
    assert caches["default"]["LOCATION"] == location
    assert caches["default"]["OPTIONS"] == options
