"""Public pages are cached, and never stale: any change to the archive shows at once."""

import contextlib

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from reports.models import ArchiveState, Article, Region
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


# --- Memory: the page cache is bounded in bytes (issue 11, finding 3) ------------------

BUDGET = 60_000  # bytes: a dozen of the seed archive's regency list pages


@pytest.fixture
def small_page_cache(settings, page_cache):
    """The site's own cache backend and options, with a budget of BUDGET bytes."""
    from django.core.cache import caches

    default = settings.CACHES["default"]
    options = {**default["OPTIONS"], "MAX_BYTES": BUDGET}
    settings.CACHES = {"default": {**default, "LOCATION": "budget-test", "OPTIONS": options}}
    caches["default"].clear()
    yield caches["default"]
    caches["default"].clear()


def held_bytes(backend) -> int:
    """What the local-memory store holds: the pickled entries and their keys."""
    return sum(len(key) + len(value) for key, value in backend._cache.items())


def regency_list_urls(count: int) -> list[str]:
    codes = Region.objects.filter(level=Region.Level.REGENCY).values_list("code", flat=True)
    return [f"/articles/?region={code}" for code in codes[:count]]


@pytest.mark.django_db
def test_the_page_cache_stays_within_its_byte_budget(client, seeded, small_page_cache):
    served = 0
    for url in regency_list_urls(100):
        response = client.get(url)
        assert response.status_code == 200
        served += len(response.content)
        assert held_bytes(small_page_cache) <= BUDGET
    assert served > 3 * BUDGET  # the budget was really tested
    assert held_bytes(small_page_cache) > BUDGET / 2  # and the cache still works
    last = regency_list_urls(100)[-1]
    assert queries_for(client, last) == 1  # the newest page is kept


@pytest.mark.django_db
def test_a_page_over_the_size_ceiling_is_served_but_not_stored(client, seeded, page_cache):
    # 300 regencies in one URL of 3,910 bytes: a 1.7 MB page with the seeds.
    codes = Region.objects.filter(level=Region.Level.REGENCY).values_list("code", flat=True)
    url = "/articles/?" + "&".join(f"region={code}" for code in codes[:300])
    first = client.get(url)
    assert first.status_code == 200 and len(first.content) > 1_000_000
    assert queries_for(client, url) > 1  # made again: not stored
    assert queries_for(client, "/articles/?region=35") > 1
    assert queries_for(client, "/articles/?region=35") == 1  # ordinary pages still are


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/articles/?z=1", "/articles/?region=35&z=2", "/regions/?x"])
def test_a_url_with_a_parameter_no_page_reads_is_served_but_not_stored(
    client, seeded, page_cache, url
):
    # Each ?z=N is a new key for the same page: storing them lets anyone push every
    # real page out of the cache.
    assert queries_for(client, url) > 1
    assert queries_for(client, url) > 1


@pytest.mark.parametrize(
    ("backend", "location", "options"),
    [
        # The default: local memory, capped in entries and in bytes.
        (None, "polsec", {"MAX_ENTRIES": 5000, "MAX_BYTES": 64 * 2**20}),
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
    monkeypatch.delenv("DJANGO_CACHE_MAX_BYTES", raising=False)
    monkeypatch.delenv("DJANGO_DEBUG", raising=False)  # production would want a key
    if backend:
        monkeypatch.setenv("DJANGO_CACHE_BACKEND", backend)
        monkeypatch.setenv("DJANGO_CACHE_LOCATION", location)
    else:
        monkeypatch.delenv("DJANGO_CACHE_BACKEND", raising=False)
        monkeypatch.delenv("DJANGO_CACHE_LOCATION", raising=False)
    caches = runpy.run_path(str(ROOT / "polsec_site" / "settings.py"))["CACHES"]
    assert caches["default"]["BACKEND"] == (backend or "reports.locmem.ByteBoundedLocMemCache")
    assert caches["default"]["LOCATION"] == location
    assert caches["default"]["OPTIONS"] == options


# The byte-bounded backend itself, under any sequence of operations.

OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(["set", "add", "incr", "delete", "get", "clear"]),
        st.integers(0, 30),  # which key
        st.integers(0, 5_000),  # the value's size in bytes
    ),
    max_size=200,
)


@given(OPERATIONS)
@hypothesis_settings(max_examples=200, deadline=None)
def test_the_local_memory_cache_never_holds_more_than_its_budget(operations):
    from reports.locmem import ENTRY_OVERHEAD, ByteBoundedLocMemCache

    budget = 20_000
    backend = ByteBoundedLocMemCache(
        "property-test", {"OPTIONS": {"MAX_BYTES": budget, "MAX_ENTRIES": 25}}
    )
    backend.clear()
    for operation, key, size in operations:
        name = f"k{key}"
        if operation == "set":
            backend.set(name, b"x" * size)
        elif operation == "add":
            backend.add(name, b"x" * size)
        elif operation == "incr":
            backend.add(name, size)
            with contextlib.suppress(ValueError, TypeError):  # gone, or bytes
                backend.incr(name)
        elif operation == "delete":
            backend.delete(name)
        elif operation == "get":
            backend.get(name)
        else:
            backend.clear()
        counted = held_bytes(backend) + ENTRY_OVERHEAD * len(backend._cache)
        assert backend.stored_bytes == counted <= budget
        assert len(backend._cache) <= 25
    if operations and operations[-1][0] == "set" and operations[-1][2] < budget / 2:
        assert backend.get(f"k{operations[-1][1]}") is not None  # the newest is kept
