"""cumulo's core benchmark: start-up, idle memory, and a cheap call's throughput and latency.

    python bench/run.py                          # spawn cumulo and measure it
    python bench/run.py --endpoint http://127.0.0.1:5000   # measure another emulator the same way
    python bench/run.py --seconds 5 --json bench/results/core.json

Start-up is spawn -> first answered request. Idle RSS is read from /proc after
start-up and one request. Throughput is STS GetCallerIdentity through boto3 with
1 and 8 client threads (each thread its own client), p50/p99 per call. boto3's
own overhead is in every figure, as it is in a user's test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import boto3
from botocore.config import Config


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def spawn(port: int) -> tuple[subprocess.Popen[bytes], float]:
    """Start cumulo; seconds from spawn to the first answered request."""
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "cumulo", "--port", str(port), "--log-level", "warning"], stdout=subprocess.DEVNULL)
    body = b"Action=GetCallerIdentity&Version=2011-06-15"
    while True:
        try:
            req = urllib.request.Request(f"http://127.0.0.1:{port}/", data=body, headers={"Content-Type": "application/x-www-form-urlencoded"})
            with urllib.request.urlopen(req, timeout=1) as r:
                r.read()
            return proc, time.perf_counter() - started
        except OSError:
            if proc.poll() is not None:
                raise SystemExit("cumulo exited during start-up")
            time.sleep(0.002)


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def load(endpoint: str, threads: int, seconds: float) -> dict[str, float]:
    latencies: list[list[float]] = [[] for _ in range(threads)]
    clients = [
        boto3.client("sts", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="test",
                     aws_secret_access_key="test", config=Config(retries={"max_attempts": 1}, max_pool_connections=2))
        for _ in range(threads)
    ]
    for c in clients:  # warm up connections and botocore's caches
        c.get_caller_identity()
    barrier = threading.Barrier(threads + 1)
    deadline = 0.0

    def work(i: int) -> None:
        call, out = clients[i].get_caller_identity, latencies[i]
        barrier.wait()
        while True:
            t0 = time.perf_counter()
            call()
            t1 = time.perf_counter()
            out.append(t1 - t0)
            if t1 >= deadline:
                return

    pool = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
    for t in pool:
        t.start()
    start = time.perf_counter()
    deadline = start + seconds
    barrier.wait()
    for t in pool:
        t.join()
    elapsed = time.perf_counter() - start
    every = sorted(x for xs in latencies for x in xs)
    return {
        "threads": threads,
        "requests": len(every),
        "rps": len(every) / elapsed,
        "p50_ms": statistics.median(every) * 1000,
        "p99_ms": every[int(len(every) * 0.99) - 1] * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--endpoint", help="measure an already running emulator instead of spawning cumulo")
    parser.add_argument("--seconds", type=float, default=3.0, help="length of each load run")
    parser.add_argument("--json", default="bench/results/core.json", help="where to write the figures")
    args = parser.parse_args()

    report: dict[str, object] = {"target": args.endpoint or "cumulo", "python": sys.version.split()[0], "cpus": os.cpu_count()}
    proc = None
    endpoint = args.endpoint
    if endpoint is None:
        port = free_port()
        proc, startup = spawn(port)
        endpoint = f"http://127.0.0.1:{port}"
        time.sleep(0.5)
        report["startup_s"] = round(startup, 3)
        report["idle_rss_mib"] = round(rss_mib(proc.pid), 1)
    try:
        report["load"] = [load(endpoint, n, args.seconds) for n in (1, 8)]
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait()

    print(f"target: {report['target']}")
    if "startup_s" in report:
        print(f"start-up (spawn -> first answer): {report['startup_s'] * 1000:.0f} ms")
        print(f"idle RSS: {report['idle_rss_mib']:.1f} MiB")
    print(f"{'threads':>8} {'requests':>9} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7}   (STS GetCallerIdentity via boto3)")
    for row in report["load"]:  # type: ignore[union-attr]
        print(f"{row['threads']:>8} {row['requests']:>9} {row['rps']:>8.0f} {row['p50_ms']:>7.2f} {row['p99_ms']:>7.2f}")
    out = Path(args.json)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"written to {out}")


if __name__ == "__main__":
    main()
