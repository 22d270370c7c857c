"""DynamoDB throughput and latency: cumulo and moto's server, side by side, in one run.

    python bench/dynamodb_bench.py                       # both, defaults
    python bench/dynamodb_bench.py --seconds 5 --items 1000000 --moto-items 100000
    python bench/dynamodb_bench.py --only cumulo --json bench/results/dynamodb.json

For each server: PutItem and GetItem with 1 and 8 clients for `--seconds`,
through boto3 (what a test suite sees) and through the raw JSON client (the
server itself; see harness.py); calls/s and p50/p99. Then a table loaded with
`--items` items over 1,000 partitions (BatchWriteItem) and the latency of a
20-item Query page from one partition. moto is loaded with `--moto-items` (its
load is slow; say so when quoting).
"""

from __future__ import annotations

import argparse
import json
import threading
import time
from collections.abc import Callable
from typing import Any

from harness import RawJson, boto3_client, measure, moto_available, server

ITEM_PAYLOAD = "x" * 100


def create(call: Callable[[str, dict[str, Any]], Any], name: str) -> None:
    call("CreateTable", {
        "TableName": name, "BillingMode": "PAY_PER_REQUEST",
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "N"}],
    })


def caller(kind: str, url: str) -> Callable[[str, dict[str, Any]], Any]:
    """A `call(operation, input)` over boto3 or the raw client."""
    if kind == "raw":
        return RawJson(url, "DynamoDB_20120810", "dynamodb")
    client = boto3_client("dynamodb", url)
    return lambda operation, body: client._make_api_call(operation, body)


def put_work(kind: str, url: str) -> Callable[[int], Callable[[], None]]:
    def make(i: int) -> Callable[[], None]:
        call, n = caller(kind, url), [0]

        def work() -> None:
            n[0] += 1
            call("PutItem", {"TableName": "bench", "Item": {"pk": {"S": f"t{i}"}, "sk": {"N": str(n[0])}, "payload": {"S": ITEM_PAYLOAD}}})

        return work

    return make


def get_work(kind: str, url: str) -> Callable[[int], Callable[[], None]]:
    def make(i: int) -> Callable[[], None]:
        call, n = caller(kind, url), [0]

        def work() -> None:
            n[0] += 1
            call("GetItem", {"TableName": "bench", "Key": {"pk": {"S": f"t{i}"}, "sk": {"N": str(n[0] % 100)}}})

        return work

    return make


def load(url: str, items: int, threads: int = 8) -> float:
    create(caller("raw", url), "big")
    began = time.perf_counter()
    per = items // threads

    def worker(t: int) -> None:
        call = caller("raw", url)
        for start in range(t * per, (t + 1) * per, 25):
            batch = [{"PutRequest": {"Item": {"pk": {"S": f"p{k % 1000}"}, "sk": {"N": str(k)}}}} for k in range(start, min(start + 25, (t + 1) * per))]
            call("BatchWriteItem", {"RequestItems": {"big": batch}})

    workers = [threading.Thread(target=worker, args=(t,)) for t in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return time.perf_counter() - began


def query_work(url: str) -> Callable[[int], Callable[[], None]]:
    def make(i: int) -> Callable[[], None]:
        call, n = caller("boto3", url), [0]

        def work() -> None:
            n[0] += 1
            out = call("Query", {"TableName": "big", "KeyConditionExpression": "pk = :p AND sk > :s", "Limit": 20,
                                 "ExpressionAttributeValues": {":p": {"S": f"p{n[0] % 1000}"}, ":s": {"N": str(n[0] * 7 % 500_000)}}})
            assert out["Count"] <= 20

        return work

    return make


def run(name: str, seconds: float, items: int) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    with server(name) as url:
        create(caller("raw", url), "bench")
        for kind in ("boto3", "raw"):
            for clients in (1, 8):
                for op, work in (("PutItem", put_work), ("GetItem", get_work)):
                    rows.append({"server": name, "client": kind, "op": op, **measure(work(kind, url), clients, seconds)})
        loaded = load(url, items)
        rows.append({"server": name, "client": "boto3", "op": f"Query ({items:,} items, loaded in {loaded:.0f} s)",
                     **measure(query_work(url), 1, seconds, warm=5)})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--moto-items", type=int, default=100_000)
    parser.add_argument("--only", choices=["cumulo", "moto"])
    parser.add_argument("--json")
    args = parser.parse_args()
    names = [n for n in ("cumulo", "moto") if (not args.only or args.only == n) and (n == "cumulo" or moto_available())]
    rows = [row for name in names for row in run(name, args.seconds, args.items if name == "cumulo" else args.moto_items)]
    print(f"{'server':8} {'client':6} {'clients':>7} {'calls/s':>8} {'p50 ms':>8} {'p99 ms':>8}  op")
    for r in rows:
        print(f"{r['server']:8} {r['client']:6} {r['clients']:>7} {r['per_s']:>8} {r['p50_ms']:>8} {r['p99_ms']:>8}  {r['op']}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f, indent=1)


if __name__ == "__main__":
    main()
