"""S3 throughput beside moto's server, and the memory of a large object.

    python bench/s3_bench.py                     # cumulo, and moto_server if installed
    python bench/s3_bench.py --seconds 5 --large-mib 5120 --no-moto

Workloads, each on a fresh child process of each server (persistence off):
- put+get: PutObject then GetObject of one object (1 KiB and 1 MiB), 1 and 8
  client threads, each with its own boto3 client; cycles/s and p50/p99.
- list: ListObjectsV2 over 10,000 keys, every page (1,000 keys a page); pages/s.
- large (cumulo only): PUT then GET of `--large-mib` MiB streamed from and to a
  temp file; the server's peak RSS (VmHWM) before and after shows whether
  memory stays flat while the object passes through.
boto3's own overhead is in every figure, as in a user's test suite. Compare
figures from one machine and one run only.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import boto3
from botocore.config import Config

KIB = 1024
MIB = 1024 * KIB
ROOT = Path(__file__).resolve().parents[1]


def spawn(kind: str) -> tuple[subprocess.Popen[bytes], str]:
    """A child server on a free port (the pid is needed for its RSS), once it answers HTTP."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    if kind == "cumulo":
        args = [sys.executable, "-m", "cumulo", "--port", str(port), "--log-level", "error"]
    else:
        args = [shutil.which("moto_server") or "moto_server", "-p", str(port)]
    proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(400):
        try:
            urllib.request.urlopen(url + "/", timeout=1)
            break
        except urllib.error.HTTPError:  # any answer means it is up
            break
        except OSError:
            time.sleep(0.05)
    return proc, url


def s3_client(url: str) -> Any:
    return boto3.client(
        "s3", endpoint_url=url, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test",
        config=Config(retries={"max_attempts": 0}, max_pool_connections=16, s3={"addressing_style": "path"}),
    )


def put_get(url: str, clients: int, size: int, seconds: float) -> dict[str, Any]:
    body = os.urandom(size)
    made = [s3_client(url) for _ in range(clients)]
    made[0].create_bucket(Bucket=f"pg-{clients}-{size}")
    bucket = f"pg-{clients}-{size}"
    timings: list[list[float]] = [[] for _ in range(clients)]
    go = threading.Event()
    deadline = [0.0]

    def loop(n: int) -> None:
        s3, key, out = made[n], f"key-{n}", timings[n]
        for _ in range(10):  # warm-up
            s3.put_object(Bucket=bucket, Key=key, Body=body)
            s3.get_object(Bucket=bucket, Key=key)["Body"].read()
        go.wait()
        while (now := time.perf_counter()) < deadline[0]:
            s3.put_object(Bucket=bucket, Key=key, Body=body)
            s3.get_object(Bucket=bucket, Key=key)["Body"].read()
            out.append(time.perf_counter() - now)

    threads = [threading.Thread(target=loop, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    time.sleep(0.5 + 0.1 * clients)  # let every thread finish warming up
    began = time.perf_counter()
    deadline[0] = began + seconds
    go.set()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    every = sorted(t for per in timings for t in per)
    return {
        "workload": f"put+get {size // KIB} KiB", "clients": clients,
        "cycles_per_s": round(len(every) / elapsed, 1),
        "p50_ms": round(statistics.median(every) * 1000, 2),
        "p99_ms": round(every[min(len(every) - 1, int(len(every) * 0.99))] * 1000, 2),
    }


def list_10k(url: str, rounds: int = 3) -> dict[str, Any]:
    s3 = s3_client(url)
    s3.create_bucket(Bucket="listing")
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda i: s3.put_object(Bucket="listing", Key=f"dir{i % 10}/key-{i:05d}", Body=b""), range(10_000)))
    pages = 0
    began = time.perf_counter()
    for _ in range(rounds):
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket="listing"):
            assert len(page["Contents"]) <= 1000
            pages += 1
    elapsed = time.perf_counter() - began
    return {"workload": "ListObjectsV2 10k keys", "clients": 1, "pages_per_s": round(pages / elapsed, 1),
            "full_listing_ms": round(elapsed / rounds * 1000, 1)}


def peak_rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def large_object(url: str, pid: int, mib: int) -> dict[str, Any]:
    s3 = s3_client(url)
    s3.create_bucket(Bucket="large")
    before = peak_rss_mib(pid)
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "in.bin"
        with open(source, "wb") as f:
            block = os.urandom(MIB)
            for _ in range(mib):
                f.write(block)
        began = time.perf_counter()
        with open(source, "rb") as f:
            s3.put_object(Bucket="large", Key="big", Body=f)
        put_s = time.perf_counter() - began
        began = time.perf_counter()
        got = 0
        for chunk in s3.get_object(Bucket="large", Key="big")["Body"].iter_chunks(MIB):
            got += len(chunk)
        get_s = time.perf_counter() - began
        assert got == mib * MIB
    return {"workload": f"PUT+GET {mib} MiB", "put_mib_per_s": round(mib / put_s, 1), "get_mib_per_s": round(mib / get_s, 1),
            "peak_rss_before_mib": round(before, 1), "peak_rss_after_mib": round(peak_rss_mib(pid), 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--large-mib", type=int, default=1024)
    parser.add_argument("--no-moto", action="store_true")
    parser.add_argument("--json", help="write the results here too")
    args = parser.parse_args()
    kinds = ["cumulo"] + ([] if args.no_moto or not shutil.which("moto_server") else ["moto"])
    results: dict[str, list[dict[str, Any]]] = {}
    for kind in kinds:
        proc, url = spawn(kind)
        try:
            rows = [put_get(url, n, size, args.seconds) for size in (KIB, MIB) for n in (1, 8)]
            rows.append(list_10k(url))
            if kind == "cumulo" and args.large_mib:
                rows.append(large_object(url, proc.pid, args.large_mib))
            results[kind] = rows
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    for kind, rows in results.items():
        for row in rows:
            print(kind.ljust(7), json.dumps(row))
    if "moto" in results:
        for mine, theirs in zip(results["cumulo"], results["moto"]):
            key = "cycles_per_s" if "cycles_per_s" in mine else "pages_per_s"
            print(f"cumulo/moto {mine['workload']} x{mine['clients']}: {mine[key] / theirs[key]:.1f}x")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1) + "\n")


if __name__ == "__main__":
    main()
