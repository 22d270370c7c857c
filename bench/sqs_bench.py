"""SQS throughput and latency: send + receive + delete cycles, 1 and 8 clients, cumulo beside moto.

    python bench/sqs_bench.py                    # cumulo, and moto_server if installed (pip install '.[bench]')
    python bench/sqs_bench.py --seconds 5 --no-moto --json bench/results/sqs.json

Each client has its own queue and repeats one cycle: SendMessage, ReceiveMessage,
DeleteMessage of one message. Two kinds of client (see harness.py): boto3, what a
test suite sees, and a raw JSON client, which measures the server itself.
Reported per server, client kind and client count: cycles/s (3 calls each) and
p50/p99 of a cycle.

    python bench/sqs_bench.py --receive          # µs per ReceiveMessage by queue size, in-process
    python bench/sqs_bench.py --receive --sizes 10,1000 --json bench/results/sqs_receive.json

`--receive` measures how ReceiveMessage scales with the messages a queue holds,
without the wire: requests go straight to `Gateway.handle`. Per queue type
(standard, FIFO) and size N, two states: `visible` (N receivable messages; FIFO
in N/10 groups) and `in flight` (N messages in flight, each FIFO one in its own
group, and 10 receivable ones sent after them). Each ReceiveMessage takes one
message with VisibilityTimeout=0, so the queue is the same before every call;
the first call is timed apart (`µs first`: it may build per-queue state).
The in-flight state is written into the store directly (what N receives would
leave), so that setting it up costs O(N) whatever the engine.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
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


# ---------------------------------------------------------------- --receive: ReceiveMessage by queue size

AUTH = "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=0"


class InProcess:
    """JSON SQS calls straight into a fresh in-memory cumulo's gateway."""

    def __init__(self) -> None:
        from cumulo.config import Config
        from cumulo.gateway import Gateway
        from cumulo.server import build_runtime

        self.runtime = build_runtime(Config())
        self.gateway = Gateway(self.runtime)

    async def __call__(self, operation: str, body: dict[str, Any]) -> dict[str, Any]:
        from cumulo.core.http import Request

        headers = {"content-type": "application/x-amz-json-1.0", "x-amz-target": f"AmazonSQS.{operation}", "authorization": AUTH}
        response = await self.gateway.handle(Request("POST", "/", "", headers, json.dumps(body).encode()))
        answer: dict[str, Any] = json.loads(response.body or b"{}")
        if response.status != 200:
            raise RuntimeError(f"{operation}: {answer}")
        return answer

    def put_in_flight(self, name: str) -> None:
        """Every message of the queue in flight for an hour, as receiving each once would leave it."""
        now = self.runtime.clock.now()
        from cumulo.services.sqs.index import indexes

        table = self.runtime.store.scope("sqs", "000000000000", "us-east-1").table(f"messages/{name}")
        for key, message in table.items():
            message.receive_count, message.first_received, message.received_at = 1, now, now
            message.visible_at, message.receipt = now + 3600, "bench"
            table.touch(key)
        self.runtime.store.commit()
        indexes(self.runtime).drop(table)  # changed past delivery: built again on the next receive


async def fill(call: InProcess, queue: str, count: int, *, fifo: bool, group_size: int, start: int = 0) -> None:
    for first in range(start, start + count, 10):
        entries = []
        for i in range(first, min(first + 10, start + count)):
            entry: dict[str, Any] = {"Id": str(i - first), "MessageBody": f"message {i}"}
            if fifo:
                entry |= {"MessageGroupId": f"g{i // group_size}", "MessageDeduplicationId": str(i)}
            entries.append(entry)
        await call("SendMessageBatch", {"QueueUrl": queue, "Entries": entries})


async def receive_case(kind: str, state: str, size: int, seconds: float) -> dict[str, Any]:
    call = InProcess()
    fifo = kind == "fifo"
    name = f"bench-{kind}-{state.replace(' ', '-')}-{size}" + (".fifo" if fifo else "")
    queue = (await call("CreateQueue", {"QueueName": name, "Attributes": {"FifoQueue": "true"} if fifo else {}}))["QueueUrl"]
    if state == "visible":
        await fill(call, queue, size, fifo=fifo, group_size=10)
    else:
        await fill(call, queue, size, fifo=fifo, group_size=1)
        call.put_in_flight(name)
        await fill(call, queue, 10, fifo=fifo, group_size=1, start=size)
    request = {"QueueUrl": queue, "MaxNumberOfMessages": 1, "VisibilityTimeout": 0}
    started = time.perf_counter()
    assert (await call("ReceiveMessage", request)).get("Messages"), "nothing received"
    first = (time.perf_counter() - started) * 1e6
    calls, started = 0, time.perf_counter()
    while calls < 3 or (time.perf_counter() - started < seconds and calls < 5000):
        assert (await call("ReceiveMessage", request)).get("Messages"), "nothing received"
        calls += 1
    us = (time.perf_counter() - started) / calls * 1e6
    return {"queue": kind, "state": state, "messages": size, "calls": calls, "us_per_receive": round(us, 1), "us_first": round(first)}


def receive_main(sizes: list[int], seconds: float, out: str | None) -> None:
    rows = []
    print(f"{'queue':8} {'state':9} {'messages':>9} {'calls':>6} {'µs/receive':>11} {'µs first':>9}")
    for kind in ("standard", "fifo"):
        for state in ("visible", "in flight"):
            for size in sizes:
                row = asyncio.run(receive_case(kind, state, size, seconds))
                rows.append(row)
                print(f"{kind:8} {state:9} {size:>9} {row['calls']:>6} {row['us_per_receive']:>11} {row['us_first']:>9}")
    if out:
        Path(out).write_text(json.dumps(rows, indent=1) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--no-moto", action="store_true")
    parser.add_argument("--json", help="write the results here too")
    parser.add_argument("--receive", action="store_true", help="µs per ReceiveMessage by queue size, in-process")
    parser.add_argument("--sizes", default="10,1000,100000", help="with --receive: queue sizes, comma-separated")
    args = parser.parse_args()
    if args.receive:
        receive_main([int(n) for n in args.sizes.split(",")], args.seconds / 3, args.json)
        return
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
