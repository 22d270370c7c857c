"""CloudWatch over Logs: a Contributor Insights report over N log events, in-process.

    python bench/cloudwatch_bench.py                  # 100,000 events
    python bench/cloudwatch_bench.py --events 1000000 --json bench/results/cloudwatch.json

A fresh in-process cumulo is loaded with N JSON log events (20 streams, 1,000
distinct client addresses, over an hour) through `Gateway.handle`; then a Count
rule keyed on the address and a Sum rule with a filter are reported on
(GetInsightRuleReport reads the events from CloudWatch Logs through
`services.call` and evaluates the rule): wall seconds per report. moto does not
implement GetInsightRuleReport, so there is nothing of moto's to set beside it;
ingestion beside moto is bench/logs_bench.py.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from pathlib import Path
from typing import Any

AUTH = "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/{svc}/aws4_request, SignedHeaders=host, Signature=0"


async def report(total: int) -> dict[str, Any]:
    from cumulo.config import Config
    from cumulo.core.http import Request
    from cumulo.gateway import Gateway
    from cumulo.server import build_runtime

    gateway = Gateway(build_runtime(Config()))

    async def call(target: str, svc: str, version: str, op: str, body: dict[str, Any], extra: dict[str, str] | None = None) -> dict[str, Any]:
        headers = {"content-type": f"application/x-amz-json-{version}", "x-amz-target": f"{target}.{op}", "authorization": AUTH.format(svc=svc),
                   **(extra or {})}
        response = await gateway.handle(Request("POST", "/", "", headers, json.dumps(body).encode()))
        answer: dict[str, Any] = json.loads(response.body or b"{}")
        if response.status != 200:
            raise RuntimeError(f"{op}: {answer}")
        return answer

    async def logs(op: str, body: dict[str, Any]) -> dict[str, Any]:
        return await call("Logs_20140328", "logs", "1.1", op, body)

    async def cw(op: str, body: dict[str, Any]) -> dict[str, Any]:
        return await call("GraniteServiceVersion20100801", "monitoring", "1.0", op, body, {"x-amzn-query-mode": "true"})

    await logs("CreateLogGroup", {"logGroupName": "/api"})
    streams = 20
    for s in range(streams):
        await logs("CreateLogStream", {"logGroupName": "/api", "logStreamName": f"s{s}"})
    rule = {"Schema": {"Name": "CloudWatchLogRule", "Version": 1}, "LogGroupNames": ["/api"], "LogFormat": "JSON",
            "Contribution": {"Keys": ["$.ip"], "Filters": []}, "AggregateOn": "Count"}
    await cw("PutInsightRule", {"RuleName": "ips", "RuleDefinition": json.dumps(rule)})
    rule.update(AggregateOn="Sum", Contribution={"Keys": ["$.ip", "$.path"], "ValueOf": "$.bytes",
                                                 "Filters": [{"Match": "$.status", "GreaterThan": 399}]})
    await cw("PutInsightRule", {"RuleName": "error-bytes", "RuleDefinition": json.dumps(rule)})
    start = int(time.time() * 1000) - 3_600_000
    per_batch = 10_000
    loaded = time.perf_counter()
    for b in range(0, total, per_batch):
        n = min(per_batch, total - b)
        base = start + int(3_600_000 * b / total)
        events = [{"timestamp": base + i * 3_600_000 // total,
                   "message": json.dumps({"ip": f"10.0.{(b + i) % 1000 // 250}.{(b + i) % 250}", "path": f"/p{(b + i) % 7}",
                                          "status": 500 if (b + i) % 9 == 0 else 200, "bytes": (b + i) % 2048})}
                  for i in range(n)]
        await logs("PutLogEvents", {"logGroupName": "/api", "logStreamName": f"s{(b // per_batch) % streams}", "logEvents": events})
    out: dict[str, Any] = {"events": total, "load_s": round(time.perf_counter() - loaded, 2)}
    window = {"StartTime": start / 1000 - 1, "EndTime": start / 1000 + 3601, "Period": 300,
              "Metrics": ["UniqueContributors", "MaxContributorValue", "SampleCount", "Sum"]}
    for name in ("ips", "error-bytes"):
        began = time.perf_counter()
        got = await cw("GetInsightRuleReport", {"RuleName": name, **window})
        out[name] = {"seconds": round(time.perf_counter() - began, 2), "unique": got["ApproximateUniqueCount"],
                     "aggregate": got["AggregateValue"], "points": len(got["MetricDatapoints"])}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--json", help="write the results here too")
    args = parser.parse_args()
    result = asyncio.run(report(args.events))
    print(json.dumps(result, indent=1))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1) + "\n")


if __name__ == "__main__":
    main()
