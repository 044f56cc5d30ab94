"""Site-wide response policies that Django does not ship (docs/operations.md)."""

from __future__ import annotations

import re
import sqlite3
import time

from django.conf import settings
from django.core.cache import cache
from django.db import InterfaceError, InternalError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.middleware.locale import LocaleMiddleware as _LocaleMiddleware
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.log import log_response
from django.utils.translation import gettext


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


def path_language(request):
    """The language of the URL (/en/... English, the rest Indonesian), for answers
    given before LocaleMiddleware has run: the rate limit, the page cache's 503."""
    code = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    return translation.override(code)


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
            with path_language(request):
                message = gettext(
                    "Terlalu banyak permintaan: paling banyak %(limit)d per menit. "
                    "Coba lagi dalam %(seconds)d detik."
                ) % {"limit": limit, "seconds": retry_after}
            response = HttpResponse(
                message + "\n", status=429, content_type="text/plain; charset=utf-8"
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


# --- The database unreachable: 503, not 500 --------------------------------------

# What a client should wait before asking again. PostgreSQL restarting takes about a
# second (docs/operations.md, "Database faults"), and each worker reconnects at its
# next request (CONN_HEALTH_CHECKS).
DATABASE_RETRY_AFTER_SECONDS = 5

# PostgreSQL's SQLSTATEs for "the server is not there for us": class 08 (connection
# exception), 57P01-57P03 (shutting down, crashed, starting up: `pg_ctl restart`),
# class 53 (insufficient resources: 53100 disk full, 53200 out of memory, 53300 too
# many connections), 25006 (read-only transaction: a standby, or
# default_transaction_read_only). Errors without an SQLSTATE are the client
# library's own: connection refused, or lost mid-query ("server closed the
# connection").
_UNAVAILABLE_SQLSTATES = ("08", "57P01", "57P02", "57P03", "53", "25006")
# SQLite raises OperationalError for typos and missing tables too ("no such table",
# SQLITE_ERROR); only these mean the file is busy, cannot be reached, or cannot be
# written (a read-only file or file system, a full disk: SQLITE_READONLY_* and
# SQLITE_IOERR_* are the extended codes).
_UNAVAILABLE_SQLITE = (
    "SQLITE_BUSY",
    "SQLITE_LOCKED",
    "SQLITE_CANTOPEN",
    "SQLITE_IOERR",
    "SQLITE_READONLY",
    "SQLITE_FULL",
)
_CAUSES = {
    "SQLITE_READONLY": "read-only",
    "25006": "read-only",
    "SQLITE_FULL": "disk-full",
    "53100": "disk-full",
}


def unavailable_cause(error: BaseException) -> str | None:
    """Why `error` means the database cannot serve now (worth a retry): "read-only",
    "disk-full" or "unavailable"; None when the code asked it something wrong (a
    ProgrammingError, a bad table name, a failed transaction's next query)."""
    if not isinstance(error, OperationalError | InterfaceError | InternalError):
        return None
    cause = error.__cause__  # the driver's exception, which Django wraps
    if isinstance(cause, sqlite3.Error):
        code = getattr(cause, "sqlite_errorname", "") or ""
    elif isinstance(error, InterfaceError):
        return "unavailable"  # "the connection is closed"
    else:
        code = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
        if code is None:
            # The client library's own: PostgreSQL's InternalError always has one.
            return None if isinstance(error, InternalError) else "unavailable"
    if not code.startswith(_UNAVAILABLE_SQLITE + _UNAVAILABLE_SQLSTATES):
        return None
    return next((why for prefix, why in _CAUSES.items() if code.startswith(prefix)), "unavailable")


def database_unavailable(error: BaseException) -> bool:
    """Whether `error` means the database cannot be reached or written now (worth a
    retry), not that the code asked it something wrong."""
    return unavailable_cause(error) is not None


def wants_json(request) -> bool:
    """Whether an error answer should be JSON `{"detail": ...}`: the API and the JSON
    export; the rest get a page or plain text."""
    return request.path_info.startswith("/api/") or request.path_info.endswith(".json")


def database_unavailable_response(request, error: BaseException) -> HttpResponse:
    """503 with Retry-After: JSON `{"detail": ...}` for the API and the JSON export,
    the site's own error page for the rest. Logged (one line, path and error, no
    traceback) by django.request, like every other error answer."""
    retry = DATABASE_RETRY_AFTER_SECONDS
    with path_language(request):
        if wants_json(request):
            detail = gettext(
                "Basis data arsip sedang tidak dapat dijangkau. Coba lagi dalam %(seconds)s detik."
            ) % {"seconds": retry}
            response = JsonResponse({"detail": detail}, status=503)
        else:
            response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(retry)
    add_never_cache_headers(response)
    log_response(
        "Database unavailable (%s: %s): %s",
        type(error).__name__,
        " ".join(str(error).split())[:200],
        request.path,
        response=response,
        request=request,
    )
    return response


class DatabaseUnavailableMiddleware:
    """A view that finds the database gone (PostgreSQL restarting, SQLite locked)
    answers 503 with Retry-After, which proxies and monitors understand as "try again
    shortly", instead of a 500. Any other error still reaches Django's 500 handling.
    The page cache, which reads the archive's version before any view, answers the
    same way itself (reports/cache.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if database_unavailable(exception):
            return database_unavailable_response(request, exception)
        return None


# --- NUL in a request: 400 before any view ---------------------------------------------


def _has_nul(request) -> bool:
    if "\x00" in request.path_info:
        return True
    return any(
        "\x00" in key or any("\x00" in v for v in values) for key, values in request.GET.lists()
    )


class RefuseNulMiddleware:
    """A NUL character (%00) in the path or in a query-string key or value is answered
    400 before any view, in one place: PostgreSQL refuses NUL in text (a lookup with
    it is an error, a 500), and no archive URL or parameter has a use for it. The API
    and the JSON export answer `{"detail": ...}` as they do for other errors, the rest
    plain text. (Form fields refuse NUL in what is posted: Django's CharField does.)"""

    message = "Bad request: a NUL character (%00) in the address or its parameters."

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _has_nul(request):
            return self.get_response(request)
        if wants_json(request):
            response = JsonResponse({"detail": self.message}, status=400)
        else:
            response = HttpResponse(
                self.message + "\n", status=400, content_type="text/plain; charset=utf-8"
            )
        add_never_cache_headers(response)
        return response
