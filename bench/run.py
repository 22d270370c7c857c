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
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from harness import boto3_client, free_port, measure, memory_mib


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


def load(endpoint: str, threads: int, seconds: float) -> dict[str, float]:
    def make(i: int):  # type: ignore[no-untyped-def]
        return boto3_client("sts", endpoint).get_caller_identity

    row = measure(make, threads, seconds, warm=5)
    return {"threads": threads, "rps": row["per_s"], "p50_ms": row["p50_ms"], "p99_ms": row["p99_ms"]}


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
        report["idle_rss_mib"] = round(memory_mib(proc.pid), 1)
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
    print(f"{'threads':>8} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7}   (STS GetCallerIdentity via boto3)")
    for row in report["load"]:  # type: ignore[union-attr]
        print(f"{row['threads']:>8} {row['rps']:>8.0f} {row['p50_ms']:>7.2f} {row['p99_ms']:>7.2f}")
    out = Path(args.json)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"written to {out}")


if __name__ == "__main__":
    main()
