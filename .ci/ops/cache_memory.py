"""What the page cache holds after requests built to fill it (docs/operations.md,
"The page cache's memory"). In process, one worker's view: a fresh SQLite file with
the seeds, Django's test client, the page cache on (600 s), the cache as configured
by the environment (default: reports.locmem.ByteBoundedLocMemCache, 64 MiB).

    python .ci/ops/cache_memory.py [--requests 100] [--medium 600] [--plain]

Three rounds, each printed with the process's RSS and the bytes the cache holds:
  huge-unknown  /articles/?region=<300 regency codes>&z=N: 1.7 MB pages, and a
                parameter no page reads
  huge-known    the same 300 codes less one (a new key each time, known parameters)
  medium        /articles/?region=<85-104 codes> pages of 150-250 KB, each a new key,
                enough to pass the byte budget
`--plain` uses Django's LocMemCache instead (what the site used before the budget).
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--medium", type=int, default=600)
    parser.add_argument("--plain", action="store_true")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="polsec-cache-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{work / 'db.sqlite3'}"
    os.environ.setdefault("DJANGO_PAGE_CACHE_SECONDS", "600")
    if args.plain:
        os.environ["DJANGO_CACHE_BACKEND"] = "django.core.cache.backends.locmem.LocMemCache"
    os.environ["DJANGO_SETTINGS_MODULE"] = "polsec_site.settings"
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)

    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import reset_queries
    from django.test import Client

    from reports.models import Region

    call_command("migrate", verbosity=0)
    call_command("loaddata", "fixtures/seeds.json", verbosity=0)
    codes = list(
        Region.objects.filter(level=Region.Level.REGENCY).values_list("code", flat=True)[:300]
    )
    client = Client()

    def held() -> int:
        store = cache._cache  # both backends are local memory
        return sum(len(key) + len(value) for key, value in store.items())

    def show(label: str, served: int, seconds: float) -> None:
        gc.collect()
        print(
            f"{label:<14} served {served / 2**20:8.1f} MB in {seconds:5.1f} s | "
            f"RSS {rss_mb():7.1f} MB | cache holds {held() / 2**20:6.1f} MB "
            f"in {len(cache._cache)} entries",
            flush=True,
        )

    def run(label: str, urls: list[str]) -> None:
        served, start = 0, time.monotonic()
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            served += len(response.content)
            reset_queries()
        show(label, served, time.monotonic() - start)

    print(
        f"backend {settings.CACHES['default']['BACKEND']} "
        f"options {settings.CACHES['default']['OPTIONS']} "
        f"page ceiling {getattr(settings, 'PAGE_CACHE_MAX_PAGE_BYTES', None)} bytes"
    )
    client.get("/")
    show("start", 0, 0)
    every = "&".join(f"region={code}" for code in codes)
    run("huge-unknown", [f"/articles/?{every}&z={n}" for n in range(args.requests)])
    run(
        "huge-known",
        [
            "/articles/?" + "&".join(f"region={c}" for c in codes if c != codes[n])
            for n in range(args.requests)
        ],
    )
    medium = []
    for n in range(args.medium):  # a new set of 85-104 regencies each time
        start, size = n % len(codes), 85 + (n // len(codes) * 7 + n) % 20
        chosen = [codes[(start + step) % len(codes)] for step in range(size)]
        medium.append("/articles/?" + "&".join(f"region={c}" for c in chosen))
    run("medium", medium)
    return 0


if __name__ == "__main__":
    sys.exit(main())
