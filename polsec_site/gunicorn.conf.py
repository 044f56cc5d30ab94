"""gunicorn settings for `make serve` and production (docs/operations.md).

gthread workers: each worker process serves several requests at once on threads,
so a few slow clients (or slow uploads) do not hold every worker, and the process
count stays small enough for the database's connections. In production a reverse
proxy (nginx) buffers slow clients entirely; this keeps the site up without one.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Recycle each worker after this many requests, against slow leaks. Rarely: the
# page cache (reports/cache.py) lives in the worker's memory and goes with it, and
# at 2,000 the load run replaced a worker about once a minute and served 4.4 times
# fewer requests a second than without recycling (docs/operations.md, "Load").
# 50,000 is a few minutes per worker at the highest rate measured and hours or days
# at ordinary traffic, no more often than cached pages expire anyway
# (DJANGO_PAGE_CACHE_SECONDS). Memory is bounded by the cache's MAX_ENTRIES
# (DJANGO_CACHE_MAX_ENTRIES), not by recycling: a worker fills its cache to the cap
# again soon after a restart. The jitter keeps workers from restarting together.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "50000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "5000"))
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# The proxy in front sets X-Forwarded-Proto; Django trusts it (SECURE_PROXY_SSL_HEADER).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
