"""CloudWatch introspection: `/_cumulo/cloudwatch/...`.

- `GET cloudwatch/metrics[?namespace=]`: every series of every account and region with
  its datapoints (timestamp, sample count, sum, min, max).
- `GET cloudwatch/alarms`: every alarm with its state and history.
- `POST cloudwatch/alarms/evaluate`: evaluate every alarm now; answers the state changes.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

from cumulo.core.http import Request
from cumulo.core.runtime import Runtime
from cumulo.services.cloudwatch import alarms
from cumulo.services.cloudwatch.models import points_table


def list_metrics(runtime: Runtime, request: Request) -> dict[str, Any]:
    q = dict(parse_qsl(request.query))
    out = []
    for scope in runtime.store.scopes_of("cloudwatch"):
        for sid, s in sorted(scope.table("series").items(), key=lambda kv: (kv[1].namespace, kv[1].name)):
            if q.get("namespace") and s.namespace != q["namespace"]:
                continue
            points = sorted(p for batch in scope.table(points_table(sid)).rows.values() for p in batch)
            out.append({"accountId": scope.account, "region": scope.region, "namespace": s.namespace, "metricName": s.name,
                        "dimensions": dict(s.dims), "unit": s.unit,
                        "datapoints": [{"timestamp": p[0], "sampleCount": p[1], "sum": p[2], "minimum": p[3], "maximum": p[4]} for p in points]})
    return {"metrics": out}


def list_alarms(runtime: Runtime, request: Request) -> dict[str, Any]:
    out = []
    for scope in runtime.store.scopes_of("cloudwatch"):
        for _, a in sorted(scope.table("alarms").items()):
            out.append({"accountId": scope.account, "region": scope.region, "alarmName": a.name, "alarmArn": a.arn, "type": a.kind,
                        "state": a.state, "reason": a.reason, "history": a.history})
    return {"alarms": out}


async def evaluate(runtime: Runtime, request: Request) -> dict[str, Any]:
    return {"changes": await alarms.evaluate_all(runtime)}
