"""Write benchmarks.md from benchmarks.json (run.py calls it at the end).

    python tests/bench/report.py docs/benchmarks.json > docs/benchmarks.md

The numbers all come from the JSON; the section "Why and what would close it"
takes its measured facts from tests/bench/notes.md when that file exists.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from common import (
    TARGET_COLD_P50_MS,
    TARGET_COLD_P95_MS,
    TARGET_EXPORT_PEAK_MB,
    TARGET_IMPORT_PER_S,
    TARGET_PAGE_VS_STATIC,
    TARGET_SEARCH_P95_MS,
)

NOTES = Path(__file__).resolve().parent / "notes.md"
# Measured by hand (generate_corpus is not timed by run.py at 1,000,000 articles).
CORPUS_NOTES = Path(__file__).resolve().parent / "corpus.md"
DB_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def fmt_ms(result: dict | None, key: str) -> str:
    if not result:
        return "–"
    if result.get("timed_out"):
        return f"> {result['limit_s'] * 1000:,.0f} (timed out)"
    return f"{result[key]:,.1f}"


def table(head: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _p95(result: dict) -> float:
    """p95 in ms; a timed-out measurement counts as its limit (a lower bound)."""
    if result.get("timed_out"):
        return result["limit_s"] * 1000
    return result["p95_ms"]


def _sizes(results: dict, vendor: str) -> dict:
    return results["databases"][vendor]["sizes"]


def _largest(results: dict, vendor: str) -> tuple[str, dict] | None:
    sizes = _sizes(results, vendor)
    measured = [s for s in sizes if "inproc" in sizes[s]]
    if not measured:
        return None
    size = max(measured, key=int)
    return size, sizes[size]


def _p50(result: dict) -> float:
    if result.get("timed_out"):
        return result["limit_s"] * 1000
    return result["p50_ms"]


def cold_targets(results: dict) -> list[list]:
    """Issue 12: every public page type, page cache off, under its median and p95."""
    rows = []
    for vendor in results["databases"]:
        for size, entry in sorted(_sizes(results, vendor).items(), key=lambda kv: int(kv[0])):
            p50_target = TARGET_COLD_P50_MS.get(int(size))
            if "cold" not in entry or p50_target is None:
                continue
            p95_target = TARGET_COLD_P95_MS.get(int(size))
            pages = [page for page in entry["cold"]["pages"] if "skipped" not in page]
            over = [
                page
                for page in pages
                if _p50(page) > p50_target or (p95_target and _p95(page) > p95_target)
            ]
            worst = max(pages, key=_p50)
            goal = f"median ≤ {p50_target:g} ms"
            goal += f", p95 ≤ {p95_target:g} ms" if p95_target else ""
            rows.append(
                [
                    f"every page type cold: {goal}",
                    f"{DB_NAMES[vendor]}, {int(size):,}",
                    "met" if not over else "**missed**",
                    f"{len(over)} of {len(pages)} over; slowest median: {worst['label']} "
                    f"{_p50(worst):,.1f} ms (p95 {_p95(worst):,.1f})",
                ]
            )
    return rows


def cold_section(results: dict) -> str:
    """One table: every page type, median / p95 a database and size."""
    columns = [
        (vendor, size)
        for vendor in results["databases"]
        for size, entry in sorted(_sizes(results, vendor).items(), key=lambda kv: int(kv[0]))
        if "cold" in entry
    ]
    if not columns:
        return ""
    by_label: dict[str, dict] = {}
    urls: dict[str, str] = {}
    for vendor, size in columns:
        for page in _sizes(results, vendor)[size]["cold"]["pages"]:
            if "skipped" in page:
                continue
            by_label.setdefault(page["label"], {})[(vendor, size)] = page
            urls.setdefault(page["label"], page["url"])
    head = ["page", "URL"] + [f"{DB_NAMES[v]} {int(s):,}" for v, s in columns]
    rows = []
    for label, found in by_label.items():
        cells = []
        for column in columns:
            page = found.get(column)
            cells.append(f"{_p50(page):,.1f} / {_p95(page):,.1f}" if page else "–")
        rows.append([label, f"`{urls[label]}`", *cells])
    builds = []
    for vendor, size in columns:
        build = _sizes(results, vendor)[size]["cold"].get("snapshot_build")
        if build:
            builds.append(
                f"{DB_NAMES[vendor]} {int(size):,}: {build['p50_ms']:,.0f} ms "
                f"(max {build['max_ms']:,.0f}, {build['n']} builds)"
            )
    after = (
        "\nThe first list page after any change to the archive rebuilds the snapshot "
        "in each process, and pays for it once: " + "; ".join(builds) + ".\n"
        if builds
        else ""
    )
    return (
        "## Cold pages (page cache off)\n\n"
        "What a first visitor waits for: every public page type requested in-process "
        "through Django's test client with the page cache off (a dummy cache), after one "
        "warm-up request, median / p95 in ms of the whole request (view, queries, "
        "template). The counts' snapshot (reports/bitmaps.py) is built by the warm-up; "
        "its build after a change is measured below the table.\n\n" + table(head, rows) + after
    )


def targets(results: dict) -> list[list]:
    rows = cold_targets(results)
    for vendor in results["databases"]:
        largest = _largest(results, vendor)
        if not largest:
            continue
        size, entry = largest
        name = f"{DB_NAMES[vendor]}, {int(size):,}"
        for key, what in (("search_core", "search core"), ("search_page", "search page")):
            items = entry["inproc"][key]
            worst = max(items, key=_p95)
            over = [i for i in items if _p95(i) > TARGET_SEARCH_P95_MS]
            timed_out = [i for i in items if i.get("timed_out")]
            met = not over
            detail = (
                f"worst: {worst['label']}, p95 "
                + (
                    f"over {_p95(worst):,.0f} ms (timed out; at least "
                    f"{_p95(worst) / TARGET_SEARCH_P95_MS:,.0f}× the target)"
                    if worst.get("timed_out")
                    else f"{_p95(worst):,.1f} ms "
                    f"({_p95(worst) / TARGET_SEARCH_P95_MS:,.1f}× the target)"
                )
                + f"; {len(over)} of {len(items)} over"
                + (f", {len(timed_out)} timed out" if timed_out else "")
            )
            rows.append(
                [
                    f"{what} p95 ≤ {TARGET_SEARCH_P95_MS:g} ms, every query",
                    name,
                    "met" if met else "**missed**",
                    detail,
                ]
            )
        throughput = entry.get("throughput") or {}
        static = throughput.get("static file", {}).get("rps")
        for page in ("home", "entity (unit)"):
            result = throughput.get(page)
            if not result or not static:
                continue
            ratio = (result.get("rps") or 0) / static
            met = ratio >= TARGET_PAGE_VS_STATIC
            rows.append(
                [
                    f"{page} ≥ {TARGET_PAGE_VS_STATIC:g}× static file rps",
                    name,
                    "met" if met else "**missed**",
                    f"{result['rps']:,.1f} rps vs static {static:,.1f} rps = {_ratio(ratio)}×"
                    + ("" if met else f" (needs {_speedup(result['rps'], static):,.1f}× its rps)"),
                ]
            )
        comparison = [r for r in entry.get("search_wrk") or [] if r.get("ratio") is not None]
        theirs = _datasette_at(results, size)
        if vendor != "sqlite" and theirs:
            comparison = []
            for row in entry.get("search_wrk") or []:
                their = theirs.get(row["label"])
                ours = row["ours"].get("rps")
                if their and their.get("rps") and ours is not None:
                    comparison.append({**row, "ratio": round(ours / their["rps"], 3)})
        if comparison:
            below = [r for r in comparison if r["ratio"] < 1]
            worst = min(comparison, key=lambda r: r["ratio"])
            rows.append(
                [
                    "our search page ≥ Datasette's rps, every query",
                    name,
                    "met" if not below else "**missed**",
                    f"{len(below)} of {len(comparison)} below; worst {worst['label']}: "
                    f"{_ratio(worst['ratio'])}× theirs"
                    + (
                        " (ours answered nothing within wrk's time-out)"
                        if not worst["ratio"]
                        else ""
                    ),
                ]
            )
        export = entry.get("export_memory")
        if export is not None:
            if not export.get("measured"):
                rows.append(
                    [
                        f"CSV export peak < {TARGET_EXPORT_PEAK_MB:g} MB",
                        name,
                        "not measured",
                        export.get("reason", ""),
                    ]
                )
            else:
                met = export["peak_mb"] < TARGET_EXPORT_PEAK_MB
                rows.append(
                    [
                        f"CSV export peak < {TARGET_EXPORT_PEAK_MB:g} MB",
                        name,
                        "met" if met else "**missed**",
                        f"peak {export['peak_mb']:,.1f} MB (baseline {export['baseline_mb']:,.1f}"
                        f" MB, +{export['delta_mb']:,.1f} MB) for {export['lines']:,} lines",
                    ]
                )
        growth = query_growth(results, vendor)
        rows.append(
            [
                "queries per page do not grow with the corpus",
                DB_NAMES[vendor],
                "met" if not growth else "**missed**",
                "; ".join(growth) or "same count at every size",
            ]
        )
    for vendor, entry in results.get("import", {}).items():
        empty = entry.get("empty")
        if empty:
            rate = empty["articles_per_s"] or 0
            met = rate >= TARGET_IMPORT_PER_S and empty["exit_code"] == 0
            rows.append(
                [
                    f"import ≥ {TARGET_IMPORT_PER_S:g} articles/s",
                    f"{DB_NAMES[vendor]}, empty",
                    "met" if met else "**missed**",
                    f"{rate:,.1f} articles/s ({empty['created']:,} in {empty['seconds']:,} s)"
                    + ("" if met else f", {TARGET_IMPORT_PER_S / max(rate, 0.1):.1f}× too slow"),
                ]
            )
    return rows


def _ratio(value: float) -> str:
    return f"{value:.3f}" if value >= 0.01 or not value else f"{value:.4f}"


def _speedup(rps: float, static: float) -> float:
    return TARGET_PAGE_VS_STATIC * static / max(rps, 0.1)


def _datasette_at(results: dict, size: str) -> dict | None:
    sizes = results["databases"].get("sqlite", {}).get("sizes", {})
    rows = sizes.get(size, {}).get("search_wrk") or []
    found = {r["label"]: r["theirs"] for r in rows if "theirs" in r}
    return found or None


def query_growth(results: dict, vendor: str) -> list[str]:
    sizes = sorted(_sizes(results, vendor), key=int)
    counts: dict[str, list] = {}
    for size in sizes:
        for page, info in (
            _sizes(results, vendor)[size].get("inproc", {}).get("queries_per_page", {}).items()
        ):
            counts.setdefault(page, []).append(info.get("queries"))
    growth = []
    for page, values in counts.items():
        known = [v for v in values if v is not None]
        if known and max(known) > known[0]:
            growth.append(f"{page}: {' → '.join(str(v) for v in values)}")
    return growth


def render(results: dict) -> str:
    m = results["machine"]
    o = results["options"]
    out = ["# Benchmarks\n"]
    out.append(
        f"Run `{results['label']}` of {m['date']} on commit {m['git']}; it took "
        f"{results.get('total_seconds', 0) / 60:,.1f} minutes. Sizes: "
        f"{', '.join(f'{s:,}' for s in o['sizes'])} generated articles (plus the 5 seed "
        f"articles); databases: {', '.join(DB_NAMES[d] for d in o['databases'])}. "
        "Every number below is in `benchmarks.json` beside this file.\n"
    )
    if results.get("resumed"):
        out.append(
            "The run was resumed once with `--resume`: it stopped at the 100,000 step on a "
            "generate_corpus bug (see the last section), and the resumed run rebuilt the "
            "1,000 and 10,000 corpora without measuring them again. The total counts both "
            "parts; a run without the stop takes about the same.\n"
        )
    out.append("## Targets (2 cores)\n")
    out.append(table(["target", "where", "result", "measured"], targets(results)))
    out.append(
        '\nA timed-out measurement counts at its limit, so "× the target" is then a lower '
        "bound. See [Why and what would close it](#why-and-what-would-close-it).\n"
    )
    out.append("## Machine\n")
    rows = [
        ["CPU", f"{m['cpu']}, {m['cores']} cores"],
        ["RAM", f"{m['ram_gib']} GiB"],
        ["OS", m["os"]],
        ["Python", m["python"]],
        ["Django", m["django"]],
        ["gunicorn", m["gunicorn"]],
        ["SQLite", m["sqlite"]],
        ["PostgreSQL", m.get("postgresql", "–")],
        [
            "PostgreSQL settings",
            ", ".join(f"{k}={v}" for k, v in m.get("postgresql_settings", {}).items()) or "–",
        ],
        ["wrk", m["wrk"]],
        ["load average at start", " ".join(map(str, m["load_average_at_start"]))],
    ]
    if results.get("datasette") and "versions" in results["datasette"]:
        rows.append(
            [
                "Datasette (own venv)",
                ", ".join(f"{k} {v}" for k, v in results["datasette"]["versions"].items()),
            ]
        )
    out.append(table(["", ""], rows))
    out.append(
        "\nThe machine is shared with other work and noisy: expect a few percent between "
        "runs, more for the wrk numbers. wrk, gunicorn's workers and the database all "
        "share the two cores.\n"
    )
    out.append(REPRODUCE.format(sizes=", ".join(f"{s:,}" for s in o["sizes"])))
    out.append(cold_section(results))
    for vendor in results["databases"]:
        for size, entry in sorted(_sizes(results, vendor).items(), key=lambda kv: int(kv[0])):
            if "inproc" in entry:
                out.append(size_section(results, vendor, size, entry))
    out.append(queries_section(results))
    out.append(import_section(results))
    if CORPUS_NOTES.exists():
        out.append("## Building a corpus\n")
        out.append("<!-- From tests/bench/corpus.md: measured by hand. -->\n")
        out.append(CORPUS_NOTES.read_text())
    out.append(export_section(results))
    out.append(
        METHOD.format(
            reps=o["reps"],
            warmup=o["warmup"],
            budget=o["budget"],
            timeout=o["call_timeout"],
            wrk_s=o["wrk_seconds"],
            wrk_search_s=o["wrk_search_seconds"],
            c=o["wrk_connections"],
            workers=o["workers"],
            wrk_timeout=o["wrk_timeout"],
        )
    )
    out.append("## Why and what would close it\n")
    out.append("<!-- From tests/bench/notes.md: update it with each full run. -->\n")
    out.append(NOTES.read_text() if NOTES.exists() else "(no notes yet)\n")
    return "\n".join(out)


def size_section(results: dict, vendor: str, size: str, entry: dict) -> str:
    out = [f"## {DB_NAMES[vendor]}, {int(size):,} articles\n"]
    corpus = entry["corpus"]
    inproc = entry.get("inproc") or {}
    out.append(
        f"Corpus: {inproc.get('published', '?'):,} published articles; this step added "
        f"{corpus['added']:,} (seed {corpus['seed']}) in {corpus['generate_s']:,} s "
        f"({corpus['articles_per_s']:,} articles/s)"
        + (
            f", then VACUUM ANALYZE {corpus['vacuum_analyze_s']} s"
            if "vacuum_analyze_s" in corpus
            else ""
        )
        + f"; database {corpus['database_bytes'] / 2**20:,.0f} MiB."
        + (
            f" Load average before the wrk runs: {' '.join(map(str, entry['load_average']))}."
            if entry.get("load_average")
            else ""
        )
        + "\n"
    )
    if inproc:
        out.append("### Search latency, in-process (ms)\n")
        rows = []
        for core, page in zip(inproc["search_core"], inproc["search_page"], strict=True):
            matches = (core.get("result") or {}).get("count", "–")
            rows.append(
                [
                    core["label"],
                    f"{matches:,}" if isinstance(matches, int) else matches,
                    fmt_ms(core, "p50_ms"),
                    fmt_ms(core, "p95_ms"),
                    fmt_ms(core, "max_ms"),
                    fmt_ms(page, "p50_ms"),
                    fmt_ms(page, "p95_ms"),
                    fmt_ms(page, "max_ms"),
                    _reps(core) + " / " + _reps(page),
                ]
            )
        out.append(
            table(
                [
                    "query",
                    "matches",
                    "core p50",
                    "core p95",
                    "core max",
                    "page p50",
                    "page p95",
                    "page max",
                    "runs",
                ],
                rows,
            )
        )
    throughput = entry.get("throughput")
    if throughput:
        out.append("\n### Throughput under gunicorn (wrk)\n")
        rows = [
            [
                name,
                "`/" + r.get("url", "").split(":", 2)[-1].split("/", 1)[-1][:70] + "`",
                f"{r.get('rps', 0):,.1f}",
                _p95_wrk(r),
                f"{r['vs_static']:.3f}" if r.get("vs_static") is not None else "–",
                _errors(r),
            ]
            for name, r in throughput.items()
        ]
        out.append(table(["page", "path", "rps", "p95 ms", "× static", "errors"], rows))
    comparison = entry.get("search_wrk")
    if comparison:
        theirs = _datasette_at(results, size) if vendor != "sqlite" else None
        out.append("\n### Search pages under wrk: ours against Datasette's\n")
        rows = []
        for row in comparison:
            ours = row["ours"]
            their = row.get("theirs") or (theirs or {}).get(row["label"])
            ratio = (
                f"{ours['rps'] / their['rps']:.3f}"
                if their and their.get("rps") and ours.get("rps") is not None
                else "–"
            )
            rows.append(
                [
                    row["label"],
                    f"{ours.get('rps', 0):,.1f}",
                    _p95_wrk(ours),
                    _errors(ours),
                    f"{their['rps']:,.1f}" if their else "–",
                    _p95_wrk(their) if their else "–",
                    _errors(their) if their else "–",
                    their.get("matches", "–") if their else "–",
                    ratio,
                ]
            )
        out.append(
            table(
                [
                    "query",
                    "ours rps",
                    "ours p95 ms",
                    "ours errors",
                    "Datasette rps",
                    "Datasette p95 ms",
                    "Datasette errors",
                    "Datasette matches",
                    "ours / theirs",
                ],
                rows,
            )
        )
        if vendor != "sqlite":
            out.append(
                "\nDatasette's numbers are those measured in the SQLite pass at this size "
                "(it serves a SQLite export).\n"
            )
        export = ((results.get("datasette") or {}).get("by_size") or {}).get(size, {}).get("export")
        if vendor == "sqlite" and export:
            out.append(
                f"\nDatasette's file: {export['rows']:,} rows, "
                f"{export['bytes'] / 2**20:,.0f} MiB, exported in {export['seconds']} s.\n"
            )
    return "\n".join(out) + "\n"


def _p95_wrk(result: dict) -> str:
    """wrk's p95, or why there is none (no answer came back in time)."""
    if "error" in result:
        return "–"
    if not result.get("ok_requests"):
        return f"none in {result['seconds']:g} s"
    return f"{result['p95_ms']:,.1f}"


def _reps(result: dict) -> str:
    if result.get("timed_out"):
        return "0"
    return str(result["n"]) + ("*" if result.get("reduced_reps") else "")


def _errors(result: dict) -> str:
    if "error" in result:
        return "wrk failed"
    errors = result.get("errors") or {}
    return (
        ", ".join(f"{v} {k.replace('_errors', '').replace('_', ' ')}" for k, v in errors.items())
        or "0"
    )


def queries_section(results: dict) -> str:
    out = [
        "## Queries per page\n",
        "Counted with `CaptureQueriesContext` on one request after a warm-up request. "
        "A count that grows with the corpus is flagged.\n",
    ]
    for vendor in results["databases"]:
        sizes = sorted(_sizes(results, vendor), key=int)
        pages: dict[str, dict] = {}
        for size in sizes:
            for page, info in (
                _sizes(results, vendor)[size].get("inproc", {}).get("queries_per_page", {}).items()
            ):
                pages.setdefault(page, {})[size] = info
        rows = []
        for page, by_size in pages.items():
            cells = []
            for size in sizes:
                info = by_size.get(size)
                if info is None:
                    cells.append("–")
                elif info.get("timed_out"):
                    cells.append("timed out")
                else:
                    cells.append(f"{info['queries']} ({info['ms']:,.0f} ms)")
            known = [
                by_size[s].get("queries")
                for s in sizes
                if s in by_size and by_size[s].get("queries") is not None
            ]
            flag = "**grows**" if known and max(known) > known[0] else "flat"
            url = next(iter(by_size.values()))["url"]
            rows.append([page, f"`{url}`", *cells, flag])
        out.append(f"\n{DB_NAMES[vendor]} (queries, and that one request's time):\n")
        out.append(table(["page", "url", *[f"{int(s):,}" for s in sizes], ""], rows))
    return "\n".join(out) + "\n"


def import_section(results: dict) -> str:
    if not results.get("import"):
        return ""
    rows = []
    for vendor, entry in results["import"].items():
        for where, r in entry.items():
            label = (
                "empty database (migrations + seeds)"
                if where == "empty"
                else f"into the {int(where.split('_')[1]):,}-article corpus"
            )
            rows.append(
                [
                    DB_NAMES[vendor],
                    label,
                    f"{r['created']:,}",
                    f"{r['seconds']:,}",
                    f"{r['articles_per_s']:,}",
                    r["exit_code"],
                    r["summary"],
                ]
            )
    return (
        "## Import\n\n`python manage.py import_articles DIR` on "
        f"{results['options']['import_files']:,} raw files, timed from outside (Django's "
        "start-up included). The files are generated articles written as scraped pages "
        '(title, byline, date line, body, a "Baca Juga" link), each unique.\n\n'
        + table(["database", "into", "created", "seconds", "articles/s", "exit", "summary"], rows)
        + "\n"
    )


def export_section(results: dict) -> str:
    rows = []
    for vendor in results["databases"]:
        largest = _largest(results, vendor)
        export = largest[1].get("export_memory") if largest else None
        if export is None:
            continue
        if not export.get("measured"):
            rows.append([DB_NAMES[vendor], export.get("reason", ""), "", "", "", ""])
        else:
            rows.append(
                [
                    DB_NAMES[vendor],
                    f"{export['lines']:,} lines, {export['bytes']:,} bytes",
                    f"{export['baseline_mb']:,}",
                    f"{export['peak_mb']:,}",
                    f"{export['seconds']:,}",
                    "yes" if export["streaming"] else "no",
                ]
            )
    if not rows:
        return ""
    return (
        "## CSV export memory\n\nPeak RSS (`ru_maxrss`) of a fresh process that consumes "
        "`/articles.csv` through the test client's streaming, against its peak before the "
        "request (Django set up, one search page served). Measured at the largest size "
        "whenever the URL resolves.\n\n"
        + table(["database", "exported", "baseline MB", "peak MB", "seconds", "streamed"], rows)
        + "\n"
    )


REPRODUCE = """
## How to reproduce

    make bench         # docs/benchmarks.md: 1,000, 10,000, 100,000 articles, both databases
    make bench-smoke   # a few minutes on a tiny corpus, into artifacts/bench/smoke/

This run: {sizes} articles. `make bench` creates `.venv` if needed, starts a
throwaway PostgreSQL 15 cluster (`.ci/postgres.sh`), runs `tests/bench/run.py`, and
stops the cluster however the run ends. Installs Debian's `wrk` with apt-get when
missing, and Datasette with sqlite-utils, gunicorn and uvicorn-worker in their own
venv under `artifacts/bench/`.
The driver's options (`.venv/bin/python tests/bench/run.py --help`) choose sizes,
databases, repetitions and wrk durations; SQLite bench files, logs and Datasette's
export stay under `artifacts/bench/` (gitignored).
"""

METHOD = """
## Method

- **Corpus**: `manage.py generate_corpus`, grown in steps (1,000 with seed 1, +9,000
  with seed 2, +90,000 with seed 5: the seeds of every earlier run, so that runs
  compare) on top of migrations and the seed fixture. Both databases get the
  same articles (same counts for every query in the tables). PostgreSQL gets
  `VACUUM ANALYZE` after each step (what autovacuum would do before readers come);
  SQLite is left as the app leaves it.
- **Settings**: production-like everywhere: `DJANGO_DEBUG=0`, a bench secret key,
  `collectstatic` into a temporary `DJANGO_STATIC_ROOT` (whitenoise's manifest
  storage), `DJANGO_CONN_MAX_AGE` default (60 s on PostgreSQL; SQLite closes per request).
- **Search core** (in-process): `parse_query(text)`, `Article.objects.published().search(q)`,
  the region and date filters applied by `ArticleFilter`'s own methods (`filter_region`,
  the `date_from`/`date_to` filters; the Region row is looked up once beforehand),
  then `qs.count()` and `list(qs.by_relevance(q)[:20])`. **Search page**: the same
  URL as a reader's through Django's test `Client` (filters, facets, snippets and
  rendering included). {warmup} warm-up calls, then {reps} timed calls, fewer (at
  least 3, marked `*`) when {reps} would take over {budget:g} s. A call past
  {timeout:g} s is interrupted (sqlite3 `interrupt()`, psycopg `cancel_safe()`) and
  the measurement is reported as timed out. No server of ours runs meanwhile (the
  machine is shared: the load average is recorded per step).
  Percentiles interpolate linearly between ranks.
- **Throughput**: gunicorn with the production configuration
  (`polsec_site/gunicorn.conf.py`: gthread workers, 4 threads each; {workers} workers here)
  on 127.0.0.1, `wrk -t1 -c{c}
  -d{wrk_s:g}s --timeout {wrk_timeout:g}s` per page ({wrk_search_s:g} s per search of the
  set) after 4 warm-up requests; p95 from wrk's latency histogram (a Lua `done`
  hook); rps counts only non-error answers. A run with errors or time-outs restarts
  the server before the next one. The static file is served by the same server
  (whitenoise), and each page's rps is divided by the static file's from the same run.
- **Datasette**: the SQLite bench database's published articles exported (id, title,
  body, date, province code) into a separate file with an FTS5 table (default
  unicode61 tokenizer: no stemming) and indexes on date and province, opened
  immutable, served by the same gunicorn with {workers} workers of
  `uvicorn_worker.UvicornWorker` on the same two cores, settings `default_page_size`
  20 (our page size) and `sql_time_limit_ms` 10000 (its 1 s default would answer slow
  searches with quick error pages). The same wrk load hits `/db/articles?_search=...
  &_searchmode=raw` with the query in FTS5 syntax (`pilkada NOT pemilu`), the region as
  `province=35` and the dates as `date__gte`/`date__lte`; the list as
  `?_sort_desc=date`. Ours and theirs alternate query by query. Differences to keep in
  mind: Datasette does not stem (so `pengamanan` matches fewer articles: the "matches"
  columns), does not rank (it returns matches in rowid order, where we rank by
  relevance and cut snippets).
"""


if __name__ == "__main__":
    sys.stdout.write(render(json.loads(Path(sys.argv[1]).read_text())))
