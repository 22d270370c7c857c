"""SQS throughput and latency: send + receive + delete cycles, 1 and 8 clients, cumulo beside moto.

    python bench/sqs_bench.py                    # cumulo, and moto_server if it is installed
    python bench/sqs_bench.py --seconds 5 --no-moto
    python bench/sqs_bench.py --json bench/results/sqs.json

Each client thread has its own boto3 client and its own queue and runs, for
`--seconds`, cycles of SendMessage, ReceiveMessage and DeleteMessage of one
message. Reported per server and client count: cycles/s (each cycle is three
calls) and p50/p99 of one cycle. Both servers run as child processes on free
ports with persistence off; boto3's overhead is in every figure, as it is in a
user's test suite. Compare figures from one machine and one run only.
"""

from __future__ import annotations

import argparse
import json
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

import boto3
from botocore.config import Config

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_up(url: str, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(url, timeout=1)  # any HTTP answer, even an error, means it is up
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def spawn(kind: str) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    if kind == "cumulo":
        args = [sys.executable, "-m", "cumulo", "--port", str(port), "--log-level", "error"]
    else:
        args = [shutil.which("moto_server") or "moto_server", "-p", str(port)]
    proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    wait_up(url + "/")
    return proc, url


def client(url: str) -> Any:
    return boto3.client(
        "sqs",
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
        config=Config(retries={"max_attempts": 0}, max_pool_connections=4),
    )


def run_clients(url: str, clients: int, seconds: float) -> dict[str, float]:
    latencies: list[list[float]] = [[] for _ in range(clients)]
    sqs_clients = [client(url) for _ in range(clients)]
    queues = [c.create_queue(QueueName=f"bench-{clients}-{i}")["QueueUrl"] for i, c in enumerate(sqs_clients)]
    start = threading.Barrier(clients + 1)
    stop_at = [0.0]

    def work(i: int) -> None:
        sqs, queue, mine = sqs_clients[i], queues[i], latencies[i]
        for _ in range(20):  # warm the connection and the server's code paths
            sqs.send_message(QueueUrl=queue, MessageBody="warm")
            for m in sqs.receive_message(QueueUrl=queue).get("Messages", []):
                sqs.delete_message(QueueUrl=queue, ReceiptHandle=m["ReceiptHandle"])
        start.wait()
        while time.perf_counter() < stop_at[0]:
            t0 = time.perf_counter()
            sqs.send_message(QueueUrl=queue, MessageBody="payload " * 16)
            for m in sqs.receive_message(QueueUrl=queue).get("Messages", []):
                sqs.delete_message(QueueUrl=queue, ReceiptHandle=m["ReceiptHandle"])
            mine.append(time.perf_counter() - t0)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    stop_at[0] = time.perf_counter() + 3600  # placeholder until everyone is warm
    start.wait()
    began = time.perf_counter()
    stop_at[0] = began + seconds
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    every = sorted(x for per in latencies for x in per)
    return {
        "clients": clients,
        "cycles_per_s": round(len(every) / elapsed, 1),
        "calls_per_s": round(3 * len(every) / elapsed, 1),
        "p50_ms": round(statistics.median(every) * 1000, 2),
        "p99_ms": round(every[min(len(every) - 1, int(len(every) * 0.99))] * 1000, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--no-moto", action="store_true")
    parser.add_argument("--json", help="write the results here too")
    args = parser.parse_args()
    kinds = ["cumulo"] + ([] if args.no_moto or not shutil.which("moto_server") else ["moto"])
    results: dict[str, list[dict[str, float]]] = {}
    for kind in kinds:
        proc, url = spawn(kind)
        try:
            results[kind] = [run_clients(url, n, args.seconds) for n in (1, 8)]
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    print(f"{'server':8} {'clients':>7} {'cycles/s':>9} {'calls/s':>9} {'p50 ms':>8} {'p99 ms':>8}")
    for kind, rows in results.items():
        for r in rows:
            print(f"{kind:8} {r['clients']:>7} {r['cycles_per_s']:>9} {r['calls_per_s']:>9} {r['p50_ms']:>8} {r['p99_ms']:>8}")
    if "moto" in results:
        for mine, theirs in zip(results["cumulo"], results["moto"]):
            print(f"cumulo/moto at {mine['clients']} clients: {mine['cycles_per_s'] / theirs['cycles_per_s']:.1f}x")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1) + "\n")


if __name__ == "__main__":
    main()
