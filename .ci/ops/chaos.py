"""`make chaos`: PostgreSQL restarts under load and under an import; the site and
the importer recover by themselves, and no half-written article is left.

    python .ci/ops/chaos.py [--articles 1000] [--seconds 30] [--threads 6]

Needs the throwaway cluster of .ci/postgres.sh (`make chaos` starts one). Steps:

1. Migrate, load the seeds and generated articles, collect static files; write raw
   article files for the import (the real test articles, each in a few variants).
2. gunicorn in production mode (polsec_site/gunicorn.conf.py; CONN_MAX_AGE 60 with
   CONN_HEALTH_CHECKS, the project's settings) on 127.0.0.1.
3. A load of `--threads` readers over the page mix (home, lists, searches, article
   and entity pages, the API) for `--seconds`, /readyz polled every 50 ms, and
   `import_articles` on the raw files. Once the import is a quarter through,
   `pg_ctl restart -m fast`.
4. Checks: every request started `--grace` seconds after the restart ended
   succeeded; /readyz went 503 and back to 200; the import command exited non-zero
   naming the files it could not save; every article in the database is complete
   against a dry-run parse of its file (.ci/ops/import_check.py); importing the
   folder again finds every article already there unchanged and creates only the
   missing ones.

Writes artifacts/ops/chaos.json and artifacts/ops/chaos.md; exits 1 if a check fails.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import shutil
import subprocess
import threading
import time
from collections import Counter
from pathlib import Path

from common import (
    ARTIFACTS,
    OPS,
    PY,
    ROOT,
    Load,
    code_version,
    free_port,
    get,
    gunicorn,
    latency_summary,
    log,
    machine_load,
    need_postgres,
    ok,
    per_second,
    pg_restart,
    prepare_database,
    production_env,
    run,
    site_urls,
    write_report,
)

OUT = ARTIFACTS / "ops"
RAW_SOURCES = ["tests/data/blind3", "tests/data/blind4", "tests/data/heldout", "tests/data/unseen"]


def make_raw_files(folder: Path, variants: int) -> int:
    """Real scraped articles, each in `variants` versions that differ only in a
    trailing "Baca Juga" link: the importer strips it, so each version is its own
    article (content hash) with the same units, people and quotes."""
    folder.mkdir(parents=True, exist_ok=True)
    sources = [p for d in RAW_SOURCES for p in sorted((ROOT / d).glob("*.txt"))]
    n = 0
    for variant in range(variants):
        for path in sources:
            text = path.read_text(encoding="utf-8").rstrip()
            text += f"\n\nBaca Juga: Arsip pengamanan pemilu, bagian {variant}-{n}\n"
            (folder / f"v{variant}_{path.name}").write_text(text, encoding="utf-8")
            n += 1
    return n


class ReadyPoller:
    """GET /readyz every `interval` seconds: (seconds since start, status or error)."""

    def __init__(self, port: int, started: float, interval: float = 0.05):
        self.url = f"http://127.0.0.1:{port}/readyz"
        self.started, self.interval = started, interval
        self.samples: list[tuple[float, str]] = []
        self.stop_event = threading.Event()
        self.thread = threading.Thread(target=self._poll, daemon=True)

    def _poll(self):
        while not self.stop_event.is_set():
            t = time.monotonic() - self.started
            try:
                status, _ = get(self.url, timeout=3)
                self.samples.append((t, str(status)))
            except OSError as error:
                self.samples.append((t, type(error).__name__))
            time.sleep(self.interval)

    def start(self):
        self.thread.start()

    def stop(self):
        self.stop_event.set()
        self.thread.join(timeout=5)

    def segments(self) -> list[dict]:
        """Runs of the same answer: [{from, to, status, polls}]."""
        runs: list[dict] = []
        for t, status in self.samples:
            if runs and runs[-1]["status"] == status:
                runs[-1]["to"] = round(t, 2)
                runs[-1]["polls"] += 1
            else:
                runs.append({"from": round(t, 2), "to": round(t, 2), "status": status, "polls": 1})
        return runs


class Import:
    """`manage.py import_articles FOLDER` in the background, its progress followed."""

    PROGRESS = re.compile(r"^\[(\d+)/(\d+)\] (\S+): (\S+)")

    def __init__(self, env: dict, folder: Path):
        self.env, self.folder = env, folder
        self.done = 0
        self.total = 0
        self.outcomes: Counter = Counter()
        self.errors: list[str] = []
        self.stderr_lines: list[str] = []
        self.process: subprocess.Popen | None = None

    def start(self):
        self.process = subprocess.Popen(
            [PY, "manage.py", "import_articles", str(self.folder)],
            env=self.env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.stdout_lines: list[str] = []
        self.readers = [
            threading.Thread(target=self._read, daemon=True),
            threading.Thread(target=self._read_stdout, daemon=True),
        ]
        for reader in self.readers:
            reader.start()

    def _read_stdout(self):
        for line in self.process.stdout:
            self.stdout_lines.append(line.rstrip("\n"))

    def _read(self):
        for line in self.process.stderr:
            line = line.rstrip("\n")
            self.stderr_lines.append(line)
            match = self.PROGRESS.match(line)
            if match:
                self.done, self.total = int(match[1]), int(match[2])
                self.outcomes[match[4]] += 1
            elif line.startswith("error: "):
                self.errors.append(line[len("error: ") :])

    def wait(self, timeout: float) -> dict:
        self.process.wait(timeout=timeout)
        for reader in self.readers:
            reader.join(timeout=10)
        stdout = "\n".join(self.stdout_lines)
        return {
            "exit_code": self.process.returncode,
            "files": self.total,
            "progress_outcomes": dict(self.outcomes),
            "summary": stdout.strip().splitlines()[-1] if stdout.strip() else "",
            "reported_failures": len(self.errors),
            "failure_examples": self.errors[:5],
            "failures_not_about_the_connection": [
                e for e in self.errors if "connection" not in e and "server" not in e
            ],
            "last_stderr": self.stderr_lines[-1] if self.stderr_lines else "",
        }


def check_import(env: dict, folder: Path) -> dict:
    result = run([PY, str(OPS / "import_check.py"), str(folder)], env, check=False)
    return json.loads(result.stdout)


def reimport(env: dict, folder: Path) -> dict:
    result = run([PY, "manage.py", "import_articles", "-v0", str(folder)], env, check=False)
    summary = result.stdout.strip().splitlines()[-1]
    counts = {
        label: int(n) for n, label in re.findall(r"(\d+) (created|updated|unchanged)", summary)
    }
    return {"exit_code": result.returncode, "summary": summary, **counts}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--threads", type=int, default=6)
    parser.add_argument("--grace", type=float, default=2.0)
    parser.add_argument("--variants", type=int, default=4, help="versions of each raw file")
    args = parser.parse_args()
    database_url = need_postgres()
    began_at = dt.datetime.now(dt.UTC)
    load_at_start = machine_load()
    wall = time.monotonic()

    work = OUT / "chaos-work"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    env = production_env(database_url, work / "static")
    log(f"Preparing PostgreSQL: migrations, seeds, {args.articles} generated articles")
    setup = prepare_database(env, args.articles)
    raw = work / "raw"
    files = make_raw_files(raw, args.variants)
    urls = site_urls(env, per_kind=30)
    mix = [(kind, path) for kind, paths in urls.items() for path in paths]
    log(f"{files} raw files to import; {len(mix)} paths in the page mix")

    port = free_port()
    server = gunicorn(env, port, work / "gunicorn.log")
    with server:
        server.start(f"http://127.0.0.1:{port}/readyz")
        log(f"gunicorn on 127.0.0.1:{port}; load for {args.seconds:.0f} s")
        started = time.monotonic()
        load = Load(port, mix, threads=args.threads)
        load.start(started)
        poller = ReadyPoller(port, started)
        poller.start()
        time.sleep(2)
        importer = Import(env, raw)
        importer.start()
        import_started = time.monotonic() - started
        # Restart once a quarter of the files are in (and the load has run 8 s).
        deadline = started + args.seconds * 0.6
        while time.monotonic() < deadline and not (
            importer.total
            and importer.done >= importer.total // 4
            and time.monotonic() - started >= 8
        ):
            time.sleep(0.1)
        done_at_restart = importer.done
        log(f"Restarting PostgreSQL (import at {importer.done}/{importer.total})")
        restart = pg_restart("fast")
        restart_rel = {
            "began_s": round(restart["began"] - started, 2),
            "ended_s": round(restart["ended"] - started, 2),
            "seconds": restart["seconds"],
            "mode": restart["mode"],
            "import_files_done_before": done_at_restart,
        }
        log(f"PostgreSQL back after {restart['seconds']} s")
        remaining = started + args.seconds - time.monotonic()
        if remaining > 0:
            time.sleep(remaining)
        load.stop()
        poller.stop()
        log("Load stopped; waiting for the import to finish")
        first_import = importer.wait(timeout=900)
        first_import["started_s"] = round(import_started, 2)
        log(f"Import: {first_import['summary']} (exit {first_import['exit_code']})")
    gunicorn_log = (work / "gunicorn.log").read_text(errors="replace")

    log("Checking every imported article against a dry-run parse of its file")
    after_interrupt = check_import(env, raw)
    log("Importing the folder again")
    second_import = reimport(env, raw)
    after_reimport = check_import(env, raw)

    # --- Analysis -----------------------------------------------------------------------
    records = load.records
    calm_from = restart_rel["ended_s"] + args.grace
    # Before: answered before pg_ctl began; after: started `grace` s after it returned.
    before = [r for r in records if r[0] + r[3] < restart_rel["began_s"]]
    during = [r for r in records if r[0] + r[3] >= restart_rel["began_s"] and r[0] < calm_from]
    after = [r for r in records if r[0] >= calm_from]
    failed = [r for r in records if not ok(r[2])]
    segments = poller.segments()
    statuses = [s["status"] for s in segments]
    went_503_then_200 = "503" in statuses and "200" in statuses[statuses.index("503") :]
    ready_again = next(
        (
            s["from"]
            for s in segments
            if s["status"] == "200" and s["from"] > restart_rel["began_s"]
        ),
        None,
    )
    present = after_interrupt["present"]
    checks = {
        "requests before the restart all succeeded": all(ok(r[2]) for r in before),
        f"requests from {args.grace:.0f} s after the restart all succeeded": bool(after)
        and all(ok(r[2]) for r in after),
        "/readyz answered 503 during the restart, then 200": went_503_then_200,
        "/readyz answers 200 at the end": bool(statuses) and statuses[-1] == "200",
        "the restart interrupted the import (some files failed)": first_import["exit_code"] != 0
        and first_import["reported_failures"] > 0,
        "the import reported each file it could not save": first_import["reported_failures"]
        == after_interrupt["absent"] + len(after_interrupt["unparsed"]),
        "no half-written article after the interrupted import": not after_interrupt["incomplete"],
        "importing again: articles already there unchanged, the rest created": (
            second_import.get("unchanged") == present
            and second_import.get("created") == after_interrupt["absent"]
            and second_import.get("updated", 0) == 0
            and (second_import["exit_code"] == 0) == (not after_interrupt["unparsed"])
        ),
        "after the second import every file's article is there and complete": (
            after_reimport["present"] + len(after_reimport["unparsed"]) == after_reimport["files"]
            and not after_reimport["incomplete"]
        ),
    }
    result = {
        "run": {
            "began_utc": began_at.isoformat(timespec="seconds"),
            "total_seconds": round(time.monotonic() - wall, 1),
            "code": code_version(),
            "machine_load_at_start": load_at_start,
            "machine_load_at_end": machine_load(),
            "articles_generated": args.articles,
            "load_seconds": args.seconds,
            "threads": args.threads,
            "grace_seconds": args.grace,
            "gunicorn": "polsec_site/gunicorn.conf.py (gthread), production settings",
            "conn_max_age": env.get("DJANGO_CONN_MAX_AGE", "60 (default)"),
            "setup": setup,
        },
        "restart": restart_rel,
        "requests": {
            "total": len(records),
            "before_restart": {"total": len(before), "failed": sum(not ok(r[2]) for r in before)},
            "during_restart_and_grace": {
                "total": len(during),
                "failed": sum(not ok(r[2]) for r in during),
                "errors": dict(Counter(r[2] for r in during if not ok(r[2]))),
            },
            "after_grace": {"total": len(after), "failed": sum(not ok(r[2]) for r in after)},
            "first_error_s": round(min(r[0] for r in failed), 2) if failed else None,
            "last_error_s": round(max(r[0] for r in failed), 2) if failed else None,
            "latency_after_grace": latency_summary([r[3] for r in after]),
            "per_second": per_second(records),
        },
        "readyz": {
            "segments": segments,
            "ready_again_s": ready_again,
            "ready_again_after_restart_ended_s": round(ready_again - restart_rel["ended_s"], 2)
            if ready_again is not None
            else None,
        },
        "server_errors_logged": gunicorn_log.count("Internal Server Error"),
        "import": {
            "first_run": first_import,
            "check_after_interrupt": after_interrupt,
            "second_run": second_import,
            "check_after_second_run": {
                k: v for k, v in after_reimport.items() if k != "absent_files"
            },
        },
        "checks": checks,
        "passed": all(checks.values()),
    }
    shutil.rmtree(raw, ignore_errors=True)
    shutil.rmtree(work / "static", ignore_errors=True)
    return write_report(OUT / "chaos.json", result, summary_markdown(result))


def summary_markdown(r: dict) -> str:
    req, rs, imp = r["requests"], r["restart"], r["import"]
    lines = [
        "# Chaos run: PostgreSQL restarted under load and during an import",
        "",
        f"{r['run']['began_utc']}, {r['run']['total_seconds']} s in all. "
        f"`make chaos`: {r['run']['articles_generated']} generated articles plus the seeds on "
        f"a throwaway PostgreSQL 15; gunicorn with the project's configuration; "
        f"{r['run']['threads']} readers for {r['run']['load_seconds']:.0f} s; "
        f"`pg_ctl restart -m {rs['mode']}` at {rs['began_s']} s (back at {rs['ended_s']} s, "
        f"{rs['seconds']} s down), while `import_articles` was at file "
        f"{rs['import_files_done_before']} of {imp['first_run']['files']}.",
        "",
        "## Checks",
        "",
    ]
    lines += [f"- {'PASS' if v else 'FAIL'}: {k}" for k, v in r["checks"].items()]
    lines += [
        "",
        "## Requests",
        "",
        f"- {req['total']} requests; before the restart {req['before_restart']['total']} "
        f"({req['before_restart']['failed']} failed); during the restart and "
        f"{r['run']['grace_seconds']:.0f} s of grace {req['during_restart_and_grace']['total']} "
        f"({req['during_restart_and_grace']['failed']} failed: "
        f"{req['during_restart_and_grace']['errors']}); after it "
        f"{req['after_grace']['total']} ({req['after_grace']['failed']} failed).",
        f"- Errors from {req['first_error_s']} s to {req['last_error_s']} s; latency after the "
        f"grace period {req['latency_after_grace']}.",
        f"- /readyz: back to 200 at {r['readyz']['ready_again_s']} s, "
        f"{r['readyz']['ready_again_after_restart_ended_s']} s after pg_ctl returned.",
        "",
        "| second | ok | errors |",
        "|---:|---:|---|",
    ]
    for row in req["per_second"]:
        errors = ", ".join(f"{k}: {v}" for k, v in row["errors"].items()) or ""
        lines.append(f"| {row['second']} | {row['ok']} | {errors} |")
    lines += [
        "",
        "/readyz over the run:",
        "",
        "| from s | to s | answer | polls |",
        "|---:|---:|---|---:|",
    ]
    for s in r["readyz"]["segments"]:
        lines.append(f"| {s['from']} | {s['to']} | {s['status']} | {s['polls']} |")
    first, check, second = imp["first_run"], imp["check_after_interrupt"], imp["second_run"]
    lines += [
        "",
        "## The interrupted import",
        "",
        f"- First run: {first['summary']}; exit {first['exit_code']}; "
        f"{first['reported_failures']} files reported as not saved, e.g. "
        f"`{(first['failure_examples'] or [''])[0][:160]}`.",
        f"- Then, against a dry-run parse of each file: {check['present']} articles present, "
        f"{check['complete']} complete, {len(check['incomplete'])} incomplete, "
        f"{check['absent']} absent (the files reported).",
        f"- Files that failed for another reason than the lost connection: "
        f"{len(first['failures_not_about_the_connection'])}"
        + "".join(f"\n  - `{e[:220]}`" for e in first["failures_not_about_the_connection"]),
        f"- Second run: {second['summary']} (exit {second['exit_code']}); afterwards "
        f"{imp['check_after_second_run']['present']} of {imp['check_after_second_run']['files']} "
        f"present and {len(imp['check_after_second_run']['incomplete'])} incomplete.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
