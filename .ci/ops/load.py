"""`make load`: the highest sustainable rate on 127.0.0.1, 60 s at it with zero
errors, and slow clients that do not take the site down.

    python .ci/ops/load.py [--databases postgresql sqlite] [--articles 10000] [--seconds 60]

For each database (PostgreSQL: the throwaway cluster of .ci/postgres.sh in
DATABASE_URL; SQLite: a file under artifacts/ops/load-work/):

1. Migrations, the seeds, `--articles` generated articles, collectstatic.
2. gunicorn in production mode with the project's configuration
   (polsec_site/gunicorn.conf.py: gthread, 2 x cores workers x 4 threads), and
   nginx in front of it as in production (docs/operations.md: request buffering,
   client timeouts, upstream keep-alive). nginx is Debian's, installed if missing.
3. wrk (Debian's) over a weighted mix of pages: home 10%, article list 10%,
   searches 20%, article pages 35%, entity pages 20%, API 5%; a warm-up, then a
   ramp of connection counts (`--ramp`); the sustainable rate is the highest rate
   with no error and a p99 under `--max-p99-ms`, reached at the fewest connections
   (within 5% of the best). Then `--seconds` at that connection count through nginx,
   and the same straight to gunicorn, for comparison.
4. `--slow` slow clients (.ci/ops/slowloris.py) while readers ask for pages:
   through nginx (must not fail) and straight to gunicorn (recorded: what nginx
   protects against).

Writes artifacts/ops/load.json and load.md; exit 1 if the sustained run through
nginx had any error or a reader failed during the slow-client run through nginx.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import shutil
import subprocess
import time
from pathlib import Path

import slowloris
from common import (
    ARTIFACTS,
    Server,
    code_version,
    ensure_apt,
    free_port,
    get,
    gunicorn,
    log,
    machine_load,
    prepare_database,
    production_env,
    site_urls,
    write_report,
)

OUT = ARTIFACTS / "ops"
WORK = OUT / "load-work"
WEIGHTS = {"home": 10, "list": 10, "search": 20, "article": 35, "entity": 20, "api": 5}

WRK_LUA = """
paths = {%(paths)s}
local counter = 0
local thread_id = 0
function setup(thread)
  thread:set("offset", thread_id * 1009)
  thread_id = thread_id + 1
end
function init(args)
  counter = offset or 0
end
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %%d, "duration_us": %%d, "bytes": %%d, "connect_errors": %%d, ' ..
    '"read_errors": %%d, "write_errors": %%d, "status_errors": %%d, "timeouts": %%d, ' ..
    '"p50_us": %%d, "p90_us": %%d, "p99_us": %%d, "max_us": %%d, "mean_us": %%.1f}\\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write,
    e.status, e.timeout, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, latency.mean))
end
"""

NGINX_CONF = """
# The production proxy of docs/operations.md, cut down to plain HTTP on loopback.
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  client_body_temp_path {temp}/body;
  proxy_temp_path {temp}/proxy;
  fastcgi_temp_path {temp}/fastcgi;
  uwsgi_temp_path {temp}/uwsgi;
  scgi_temp_path {temp}/scgi;
  # Slow clients wait here, not in a gunicorn thread: nginx reads the whole request
  # (headers, then body) before it passes it on, and drops a client that dawdles.
  client_header_timeout 10s;
  client_body_timeout 10s;
  send_timeout 10s;
  keepalive_timeout 15s;
  client_max_body_size 64m;
  upstream polsec {{
    server 127.0.0.1:{upstream};
    keepalive 32;
  }}
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://polsec;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_request_buffering on;
      proxy_buffering on;
      proxy_connect_timeout 5s;
      proxy_read_timeout 30s;
    }}
  }}
}}
"""


def nginx(upstream: int, port: int) -> Server:
    binary = ensure_apt("nginx", "nginx")
    temp = WORK / "nginx-temp"
    temp.mkdir(parents=True, exist_ok=True)
    os.chmod(temp, 0o777)
    conf = WORK / "nginx.conf"
    conf.write_text(NGINX_CONF.format(work=WORK, temp=temp, upstream=upstream, port=port))
    return Server(
        "nginx",
        [binary, "-c", str(conf), "-p", str(WORK), "-g", "daemon off;"],
        dict(os.environ),
        WORK / "nginx.log",
    )


def weighted_mix(urls: dict[str, list[str]], count: int = 4000, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    kinds = [k for k in WEIGHTS if urls.get(k)]
    weights = [WEIGHTS[k] for k in kinds]
    return [rng.choice(urls[kind]) for kind in rng.choices(kinds, weights, k=count)]


def wrk(port: int, lua: Path, connections: int, seconds: float, threads: int = 2) -> dict:
    command = [
        "wrk",
        f"-t{min(threads, connections)}",
        f"-c{connections}",
        f"-d{int(seconds)}s",
        "--timeout",
        "10s",
        "-s",
        str(lua),
        f"http://127.0.0.1:{port}",
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    match = re.search(r"WRKJSON (\{.*\})", result.stdout)
    if not match:
        raise RuntimeError(f"wrk printed no summary:\n{result.stdout}\n{result.stderr}")
    raw = json.loads(match[1])
    errors = sum(
        raw[k]
        for k in ("connect_errors", "read_errors", "write_errors", "status_errors", "timeouts")
    )
    seconds_run = raw["duration_us"] / 1e6
    return {
        "connections": connections,
        "seconds": round(seconds_run, 1),
        "requests": raw["requests"],
        "rps": round(raw["requests"] / seconds_run, 1),
        "errors": errors,
        "non_2xx_3xx": raw["status_errors"],
        "socket_errors": {
            k: raw[k] for k in ("connect_errors", "read_errors", "write_errors", "timeouts")
        },
        "p50_ms": round(raw["p50_us"] / 1000, 1),
        "p90_ms": round(raw["p90_us"] / 1000, 1),
        "p99_ms": round(raw["p99_us"] / 1000, 1),
        "max_ms": round(raw["max_us"] / 1000, 1),
        "mb": round(raw["bytes"] / 1e6, 1),
    }


def choose(ramp: list[dict], max_p99_ms: float) -> dict | None:
    fine = [r for r in ramp if r["errors"] == 0 and r["p99_ms"] <= max_p99_ms]
    if not fine:
        return None
    best = max(r["rps"] for r in fine)
    return min((r for r in fine if r["rps"] >= 0.95 * best), key=lambda r: r["connections"])


def recovered(port: int, seconds: float = 30) -> float | None:
    """Seconds until gunicorn answers /healthz again after the slow clients left."""
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        try:
            if get(f"http://127.0.0.1:{port}/healthz", timeout=2)[0] == 200:
                return round(time.monotonic() - start, 2)
        except OSError:
            pass
        time.sleep(0.2)
    return None


def run_database(kind: str, args) -> dict:
    if kind == "postgresql":
        database_url = os.environ.get("DATABASE_URL", "")
        if not database_url.startswith(("postgres://", "postgresql://")):
            raise SystemExit("PostgreSQL needs DATABASE_URL (make load starts a cluster)")
    else:
        database = WORK / "load.sqlite3"
        for leftover in WORK.glob("load.sqlite3*"):
            leftover.unlink()
        database_url = f"sqlite:///{database}"
    env = production_env(database_url, WORK / f"static-{kind}")
    log(f"{kind}: migrations, seeds, {args.articles} generated articles")
    setup = prepare_database(env, args.articles)
    urls = site_urls(env, per_kind=100, article_pages=1000)
    mix = weighted_mix(urls)
    lua = WORK / f"mix-{kind}.lua"
    lua.write_text(WRK_LUA % {"paths": ", ".join(json.dumps(p) for p in mix)})
    distinct = {kind_: len(set(paths)) for kind_, paths in urls.items()}
    result: dict = {"database": kind, "setup": setup, "distinct_paths": distinct}

    g_port, n_port = free_port(), free_port()
    app_log = WORK / f"gunicorn-{kind}.log"
    with (
        gunicorn(
            dict(env, GUNICORN_LOG_LEVEL="info", GUNICORN_CMD_ARGS=args.gunicorn_args),
            g_port,
            app_log,
        ) as app,
        nginx(g_port, n_port) as proxy,
    ):
        app.start(f"http://127.0.0.1:{g_port}/readyz")
        proxy.start(f"http://127.0.0.1:{n_port}/healthz")
        log(f"{kind}: gunicorn :{g_port}, nginx :{n_port}; warm-up {args.warmup:.0f} s")
        result["warmup"] = wrk(n_port, lua, 16, args.warmup)
        ramp = []
        for connections in args.ramp:
            row = wrk(n_port, lua, connections, args.ramp_seconds)
            log(
                f"{kind}: ramp {connections:>3} connections: {row['rps']} rps, p99 "
                f"{row['p99_ms']} ms, {row['errors']} errors"
            )
            ramp.append(row)
        result["ramp"] = ramp
        chosen = choose(ramp, args.max_p99_ms)
        if chosen is None:
            result["sustained"] = None
            result["problem"] = "no ramp step was free of errors within the p99 bound"
        else:
            connections = chosen["connections"]
            log(f"{kind}: {args.seconds:.0f} s at {connections} connections through nginx")
            result["sustained"] = wrk(n_port, lua, connections, args.seconds)
            log(f"{kind}: sustained {result['sustained']}")
            if args.direct:
                log(f"{kind}: {args.seconds:.0f} s at {connections} connections to gunicorn")
                result["sustained_direct"] = wrk(g_port, lua, connections, args.seconds)
                log(f"{kind}: direct {result['sustained_direct']}")

        reader_paths = mix[:200]
        log(f"{kind}: {args.slow} slow clients through nginx, {args.slow_seconds:.0f} s")
        result["slow_clients_nginx"] = slowloris.attack(
            n_port, reader_paths, args.slow, args.slow_seconds, args.slow_interval
        )
        log(f"{kind}: {result['slow_clients_nginx']['readers']}")
        if args.direct:
            log(f"{kind}: {args.slow} slow clients straight to gunicorn")
            result["slow_clients_direct"] = slowloris.attack(
                g_port, reader_paths, args.slow, args.slow_seconds, args.slow_interval
            )
            result["slow_clients_direct"]["healthz_again_after_s"] = recovered(g_port)
            log(f"{kind}: {result['slow_clients_direct']['readers']}")
    text = app_log.read_text(errors="replace")
    result["gunicorn_log_errors"] = text.count("Internal Server Error")
    # max_requests recycles each worker now and then: its page cache goes too.
    result["worker_recycles"] = text.count("Autorestarting worker")
    return result


def passed(result: dict) -> dict:
    sustained = result.get("sustained") or {}
    slow = (result.get("slow_clients_nginx") or {}).get("readers", {})
    return {
        f"{result['database']}: a sustainable rate was found": bool(sustained),
        f"{result['database']}: sustained run through nginx without a single error": bool(sustained)
        and sustained["errors"] == 0,
        f"{result['database']}: readers unharmed by slow clients through nginx": bool(slow)
        and slow["failed"] == 0
        and slow["requests"] > 0,
    }


def markdown(report: dict) -> str:
    lines = [
        "# Load run",
        "",
        f"{report['began_utc']}, {report['total_seconds']} s in all, on {report['cpus']} cores "
        "(wrk, nginx, gunicorn and the database share them). `make load`, code "
        f"{report['code']}. Load average {report['machine_load_at_start']['loadavg_1m']} at the "
        f"start, {report['machine_load_at_end']['loadavg_1m']} at the end (other work on the "
        "machine skews rates).",
        "",
        "## Checks",
        "",
    ]
    lines += [f"- {'PASS' if v else 'FAIL'}: {k}" for k, v in report["checks"].items()]
    for r in report["databases"]:
        s, d = r.get("sustained") or {}, r.get("sustained_direct") or {}
        lines += [
            "",
            f"## {r['database']}",
            "",
            f"Corpus: the seeds and {report['articles']} generated articles; distinct paths in "
            f"the mix: {r['distinct_paths']}. gunicorn recycled a worker "
            f"{r.get('worker_recycles', '?')} times (max_requests), emptying its page cache "
            f"each time; {r.get('gunicorn_log_errors', 0)} server errors logged.",
            "",
            "| run | connections | seconds | requests | rps | errors | p50 ms | p99 ms | max ms |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        rows = [("warm-up", r["warmup"])] + [("ramp", x) for x in r["ramp"]]
        rows += [("**sustained, nginx**", s)] if s else []
        rows += [("sustained, gunicorn direct", d)] if d else []
        for label, x in rows:
            lines.append(
                f"| {label} | {x['connections']} | {x['seconds']} | {x['requests']} | {x['rps']} "
                f"| {x['errors']} | {x['p50_ms']} | {x['p99_ms']} | {x['max_ms']} |"
            )
        for where in ("nginx", "direct"):
            slow = r.get(f"slow_clients_{where}")
            if not slow:
                continue
            rd, sc = slow["readers"], slow["slow_clients"]
            lines += [
                "",
                f"Slow clients {'through nginx' if where == 'nginx' else 'straight to gunicorn'}: "
                f"{sc['slow_connections']} connections sending a byte every "
                f"{sc['byte_interval_s']} s ({sc['connections_opened']} opened, "
                f"{sc['closed_by_server']} closed by the server, at most "
                f"{sc['most_open_at_once']} open at once). Readers meanwhile: "
                f"{rd['requests']} requests, {rd['succeeded']} succeeded, {rd['failed']} failed "
                f"{rd['failures'] or ''}, p50 {rd['p50_ms']} ms, p99 {rd['p99_ms']} ms."
                + (
                    f" /healthz answered again {slow['healthz_again_after_s']} s after they left."
                    if "healthz_again_after_s" in slow
                    else ""
                ),
            ]
    lines.append("")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--databases", nargs="+", default=["postgresql"])
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--warmup", type=float, default=40)
    parser.add_argument("--ramp", type=int, nargs="+", default=[4, 8, 16, 32, 64])
    parser.add_argument("--ramp-seconds", type=float, default=15)
    parser.add_argument("--max-p99-ms", type=float, default=1000)
    parser.add_argument("--slow", type=int, default=200)
    parser.add_argument("--slow-seconds", type=float, default=30)
    parser.add_argument("--slow-interval", type=float, default=1.0)
    parser.add_argument("--no-direct", dest="direct", action="store_false")
    parser.add_argument(
        "--gunicorn-args", default="", help='e.g. "--max-requests 0" (GUNICORN_CMD_ARGS)'
    )
    parser.add_argument("--label", default="", help="write load-LABEL.json/.md instead")
    args = parser.parse_args()
    global WORK
    if args.label:  # a labelled run keeps the last plain run's logs
        WORK = OUT / f"load-work-{args.label}"
    ensure_apt("wrk", "wrk")
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    began = dt.datetime.now(dt.UTC)
    load_at_start = machine_load()
    wall = time.monotonic()
    results = [run_database(kind, args) for kind in args.databases]
    checks = {}
    for result in results:
        checks |= passed(result)
    report = {
        "began_utc": began.isoformat(timespec="seconds"),
        "total_seconds": round(time.monotonic() - wall, 1),
        "cpus": os.cpu_count(),
        "code": code_version(),
        "machine_load_at_start": load_at_start,
        "machine_load_at_end": machine_load(),
        "articles": args.articles,
        "settings": {
            "gunicorn": "polsec_site/gunicorn.conf.py: gthread, workers 2 x cores, 4 threads",
            "rate_limit": "off (DJANGO_RATE_LIMIT_PER_MINUTE=0): one address makes all the load",
            "page_cache": "the project's (local memory per worker)",
            "wrk": "2 threads, --timeout 10s, a fixed number of connections",
            "max_p99_ms": args.max_p99_ms,
            "gunicorn_cmd_args": args.gunicorn_args,
        },
        "databases": results,
        "checks": checks,
        "passed": all(checks.values()),
    }
    for path in WORK.glob("static-*"):
        shutil.rmtree(path, ignore_errors=True)
    name = f"load-{args.label}" if args.label else "load"
    return write_report(OUT / f"{name}.json", report, markdown(report))


if __name__ == "__main__":
    raise SystemExit(main())
