"""The benchmark driver (`make bench`, `make bench-smoke`).

    python tests/bench/run.py --sizes 1000 10000 100000 --databases sqlite postgresql --out docs/

For each size (the corpus grows 1k -> 10k -> 100k: each step adds the difference with
its own seed) and each database: the search core and the search pages in-process,
the queries each page makes, page throughput under gunicorn with wrk, our search
page against Datasette's over the same articles; at the largest size the CSV
export's memory; once per database the import of 1,000 raw files. Results go to
OUT/benchmarks.json and OUT/benchmarks.md (report.py). PostgreSQL is the server in
DATABASE_URL (`make bench` starts a throwaway one); the benchmark creates and drops
its own databases there (polsec_bench, polsec_bench_import).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import json
import os
import platform
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

import loadtest
import report
from common import (
    ARTIFACTS,
    ROOT,
    THROUGHPUT_PAGES,
    bench_env,
    datasette_search_url,
    our_search_url,
    search_variants,
)

PY = str(ROOT / ".venv" / "bin" / "python")

# SEEDS_NOTE: each growth step needs its own seed (generate_corpus derives content
# hashes from seed and index). 1, 2 and 5 were chosen when seeds 3, 4 and 7 failed on
# a Polsek slug clash (since fixed in reports/corpus: slugs are checked, not names);
# they stay, so that every run measures the same corpus as the ones before it.
INPROC = str(Path(__file__).resolve().parent / "inproc.py")


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def run(
    command: list[str], env: dict, *, capture: bool = True, **kw
) -> subprocess.CompletedProcess:
    result = subprocess.run(command, env=env, cwd=ROOT, capture_output=capture, text=True, **kw)
    if result.returncode != 0:
        raise RuntimeError(
            f"{' '.join(command)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
        )
    return result


def manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    return run([PY, "manage.py", *args], env)


def timed(fn, *args, **kw) -> tuple[float, object]:
    start = time.perf_counter()
    value = fn(*args, **kw)
    return time.perf_counter() - start, value


# --- Databases ---------------------------------------------------------------------------


class Database:
    """One bench database: a SQLite file under artifacts/bench/, or a database on the
    PostgreSQL server of DATABASE_URL."""

    def __init__(self, vendor: str, name: str, static_root: Path):
        self.vendor, self.name, self.static_root = vendor, name, static_root
        if vendor == "sqlite":
            self.path = ARTIFACTS / f"{name}.sqlite3"
            self.url = f"sqlite:///{self.path}"
        else:
            server = os.environ.get("DATABASE_URL", "")
            if not server.startswith(("postgres://", "postgresql://")):
                raise SystemExit(
                    "postgresql needs DATABASE_URL=postgres://... (`make bench` starts one)"
                )
            self.server = server
            self.url = urlsplit(server)._replace(path=f"/{name}").geturl()
        self.env = bench_env(self.url, static_root)
        self.size = 0

    def _pg(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.server, autocommit=True) as conn:
            conn.execute(sql)

    def create(self) -> dict:
        """A new, migrated database with the seed fixture (what `make db` makes)."""
        self.drop()
        if self.vendor == "postgresql":
            self._pg(f'CREATE DATABASE "{self.name}"')
        migrate, _ = timed(manage, self.env, "migrate", "--no-input", "-v0")
        seeds, _ = timed(manage, self.env, "loaddata", "fixtures/seeds.json", "-v0")
        self.size = 0
        return {"migrate_s": round(migrate, 1), "loaddata_s": round(seeds, 1)}

    def drop(self) -> None:
        if self.vendor == "sqlite":
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        else:
            self._pg(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def grow(self, size: int, seed: int) -> dict:
        """Add generated articles up to `size` (one seed per step of the growth)."""
        delta = size - self.size
        seconds, _ = timed(
            manage,
            self.env,
            "generate_corpus",
            "--articles",
            str(delta),
            "--seed",
            str(seed),
            "-v0",
        )
        self.size = size
        out = {
            "added": delta,
            "seed": seed,
            "generate_s": round(seconds, 1),
            "articles_per_s": round(delta / seconds, 1),
        }
        if self.vendor == "postgresql":
            # What autovacuum would have done by the time readers arrive; done here so
            # that it does not run in the middle of a measurement.
            vacuum, _ = timed(self._vacuum)
            out["vacuum_analyze_s"] = round(vacuum, 1)
        out["database_bytes"] = self.bytes()
        return out

    def _vacuum(self) -> None:
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE")

    def bytes(self) -> int:
        if self.vendor == "sqlite":
            return sum(
                Path(f"{self.path}{s}").stat().st_size
                for s in ("", "-wal")
                if Path(f"{self.path}{s}").exists()
            )
        import psycopg

        with psycopg.connect(self.url) as conn:
            return conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]


# --- Steps ------------------------------------------------------------------------------------


def inproc(db: Database, mode: str, *args: str, timeout: float = 3600) -> dict:
    out = ARTIFACTS / "tmp" / f"{db.vendor}-{mode}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.unlink(missing_ok=True)
    # In-process timings are the uncached cost of a page: the archive's page cache
    # (reports/cache.py) would answer every repetition after the first.
    env = db.env | {"DJANGO_CACHE_BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    result = subprocess.run(
        [PY, INPROC, mode, "--out", str(out), *args],
        env=env,
        cwd=ROOT,
        text=True,
        timeout=timeout,
    )
    if result.returncode != 0:
        raise RuntimeError(f"inproc {mode} failed on {db.vendor}")
    return json.loads(out.read_text())


def targets(db: Database) -> dict:
    result = run([PY, INPROC, "targets"], db.env)
    return json.loads(result.stdout.strip().splitlines()[-1])


def throughput(
    db: Database,
    static_path: str,
    pinned: dict,
    args,
    datasette_file: Path | None,
    sizes_result: dict,
) -> None:
    """Pages under gunicorn, then the search set (against Datasette's when given)."""
    pages = dict(THROUGHPUT_PAGES)
    pages["static file"] = static_path
    pages["article"] = pinned["article"]
    wrk = dict(connections=args.wrk_connections, threads=1, timeout=args.wrk_timeout)
    server = loadtest.our_server(db.env, workers=args.workers)
    results: dict = {}
    with server:
        for name, path in pages.items():
            log(f"  wrk {db.vendor} {name}: {path}")
            results[name] = loadtest.load(server, path, args.wrk_seconds, **wrk)
            log(f"    {_wrk_line(results[name])}")
        static_rps = results["static file"].get("rps") or 0
        for result in results.values():
            result["vs_static"] = (
                round(result.get("rps", 0) / static_rps, 3) if static_rps else None
            )
        sizes_result["throughput"] = results

        if args.no_search_wrk:
            return
        theirs_server = (
            loadtest.datasette_server(datasette_file, workers=args.workers)
            if datasette_file
            else None
        )
        comparison = []
        try:
            if theirs_server:
                theirs_server.start()
            for variant in search_variants():
                row = {"label": variant["label"]}
                row["ours"] = loadtest.load(
                    server, our_search_url(variant), args.wrk_search_seconds, **wrk
                )
                if theirs_server:
                    path = datasette_search_url(variant)
                    row["theirs"] = loadtest.load(
                        theirs_server, path, args.wrk_search_seconds, **wrk
                    )
                    row["theirs"]["matches"] = _datasette_count(theirs_server, path)
                    ours, theirs = row["ours"].get("rps"), row["theirs"].get("rps")
                    row["ratio"] = round(ours / theirs, 3) if ours is not None and theirs else None
                log(
                    f"  search wrk {db.vendor} {variant['label']}: ours {_wrk_line(row['ours'])}"
                    + (f" | theirs {_wrk_line(row['theirs'])}" if "theirs" in row else "")
                )
                comparison.append(row)
        finally:
            if theirs_server:
                theirs_server.stop()
        sizes_result["search_wrk"] = comparison


def _wrk_line(result: dict) -> str:
    if "error" in result:
        return f"error: {result['error'][:120]}"
    errors = f" errors {result['errors']}" if result.get("errors") else ""
    return f"{result['rps']:.1f} rps, p95 {result['p95_ms']:.1f} ms{errors}"


def _datasette_count(server: loadtest.Server, path: str) -> int | None:
    try:
        status, body = loadtest.fetch(
            server.base + path.replace("/db/articles?", "/db/articles.json?_size=1&")
        )
        return json.loads(body).get("filtered_table_rows_count") if status == 200 else None
    except (OSError, ValueError):
        return None


def import_benchmark(db: Database, raw_dir: Path, files: int) -> dict:
    """`manage.py import_articles DIR`, timed from the shell: articles per second."""
    logfile = ARTIFACTS / "logs" / f"import-{db.vendor}-{db.name}.log"
    logfile.parent.mkdir(parents=True, exist_ok=True)
    before = db.bytes()
    start = time.perf_counter()
    with open(logfile, "w") as out:
        result = subprocess.run(
            [PY, "manage.py", "import_articles", str(raw_dir)],
            env=db.env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=out,
            text=True,
        )
    seconds = time.perf_counter() - start
    last = (result.stdout.strip().splitlines() or [""])[-1]
    created = int(m.group(1)) if (m := re.search(r"(\d+) created", last)) else 0
    return {
        "files": files,
        "exit_code": result.returncode,
        "summary": last,
        "created": created,
        "seconds": round(seconds, 1),
        "articles_per_s": round(created / seconds, 1) if seconds else None,
        "files_per_s": round(files / seconds, 1) if seconds else None,
        "database_growth_bytes": db.bytes() - before,
    }


# --- Machine --------------------------------------------------------------------------------


def machine(dbs: list[Database]) -> dict:
    cpu = next(
        (
            ln.split(":", 1)[1].strip()
            for ln in Path("/proc/cpuinfo").read_text().splitlines()
            if ln.startswith("model name")
        ),
        platform.processor(),
    )
    mem_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    os_name = next(
        (
            ln.split("=", 1)[1].strip('"')
            for ln in Path("/etc/os-release").read_text().splitlines()
            if ln.startswith("PRETTY_NAME=")
        ),
        platform.platform(),
    )
    info = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gib": round(mem_kb / 1024 / 1024, 1),
        "os": f"{os_name} (kernel {platform.release()})",
        "python": platform.python_version(),
        "django": importlib.metadata.version("Django"),
        "gunicorn": importlib.metadata.version("gunicorn"),
        "sqlite": sqlite3.sqlite_version,
        "wrk": loadtest.wrk_version(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    info["git"] = os.environ.get("BENCH_SOURCE") or (
        commit + (" with uncommitted changes" if dirty else "")
    )
    for db in dbs:
        if db.vendor == "postgresql":
            import psycopg

            with psycopg.connect(db.server) as conn:
                info["postgresql"] = conn.execute("SHOW server_version").fetchone()[0]
                info["postgresql_settings"] = {
                    name: conn.execute(f"SHOW {name}").fetchone()[0]
                    for name in ("shared_buffers", "work_mem", "fsync", "max_connections")
                }
    return info


# --- Main ---------------------------------------------------------------------------------------


def collectstatic(env_db: Database) -> tuple[Path, str]:
    root = Path(tempfile.mkdtemp(prefix="polsec-bench-static-"))
    env = bench_env(env_db.url, root)
    manage(env, "collectstatic", "--no-input", "-v0")
    manifest = json.loads((root / "staticfiles.json").read_text())
    return root, "/static/" + manifest["paths"]["css/site.css"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument(
        "--databases", nargs="+", default=["sqlite", "postgresql"], choices=["sqlite", "postgresql"]
    )
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    parser.add_argument("--reps", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument(
        "--budget",
        type=float,
        default=10.0,
        help="seconds for one in-process measurement (fewer reps past it)",
    )
    parser.add_argument(
        "--call-timeout",
        type=float,
        default=5.0,
        help="a single in-process call past this is recorded as timed out",
    )
    parser.add_argument("--workers", type=int, default=4)  # gunicorn.conf.py: 2 per core
    parser.add_argument("--wrk-seconds", type=float, default=10)
    parser.add_argument("--wrk-search-seconds", type=float, default=5)
    parser.add_argument("--wrk-connections", type=int, default=4)
    parser.add_argument("--wrk-timeout", type=float, default=10)
    parser.add_argument("--import-files", type=int, default=1000)
    parser.add_argument(
        "--cold-reps", type=int, default=15, help="requests a page type in the cold pages section"
    )
    parser.add_argument(
        "--cold-only",
        action="store_true",
        help="only grow the corpora and measure the cold pages (no import, wrk, export)",
    )
    parser.add_argument(
        "--postgresql-only-sizes",
        type=int,
        nargs="*",
        default=[],
        help="larger sizes grown and measured (cold pages only) on PostgreSQL alone",
    )
    parser.add_argument("--no-datasette", action="store_true")
    parser.add_argument("--no-search-wrk", action="store_true")
    parser.add_argument("--label", default="full")
    parser.add_argument(
        "--seeds",
        type=int,
        nargs="+",
        default=[1, 2, 5, 6, 8],
        help="generate_corpus seed of each growth step (see SEEDS_NOTE)",
    )
    parser.add_argument(
        "--resume",
        type=Path,
        help="a benchmarks.json whose measured sizes are rebuilt but not measured again",
    )
    args = parser.parse_args()
    if args.cold_only:
        args.import_files, args.no_datasette = 0, True
    sizes = sorted({*args.sizes, *args.postgresql_only_sizes})
    started = time.perf_counter()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    args.out.mkdir(parents=True, exist_ok=True)

    loadtest.ensure_wrk()
    static_root = Path(tempfile.gettempdir())  # replaced below
    dbs = [
        Database(vendor, "bench-sqlite" if vendor == "sqlite" else "polsec_bench", static_root)
        for vendor in args.databases
    ]
    static_root, static_path = collectstatic(dbs[0])
    for db in dbs:
        db.static_root = static_root
        db.env = bench_env(db.url, static_root)

    datasette = None
    if not args.no_datasette and "sqlite" in args.databases:
        try:
            loadtest.ensure_datasette()
            datasette = {
                "versions": loadtest.datasette_versions(),
                "settings": loadtest.DATASETTE_SETTINGS,
                "workers": args.workers,
                "by_size": {},
            }
            log(f"datasette ready {datasette['versions']}")
        except (subprocess.CalledProcessError, OSError) as error:
            datasette = {"skipped": f"could not install datasette: {error}"}

    previous = json.loads(args.resume.read_text()) if args.resume else None
    results = {
        "label": args.label,
        "machine": machine(dbs),
        "options": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
        "static_path": static_path,
        "datasette": datasette,
        "import": {},
        "databases": {db.vendor: {"setup": None, "sizes": {}} for db in dbs},
    }

    earlier_seconds = 0.0
    if previous:
        earlier_seconds = previous.get("total_seconds", 0.0)
        now = {"date": results["machine"]["date"], "after_seconds": earlier_seconds}
        resumed = [*previous.get("resumed", []), now]
        results = previous | {"resumed": resumed, "options": results["options"]}
        results["options"]["resume"] = str(args.resume)
        datasette = results["datasette"]

    def save():
        results["total_seconds"] = round(earlier_seconds + time.perf_counter() - started, 1)
        (args.out / "benchmarks.json").write_text(json.dumps(results, indent=1, default=str) + "\n")

    try:
        # Import: 1,000 raw files into an empty-ish database (migrations + seeds).
        raw_dir = ARTIFACTS / "raw"
        import_done = all("empty" in results["import"].get(v, {}) for v in args.databases)
        if args.import_files and (not import_done or not raw_dir.exists()):
            log(f"making {args.import_files} raw files")
            shutil.rmtree(raw_dir, ignore_errors=True)
            scratch = Database("sqlite", "rawsource", static_root)
            scratch.create()
            run(
                [PY, INPROC, "make-raw-files", str(raw_dir), "--count", str(args.import_files)],
                scratch.env,
            )
            scratch.drop()
        if args.import_files and not import_done:
            for vendor in args.databases:
                target = Database(
                    vendor,
                    "bench-import" if vendor == "sqlite" else "polsec_bench_import",
                    static_root,
                )
                target.create()
                log(f"import {args.import_files} files into an empty {vendor} database")
                results["import"][vendor] = {
                    "empty": import_benchmark(target, raw_dir, args.import_files)
                }
                log(f"  {results['import'][vendor]['empty']}")
                target.drop()
            save()

        for db in dbs:
            results["databases"][db.vendor]["setup"] = db.create()
        pinned: dict[str, dict] = {}
        for step, size in enumerate(sizes):
            datasette_file = None
            for db in dbs:
                cold_only = size in args.postgresql_only_sizes and size not in args.sizes
                if cold_only and db.vendor != "postgresql":
                    continue
                log(f"{db.vendor}: growing the corpus to {size}")
                grown = db.grow(size, seed=args.seeds[step])
                log(f"  {grown}")
                if db.vendor not in pinned:
                    pinned[db.vendor] = targets(db)
                done = results["databases"][db.vendor]["sizes"].get(str(size), {})
                if "throughput" in done:
                    log(f"{db.vendor} {size}: measured in {args.resume}, not again")
                    continue
                entry = {"corpus": grown}
                results["databases"][db.vendor]["sizes"][str(size)] = entry
                log(f"{db.vendor} {size}: cold pages (page cache off)")
                entry["cold"] = inproc(
                    db,
                    "cold-pages",
                    "--targets",
                    json.dumps(pinned[db.vendor]),
                    "--reps",
                    str(args.cold_reps),
                    "--call-timeout",
                    str(max(args.call_timeout, 10.0)),
                )
                save()
                if cold_only or args.cold_only:
                    continue
                log(f"{db.vendor} {size}: in-process search and pages")
                entry["inproc"] = inproc(
                    db,
                    "measure",
                    "--targets",
                    json.dumps(pinned[db.vendor]),
                    "--reps",
                    str(args.reps),
                    "--warmup",
                    str(args.warmup),
                    "--budget",
                    str(args.budget),
                    "--call-timeout",
                    str(args.call_timeout),
                )
                save()
                if db.vendor == "sqlite" and datasette and "skipped" not in datasette:
                    datasette_file = ARTIFACTS / "datasette" / "db.db"
                    datasette_file.parent.mkdir(parents=True, exist_ok=True)
                    exported = _export_for_datasette(db, datasette_file)
                    datasette["by_size"][str(size)] = {"export": exported}
                log(f"{db.vendor} {size}: throughput")
                entry["load_average"] = [round(x, 2) for x in os.getloadavg()]
                throughput(
                    db,
                    static_path,
                    pinned[db.vendor],
                    args,
                    datasette_file if db.vendor == "sqlite" else None,
                    entry,
                )
                save()
                if size == max(args.sizes):
                    log(f"{db.vendor} {size}: CSV export memory")
                    entry["export_memory"] = inproc(db, "export-memory")
                    log(f"  {entry['export_memory']}")
                    if args.import_files:
                        log(f"{db.vendor} {size}: import {args.import_files} files into it")
                        into = results["import"].setdefault(db.vendor, {})
                        into[f"into_{size}"] = import_benchmark(db, raw_dir, args.import_files)
                        log(f"  {results['import'][db.vendor][f'into_{size}']}")
                    save()
    finally:
        for db in dbs:
            if db.vendor == "postgresql":
                db.drop()
        shutil.rmtree(static_root, ignore_errors=True)
        save()
    (args.out / "benchmarks.md").write_text(report.render(results))
    log(f"done in {results['total_seconds'] / 60:.1f} min: {args.out / 'benchmarks.md'}")


def _export_for_datasette(db: Database, target: Path) -> dict:
    python = loadtest.DATASETTE_VENV / "bin" / "python"
    script = Path(__file__).resolve().parent / "datasette_db.py"
    result = run([str(python), str(script), str(db.path), str(target)], dict(os.environ))
    return json.loads(result.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    main()
