"""gunicorn on a free port, and wrk against it: req/s, latency and the workers' CPU."""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bench.parse import (
    Row,
    WrkResult,
    cpu_ms_per_request,
    load_seconds,
    parse_proc_stat,
    parse_wrk,
)
from bench.plan import BENCH_DIR, FORWARDED, PAGE_CACHE_HEADER, ROOT, Page


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _children(pid: int) -> dict[int, int]:
    """CPU ticks of ``pid``'s children (the gunicorn workers), by pid."""
    ticks = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = parse_proc_stat((entry / "stat").read_text())
        except (OSError, ValueError):
            continue
        if stat.ppid == pid:
            ticks[stat.pid] = stat.cpu_ticks
    return ticks


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    workers: int
    base: str = field(init=False)

    def __post_init__(self) -> None:
        self.base = f"http://127.0.0.1:{self.port}"

    def worker_ticks(self) -> dict[int, int]:
        return _children(self.process.pid)


@contextlib.contextmanager
def gunicorn(env: dict[str, str], *, workers: int, label: str) -> Iterator[Server]:
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        f"--workers={workers}",
        "--worker-class=sync",
        f"--bind=127.0.0.1:{port}",
        "--max-requests=0",
        "--timeout=120",
        "--log-level=warning",
    ]
    log = (BENCH_DIR / f"gunicorn-{label}.log").open("wb")
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
    server = Server(process, port, workers)
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise SystemExit(f"gunicorn stopped; see {log.name}")
            with contextlib.suppress(OSError):
                if (
                    fetch(server, "/health/live/", "").status == 200
                    and len(server.worker_ticks()) >= workers
                ):
                    break
            if time.monotonic() > deadline:
                raise SystemExit(f"gunicorn did not answer within a minute; see {log.name}")
            time.sleep(0.3)
        yield server
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@dataclass
class Fetched:
    status: int
    cache: str


def fetch(server: Server, path: str, cookie: str) -> Fetched:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    headers = dict(FORWARDED)
    if cookie:
        headers["Cookie"] = cookie
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        return Fetched(response.status, response.getheader(PAGE_CACHE_HEADER) or "")
    finally:
        connection.close()


@dataclass(frozen=True)
class Load:
    seconds: int
    connections: int
    threads: int
    warmup: int


def wrk(
    server: Server, path: str, cookie: str, load: Load, seconds: int
) -> tuple[WrkResult, float | None]:
    """wrk on ``path`` for ``seconds``; returns its result and the server CPU ms per request."""
    command = [
        "wrk",
        f"--threads={load.threads}",
        f"--connections={load.connections}",
        f"--duration={seconds}s",
        "--timeout=30s",
        "--latency",
    ]
    for name, value in FORWARDED.items():
        command += ["--header", f"{name}: {value}"]
    if cookie:
        command += ["--header", f"Cookie: {cookie}"]
    command.append(server.base + path)
    before = server.worker_ticks()
    output = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    after = server.worker_ticks()
    result = parse_wrk(output.stdout + output.stderr)
    cpu = cpu_ms_per_request(
        before, after, requests=result.requests, ticks_per_second=os.sysconf("SC_CLK_TCK")
    )
    return result, cpu


def load_page(server: Server, page: Page, path: str, cookie: str, load: Load, mode: str) -> Row:
    warm = Fetched(0, "")
    started = time.monotonic()
    for _n in range(load.warmup):
        warm = fetch(server, path, cookie)
    each = (time.monotonic() - started) / max(load.warmup, 1)
    seconds = load_seconds(load.seconds, each, workers=server.workers)
    result, cpu = wrk(server, path, cookie, load, seconds)
    row = Row(
        page=page.label,
        path=path,
        mode=mode,
        status=warm.status,
        requests_per_second=result.requests_per_second,
        p50_ms=result.p50_ms,
        p99_ms=result.p99_ms,
        cpu_ms=cpu,
        cache=warm.cache,
    )
    problems = []
    if warm.status != 200:
        problems.append(f"answers {warm.status}!")
    if result.non_2xx_3xx:
        problems.append(f"{result.non_2xx_3xx} non-2xx/3xx")
    if result.socket_errors:
        problems.append(f"{result.socket_errors} socket errors")
    row.note = "; ".join(problems) or f"{result.requests} requests"
    return row
