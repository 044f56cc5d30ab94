"""Caching public pages, invalidated by any change to the archive.

Every change to what public pages show bumps `ArchiveState.version` (signals in
reports/signals.py), in the same transaction as the change. Cached pages are keyed
by that version and the full URL, so a publish or correction is visible on the next
request in every process, with no stale page to purge. Pages also carry
`Last-Modified` (when the archive last changed) and an ETag (ConditionalGetMiddleware),
so browsers and proxies revalidate with a 304.
"""

from __future__ import annotations

import functools
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils.http import http_date

from .models import ArchiveState


def public_page(view):
    """Serve this view's 200 answers to GET requests from the cache when it can."""

    @functools.wraps(view)
    def cached_view(request, *args, **kwargs):
        seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        state = ArchiveState.current()
        path = request.get_full_path().encode("utf-8", "surrogateescape")
        key = f"page:{state.version}:{hashlib.sha256(path).hexdigest()}"
        response = cache.get(key) if seconds else None
        if response is None:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            if seconds and response.status_code == 200 and not response.streaming:
                cache.set(key, response, seconds)
        response["Last-Modified"] = http_date(state.changed_at.timestamp())
        response["Cache-Control"] = "public, max-age=0, must-revalidate"
        return response

    return cached_view
