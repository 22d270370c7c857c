"""CloudWatch Logs and metrics: ingestion beside moto, and Logs Insights over a million events.

    python bench/logs_bench.py                    # cumulo, and moto_server if installed
    python bench/logs_bench.py --seconds 5 --no-moto --json bench/results/logs.json
    python bench/logs_bench.py --insights 1000000 # Insights only, in-process
    python bench/logs_bench.py --no-ingestion --data-dir /tmp/x  # Insights over a data dir (spilled events)
    python bench/logs_bench.py --no-ingestion --insights 0 --datapoints 1000000 [--data-dir /tmp/y]  # metrics' memory

Ingestion, per server and client kind (see harness.py), one client, with the rate per
second of the server's own CPU (from /proc/<pid>/stat) beside the wall-clock rate:
- `PutLogEvents` of batches of 100 events (about 100 bytes each): events/s;
- `PutMetricData` of 100 datapoints a call (10 metrics x 10 dimension values): datapoints/s.
boto3 speaks CBOR to CloudWatch; the raw client speaks JSON 1.0 (Logs: JSON 1.1).

Insights: a fresh in-process cumulo is loaded with N events (JSON messages, 50
streams, spread over an hour) through `Gateway.handle`, then `stats count(*) by
bin(1m)` and a filter + stats query are timed (wall seconds for StartQuery, which
runs the query; GetQueryResults only reads the answer). `rss_mb_for_events` is how
much the process's resident memory grew while loading the events.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from harness import RawJson, boto3_client, measure, moto_available, spawn

BATCH = 100
MESSAGE = '{"level": "info", "path": "/api/orders", "latency": 42, "user": "u-1234", "msg": "request served"}'


def _events(n: int) -> list[dict[str, Any]]:
    now = int(time.time() * 1000)
    return [{"timestamp": now, "message": MESSAGE} for _ in range(n)]


def logs_boto3(url: str, name: str) -> Callable[[], None]:
    logs = boto3_client("logs", url)
    logs.create_log_group(logGroupName=name)
    logs.create_log_stream(logGroupName=name, logStreamName="s")

    def put() -> None:
        logs.put_log_events(logGroupName=name, logStreamName="s", logEvents=_events(BATCH))

    return put


def logs_raw(url: str, name: str) -> Callable[[], None]:
    call = RawJson(url, "Logs_20140328", "logs", "1.1")
    call("CreateLogGroup", {"logGroupName": name})
    call("CreateLogStream", {"logGroupName": name, "logStreamName": "s"})

    def put() -> None:
        call("PutLogEvents", {"logGroupName": name, "logStreamName": "s", "logEvents": _events(BATCH)})

    return put


def _metric_data(epoch: bool) -> list[dict[str, Any]]:
    now = time.time()
    stamp: Any = now if epoch else __import__("datetime").datetime.fromtimestamp(now, tz=__import__("datetime").timezone.utc)
    return [
        {"MetricName": f"m{i}", "Dimensions": [{"Name": "Host", "Value": f"h{j}"}], "Value": float(i * j), "Unit": "Count", "Timestamp": stamp}
        for i in range(10) for j in range(10)
    ]


def metrics_boto3(url: str, name: str) -> Callable[[], None]:
    cw = boto3_client("cloudwatch", url)

    def put() -> None:
        cw.put_metric_data(Namespace=name, MetricData=_metric_data(False))

    return put


def metrics_raw(url: str, name: str) -> Callable[[], None]:
    call = RawJson(url, "GraniteServiceVersion20100801", "monitoring", "1.0")
    call.headers["x-amzn-query-mode"] = "true"

    def put() -> None:
        call("PutMetricData", {"Namespace": name, "MetricData": _metric_data(True)})

    return put


CASES: dict[str, tuple[str, int, dict[str, Callable[[str, str], Callable[[], None]]]]] = {
    "PutLogEvents": ("events/s", BATCH, {"boto3": logs_boto3, "raw": logs_raw}),
    "PutMetricData": ("datapoints/s", 100, {"boto3": metrics_boto3, "raw": metrics_raw}),
}


def _cpu_seconds(pid: int) -> float:
    """User + system CPU a process has used, from /proc/<pid>/stat (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def ingestion(kinds: list[str], seconds: float) -> list[dict[str, Any]]:
    """Rates per client, and the server's own CPU per unit (steady when the machine is busy)."""
    rows = []
    for kind in kinds:
        proc, url = spawn(kind)
        try:
            for case, (unit, per_call, clients) in CASES.items():
                for client, make in clients.items():
                    try:
                        make(url, f"probe-{case}-{client}")()  # a server that can't answer fails here, not in a thread
                        cpu = _cpu_seconds(proc.pid)
                        result = measure(lambda i, c=client, m=make, k=case: m(url, f"bench-{k}-{c}-{i}"), 1, seconds, warm=5)
                        cpu = _cpu_seconds(proc.pid) - cpu
                    except Exception as error:  # moto may not speak a protocol: say so, don't stop
                        rows.append({"server": kind, "case": case, "client": client, "error": str(error)[:120]})
                        continue
                    units = (result["per_s"] * seconds + 5) * per_call
                    rows.append({"server": kind, "case": case, "client": client, "unit": unit, "rate": round(result["per_s"] * per_call),
                                 "p50_ms": result["p50_ms"], "p99_ms": result["p99_ms"],
                                 "server_cpu_rate": round(units / cpu) if cpu > 0 else None})
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    return rows


# ---------------------------------------------------------------- Insights over N events, in-process

AUTH = "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/logs/aws4_request, SignedHeaders=host, Signature=0"


def _rss_mb() -> float:
    """This process's resident set size, from /proc (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def insights(total: int, data_dir: str | None = None) -> dict[str, Any]:
    from cumulo.config import Config
    from cumulo.core.http import Request
    from cumulo.gateway import Gateway
    from cumulo.server import build_runtime

    gateway = Gateway(build_runtime(Config(data_dir=data_dir)))
    rss_before = _rss_mb()

    async def call(op: str, body: dict[str, Any]) -> dict[str, Any]:
        headers = {"content-type": "application/x-amz-json-1.1", "x-amz-target": f"Logs_20140328.{op}", "authorization": AUTH}
        response = await gateway.handle(Request("POST", "/", "", headers, json.dumps(body).encode()))
        answer: dict[str, Any] = json.loads(response.body or b"{}")
        if response.status != 200:
            raise RuntimeError(f"{op}: {answer}")
        return answer

    await call("CreateLogGroup", {"logGroupName": "big"})
    streams = 50
    for s in range(streams):
        await call("CreateLogStream", {"logGroupName": "big", "logStreamName": f"s{s}"})
    start = int(time.time() * 1000) - 3_600_000
    per_batch = 10_000
    loaded = time.perf_counter()
    for b in range(0, total, per_batch):
        n = min(per_batch, total - b)
        base = start + int(3_600_000 * b / total)
        events = [{"timestamp": base + i * 3_600_000 // total,
                   "message": f'{{"level": "{"error" if (b + i) % 10 == 0 else "info"}", "latency": {(b + i) % 500}, "n": {b + i}}}'}
                  for i in range(n)]
        await call("PutLogEvents", {"logGroupName": "big", "logStreamName": f"s{(b // per_batch) % streams}", "logEvents": events})
    load_s = time.perf_counter() - loaded
    gc.collect()
    out: dict[str, Any] = {"events": total, "data_dir": bool(data_dir), "load_s": round(load_s, 2), "rss_mb_for_events": round(_rss_mb() - rss_before, 1)}
    window = {"logGroupName": "big", "startTime": start // 1000 - 1, "endTime": start // 1000 + 3601}
    for label, query in (("count_by_bin_1m", "stats count(*) by bin(1m)"),
                         ("filter_stats", 'filter level = "error" | stats avg(latency), max(latency) by bin(5m)')):
        began = time.perf_counter()
        qid = (await call("StartQuery", {**window, "queryString": query}))["queryId"]
        elapsed = time.perf_counter() - began
        result = await call("GetQueryResults", {"queryId": qid})
        out[label] = {"seconds": round(elapsed, 2), "rows": len(result["results"]), "recordsScanned": result["statistics"]["recordsScanned"],
                      "recordsMatched": result["statistics"]["recordsMatched"]}
    return out


async def datapoints(total: int, data_dir: str | None = None) -> dict[str, Any]:
    """RSS growth for `total` datapoints (100 series, 100 a PutMetricData call, through
    `Gateway.handle`), and GetMetricStatistics over one series' whole range."""
    from cumulo.config import Config
    from cumulo.core.http import Request
    from cumulo.gateway import Gateway
    from cumulo.server import build_runtime

    gateway = Gateway(build_runtime(Config(data_dir=data_dir)))
    auth = AUTH.replace("/logs/", "/monitoring/")

    async def call(op: str, body: dict[str, Any]) -> dict[str, Any]:
        headers = {"content-type": "application/x-amz-json-1.0", "x-amz-target": f"GraniteServiceVersion20100801.{op}",
                   "authorization": auth, "x-amzn-query-mode": "true"}
        response = await gateway.handle(Request("POST", "/", "", headers, json.dumps(body).encode()))
        answer: dict[str, Any] = json.loads(response.body or b"{}")
        if response.status != 200:
            raise RuntimeError(f"{op}: {answer}")
        return answer

    gc.collect()
    rss_before = _rss_mb()
    now = time.time()
    calls = total // 100
    loaded = time.perf_counter()
    for c in range(calls):
        stamp = now - 6 * 86_400 * (calls - c) / calls  # spread over the last six days
        await call("PutMetricData", {"Namespace": "Bench", "MetricData": [
            {"MetricName": f"m{i}", "Dimensions": [{"Name": "Host", "Value": f"h{j}"}], "Value": float(i * j + c), "Timestamp": stamp}
            for i in range(10) for j in range(10)]})
    load_s = time.perf_counter() - loaded
    gc.collect()
    out: dict[str, Any] = {"datapoints": calls * 100, "data_dir": bool(data_dir), "load_s": round(load_s, 2),
                           "rss_mb_for_datapoints": round(_rss_mb() - rss_before, 1)}
    began = time.perf_counter()
    got = await call("GetMetricStatistics", {"Namespace": "Bench", "MetricName": "m3", "Dimensions": [{"Name": "Host", "Value": "h4"}],
                                             "StartTime": now - 7 * 86_400, "EndTime": now + 60, "Period": 86_400, "Statistics": ["SampleCount"]})
    out["statistics_whole_series"] = {"seconds": round(time.perf_counter() - began, 3),
                                      "samples": sum(p["SampleCount"] for p in got["Datapoints"])}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--no-moto", action="store_true")
    parser.add_argument("--insights", type=int, default=1_000_000, help="events for the Insights run (0: skip)")
    parser.add_argument("--no-ingestion", action="store_true")
    parser.add_argument("--datapoints", type=int, default=0, help="datapoints for the in-process metrics memory run (0: skip)")
    parser.add_argument("--data-dir", help="run Insights over a store in this (empty) directory: events spilled to SQLite")
    parser.add_argument("--json", help="write the results here too")
    args = parser.parse_args()
    report: dict[str, Any] = {}
    if not args.no_ingestion:
        kinds = ["cumulo"] + ([] if args.no_moto or not moto_available() else ["moto"])
        rows = ingestion(kinds, args.seconds)
        report["ingestion"] = rows
        print(f"{'server':8} {'case':14} {'client':6} {'rate':>10} {'unit':13} {'p50 ms':>8} {'p99 ms':>8} {'per server CPU s':>16}")
        for r in rows:
            if "error" in r:
                print(f"{r['server']:8} {r['case']:14} {r['client']:6} error: {r['error']}")
            else:
                print(f"{r['server']:8} {r['case']:14} {r['client']:6} {r['rate']:>10} {r['unit']:13} {r['p50_ms']:>8} {r['p99_ms']:>8} {r['server_cpu_rate'] or '':>16}")
        mine = {(r["case"], r["client"]): r for r in rows if r["server"] == "cumulo" and "rate" in r}
        for r in rows:
            if r["server"] == "moto" and "rate" in r and (r["case"], r["client"]) in mine:
                ours = mine[(r["case"], r["client"])]
                cpu = f", per server CPU second {ours['server_cpu_rate'] / r['server_cpu_rate']:.1f}x" if ours["server_cpu_rate"] and r["server_cpu_rate"] else ""
                print(f"cumulo/moto, {r['case']} {r['client']}: {ours['rate'] / r['rate']:.1f}x{cpu}")
    if args.insights:
        result = asyncio.run(insights(args.insights, args.data_dir))
        report["insights"] = result
        print(json.dumps(result, indent=1))
    if args.datapoints:
        result = asyncio.run(datapoints(args.datapoints, args.data_dir))
        report["datapoints"] = result
        print(json.dumps(result, indent=1))
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1) + "\n")


if __name__ == "__main__":
    main()
