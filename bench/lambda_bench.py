"""Lambda: cold start, warm invoke latency, and invokes per second with 8 clients.

    python bench/lambda_bench.py [--seconds 5] [--json bench/results/lambda.json]

Runs an in-process cumulo (the pytest plugin's server) and, per runtime
(Python via awslambdaric, Node.js via cumulo's bootstrap), measures:
- cold: Invoke right after forcing a cold start (evict), through boto3, median of 5;
- warm: p50/p99 of sequential Invokes on a warm environment;
- 8 clients: invokes per second with 8 threads, each its own boto3 client (up to
  8 environments start, one per concurrent invocation, as on AWS).
boto3's own overhead is in every figure, as it is in a user's test suite.
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import threading
import time
import urllib.request
import zipfile
from pathlib import Path

import boto3
from botocore.config import Config

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cumulo.testing import CumuloServer  # noqa: E402

ROLE = "arn:aws:iam::000000000000:role/bench"
FUNCTIONS = {
    "python3.12": ("app.handler", {"app.py": "def handler(event, context):\n    return {'ok': True}\n"}),
    "nodejs20.x": ("index.handler", {"index.js": "exports.handler = async () => ({ ok: true });\n"}),
}


def package(files: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buf.getvalue()


def client(url: str) -> object:
    return boto3.client(
        "lambda", endpoint_url=url, region_name="us-east-1", aws_access_key_id="bench", aws_secret_access_key="bench",
        config=Config(retries={"max_attempts": 1}, max_pool_connections=16),
    )


def timed_invoke(lam: object, name: str) -> float:
    started = time.perf_counter()
    lam.invoke(FunctionName=name, Payload=b"{}")["Payload"].read()  # type: ignore[attr-defined]
    return (time.perf_counter() - started) * 1000


def measure(url: str, runtime: str, seconds: float) -> dict[str, float]:
    lam = client(url)
    name = "bench-" + runtime.replace(".", "-")
    handler, files = FUNCTIONS[runtime]
    lam.create_function(FunctionName=name, Runtime=runtime, Role=ROLE, Handler=handler, Code={"ZipFile": package(files)})  # type: ignore[attr-defined]
    colds = []
    for _ in range(5):
        urllib.request.urlopen(urllib.request.Request(f"{url}/_cumulo/lambda/{name}/evict-container", method="POST")).read()
        colds.append(timed_invoke(lam, name))
    warm = [timed_invoke(lam, name) for _ in range(300)]
    warm.sort()
    count = [0] * 8
    stop = time.perf_counter() + seconds

    def worker(i: int) -> None:
        own = client(url)
        timed_invoke(own, name)
        while time.perf_counter() < stop:
            timed_invoke(own, name)
            count[i] += 1

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {
        "cold_ms_median": round(statistics.median(colds), 1),
        "warm_ms_p50": round(warm[len(warm) // 2], 2),
        "warm_ms_p99": round(warm[int(len(warm) * 0.99)], 2),
        "invokes_per_s_8_clients": round(sum(count) / (time.perf_counter() - began), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--json")
    args = parser.parse_args()
    server = CumuloServer().start()
    try:
        results = {runtime: measure(server.url, runtime, args.seconds) for runtime in FUNCTIONS}
    finally:
        server.stop()
    text = json.dumps(results, indent=2)
    print(text)
    if args.json:
        Path(args.json).write_text(text + "\n")


if __name__ == "__main__":
    main()
