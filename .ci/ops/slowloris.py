"""Slow clients (slowloris) while readers keep asking for pages (`make load`).

    python .ci/ops/slowloris.py PORT [--slow 200] [--seconds 30] [--interval 1]

`--slow` connections each send a GET request one byte every `--interval` seconds
(a client on a very bad line, or an attacker holding connections open); a closed
one opens again. Meanwhile one reader asks for pages of the mix (a new connection
each time, 10 s timeout) as fast as answers come. Prints JSON: how the readers
fared and what became of the slow connections.
"""

from __future__ import annotations

import argparse
import http.client
import json
import socket
import threading
import time

REQUEST = (
    b"GET /articles/ HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow-client\r\n"
    b"Accept: text/html\r\nAccept-Language: id\r\nX-Padding: " + b"x" * 200 + b"\r\n\r\n"
)


class SlowClients:
    def __init__(self, port: int, count: int, interval: float):
        self.port, self.count, self.interval = port, count, interval
        self.stop_event = threading.Event()
        self.lock = threading.Lock()
        self.opened = 0
        self.closed_by_server = 0
        self.connect_failures = 0
        self.answered = 0
        self.open_now = 0
        self.max_open = 0
        self.threads: list[threading.Thread] = []

    def _client(self, index: int):
        time.sleep(index * 0.01)  # a ramp, not a SYN flood
        while not self.stop_event.is_set():
            try:
                sock = socket.create_connection(("127.0.0.1", self.port), timeout=5)
            except OSError:
                with self.lock:
                    self.connect_failures += 1
                time.sleep(0.5)
                continue
            with self.lock:
                self.opened += 1
                self.open_now += 1
                self.max_open = max(self.max_open, self.open_now)
            sock.settimeout(self.interval)
            sent = 0
            try:
                # Never the final byte: the request stays unfinished.
                while not self.stop_event.is_set() and sent < len(REQUEST) - 1:
                    sock.sendall(REQUEST[sent : sent + 1])
                    sent += 1
                    try:
                        data = sock.recv(4096)
                    except TimeoutError:
                        continue
                    if not data:  # the server closed the connection
                        with self.lock:
                            self.closed_by_server += 1
                        break
                    with self.lock:  # an answer (a 408, most likely) before the end
                        self.answered += 1
                    break
            except OSError:
                with self.lock:
                    self.closed_by_server += 1
            finally:
                sock.close()
                with self.lock:
                    self.open_now -= 1

    def start(self):
        for index in range(self.count):
            thread = threading.Thread(target=self._client, args=(index,), daemon=True)
            thread.start()
            self.threads.append(thread)

    def stop(self):
        self.stop_event.set()
        for thread in self.threads:
            thread.join(timeout=self.interval + 6)

    def summary(self) -> dict:
        return {
            "slow_connections": self.count,
            "byte_interval_s": self.interval,
            "connections_opened": self.opened,
            "most_open_at_once": self.max_open,
            "closed_by_server": self.closed_by_server,
            "answered_early": self.answered,
            "connect_failures": self.connect_failures,
        }


def readers(port: int, paths: list[str], seconds: float, threads: int = 2) -> dict:
    """`threads` readers asking for `paths` in turn, a new connection each time."""
    results: list[tuple[float, str, float]] = []
    lock = threading.Lock()
    started = time.monotonic()

    def reader(offset: int):
        n = offset
        while time.monotonic() - started < seconds:
            path = paths[n % len(paths)]
            n += threads
            begin = time.monotonic()
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                outcome = str(response.status)
                conn.close()
            except (OSError, http.client.HTTPException) as error:
                outcome = type(error).__name__
            with lock:
                results.append((begin - started, outcome, time.monotonic() - begin))

    workers = [threading.Thread(target=reader, args=(i,), daemon=True) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=seconds + 15)
    succeeded = [r for r in results if r[1].isdigit() and 200 <= int(r[1]) < 400]
    latencies = sorted(r[2] for r in results)

    def pct(p):
        return round(latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] * 1000, 1)

    failures: dict[str, int] = {}
    for r in results:
        if r not in succeeded:
            failures[r[1]] = failures.get(r[1], 0) + 1
    return {
        "requests": len(results),
        "succeeded": len(succeeded),
        "failed": len(results) - len(succeeded),
        "failures": failures,
        "rate_per_s": round(len(results) / seconds, 1),
        "p50_ms": pct(50) if latencies else None,
        "p99_ms": pct(99) if latencies else None,
        "max_ms": pct(100) if latencies else None,
    }


def attack(port: int, paths: list[str], slow: int, seconds: float, interval: float) -> dict:
    clients = SlowClients(port, slow, interval)
    clients.start()
    time.sleep(min(5.0, slow * 0.01 + 2))  # let them connect and start dribbling
    outcome = readers(port, paths, seconds)
    clients.stop()
    return {"readers": outcome, "slow_clients": clients.summary()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("port", type=int)
    parser.add_argument("--slow", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--interval", type=float, default=1.0)
    parser.add_argument("--path", action="append", default=[])
    args = parser.parse_args()
    paths = args.path or ["/", "/articles/", "/healthz"]
    print(json.dumps(attack(args.port, paths, args.slow, args.seconds, args.interval), indent=1))


if __name__ == "__main__":
    main()
