"""SNS publish throughput and publish-to-receive latency, cumulo beside moto's server in one run.

    python bench/sns_bench.py                    # cumulo, and moto_server if installed (pip install '.[bench]')
    python bench/sns_bench.py --seconds 3 --no-moto --json bench/results/sns.json

Cases, each on a fresh server:
- `1 sqs`: a topic with one SQS subscriber; Publish repeated by one client. Reported per window of
  the run (the subscriber's queue keeps filling: nothing receives), so a rate that falls as the queue
  grows shows up as falling windows.
- `10 sqs`: the same with ten SQS subscribers (ten deliveries per publish).
- `8 sqs + 2 lambda` (cumulo only: moto needs Docker for Lambda): ten subscribers, two of them
  Python functions invoked asynchronously.
- `latency`: Publish, then ReceiveMessage (long poll) until the message is there; p50/p99 per round.
Two kinds of client (see harness.py): boto3, what a test suite sees, and a raw query-protocol client
(one keep-alive connection, form bodies prepared by hand), which measures the server itself.
"""

from __future__ import annotations

import argparse
import http.client
import io
import json
import statistics
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from harness import boto3_client, moto_available, server

AUTH = "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/sns/aws4_request, SignedHeaders=host;x-amz-date, Signature=0"


class RawQuery:
    """Query-protocol Publish calls with next to no client cost."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        self.headers = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8", "Authorization": AUTH, "X-Amz-Date": "20260101T000000Z"}

    def __call__(self, params: dict[str, str]) -> bytes:
        body = urlencode({**params, "Version": "2010-03-31"})
        self.connection.request("POST", "/", body, self.headers)
        response = self.connection.getresponse()
        data = response.read()
        if response.status != 200:
            raise RuntimeError(f"HTTP {response.status}: {data[:300]!r}")
        return data


APP = "def handler(event, context):\n    return len(event['Records'])\n"


def _zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("app.py", APP)
    return buf.getvalue()


def setup(url: str, sqs_subscribers: int, lambdas: int) -> tuple[str, list[str]]:
    """A topic with its subscribers; (topic ARN, the subscribed queue URLs)."""
    sns, sqs = boto3_client("sns", url), boto3_client("sqs", url)
    topic = sns.create_topic(Name="bench")["TopicArn"]
    urls = []
    for i in range(sqs_subscribers):
        q = sqs.create_queue(QueueName=f"sub{i}")["QueueUrl"]
        arn = sqs.get_queue_attributes(QueueUrl=q, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn)
        urls.append(q)
    if lambdas:
        lam = boto3_client("lambda", url)
        for i in range(lambdas):
            fn = lam.create_function(FunctionName=f"fn{i}", Runtime="python3.12", Role="arn:aws:iam::000000000000:role/r",
                                     Handler="app.handler", Code={"ZipFile": _zip()})["FunctionArn"]
            sns.subscribe(TopicArn=topic, Protocol="lambda", Endpoint=fn)
    return topic, urls


def publisher(kind: str, url: str, topic: str) -> Callable[[], None]:
    if kind == "boto3":
        sns = boto3_client("sns", url)
        return lambda: sns.publish(TopicArn=topic, Message="payload " * 16) and None
    raw = RawQuery(url)
    params = {"Action": "Publish", "TopicArn": topic, "Message": "payload " * 16}
    return lambda: raw(params) and None


def windows(work: Callable[[], None], seconds: float, count: int) -> list[float]:
    """Publishes/s in `count` consecutive windows of `seconds / count` each."""
    for _ in range(20):
        work()
    rates = []
    for _ in range(count):
        n, started = 0, time.perf_counter()
        while time.perf_counter() - started < seconds / count:
            work()
            n += 1
        rates.append(round(n / (time.perf_counter() - started), 1))
    return rates


def throughput(kind: str, client: str, sqs_subscribers: int, lambdas: int, seconds: float) -> dict[str, Any]:
    with server(kind) as url:
        topic, urls = setup(url, sqs_subscribers, lambdas)
        rates = windows(publisher(client, url, topic), seconds, 3)
        sqs = boto3_client("sqs", url)
        depth = int(sqs.get_queue_attributes(QueueUrl=urls[0], AttributeNames=["ApproximateNumberOfMessages"])["Attributes"]["ApproximateNumberOfMessages"])
    return {"server": kind, "client": client, "subscribers": f"{sqs_subscribers} sqs" + (f" + {lambdas} lambda" if lambdas else ""),
            "publishes_per_s": rates, "queue_depth_at_end": depth}


def latency(kind: str, rounds: int) -> dict[str, Any]:
    with server(kind) as url:
        topic, [queue] = setup(url, 1, 0)
        sns, sqs = boto3_client("sns", url), boto3_client("sqs", url)
        times = []
        for i in range(rounds):
            started = time.perf_counter()
            sns.publish(TopicArn=topic, Message=f"m{i}")
            while True:
                got = sqs.receive_message(QueueUrl=queue, WaitTimeSeconds=1).get("Messages", [])
                if got:
                    break
            times.append(time.perf_counter() - started)
            sqs.delete_message(QueueUrl=queue, ReceiptHandle=got[0]["ReceiptHandle"])
    times.sort()
    return {"server": kind, "case": "publish -> receive", "rounds": rounds, "p50_ms": round(statistics.median(times) * 1000, 2),
            "p99_ms": round(times[min(len(times) - 1, int(len(times) * 0.99))] * 1000, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=6.0, help="per throughput case (three windows)")
    parser.add_argument("--rounds", type=int, default=200, help="latency rounds")
    parser.add_argument("--no-moto", action="store_true")
    parser.add_argument("--json", help="write the results here too")
    args = parser.parse_args()
    kinds = ["cumulo"] + ([] if args.no_moto or not moto_available() else ["moto"])
    rows: list[dict[str, Any]] = []
    print(f"{'server':7} {'client':6} {'subscribers':17} {'publishes/s per window':>30} {'queue depth':>12}")
    for sqs_subs, lambdas in ((1, 0), (10, 0), (8, 2)):
        for kind in kinds:
            if lambdas and kind == "moto":
                continue
            for client in ("boto3", "raw"):
                row = throughput(kind, client, sqs_subs, lambdas, args.seconds)
                rows.append(row)
                print(f"{kind:7} {client:6} {row['subscribers']:17} {str(row['publishes_per_s']):>30} {row['queue_depth_at_end']:>12}")
    for kind in kinds:
        row = latency(kind, args.rounds)
        rows.append(row)
        print(f"{kind:7} publish -> receive: p50 {row['p50_ms']} ms, p99 {row['p99_ms']} ms over {row['rounds']} rounds")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1) + "\n")


if __name__ == "__main__":
    main()
