"""DynamoDB throughput and latency: cumulo and moto's server, side by side, in one run.

    python bench/dynamodb_bench.py                       # both, defaults
    python bench/dynamodb_bench.py --seconds 5 --items 1000000 --moto-items 100000
    python bench/dynamodb_bench.py --only cumulo

For each server: PutItem and GetItem through boto3 with 1 and 8 client threads
(each thread its own client) for `--seconds`, calls/s and p50/p99 latency; then
a table loaded with `--items` items over 1,000 partitions (BatchWriteItem) and
Query latency for a 20-item page from one partition. moto is loaded with
`--moto-items` (its load is slow; say so when quoting). boto3's own overhead is
in every figure, as it is in a user's test suite.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from typing import Any

import boto3
from botocore.config import Config

sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent.parent))
from cumulo.testing import free_port  # noqa: E402

CONFIG = Config(retries={"max_attempts": 0}, max_pool_connections=16)


def wait_http(url: str, proc: subprocess.Popen[bytes], name: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return
        except urllib.error.HTTPError:
            return  # answering, even if with an error
        except OSError:
            if proc.poll() is not None:
                raise SystemExit(f"{name} exited during start-up")
            time.sleep(0.05)
    raise SystemExit(f"{name} did not start")


def start(name: str) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    if name == "cumulo":
        args = [sys.executable, "-m", "cumulo", "--port", str(port), "--log-level", "warning"]
    else:
        args = [sys.executable, "-m", "moto.server", "-p", str(port)]
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    wait_http(url + "/", proc, name)
    return proc, url


def client(url: str) -> Any:
    return boto3.client("dynamodb", endpoint_url=url, region_name="us-east-1", aws_access_key_id="k",
                        aws_secret_access_key="s", config=CONFIG)


def create(ddb: Any, name: str) -> None:
    ddb.create_table(
        TableName=name, BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "N"}],
    )


def run_threads(url: str, threads: int, seconds: float, call: Any) -> dict[str, float]:
    latencies: list[list[float]] = [[] for _ in range(threads)]
    stop = time.perf_counter() + seconds

    def worker(i: int) -> None:
        ddb = client(url)
        n = 0
        own = latencies[i]
        while time.perf_counter() < stop:
            t = time.perf_counter()
            call(ddb, i, n)
            own.append(time.perf_counter() - t)
            n += 1

    workers = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    began = time.perf_counter()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    elapsed = time.perf_counter() - began
    every = sorted(x for own in latencies for x in own)
    return {
        "calls_per_s": round(len(every) / elapsed, 1),
        "p50_ms": round(statistics.median(every) * 1000, 3),
        "p99_ms": round(every[min(len(every) - 1, int(len(every) * 0.99))] * 1000, 3),
    }


def put(ddb: Any, i: int, n: int) -> None:
    ddb.put_item(TableName="bench", Item={"pk": {"S": f"t{i}"}, "sk": {"N": str(n)}, "payload": {"S": "x" * 100}})


def get(ddb: Any, i: int, n: int) -> None:
    ddb.get_item(TableName="bench", Key={"pk": {"S": f"t{i}"}, "sk": {"N": str(n % 100)}})


def load(url: str, items: int, threads: int = 8) -> float:
    ddb = client(url)
    create(ddb, "big")
    began = time.perf_counter()
    per = items // threads

    def worker(t: int) -> None:
        c = client(url)
        for start in range(t * per, (t + 1) * per, 25):
            batch = [{"PutRequest": {"Item": {"pk": {"S": f"p{k % 1000}"}, "sk": {"N": str(k)}}}} for k in range(start, min(start + 25, (t + 1) * per))]
            c.batch_write_item(RequestItems={"big": batch})

    workers = [threading.Thread(target=worker, args=(t,)) for t in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return time.perf_counter() - began


def query_latency(url: str, seconds: float) -> dict[str, float]:
    def q(ddb: Any, i: int, n: int) -> None:
        out = ddb.query(TableName="big", KeyConditionExpression="pk = :p AND sk > :s", Limit=20,
                        ExpressionAttributeValues={":p": {"S": f"p{n % 1000}"}, ":s": {"N": str(n * 7 % 500_000)}})
        assert out["Count"] <= 20

    return run_threads(url, 1, seconds, q)


def measure(name: str, seconds: float, items: int) -> dict[str, Any]:
    proc, url = start(name)
    try:
        create(client(url), "bench")
        result: dict[str, Any] = {}
        for threads in (1, 8):
            result[f"put_item_{threads}"] = run_threads(url, threads, seconds, put)
            result[f"get_item_{threads}"] = run_threads(url, threads, seconds, get)
        result["load_items"] = items
        result["load_seconds"] = round(load(url, items), 1)
        result["query_1"] = query_latency(url, seconds)
        return result
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--moto-items", type=int, default=100_000)
    parser.add_argument("--only", choices=["cumulo", "moto"])
    parser.add_argument("--json")
    args = parser.parse_args()
    results = {}
    for name in ("cumulo", "moto"):
        if args.only and args.only != name:
            continue
        results[name] = measure(name, args.seconds, args.items if name == "cumulo" else args.moto_items)
        print(name, json.dumps(results[name], indent=1), flush=True)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
