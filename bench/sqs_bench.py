"""SQS throughput and latency: send + receive + delete cycles, 1 and 8 clients, cumulo beside moto.

    python bench/sqs_bench.py                    # cumulo, and moto_server if installed (pip install '.[bench]')
    python bench/sqs_bench.py --seconds 5 --no-moto --json bench/results/sqs.json

Each client has its own queue and repeats one cycle: SendMessage, ReceiveMessage,
DeleteMessage of one message. Two kinds of client (see harness.py): boto3, what a
test suite sees, and a raw JSON client, which measures the server itself.
Reported per server, client kind and client count: cycles/s (3 calls each) and
p50/p99 of a cycle.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from harness import RawJson, boto3_client, measure, moto_available, server


def boto3_cycle(url: str, name: str) -> Callable[[], None]:
    sqs = boto3_client("sqs", url)
    queue = sqs.create_queue(QueueName=name)["QueueUrl"]

    def cycle() -> None:
        sqs.send_message(QueueUrl=queue, MessageBody="payload " * 16)
        for m in sqs.receive_message(QueueUrl=queue).get("Messages", []):
            sqs.delete_message(QueueUrl=queue, ReceiptHandle=m["ReceiptHandle"])

    return cycle


def raw_cycle(url: str, name: str) -> Callable[[], None]:
    call = RawJson(url, "AmazonSQS", "sqs")
    queue = call("CreateQueue", {"QueueName": name})["QueueUrl"]

    def cycle() -> None:
        call("SendMessage", {"QueueUrl": queue, "MessageBody": "payload " * 16})
        for m in call("ReceiveMessage", {"QueueUrl": queue}).get("Messages", []):
            call("DeleteMessage", {"QueueUrl": queue, "ReceiptHandle": m["ReceiptHandle"]})

    return cycle


CLIENTS: dict[str, Callable[[str, str], Callable[[], None]]] = {"boto3": boto3_cycle, "raw": raw_cycle}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--no-moto", action="store_true")
    parser.add_argument("--json", help="write the results here too")
    args = parser.parse_args()
    kinds = ["cumulo"] + ([] if args.no_moto or not moto_available() else ["moto"])
    rows: list[dict[str, Any]] = []
    for kind in kinds:
        with server(kind) as url:
            for client, make in CLIENTS.items():
                for n in (1, 8):
                    result = measure(lambda i: make(url, f"bench-{client}-{n}-{i}"), n, args.seconds)
                    rows.append({"server": kind, "client": client, **result})
    print(f"{'server':8} {'client':6} {'clients':>7} {'cycles/s':>9} {'calls/s':>8} {'p50 ms':>8} {'p99 ms':>8}")
    for r in rows:
        print(f"{r['server']:8} {r['client']:6} {r['clients']:>7} {r['per_s']:>9} {r['per_s'] * 3:>8.0f} {r['p50_ms']:>8} {r['p99_ms']:>8}")
    mine = {(r["client"], r["clients"]): r["per_s"] for r in rows if r["server"] == "cumulo"}
    for r in rows:
        if r["server"] == "moto":
            print(f"cumulo/moto, {r['client']} client x{r['clients']}: {mine[(r['client'], r['clients'])] / r['per_s']:.1f}x")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1) + "\n")


if __name__ == "__main__":
    main()
