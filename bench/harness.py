"""What every benchmark shares: servers to measure, clients to drive them, and the load loop.

- `server(kind)` runs cumulo or moto's `moto_server` as a child process on a free
  port (persistence off) and yields its URL.
- Two clients. `boto3_client(...)` is what users run: its own cost (about 1 ms a
  call here) is in every figure, so it measures what a test suite sees.
  `RawJson` posts AWS JSON-protocol calls over one keep-alive connection with
  prepared headers (a few µs a call), so what it measures is the server.
- `measure(make_work, clients, seconds)` runs one thread per client, each
  repeating its unit of work, and returns units/s and p50/p99 per unit.

Compare figures from one machine and one run only: the machine is shared.
"""

from __future__ import annotations

import http.client
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import orjson

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_up(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except urllib.error.HTTPError:  # any HTTP answer means it is up
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def memory_mib(pid: int, field: str = "VmRSS") -> float:
    """A process's memory from /proc in MiB: VmRSS now, or VmHWM, its peak so far."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def moto_available() -> bool:
    return shutil.which("moto_server") is not None


def spawn(kind: str) -> tuple[subprocess.Popen[bytes], str]:
    """Start a server of `kind` ("cumulo" or "moto") on a free port; (process, URL) once it answers."""
    port = free_port()
    if kind == "cumulo":
        args = [sys.executable, "-m", "cumulo", "--port", str(port), "--log-level", "error"]
    else:
        args = [shutil.which("moto_server") or "moto_server", "-p", str(port)]
    proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_up(url + "/")
    except BaseException:
        proc.kill()
        raise
    return proc, url


@contextmanager
def server(kind: str) -> Iterator[str]:
    """A fresh server of `kind`, stopped afterwards; yields its URL."""
    proc, url = spawn(kind)
    try:
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def boto3_client(service: str, url: str) -> Any:
    import boto3
    from botocore.config import Config

    return boto3.client(
        service, endpoint_url=url, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test",
        config=Config(retries={"max_attempts": 0}, max_pool_connections=4),
    )


class RawJson:
    """AWS JSON-protocol calls with next to no client cost (one connection, prepared headers)."""

    def __init__(self, url: str, target_prefix: str, signing_name: str, json_version: str = "1.0") -> None:
        parts = urlsplit(url)
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        self.prefix = target_prefix
        self.headers = {
            "Content-Type": f"application/x-amz-json-{json_version}",
            "Authorization": f"AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/{signing_name}/aws4_request, "
            "SignedHeaders=host;x-amz-date, Signature=0",
            "X-Amz-Date": "20260101T000000Z",
        }

    def __call__(self, operation: str, body: dict[str, Any]) -> dict[str, Any]:
        payload = orjson.dumps(body)
        self.connection.request("POST", "/", payload, {**self.headers, "X-Amz-Target": f"{self.prefix}.{operation}"})
        response = self.connection.getresponse()
        data = response.read()
        if response.status != 200:
            raise RuntimeError(f"{operation}: HTTP {response.status}: {data[:200]!r}")
        return orjson.loads(data) if data else {}


def measure(make_work: Callable[[int], Callable[[], None]], clients: int, seconds: float, warm: int = 20) -> dict[str, float]:
    """Each client `i` repeats `make_work(i)()` for `seconds` after `warm` untimed runs."""
    works = [make_work(i) for i in range(clients)]
    latencies: list[list[float]] = [[] for _ in range(clients)]
    ready = threading.Barrier(clients + 1)
    stop_at = [float("inf")]

    def run(i: int) -> None:
        work, mine = works[i], latencies[i]
        for _ in range(warm):
            work()
        ready.wait()
        while True:
            t0 = time.perf_counter()
            work()
            t1 = time.perf_counter()
            mine.append(t1 - t0)
            if t1 >= stop_at[0]:
                return

    threads = [threading.Thread(target=run, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    ready.wait()
    began = time.perf_counter()
    stop_at[0] = began + seconds
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    every = sorted(x for per in latencies for x in per)
    return {
        "clients": clients,
        "per_s": round(len(every) / elapsed, 1),
        "p50_ms": round(statistics.median(every) * 1000, 3),
        "p99_ms": round(every[min(len(every) - 1, int(len(every) * 0.99))] * 1000, 3),
    }
