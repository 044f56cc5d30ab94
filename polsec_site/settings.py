"""Settings for Polsec Archive: one file, read from the environment.

Defaults are for development: DEBUG on, SQLite in the project folder, a throwaway
secret key. Production sets DJANGO_DEBUG=0, DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS
and DATABASE_URL (see docs/operations.md).
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)

_DEV_SECRET_KEY = "django-insecure-dev-only-polsec-archive"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", _DEV_SECRET_KEY)
if not DEBUG and SECRET_KEY == _DEV_SECRET_KEY:
    # Production must never run with the published development key.
    raise ImproperlyConfigured("Set DJANGO_SECRET_KEY: DJANGO_DEBUG=0 refuses the default key.")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if DEBUG else "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # whitenoise serves static files in development too, as in production
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_filters",
    "simple_history",
    "axes",
    "corsheaders",
    "ninja",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Open data: any site may GET the API, exports and feeds (no cookies sent).
    "corsheaders.middleware.CorsMiddleware",
    # Before whitenoise, so that static files get the same headers as pages.
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "reports.middleware.PermissionsPolicyMiddleware",
    "reports.middleware.RefuseNulMiddleware",  # %00 in the path or query: 400, any database
    # One scraper must not starve readers: exports and the API answer 429 past a rate.
    "reports.middleware.RateLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETag on every page and 304 for If-None-Match / If-Modified-Since.
    "django.middleware.http.ConditionalGetMiddleware",
    # Public pages from the cache, before sessions, auth and the view (reports/cache.py).
    "reports.cache.PageCacheMiddleware",
    # The database unreachable: 503 with Retry-After, not a 500 (a view's exception;
    # the page cache above answers the same when it cannot read the archive version).
    "reports.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # /en/... in English, the rest in Indonesian; the admin in the editor's language.
    "reports.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Who made each change, for the history of articles, units, people...
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: locks out repeated failed logins.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five failed logins for a username from one address lock it out for an hour.
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
# Behind nginx the address is the reader's, read as the rate limit reads it
# (TRUSTED_PROXY_COUNT), not the proxy's: else five wrong passwords from anyone lock
# the editor out everywhere. The log names that address in clear and the account by
# a keyed tag, for monitoring (reports/lockout.py, docs/operations.md).
AXES_CLIENT_IP_CALLABLE = "reports.lockout.client_ip"
AXES_CLIENT_STR_CALLABLE = "reports.lockout.client_str"
# The admin's address, so that it need not be the well-known /admin/.
ADMIN_PATH = os.environ.get("DJANGO_ADMIN_PATH", "admin/").strip("/") + "/"

ROOT_URLCONF = "polsec_site.urls"
WSGI_APPLICATION = "polsec_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "reports.context_processors.site",
            ],
        },
    },
]

# SQLite in the project folder unless DATABASE_URL names another database
# (postgres://user:pass@host:port/name in production and in CI).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Persistent connections buy nothing on SQLite; WAL lets readers and a writer
    # (an import) work side by side.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Indonesian is the site's language; English is the second (docs/i18n.md).
LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# collectstatic's target. Development serves straight from the finders instead, so
# the folder need not exist there (whitenoise warns about a missing STATIC_ROOT).
STATIC_ROOT = os.environ.get("DJANGO_STATIC_ROOT") or (None if DEBUG else BASE_DIR / "staticfiles")
WHITENOISE_USE_FINDERS = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# The site works without JavaScript; scripts and styles come from our own origin.
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)

# Production sits behind a TLS-terminating reverse proxy that sets
# X-Forwarded-Proto: such requests count as secure and get HSTS. The health checks
# answer the proxy over plain HTTP, without a redirect.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# Requests a minute per client to the exports, API and feeds (reports/middleware.py),
# at / and under the English /en/ alike.
RATE_LIMIT_PER_MINUTE = int(os.environ.get("DJANGO_RATE_LIMIT_PER_MINUTE", "120"))
# The open data: the API, the exports and the feeds (also CORS_URLS_REGEX below).
OPEN_DATA_PATHS = r"^/(api/|(en/)?articles\.(csv|json)$|(en/)?feeds/)"
RATE_LIMIT_PATHS = OPEN_DATA_PATHS
# How many proxies in front of the site append to X-Forwarded-For (0: use REMOTE_ADDR).
TRUSTED_PROXY_COUNT = int(os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", "0"))

# The import page takes hundreds of .txt files in one upload (Django's default stops
# at 100); reports/importer/uploads.py lists any past its own limit of 1000.
DATA_UPLOAD_MAX_NUMBER_FILES = 1000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "{asctime} {levelname} {name} {message}", "style": "{"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "stream": "ext://sys.stdout",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Lockouts are warnings; every successful login need not be logged.
        "axes": {"level": "WARNING"},
    },
}

# Cached public pages are keyed by the archive's version (reports/cache.py), so
# they are never stale; the timeout only bounds memory. Local memory is per
# process; set DJANGO_CACHE_BACKEND/LOCATION to share one cache (Redis, Memcached)
# between processes and hosts (docs/scaling.md).
CACHE_BACKEND = os.environ.get("DJANGO_CACHE_BACKEND", "reports.locmem.ByteBoundedLocMemCache")
# The default local-memory cache is bounded in bytes (reports/locmem.py): entries
# alone bound nothing when one page can weigh 2 MB (5,000 of them: 11 GB a worker).
# The backends Django culls itself also keep at most MAX_ENTRIES entries. Redis and
# Memcached bound their memory themselves (maxmemory with allkeys-lru, -m;
# docs/operations.md) and would pass the options on to their client library, which
# refuses them.
_CULLED_BACKENDS = ("locmem.LocMemCache", "filebased.FileBasedCache", "db.DatabaseCache")
_CACHE_OPTIONS = {}
if CACHE_BACKEND.endswith((*_CULLED_BACKENDS, "locmem.ByteBoundedLocMemCache")):
    _CACHE_OPTIONS["MAX_ENTRIES"] = int(os.environ.get("DJANGO_CACHE_MAX_ENTRIES", "5000"))
if CACHE_BACKEND.endswith("locmem.ByteBoundedLocMemCache"):
    _CACHE_OPTIONS["MAX_BYTES"] = int(os.environ.get("DJANGO_CACHE_MAX_BYTES", str(64 * 2**20)))
CACHES = {
    "default": {
        "BACKEND": CACHE_BACKEND,
        "LOCATION": os.environ.get("DJANGO_CACHE_LOCATION", "polsec"),
        "OPTIONS": _CACHE_OPTIONS,
    }
}
PUBLIC_PAGE_CACHE_SECONDS = int(os.environ.get("DJANGO_PAGE_CACHE_SECONDS", "600"))
# Count, filter and page lists on a snapshot of the facet index held in memory as
# compressed bitmaps (reports/bitmaps.py, docs/search.md); 0 counts everything in SQL.
POLSEC_BITMAPS = os.environ.get("DJANGO_BITMAPS", "1") != "0"
# A page larger than this is served but not cached: a few such pages would crowd out
# thousands of ordinary ones (7-15 KB), whatever the backend.
PAGE_CACHE_MAX_PAGE_BYTES = int(os.environ.get("DJANGO_PAGE_CACHE_MAX_PAGE_BYTES", "262144"))

CORS_ALLOW_ALL_ORIGINS = True
CORS_URLS_REGEX = OPEN_DATA_PATHS
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False

# The full-dataset download, written by `manage.py export_dataset`, served at /data/.
DATASET_PATH = Path(os.environ.get("DJANGO_DATASET_PATH", BASE_DIR / "var" / "polsec-dataset.zip"))

# Public lists page by 20 (the importer's own size limit is in reports/importer/sources.py).
ARTICLES_PER_PAGE = int(os.environ.get("DJANGO_ARTICLES_PER_PAGE", "20"))
