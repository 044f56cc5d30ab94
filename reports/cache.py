"""Caching public pages, invalidated by any change to the archive.

Every change to what public pages show bumps `ArchiveState.version` (signals in
reports/signals.py), in the same transaction as the change. Cached pages are keyed
by that version and the full URL, so a publish or correction is visible on the next
request in every process, with no stale page to purge. Pages also carry
`Last-Modified` (when the archive last changed) and an ETag (ConditionalGetMiddleware),
so browsers and proxies revalidate with a 304.

Two parts: `public_page` marks a view's answers as cacheable, and
`PageCacheMiddleware`, high in the middleware stack, stores them once every inner
middleware has finished them and answers repeat visits before sessions,
authentication or the view run at all (docs/benchmarks.md).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.utils import timezone
from django.utils.cache import set_response_etag
from django.utils.http import http_date

from .filters import ArticleFilter
from .middleware import database_unavailable, database_unavailable_response
from .models import ArchiveState

CACHEABLE = "_polsec_public_page"


def public_page(view):
    """Mark this view's answers as the same for every reader: cacheable."""

    @functools.wraps(view)
    def marked(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        setattr(response, CACHEABLE, True)
        return response

    return marked


class PageCacheMiddleware:
    """Answer GET and HEAD of public pages from the cache; store what views marked."""

    def __init__(self, get_response):
        self.get_response = get_response
        # Never public pages: the health checks (no database), the admin, the API.
        self.skip = ("/healthz", "/readyz", "/api/", "/" + settings.ADMIN_PATH)

    def __call__(self, request):
        seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
        if request.method not in ("GET", "HEAD") or request.path.startswith(self.skip):
            return self.get_response(request)
        # The whole address, scheme and host too: pages hold absolute URLs (canonical,
        # hreflang), and reading the host validates it against ALLOWED_HOSTS first
        # (DisallowedHost: Django answers 400), so no other host gets a cached page.
        url = request.build_absolute_uri().encode("utf-8", "surrogateescape")
        try:
            version, changed_at = current_version()
        except DatabaseError as error:
            if database_unavailable(error):  # no page can be made without it: 503
                return database_unavailable_response(request, error)
            return self.get_response(request)  # the view will say what is wrong
        key = f"page:{version}:{hashlib.sha256(url).hexdigest()}"
        response = cache.get(key) if seconds else None
        if response is not None:
            return response
        response = self.get_response(request)
        if not getattr(response, CACHEABLE, False):
            return response
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        response["Last-Modified"] = http_date(changed_at.timestamp())
        response["Cache-Control"] = "public, max-age=0, must-revalidate"
        if (
            seconds
            and response.status_code == 200
            and not response.streaming
            and len(response.content) <= settings.PAGE_CACHE_MAX_PAGE_BYTES
            and known_parameters(request)
        ):
            delattr(response, CACHEABLE)
            set_response_etag(response)  # once, not on every cached answer
            cache.set(key, response, seconds)
        return response


# The GET parameters public pages read (docs/search.md): the list filters, `page`, and
# the index pages' `zeros`.
# A URL with any other (`?z=1`, `?z=2`...) shows the same page under a new key each
# time, so it is served but never stored: it could only push real pages out.
PAGE_PARAMETERS = frozenset(ArticleFilter.base_filters) | {"page", "zeros"}


def known_parameters(request) -> bool:
    """Whether every GET parameter of the request is one a public page reads."""
    return PAGE_PARAMETERS.issuperset(request.GET)


def current_version() -> tuple[int, dt.datetime]:
    """The archive's version and when it last changed: one primary-key read, in plain
    SQL because it runs on every page request (the ORM would double its cost)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT version, changed_at FROM {ArchiveState._meta.db_table} WHERE id = 1"
        )
        row = cursor.fetchone()
    if row is None:
        state = ArchiveState.current()
        return state.version, state.changed_at
    version, changed_at = row
    if isinstance(changed_at, str):  # SQLite hands back text
        changed_at = dt.datetime.fromisoformat(changed_at)
    if timezone.is_naive(changed_at):
        changed_at = timezone.make_aware(changed_at, dt.UTC)
    return version, changed_at
