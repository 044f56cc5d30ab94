"""`make security`: sqlmap against every public GET parameter, the security headers,
and a report (artifacts/security/report.md and report.json).

    python .ci/ops/security.py [--databases postgresql sqlite] [--level 3] [--risk 2]

For each database (PostgreSQL: the cluster in DATABASE_URL, which `make security`
starts; SQLite: a file under artifacts/security/work/), with the seeds and a few
hundred generated articles, gunicorn in production mode on 127.0.0.1 (rate limit
off, no TLS redirect):

- sqlmap (Debian's package, installed if missing) on each parameter of each public
  GET endpoint, one parameter per run (`-p`), the others left out so that the
  baseline page lists articles; batch mode, `--level/--risk` (default 3/2), the
  back end named (`--dbms`), `--parallel` runs at a time, each bounded by
  `--run-timeout`. A parameter is "clean" when sqlmap finished and found it not
  injectable, "INJECTABLE" when sqlmap identified an injection point, "incomplete"
  when the run ended otherwise.
- Header checks on an HTML page, a JSON response and a static file (HSTS with
  `X-Forwarded-Proto: https`, as the TLS proxy sends it).

Exit 1 if any parameter is injectable or incomplete, or a header check fails.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import shutil
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

from common import (
    ARTIFACTS,
    OPS,
    PY,
    code_version,
    ensure_apt,
    free_port,
    get_full,
    gunicorn,
    log,
    machine_load,
    prepare_database,
    production_env,
    run,
    write_json,
    write_report,
)

OUT = ARTIFACTS / "security"
WORK = OUT / "work"
ARTICLE_PARAMS = [
    "q",
    "region",
    "unit",
    "operation",
    "outlet",
    "person",
    "election",
    "date_from",
    "date_to",
    "sort",
    "page",
]
ENDPOINTS = {
    "/articles/": ARTICLE_PARAMS,
    "/articles.json": ARTICLE_PARAMS,
    "/feeds/articles.atom": ARTICLE_PARAMS,
    "/api/articles": ARTICLE_PARAMS,
    "/api/regions": ["level", "parent"],
    "/api/units": ["level", "polda"],
    "/api/people": ["name"],
}
DBMS = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}


# --- sqlmap ------------------------------------------------------------------------------


def sqlmap_target(port: int, endpoint: str, param: str, values: dict) -> str:
    value = values[param]
    if endpoint == "/api/regions" and param == "level":
        value = "regency"
    return f"http://127.0.0.1:{port}{endpoint}?{urlencode({param: value})}"


def run_sqlmap(url: str, param: str, dbms: str, args, folder: Path) -> dict:
    folder.mkdir(parents=True, exist_ok=True)
    command = [
        "sqlmap",
        "-u",
        url,
        "-p",
        param,
        "--batch",
        f"--level={args.level}",
        f"--risk={args.risk}",
        f"--dbms={dbms}",
        "--flush-session",
        "--disable-coloring",
        "--timeout=30",
        "--retries=1",
        f"--output-dir={folder}",
    ]
    started = time.monotonic()
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=args.run_timeout)
        output, timed_out = result.stdout + result.stderr, False
    except subprocess.TimeoutExpired as error:
        output = (error.stdout or b"").decode(errors="replace") if error.stdout else ""
        timed_out = True
    (folder / "sqlmap.log").write_text(output)
    seconds = round(time.monotonic() - started, 1)
    injectable = "identified the following injection point" in output or bool(
        re.search(rf"parameter '{re.escape(param)}' is vulnerable", output)
    )
    not_injectable = f"parameter '{param}' does not seem to be injectable" in output
    techniques = re.findall(r"testing '([^']+)'", output)
    status = (
        "INJECTABLE"
        if injectable
        else "clean"
        if not_injectable and not timed_out
        else "incomplete"
    )
    return {
        "status": status,
        "seconds": seconds,
        "tests": len(techniques),
        # Only the heuristics that suspect something ("might be ..."), not "might not be".
        "heuristics": sorted(
            {
                line.split("] ", 2)[-1].strip()
                for line in output.splitlines()
                if "heuristic" in line and "test shows" in line and "might not be" not in line
            }
        ),
        "critical": [line.strip() for line in output.splitlines() if "[CRITICAL]" in line][:5],
        "timed_out": timed_out,
        "command": " ".join([*command[:1], f"'{url}'", *command[3:-1]]),
    }


# --- Reflected input --------------------------------------------------------------------

PROBE = "ab'\"<xy>cd"
SAFE_TYPES = ("text/plain", "application/json")


def reflection(port: int, endpoint: str, param: str) -> dict:
    """Whether `'"<xy>` comes back unescaped, and in what kind of response: in HTML or
    XML it would be cross-site scripting; in text/plain or JSON with nosniff a browser
    never renders it as markup."""
    url = f"http://127.0.0.1:{port}{endpoint}?{urlencode({param: PROBE})}"
    status, headers, body = get_full(url)
    content_type = (headers.get("content-type") or [""])[0]
    nosniff = (headers.get("x-content-type-options") or [""])[0].lower() == "nosniff"
    reflected = b"<xy>" in body
    harmless = not reflected or (content_type.startswith(SAFE_TYPES) and nosniff)
    return {
        "status": status,
        "content_type": content_type,
        "reflected_unescaped": reflected,
        "harmless": harmless,
    }


# --- Headers -----------------------------------------------------------------------------


def parse_csp(value: str) -> dict[str, list[str]]:
    directives = {}
    for part in value.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


def header_checks(port: int) -> dict:
    base = f"http://127.0.0.1:{port}"
    https = {"X-Forwarded-Proto": "https"}
    status, headers, body = get_full(base + "/", headers=https)
    found = re.search(rb'href="(/static/[^"]+\.css)"', body)
    static_path = found.group(1).decode() if found else "/static/robots.txt"
    responses = {
        "html /": (status, headers),
        "html /articles/": get_full(base + "/articles/?q=pengamanan", headers=https)[:2],
        "json /api/articles": get_full(base + "/api/articles", headers=https)[:2],
        "json /articles.json": get_full(base + "/articles.json", headers=https)[:2],
        f"static {static_path}": get_full(base + static_path, headers=https)[:2],
    }
    checks: dict[str, dict] = {}
    for name, (code, h) in responses.items():

        def one(key, h=h):
            values = h.get(key.lower(), [])
            return values[0] if values else None

        csp = parse_csp(one("Content-Security-Policy") or "")
        script_src = csp.get("script-src", csp.get("default-src", []))
        hsts = one("Strict-Transport-Security") or ""
        max_age = re.search(r"max-age=(\d+)", hsts)
        xfo = (one("X-Frame-Options") or "").upper()
        result = {
            "status 200": code == 200,
            "CSP present": bool(csp),
            "CSP script-src without 'unsafe-inline'/'unsafe-eval'": bool(script_src)
            and "'unsafe-inline'" not in script_src
            and "'unsafe-eval'" not in script_src,
            "CSP object-src 'none'": csp.get("object-src") == ["'none'"],
            "HSTS max-age >= 180 days": bool(max_age) and int(max_age.group(1)) >= 15552000,
            "X-Content-Type-Options: nosniff": (one("X-Content-Type-Options") or "").lower()
            == "nosniff",
            "Referrer-Policy strict": (one("Referrer-Policy") or "").lower()
            in {"no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"},
            "Cross-Origin-Opener-Policy: same-origin": (
                one("Cross-Origin-Opener-Policy") or ""
            ).lower()
            == "same-origin",
            "Permissions-Policy denies camera, microphone, geolocation": all(
                f"{feature}=()" in (one("Permissions-Policy") or "")
                for feature in ("camera", "microphone", "geolocation")
            ),
            "framing refused (X-Frame-Options DENY/SAMEORIGIN or frame-ancestors)": xfo
            in {"DENY", "SAMEORIGIN"}
            or csp.get("frame-ancestors") in (["'none'"], ["'self'"]),
        }
        checks[name] = {
            "checks": result,
            "headers": {
                k: v[0]
                for k, v in h.items()
                if k
                in {
                    "content-type",
                    "content-security-policy",
                    "strict-transport-security",
                    "x-content-type-options",
                    "referrer-policy",
                    "cross-origin-opener-policy",
                    "permissions-policy",
                    "x-frame-options",
                    "cache-control",
                    "server",
                    "set-cookie",
                    "access-control-allow-origin",
                }
            },
        }
    # Plain HTTP (no X-Forwarded-Proto): no HSTS there, as RFC 6797 asks.
    _, plain, _ = get_full(base + "/")
    notes = {
        "HSTS only over HTTPS": "strict-transport-security" not in plain,
        "public pages set no cookie": all(
            "set-cookie" not in v["headers"]
            for k, v in checks.items()
            if not k.startswith("static")
        ),
    }
    return {"responses": checks, "notes": notes}


# --- The run ------------------------------------------------------------------------------


def run_database(kind: str, args, database_url: str | None) -> dict:
    if kind == "sqlite":
        for leftover in WORK.glob("security.sqlite3*"):
            leftover.unlink()
        database_url = f"sqlite:///{WORK / 'security.sqlite3'}"
    env = production_env(database_url, WORK / f"static-{kind}")
    log(f"{kind}: migrations, seeds, {args.articles} generated articles")
    prepare_database(env, args.articles)
    values = json.loads(run([PY, str(OPS / "site_urls.py"), "--values"], env).stdout)
    port = free_port()
    result: dict = {"database": kind, "dbms": DBMS[kind], "baseline_values": values}
    with gunicorn(env, port, WORK / f"gunicorn-{kind}.log") as server:
        server.start(f"http://127.0.0.1:{port}/readyz")
        result["headers"] = header_checks(port)
        targets = [(e, p) for e, params in ENDPOINTS.items() for p in params]
        log(f"{kind}: sqlmap on {len(targets)} parameters, {args.parallel} at a time")

        def one(target):
            endpoint, param = target
            url = sqlmap_target(port, endpoint, param, values)
            slug = endpoint.strip("/").replace("/", "_").replace(".", "_") or "root"
            outcome = run_sqlmap(
                url, param, DBMS[kind], args, WORK / "sqlmap" / kind / f"{slug}-{param}"
            )
            log(
                f"{kind}: {endpoint} {param}: {outcome['status']} "
                f"({outcome['tests']} tests, {outcome['seconds']} s)"
            )
            outcome["reflection"] = reflection(port, endpoint, param)
            return {"endpoint": endpoint, "parameter": param, "url": url, **outcome}

        with ThreadPoolExecutor(args.parallel) as pool:
            result["sqlmap"] = list(pool.map(one, targets))
    result.update(server_errors(WORK / f"gunicorn-{kind}.log"))
    return result


def server_errors(log_path: Path) -> dict:
    """The 500s the site answered during the run: how many, and for which requests
    (path and first parameter, the payloads sqlmap appended left out)."""
    text = log_path.read_text(errors="replace")
    requests = re.findall(r'"GET (\S+) HTTP/1\.[01]" 500 ', text)
    distinct = sorted({r.split("&", 1)[0] for r in requests})
    exceptions = sorted(set(re.findall(r"^(\w+(?:Error|Exception)): (.{0,120})", text, re.M)))
    return {
        "server_errors_logged": text.count("Internal Server Error"),
        "server_error_requests": distinct,
        "server_error_exceptions": [f"{name}: {message}" for name, message in exceptions][:10],
    }


def verdict(results: list[dict]) -> dict:
    checks = {}
    for r in results:
        kind = r["database"]
        statuses = [s["status"] for s in r["sqlmap"]]
        checks[f"{kind}: sqlmap found no injection ({len(statuses)} parameters)"] = (
            "INJECTABLE" not in statuses
        )
        checks[f"{kind}: every sqlmap run finished"] = all(s != "incomplete" for s in statuses)
        checks[f"{kind}: no parameter reflected unescaped into HTML or XML"] = all(
            s["reflection"]["harmless"] for s in r["sqlmap"]
        )
        failed = [
            f"{name}: {check}"
            for name, response in r["headers"]["responses"].items()
            for check, ok in response["checks"].items()
            if not ok
        ]
        checks[f"{kind}: security headers on HTML, JSON and static responses"] = not failed
        r["header_failures"] = failed
    return checks


def markdown(report: dict) -> str:
    a = report["sqlmap_settings"]
    lines = [
        "# Security check",
        "",
        f"{report['began_utc']}, {report['total_seconds'] / 60:.1f} minutes. `make security`: "
        f"sqlmap {report['sqlmap_version']} against gunicorn in production mode on 127.0.0.1 "
        "(seeds plus generated articles; DJANGO_RATE_LIMIT_PER_MINUTE=0, DJANGO_SSL_REDIRECT=0).",
        "",
        f"sqlmap: `--batch --level={a['level']} --risk={a['risk']} --dbms=<the back end>`, one "
        "parameter per run (`-p`), the URL holding only that parameter with a value that finds "
        "articles; level 3 adds more payloads per technique than the default 1, risk 2 adds "
        "heavy time-based queries (risk 3's OR-based payloads are left out: they would add little "
        "against read-only GETs and double the time). Techniques: boolean-based blind, "
        "error-based, UNION, stacked queries, time-based blind, inline queries (BEUSTQ).",
        "",
        "## Verdict",
        "",
    ]
    lines += [f"- {'PASS' if v else 'FAIL'}: {k}" for k, v in report["checks"].items()]
    for r in report["databases"]:
        lines += [
            "",
            f"## sqlmap on {r['database']} (`--dbms={r['dbms']}`)",
            "",
            "| endpoint | parameter | baseline | result | tests | seconds | sqlmap heuristics "
            "| `'\"<xy>` comes back as |",
            "|---|---|---|---|---:|---:|---|---|",
        ]
        for s in r["sqlmap"]:
            baseline = s["url"].split("?", 1)[1]
            heuristics = "; ".join(h[:90] for h in s["heuristics"]) or ""
            ref = s["reflection"]
            echo = (
                f"{ref['status']} {ref['content_type'].split(';')[0]}, "
                + ("reflected, " if ref["reflected_unescaped"] else "escaped/absent, ")
                + ("harmless" if ref["harmless"] else "**UNSAFE**")
            )
            lines.append(
                f"| `{s['endpoint']}` | `{s['parameter']}` | `{baseline}` | **{s['status']}** | "
                f"{s['tests']} | {s['seconds']} | {heuristics} | {echo} |"
            )
        lines += [
            "",
            f"Server errors (500) the site answered during the run: {r['server_errors_logged']}"
            + (
                ", for: "
                + ", ".join(f"`{x}`" for x in r["server_error_requests"])
                + ". Exceptions: "
                + "; ".join(f"`{x}`" for x in r["server_error_exceptions"])
                + ". Not an injection (sqlmap found none) but a bug to fix; where a valid "
                "value fails, sqlmap tested the parameter against an error page: test it "
                "again once fixed."
                if r["server_errors_logged"]
                else "."
            ),
        ]
    first = report["databases"][0]["headers"]
    lines += ["", "## Headers", ""]
    names = list(first["responses"])
    check_names = list(first["responses"][names[0]]["checks"])
    lines += ["| check | " + " | ".join(f"`{n}`" for n in names) + " |"]
    lines += ["|---|" + "---|" * len(names)]
    for check in check_names:
        row = ["yes" if first["responses"][n]["checks"][check] else "**NO**" for n in names]
        lines.append(f"| {check} | " + " | ".join(row) + " |")
    lines += ["", "Other observations:", ""]
    lines += [f"- {k}: {'yes' if v else 'no'}" for k, v in first["notes"].items()]
    html = first["responses"][names[0]]["headers"]
    lines += ["", "Headers of the home page (with `X-Forwarded-Proto: https`):", "", "```"]
    lines += [f"{k}: {v}" for k, v in sorted(html.items())]
    lines += ["```", ""]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--databases", nargs="+", default=["postgresql", "sqlite"])
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--level", type=int, default=3)
    parser.add_argument("--risk", type=int, default=2)
    parser.add_argument("--parallel", type=int, default=2)
    parser.add_argument("--run-timeout", type=float, default=600)
    parser.add_argument("--only", help="test only this parameter (a quick look)")
    parser.add_argument(
        "--rebuild-report",
        action="store_true",
        help="rewrite report.md from report.json and the run's logs, without running",
    )
    args = parser.parse_args()
    if args.rebuild_report:
        report = json.loads((OUT / "report.json").read_text())
        report["sqlmap_version"] = report["sqlmap_version"].splitlines()[0]
        for result in report["databases"]:
            result.update(server_errors(WORK / f"gunicorn-{result['database']}.log"))
        write_json(OUT / "report.json", report)
        (OUT / "report.md").write_text(markdown(report), encoding="utf-8")
        return 0 if report["passed"] else 1
    ensure_apt("sqlmap", "sqlmap")
    version = subprocess.run(["sqlmap", "--version"], capture_output=True, text=True).stdout
    version = version.strip().splitlines()[0] if version.strip() else "unknown"
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    if args.only:
        for endpoint in ENDPOINTS:
            ENDPOINTS[endpoint] = [p for p in ENDPOINTS[endpoint] if p == args.only]
    import os

    database_url = os.environ.get("DATABASE_URL", "")
    kinds = [
        k
        for k in args.databases
        if k == "sqlite" or database_url.startswith(("postgres://", "postgresql://"))
    ]
    began = dt.datetime.now(dt.UTC)
    load_at_start = machine_load()
    wall = time.monotonic()
    results = [run_database(kind, args, database_url) for kind in kinds]
    checks = verdict(results)
    report = {
        "began_utc": began.isoformat(timespec="seconds"),
        "total_seconds": round(time.monotonic() - wall, 1),
        "sqlmap_version": version,
        "code": code_version(),
        "machine_load_at_start": load_at_start,
        "machine_load_at_end": machine_load(),
        "sqlmap_settings": {
            "level": args.level,
            "risk": args.risk,
            "parallel": args.parallel,
            "run_timeout_s": args.run_timeout,
        },
        "databases": results,
        "checks": checks,
        "passed": all(checks.values()),
    }
    for path in WORK.glob("static-*"):
        shutil.rmtree(path, ignore_errors=True)
    return write_report(OUT / "report.json", report, markdown(report))


if __name__ == "__main__":
    raise SystemExit(main())
