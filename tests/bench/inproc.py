"""In-process measurements, run by run.py in a fresh process per database and size.

    python tests/bench/inproc.py targets
    python tests/bench/inproc.py measure --out FILE [--targets JSON] [--reps 30] ...
    python tests/bench/inproc.py export-memory --out FILE
    python tests/bench/inproc.py make-raw-files DIR --count 1000 --seed 77

The database and settings come from the environment (common.bench_env: DEBUG off,
hashed static files), as under gunicorn. Each database call runs under a watchdog
that interrupts it (sqlite3 `interrupt()`, psycopg `cancel_safe()`) past
--call-timeout, so one pathological query cannot stall the run: such a call is
recorded as timed out, not measured.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import logging
import resource
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import django

django.setup()
# A call the watchdog interrupts is a 500 inside the test client: logged by
# django.request, and recorded here as timed out instead.
logging.getLogger("django.request").setLevel(logging.CRITICAL)

from common import (  # noqa: E402
    FIXED_PAGES,
    cold_pages,
    our_search_url,
    search_variants,
    summary_ms,
)
from django.db import connection, connections  # noqa: E402
from django.test import Client, RequestFactory  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from reports.browse import select  # noqa: E402
from reports.models import Article, Outlet, Person, PoliceUnit, Region  # noqa: E402

# What the TLS-terminating proxy in front of production adds: with DJANGO_DEBUG=0 the
# site redirects plain HTTP to HTTPS (SECURE_SSL_REDIRECT) unless the request came
# through it.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}


class TimedOut(Exception):
    pass


class Watchdog:
    """Interrupt the database call(s) running past `seconds` (re-fired every 0.5 s,
    since an interrupt that lands between two statements is lost)."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.wrapper = connections["default"]  # this thread's connection wrapper
        self.fired = False
        self._done = threading.Event()

    def _run(self):
        if self._done.wait(self.seconds):
            return
        while not self._done.is_set():
            self.fired = True
            raw = self.wrapper.connection
            if raw is not None:
                try:
                    if self.wrapper.vendor == "sqlite":
                        raw.interrupt()
                    else:
                        getattr(raw, "cancel_safe", raw.cancel)()
                except Exception:
                    pass
            self._done.wait(0.5)

    def __enter__(self):
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._done.set()
        self._thread.join()
        return False


def timed(call, limit: float):
    """(seconds, result) of `call()`, or raise TimedOut past `limit` seconds."""
    dog = Watchdog(limit)
    start = time.perf_counter()
    try:
        with dog:
            result = call()
    except Exception as error:
        if dog.fired:
            raise TimedOut(f"over {limit:g} s") from error
        raise
    elapsed = time.perf_counter() - start
    if dog.fired:
        raise TimedOut(f"over {limit:g} s")
    return elapsed, result


def repeat(call, *, reps: int, warmup: int, budget: float, limit: float) -> dict:
    """Warm up, then up to `reps` timed calls within about `budget` seconds (at
    least 3); the result of the last call is kept as `result`."""
    try:
        warm = [timed(call, limit) for _ in range(warmup)]
    except TimedOut as error:
        return {"timed_out": True, "limit_s": limit, "note": str(error)}
    slowest = max(seconds for seconds, _ in warm) if warm else 0.0
    planned = reps if slowest * reps <= budget else max(3, int(budget / max(slowest, 1e-6)))
    planned = min(planned, reps)
    times, result = [], warm[-1][1] if warm else None
    for _ in range(planned):
        try:
            seconds, result = timed(call, limit)
        except TimedOut as error:
            return {"timed_out": True, "limit_s": limit, "note": str(error), "done": len(times)}
        times.append(seconds)
    out = summary_ms(times)
    out["reduced_reps"] = planned < reps
    out["result"] = result
    return out


# --- Targets -----------------------------------------------------------------------


def pick_targets() -> dict:
    """An article, a person and an outlet whose pages are measured at every size:
    picked on the smallest corpus and kept as it grows."""
    published = Article.objects.published()
    article = published.filter(is_generated=True).order_by("pk").first() or published.first()
    from django.db.models import Count, Q

    person = (
        Person.objects.annotate(
            n=Count("appearances", filter=Q(appearances__article__status="published"))
        )
        .order_by("-n", "slug")
        .first()
    )
    outlet = (
        Outlet.objects.annotate(n=Count("articles", filter=Q(articles__status="published")))
        .order_by("-n", "slug")
        .first()
    )
    polres = (
        PoliceUnit.objects.district_units()
        .filter(parent__slug="polda-jawa-timur")
        .annotate(n=Count("articles", filter=Q(articles__status="published")))
        .order_by("-n", "slug")
        .first()
    )
    return {
        "article": article.get_absolute_url(),
        "person": person.get_absolute_url(),
        "outlet": outlet.get_absolute_url(),
        "polres": polres.get_absolute_url() if polres else "/units/polda-jawa-timur/",
    }


# --- Search core and pages ------------------------------------------------------------


def core_call(variant: dict, region):
    """The search core as the site runs it: parse, search and filter (the same
    `reports.browse.select` the list page uses), count, the first 20 by relevance
    (RankedResults: one pass over the index)."""
    factory = RequestFactory()
    params = {"q": variant["q"], **variant["params"]}

    def call():
        selection = select(factory.get("/articles/", params), Article.objects.published())
        ordered = selection.ordered()
        count = ordered.count()
        rows = list(ordered[:20])
        return {"count": count, "first": [a.pk for a in rows[:3]]}

    return call


def page_call(client: Client, url: str):
    def call():
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        return {"bytes": len(response.content)}

    return call


def measure(args) -> dict:
    targets = json.loads(args.targets) if args.targets else pick_targets()
    region = Region.objects.get(code="35")
    client = Client(headers=PROXY_HEADERS)
    out = {
        "published": Article.objects.published().count(),
        "targets": targets,
        "vendor": connection.vendor,
        "search_core": [],
        "search_page": [],
        "queries_per_page": {},
    }
    options = dict(reps=args.reps, warmup=args.warmup, budget=args.budget, limit=args.call_timeout)
    for variant in search_variants():
        core = repeat(core_call(variant, region), **options)
        out["search_core"].append({"label": variant["label"], **core})
        url = our_search_url(variant)
        page = repeat(page_call(client, url), **options)
        out["search_page"].append({"label": variant["label"], "url": url, **page})
        print(f"  {variant['label']:45} core {_show(core)}  page {_show(page)}", flush=True)
    pages = dict(FIXED_PAGES) | targets
    for name, url in pages.items():
        out["queries_per_page"][name] = count_queries(client, url, args.call_timeout)
    return out


def measure_cold(args) -> dict:
    """Every public page type (common.COLD_PAGES) as a first visitor gets it: the
    page cache is off (run.inproc runs this with a dummy cache), each URL requested
    `--reps` times after a warm-up; the median and p95 of the whole request."""
    targets = json.loads(args.targets) if args.targets else pick_targets()
    client = Client(headers=PROXY_HEADERS)
    out = {
        "published": Article.objects.published().count(),
        "vendor": connection.vendor,
        "targets": targets,
        "pages": [],
    }
    options = dict(reps=args.reps, warmup=args.warmup, budget=args.budget, limit=args.call_timeout)
    from reports import bitmaps

    def build():
        bitmaps.forget()
        return {"articles": len(bitmaps.current())}

    out["snapshot_build"] = repeat(build, reps=3, warmup=0, budget=60, limit=120)
    print(f"  {'snapshot build':32} {_show(out['snapshot_build'])}", flush=True)
    for label, url in cold_pages(targets):
        if client.get(url).status_code == 404:  # page 20 of a small corpus
            out["pages"].append({"label": label, "url": url, "skipped": "404 at this size"})
            continue
        result = repeat(page_call(client, url), **options)
        out["pages"].append({"label": label, "url": url, **result})
        print(f"  {label:32} {_show(result)}  {url}", flush=True)
    # A search's words are read from the index once and kept with the snapshot until
    # the archive changes (reports/bitmaps.py): the same searches with that memory
    # emptied before each request are what the first search of a word pays.
    for label, url in cold_pages(targets):
        if "q=" not in url or client.get(url).status_code == 404:
            continue
        call = page_call(client, url)

        def fresh(call=call):
            bitmaps.current().searches.clear()
            return call()

        result = repeat(fresh, **options)
        label = f"{label}, words not searched before"
        out["pages"].append({"label": label, "url": url, "new_words": True, **result})
        print(f"  {label:32} {_show(result)}  {url}", flush=True)
    return out


def _show(result: dict) -> str:
    if result.get("timed_out"):
        return f"timed out ({result['note']})"
    extra = result.get("result") or {}
    n = f" n={extra['count']}" if "count" in extra else ""
    return f"p50 {result['p50_ms']:.1f} p95 {result['p95_ms']:.1f} ms{n}"


def count_queries(client: Client, url: str, limit: float) -> dict:
    try:
        timed(lambda: client.get(url), limit)  # warm-up
        with CaptureQueriesContext(connection) as captured:
            seconds, response = timed(lambda: client.get(url), limit)
    except TimedOut as error:
        return {"url": url, "timed_out": True, "note": str(error)}
    return {
        "url": url,
        "status": response.status_code,
        "queries": len(captured.captured_queries),
        "ms": round(seconds * 1000, 1),
    }


# --- CSV export memory ----------------------------------------------------------------


def export_memory(args) -> dict:
    """Peak RSS of this process while it consumes /articles.csv through the test
    client's streaming, against its peak before (Django set up, a page served)."""
    from django.urls import Resolver404, resolve

    try:
        resolve("/articles.csv")
    except Resolver404:
        return {"measured": False, "reason": "not measured: /articles.csv does not exist yet"}
    client = Client(headers=PROXY_HEADERS)
    client.get("/articles/?q=trenggalek")  # templates, ORM and search code loaded
    gc.collect()
    baseline = _maxrss_mb()
    published = Article.objects.published().count()
    start = time.perf_counter()
    response = client.get("/articles.csv")
    rows = size = 0
    chunks = response.streaming_content if response.streaming else [response.content]
    for chunk in chunks:
        size += len(chunk)
        rows += chunk.count(b"\n")
    response.close()
    seconds = time.perf_counter() - start
    peak = _maxrss_mb()
    return {
        "measured": True,
        "status": response.status_code,
        "streaming": response.streaming,
        "published": published,
        "lines": rows,
        "bytes": size,
        "seconds": round(seconds, 2),
        "baseline_mb": round(baseline, 1),
        "peak_mb": round(peak, 1),
        "delta_mb": round(peak - baseline, 1),
    }


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


# --- Raw files for the import benchmark --------------------------------------------------

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def make_raw_files(args) -> dict:
    """Generate articles in this (scratch) database and write each as a raw scraped
    page like fixtures/seeds/*.txt: title, byline, date line, body, a "Baca Juga"
    link; each file unique (its time and the link differ)."""
    from reports import corpus

    corpus.generate(args.count, args.seed)
    folder = Path(args.dir)
    folder.mkdir(parents=True, exist_ok=True)
    articles = list(
        Article.objects.filter(is_generated=True).select_related("outlet").order_by("pk")
    )[: args.count]
    seen = set()
    for index, article in enumerate(articles):
        other = articles[(index * 7 + 3) % len(articles)]
        day = article.published_date
        clock = f"{index // 60 % 24:02d}:{index % 60:02d}"
        when = f"{MONTHS[day.month - 1]} {day.day}, {day.year} - {clock}"
        byline = f"**{article.author or 'Redaksi'} - {article.outlet.domain.upper()}**"
        text = (
            f"\n\n# {article.title}\n\n{byline}\n\n{when}\n\n\n\n{article.body}\n\n"
            f"Baca Juga: {other.title} ({index + 1})\n"
        )
        digest = hashlib.sha256(text.strip().encode()).hexdigest()
        assert digest not in seen, "raw files must be unique"
        seen.add(digest)
        (folder / f"bench_{index:05d}.txt").write_text(text, encoding="utf-8")
    return {"files": len(articles), "dir": str(folder)}


def main() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="mode", required=True)
    sub.add_parser("targets")
    m = sub.add_parser("measure")
    m.add_argument("--out", required=True)
    m.add_argument("--targets", help="JSON from `targets` (picked on the smallest corpus)")
    m.add_argument("--reps", type=int, default=30)
    m.add_argument("--warmup", type=int, default=2)
    m.add_argument("--budget", type=float, default=10.0, help="seconds per measurement")
    m.add_argument("--call-timeout", type=float, default=5.0)
    c = sub.add_parser("cold-pages")
    c.add_argument("--out")
    c.add_argument("--targets", help="JSON from `targets` (picked on the smallest corpus)")
    c.add_argument("--reps", type=int, default=15)
    c.add_argument("--warmup", type=int, default=1)
    c.add_argument("--budget", type=float, default=10.0, help="seconds per page")
    c.add_argument("--call-timeout", type=float, default=10.0)
    e = sub.add_parser("export-memory")
    e.add_argument("--out", required=True)
    r = sub.add_parser("make-raw-files")
    r.add_argument("dir")
    r.add_argument("--count", type=int, default=1000)
    r.add_argument("--seed", type=int, default=77)
    args = parser.parse_args()
    if args.mode == "targets":
        print(json.dumps(pick_targets()))
        return
    modes = {
        "measure": measure,
        "cold-pages": measure_cold,
        "export-memory": export_memory,
        "make-raw-files": make_raw_files,
    }
    result = modes[args.mode](args)
    if getattr(args, "out", None):
        Path(args.out).write_text(json.dumps(result, indent=1, default=str), encoding="utf-8")
    else:
        print(json.dumps(result))


if __name__ == "__main__":
    main()
