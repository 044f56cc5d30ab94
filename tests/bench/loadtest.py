"""Servers on 127.0.0.1 and wrk against them.

Ours: gunicorn with polsec_site/gunicorn.conf.py (gthread), production-like settings
(common.bench_env).
Datasette: the same gunicorn, 2 workers of uvicorn-worker's ASGI class, in its own
venv under artifacts/bench/ (never in the project's requirements).

Every load stays on the loopback address and is bounded in time (wrk -d).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from common import ARTIFACTS, ROOT

WRK_LUA = """
-- Print wrk's summary as one JSON line (latencies in microseconds).
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %d, "duration_us": %d, "bytes": %d, "connect_errors": %d, ' ..
    '"read_errors": %d, "write_errors": %d, "status_errors": %d, "timeouts": %d, ' ..
    '"p50_us": %d, "p90_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, "mean_us": %.1f}\\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write,
    e.status, e.timeout, latency:percentile(50), latency:percentile(90),
    latency:percentile(95), latency:percentile(99), latency.max, latency.mean))
end
"""


def ensure_wrk() -> str:
    """Debian's wrk, installed with apt-get when missing (the machine is root)."""
    found = shutil.which("wrk")
    if found:
        return found
    print("Installing wrk (apt-get)", flush=True)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "wrk"], check=True, env=env, stdout=subprocess.DEVNULL
    )
    return shutil.which("wrk") or "wrk"


def wrk_version() -> str:
    result = subprocess.run(["wrk", "-v"], capture_output=True, text=True)
    return (result.stdout or result.stderr).splitlines()[0].split(" Copyright")[0].strip()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str, timeout: float = 30.0) -> tuple[int, bytes]:
    try:
        request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


class Server:
    """A server process group started here, and only ever stopped here, by its id."""

    def __init__(
        self, name: str, command: list[str], env: dict, port: int, probe: str, cwd: Path = ROOT
    ):
        self.name, self.command, self.env, self.port, self.probe = name, command, env, port, probe
        self.cwd = cwd
        self.process: subprocess.Popen | None = None
        self.log = ARTIFACTS / "logs" / f"{name}.log"
        self.restarts = 0

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        log = open(self.log, "ab")  # noqa: SIM115 - closed with the process
        self.process = subprocess.Popen(
            self.command,
            env=self.env,
            cwd=self.cwd,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited; see {self.log}")
            try:
                status, _ = fetch(self.base + self.probe, timeout=5)
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"{self.name} did not answer {self.probe}; see {self.log}")

    def stop(self) -> None:
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        except ProcessLookupError:
            pass
        self.process = None

    def restart(self) -> None:
        """After a run that left slow requests behind: a fresh, idle server."""
        self.stop()
        self.restarts += 1
        self.start()

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()
        return False


def our_server(env: dict, workers: int = 2) -> Server:
    """gunicorn as production runs it: polsec_site/gunicorn.conf.py (gthread workers,
    threads per worker), bound to a free loopback port; `workers` processes."""
    port = free_port()
    env = env | {
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": str(workers),
        "GUNICORN_LOG_LEVEL": "warning",
    }
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "-c",
        str(ROOT / "polsec_site" / "gunicorn.conf.py"),
        "polsec_site.wsgi",
        "--access-logfile",
        "-" if os.environ.get("BENCH_ACCESS_LOG") else "/dev/null",
    ]
    return Server("gunicorn-polsec", command, env, port, "/articles/?q=trenggalek")


# --- Datasette ---------------------------------------------------------------------------

DATASETTE_VENV = ARTIFACTS / "datasette-venv"
DATASETTE_PACKAGES = ["datasette", "sqlite-utils", "gunicorn", "uvicorn-worker"]


def ensure_datasette() -> Path:
    """Datasette in its own venv under artifacts/bench/ (for the benchmark only)."""
    python = DATASETTE_VENV / "bin" / "python"
    marker = DATASETTE_VENV / ".installed"
    if not marker.exists():
        print("Installing datasette in", DATASETTE_VENV, flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(DATASETTE_VENV)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", *DATASETTE_PACKAGES], check=True
        )
        marker.touch()
    return python


def datasette_versions() -> dict:
    python = DATASETTE_VENV / "bin" / "python"
    code = (
        "import importlib.metadata as m, json; print(json.dumps({p: m.version(p) for p in "
        + repr(DATASETTE_PACKAGES)
        + "}))"
    )
    result = subprocess.run([str(python), "-c", code], capture_output=True, text=True)
    return json.loads(result.stdout) if result.returncode == 0 else {}


DATASETTE_SETTINGS = {
    # Our page shows 20 reports; Datasette's default page is 100 rows.
    "default_page_size": 20,
    # Datasette's default 1 s would turn slow searches into fast error pages; ours
    # has gunicorn's 30 s. 10 s is past anything wrk waits for here.
    "sql_time_limit_ms": 10000,
}


def datasette_server(db_file: Path, workers: int = 2) -> Server:
    port = free_port()
    env = dict(
        os.environ,
        BENCH_DATASETTE_DB=str(db_file),
        BENCH_DATASETTE_SETTINGS=json.dumps(DATASETTE_SETTINGS),
    )
    command = [
        str(DATASETTE_VENV / "bin" / "gunicorn"),
        "datasette_app:app",
        "--chdir",
        str(Path(__file__).resolve().parent),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "uvicorn_worker.UvicornWorker",
        "--access-logfile",
        "/dev/null",
    ]
    return Server("gunicorn-datasette", command, env, port, "/db/articles?_size=1")


# --- wrk ---------------------------------------------------------------------------------


def run_wrk(
    url: str, seconds: float, *, connections: int = 4, threads: int = 1, timeout: float = 10.0
) -> dict:
    script = ARTIFACTS / "wrk-summary.lua"
    if not script.exists() or script.read_text() != WRK_LUA:
        script.parent.mkdir(parents=True, exist_ok=True)
        script.write_text(WRK_LUA)
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds:g}s",
        f"--timeout={timeout:g}s",
        # As the TLS-terminating proxy would (the site redirects plain HTTP otherwise).
        "-H",
        "X-Forwarded-Proto: https",
        "-s",
        str(script),
        url,
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 120)
    line = next((ln for ln in result.stdout.splitlines() if ln.startswith("WRKJSON ")), None)
    if line is None:
        return {"url": url, "error": (result.stderr or result.stdout).strip()[-500:]}
    raw = json.loads(line[len("WRKJSON ") :])
    duration = raw["duration_us"] / 1e6
    good = raw["requests"] - raw["status_errors"]
    return {
        "url": url,
        "seconds": round(duration, 2),
        "requests": raw["requests"],
        "ok_requests": good,
        "rps": round(good / duration, 1) if duration else 0.0,
        "p50_ms": round(raw["p50_us"] / 1000, 2),
        "p95_ms": round(raw["p95_us"] / 1000, 2),
        "p99_ms": round(raw["p99_us"] / 1000, 2),
        "max_ms": round(raw["max_us"] / 1000, 2),
        "errors": {
            key: raw[key]
            for key in (
                "connect_errors",
                "read_errors",
                "write_errors",
                "status_errors",
                "timeouts",
            )
            if raw[key]
        },
        "connections": connections,
        "threads": threads,
    }


def load(server: Server, path: str, seconds: float, *, warm: int = 4, **options) -> dict:
    """Warm the server on `path`, run wrk, restart the server if requests were left
    hanging or failed (so the next measurement starts on an idle server)."""
    url = server.base + path
    status = None
    for _ in range(warm):
        try:
            status, _ = fetch(url, timeout=options.get("timeout", 10.0))
        except OSError:
            status = "timeout"
            break
    result = run_wrk(url, seconds, **options)
    result["warm_status"] = status
    if result.get("error") or result["errors"] or status != 200:
        server.restart()
        result["server_restarted"] = True
    return result
