"""EventBridge: PutEvents throughput to a bus with 100 rules (10 match, SQS targets), and the pattern
matcher's µs per (event, rule) in-process; cumulo beside moto.

    python bench/events_bench.py                    # cumulo, and moto_server if installed (pip install '.[bench]')
    python bench/events_bench.py --seconds 5 --no-moto --json bench/results/events.json

Throughput (boto3 clients): each client repeats one PutEvents of 10 entries on its own custom bus,
which holds 100 rules with content patterns (source, detail-type, a numeric range
and a prefix in the detail); every entry matches 10 of them, each with one SQS
target, so an entry means 10 SendMessage calls inside the server. The queues are
purged between runs only by being per client (nothing receives: SQS keeps them).
Reported: entries/s, p50/p99 of a PutEvents call.

Matcher: the same 100 patterns against 1,000 generated events, compiled once,
timed over (event, rule) pairs: cumulo's `cumulo.engines.event_patterns`
beside moto's `EventPattern.matches_event`.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from harness import boto3_client, measure, moto_available, server

RULES = 100
MATCHING = 10


def patterns() -> list[dict[str, Any]]:
    out = []
    for i in range(RULES):
        group = i % (RULES // MATCHING)  # rules in group 0 match the bench's events
        out.append({
            "source": [f"bench.app{group}"],
            "detail-type": ["Order Placed", "Order Updated"],
            "detail": {"total": [{"numeric": [">=", 10 * (i // 10), "<", 10_000]}], "region": [{"prefix": "eu-"}]},
        })
    return out


def entry(bus: str, n: int) -> dict[str, Any]:
    return {"Source": "bench.app0", "DetailType": "Order Placed", "EventBusName": bus,
            "Detail": json.dumps({"total": 500 + n, "region": "eu-west-1", "id": f"o-{n}", "items": ["a", "b"]})}


def setup(url: str, name: str, size: int = 10) -> Callable[[], None]:
    # boto3 for both servers (moto's server does not answer the raw client's PutEvents).
    events, sqs = boto3_client("events", url), boto3_client("sqs", url)
    bus = f"bench-{name}"
    events.create_event_bus(Name=bus)
    for i, pattern in enumerate(patterns()):
        rule = f"r{i}"
        events.put_rule(Name=rule, EventBusName=bus, EventPattern=json.dumps(pattern))
        if i % (RULES // MATCHING) == 0:
            queue = sqs.create_queue(QueueName=f"{bus}-q{i}")["QueueUrl"]
            arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
            events.put_targets(Rule=rule, EventBusName=bus, Targets=[{"Id": "q", "Arn": arn}])
    batch = [entry(bus, n) for n in range(size)]

    def put() -> None:
        answer = events.put_events(Entries=batch)
        assert answer.get("FailedEntryCount", 0) == 0, answer

    return put


def matcher_bench(seconds: float) -> list[dict[str, Any]]:
    rng = random.Random(7)
    events = [{"version": "0", "id": str(i), "source": f"bench.app{rng.randrange(12)}", "account": "000000000000",
               "time": "2026-01-01T00:00:00Z", "region": "us-east-1", "resources": [],
               "detail-type": rng.choice(["Order Placed", "Order Updated", "Other"]),
               "detail": {"total": rng.randrange(2000), "region": rng.choice(["eu-west-1", "us-east-1"]), "id": str(i)}}
              for i in range(1000)]
    rows = []
    from cumulo.engines import event_patterns

    compiled = [event_patterns.compile(p) for p in patterns()]
    rows.append(("cumulo", _time_pairs(lambda e, p: p.matches(e), events, compiled, seconds)))
    try:
        from moto.events.models import EventPattern
    except ImportError:
        return [{"matcher": name, "us_per_pair": us} for name, us in rows]
    moto_compiled = [EventPattern.load(json.dumps(p)) for p in patterns()]
    rows.append(("moto", _time_pairs(lambda e, p: p.matches_event(e), events, moto_compiled, seconds)))
    return [{"matcher": name, "us_per_pair": us} for name, us in rows]


def _time_pairs(match: Callable[[Any, Any], bool], events: list[Any], compiled: list[Any], seconds: float) -> float:
    pairs, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        for event in events:
            for pattern in compiled:
                match(event, pattern)
        pairs += len(events) * len(compiled)
    return round((time.perf_counter() - started) / pairs * 1e6, 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--no-moto", action="store_true")
    parser.add_argument("--json", help="write the results here too")
    parser.add_argument("--batch", type=int, default=10, help="entries per PutEvents (moto needs over 60 s for 10)")
    parser.add_argument("--clients", default="1,4", help="client counts, comma-separated")
    args = parser.parse_args()
    kinds = ["cumulo"] + ([] if args.no_moto or not moto_available() else ["moto"])
    rows: list[dict[str, Any]] = []
    for kind in kinds:
        with server(kind) as url:
            for n in (int(c) for c in args.clients.split(",")):
                try:
                    result = measure(lambda i: setup(url, f"{kind}-{n}-{i}", args.batch), n, args.seconds, warm=3)
                except Exception as error:  # noqa: BLE001 - a server that cannot keep up is a result too
                    print(f"{kind} x{n}: no result: {type(error).__name__}: {str(error)[:120]}")
                    break
                rows.append({"server": kind, **result, "entries_per_s": round(result["per_s"] * args.batch, 1)})
    print(f"{'server':8} {'clients':>7} {'entries/s':>10} {'p50 ms':>8} {'p99 ms':>8}")
    for r in rows:
        print(f"{r['server']:8} {r['clients']:>7} {r['entries_per_s']:>10} {r['p50_ms']:>8} {r['p99_ms']:>8}")
    mine = {r["clients"]: r["entries_per_s"] for r in rows if r["server"] == "cumulo"}
    for r in rows:
        if r["server"] == "moto" and r["clients"] in mine:
            print(f"cumulo/moto, x{r['clients']}: {mine[r['clients']] / r['entries_per_s']:.1f}x")
    matchers = matcher_bench(max(args.seconds / 3, 0.5))
    print(f"{'matcher':8} {'µs per (event, rule)':>21}")
    for m in matchers:
        print(f"{m['matcher']:8} {m['us_per_pair']:>21}")
    if len(matchers) == 2:
        print(f"matcher moto/cumulo: {matchers[1]['us_per_pair'] / matchers[0]['us_per_pair']:.1f}x faster")
    if args.json:
        Path(args.json).write_text(json.dumps({"put_events": rows, "matcher": matchers}, indent=1) + "\n")


if __name__ == "__main__":
    main()
