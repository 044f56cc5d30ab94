"""Site-wide response policies that Django does not ship (docs/operations.md)."""

from __future__ import annotations

import re
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.locale import LocaleMiddleware as _LocaleMiddleware
from django.utils import translation


class PermissionsPolicyMiddleware:
    """Permissions-Policy on every response: the site needs no camera, no location..."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


def client_address(request) -> str:
    """The reader's address: REMOTE_ADDR, or the address the trusted proxies saw."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        hops = [
            h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()
        ]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "unknown")


class RateLimitMiddleware:
    """At most RATE_LIMIT_PER_MINUTE requests a minute per client to the exports,
    the API and the feeds; past it, 429 with Retry-After until the minute turns.

    Counts live in the cache (shared between processes when the cache is: Redis or
    Memcached in production), in fixed one-minute windows."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.paths = re.compile(settings.RATE_LIMIT_PATHS)

    def __call__(self, request):
        limit = settings.RATE_LIMIT_PER_MINUTE
        if limit <= 0 or request.method == "OPTIONS" or not self.paths.match(request.path):
            return self.get_response(request)
        now = time.time()
        window = int(now // 60)
        key = f"ratelimit:{client_address(request)}:{window}"
        cache.add(key, 0, timeout=120)
        try:
            count = cache.incr(key)
        except ValueError:  # evicted between add and incr
            cache.set(key, 1, timeout=120)
            count = 1
        if count > limit:
            retry_after = max(1, int(60 - now % 60))
            response = HttpResponse(
                f"Terlalu banyak permintaan: paling banyak {limit} per menit. "
                f"Coba lagi dalam {retry_after} detik.\n",
                status=429,
                content_type="text/plain; charset=utf-8",
            )
            response["Retry-After"] = str(retry_after)
            return response
        return self.get_response(request)


class LocaleMiddleware(_LocaleMiddleware):
    """The public site's language comes from its URL (/en/... is English, the rest
    Indonesian); the admin follows the editor's browser (or language cookie)."""

    def process_request(self, request):
        if request.path_info.startswith("/" + settings.ADMIN_PATH):
            language = translation.get_language_from_request(request, check_path=False)
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
            return
        super().process_request(request)
