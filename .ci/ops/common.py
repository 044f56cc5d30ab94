"""What the operations runs share (`make chaos`, `make load`, `make security`).

No Django here: these scripts drive the site from outside, as a reverse proxy,
a reader or an operator would. Every server they start is started here in a
process group of its own and stopped here by that group's id.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
ARTIFACTS = ROOT / "artifacts"
OPS = Path(__file__).resolve().parent


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(command: list[str], env: dict, check: bool = True, **kw) -> subprocess.CompletedProcess:
    result = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, **kw)
    if check and result.returncode != 0:
        raise RuntimeError(
            f"{' '.join(command)} failed ({result.returncode}):\n{result.stdout[-3000:]}\n"
            f"{result.stderr[-3000:]}"
        )
    return result


def manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    return run([PY, "manage.py", *args], env)


def production_env(database_url: str, static_root: Path, **extra: str) -> dict:
    """The site as `make serve` runs it (DEBUG off, hashed static files), on plain
    HTTP on 127.0.0.1 (no TLS redirect) and without the per-client rate limit,
    which a load from one address would hit first."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="ops-run-only-" + "k" * 40,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SSL_REDIRECT="0",
        DJANGO_RATE_LIMIT_PER_MINUTE="0",
        DJANGO_STATIC_ROOT=str(static_root),
        DJANGO_LOG_LEVEL="WARNING",
        GUNICORN_LOG_LEVEL="warning",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


def prepare_database(env: dict, articles: int, seed: int = 1) -> dict:
    """Migrations, the seed fixture and `articles` generated articles; timings."""
    timings = {}
    start = time.monotonic()
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "loaddata", "fixtures/seeds.json", "-v0")
    timings["migrate_and_seeds_s"] = round(time.monotonic() - start, 1)
    if articles:
        start = time.monotonic()
        manage(env, "generate_corpus", "--articles", str(articles), "--seed", str(seed), "-v0")
        timings["generate_corpus_s"] = round(time.monotonic() - start, 1)
    start = time.monotonic()
    manage(env, "collectstatic", "--no-input", "-v0")
    timings["collectstatic_s"] = round(time.monotonic() - start, 1)
    return timings


def site_urls(env: dict, per_kind: int = 50, article_pages: int = 0) -> dict[str, list[str]]:
    command = [PY, str(OPS / "site_urls.py"), "--per-kind", str(per_kind)]
    if article_pages:
        command += ["--article-pages", str(article_pages)]
    result = run(command, env)
    return json.loads(result.stdout)


class Server:
    """A process group started here (gunicorn, nginx), stopped here by its id."""

    def __init__(self, name: str, command: list[str], env: dict, log_path: Path):
        self.name, self.command, self.env, self.log_path = name, command, env, log_path
        self.process: subprocess.Popen | None = None

    def start(self, probe_url: str | None = None, timeout: float = 60) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log_file = open(self.log_path, "ab")  # noqa: SIM115 - lives as long as the process
        self.process = subprocess.Popen(
            self.command,
            env=self.env,
            cwd=ROOT,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        if probe_url is None:
            return
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited; see {self.log_path}")
            try:
                status, _ = get(probe_url, timeout=5)
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"{self.name} did not answer {probe_url}; see {self.log_path}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=25)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        except ProcessLookupError:
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def gunicorn(env: dict, port: int, log_path: Path, **settings: str) -> Server:
    """gunicorn with the project's own configuration (polsec_site/gunicorn.conf.py)."""
    env = dict(env, GUNICORN_BIND=f"127.0.0.1:{port}", **settings)
    command = [GUNICORN, "-c", "polsec_site/gunicorn.conf.py", "polsec_site.wsgi"]
    return Server("gunicorn", command, env, log_path)


def get(url: str, timeout: float = 10, headers: dict | None = None) -> tuple[int, bytes]:
    """One GET on a new connection: (status, body); OSError when the connection fails."""
    status, _, body = get_full(url, timeout, headers)
    return status, body


def get_full(url: str, timeout: float = 10, headers: dict | None = None):
    """One GET on a new connection: (status, headers as a dict of lists, body); OSError
    when the connection fails."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        conn.request("GET", path or "/", headers=headers or {})
        response = conn.getresponse()
        found: dict[str, list[str]] = defaultdict(list)
        for name, value in response.getheaders():
            found[name.lower()].append(value)
        return response.status, dict(found), response.read()
    finally:
        conn.close()


# --- A load of readers -----------------------------------------------------------------


class Load:
    """`threads` readers, each asking for the next path of the mix on a kept-alive
    connection as soon as the last answer came. Every request is recorded:
    (seconds since start, kind, status or error name, latency)."""

    def __init__(self, port: int, paths: list[tuple[str, str]], threads: int, timeout: float = 10):
        self.port, self.paths, self.threads, self.timeout = port, paths, threads, timeout
        self.records: list[tuple[float, str, str, float]] = []
        self.lock = threading.Lock()
        self.stop_event = threading.Event()
        self.started = 0.0
        self.workers: list[threading.Thread] = []

    def _reader(self, index: int) -> None:
        conn = None
        n = index * 7919
        while not self.stop_event.is_set():
            kind, path = self.paths[n % len(self.paths)]
            n += 1
            begin = time.monotonic()
            try:
                if conn is None:
                    conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
                conn.request("GET", path, headers={"Host": "127.0.0.1"})
                response = conn.getresponse()
                response.read()
                outcome = str(response.status)
                if response.getheader("connection", "").lower() == "close":
                    conn.close()
                    conn = None
            except (OSError, http.client.HTTPException) as error:
                outcome = type(error).__name__
                if conn is not None:
                    conn.close()
                conn = None
                time.sleep(0.05)
            end = time.monotonic()
            with self.lock:
                self.records.append((begin - self.started, kind, outcome, end - begin))
        if conn is not None:
            conn.close()

    def start(self, started: float | None = None) -> None:
        self.started = started if started is not None else time.monotonic()
        for index in range(self.threads):
            worker = threading.Thread(target=self._reader, args=(index,), daemon=True)
            worker.start()
            self.workers.append(worker)

    def stop(self) -> None:
        self.stop_event.set()
        for worker in self.workers:
            worker.join(timeout=self.timeout + 5)


def ok(outcome: str) -> bool:
    return outcome.isdigit() and 200 <= int(outcome) < 400


def per_second(records) -> list[dict]:
    """Requests started in each second: how many succeeded, and the errors by kind."""
    buckets: dict[int, Counter] = defaultdict(Counter)
    for t, _kind, outcome, _latency in records:
        buckets[int(t)][outcome if not ok(outcome) else "ok"] += 1
    rows = []
    for second in range(0, (max(buckets) + 1) if buckets else 0):
        counts = buckets.get(second, Counter())
        errors = {k: v for k, v in counts.items() if k != "ok"}
        rows.append({"second": second, "ok": counts["ok"], "errors": errors})
    return rows


def latency_summary(latencies: list[float]) -> dict:
    if not latencies:
        return {}
    ordered = sorted(latencies)

    def pct(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000, 1)

    return {"p50_ms": pct(50), "p90_ms": pct(90), "p99_ms": pct(99), "max_ms": pct(100)}


# --- PostgreSQL (the throwaway cluster of .ci/postgres.sh) ------------------------------


def as_postgres(command: str) -> subprocess.CompletedProcess:
    """Run a shell command as the cluster's owner (initdb refused root: so does pg_ctl)."""
    if os.geteuid() == 0:
        args = ["su", "postgres", "-s", "/bin/bash", "-c", command]
    else:
        args = ["bash", "-c", command]
    return subprocess.run(args, capture_output=True, text=True)


def pg_restart(mode: str = "fast") -> dict:
    """Restart the cluster in $PG_DIR (pg_ctl restart -m MODE, waiting until it is
    up): what an operator's restart or a failover does to open connections."""
    bin_dir, data = os.environ["PG_BIN"], Path(os.environ["PG_DIR"]) / "data"
    log_file = Path(os.environ["PG_DIR"]) / "log"
    start = time.monotonic()
    result = as_postgres(f"'{bin_dir}/pg_ctl' -D '{data}' -l '{log_file}' -w -m {mode} restart")
    end = time.monotonic()
    if result.returncode != 0:
        raise RuntimeError(f"pg_ctl restart failed: {result.stdout}\n{result.stderr}")
    return {"began": start, "ended": end, "seconds": round(end - start, 2), "mode": mode}


def need_postgres() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")) or not os.environ.get("PG_DIR"):
        sys.exit("needs the throwaway cluster of .ci/postgres.sh (pg_start): run it via make")
    return url


def ensure_apt(package: str, binary: str) -> str:
    """A Debian package's program, installed with apt-get when missing (root here)."""
    found = shutil.which(binary) or (
        (Path("/usr/sbin") / binary).exists() and f"/usr/sbin/{binary}"
    )
    if found:
        return str(found)
    log(f"Installing {package} (apt-get)")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", package],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    return shutil.which(binary) or f"/usr/sbin/{binary}"


def code_version() -> str:
    """The commit the run measured, and whether the work tree differed from it."""
    head = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    )
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no", "--", "reports", "polsec_site"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    return head.stdout.strip() + (
        " + uncommitted changes in reports/ or polsec_site/" if dirty.stdout.strip() else ""
    )


def machine_load() -> dict:
    """The load average: other work on this machine (a benchmark, a build) skews rates."""
    one, five, _fifteen = os.getloadavg()
    return {"loadavg_1m": round(one, 2), "loadavg_5m": round(five, 2), "cpus": os.cpu_count()}


def write_json(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False, default=str) + "\n")


def write_report(path: Path, report: dict, markdown: str) -> int:
    """A run's report as JSON at `path` and Markdown beside it; each check logged.
    Returns the exit status: 0 when every check passed."""
    write_json(path, report)
    path.with_suffix(".md").write_text(markdown, encoding="utf-8")
    log(f"Wrote {path} and {path.with_suffix('.md').name}")
    for name, ok in report["checks"].items():
        log(f"{'PASS' if ok else 'FAIL'}: {name}")
    return 0 if report["passed"] else 1
