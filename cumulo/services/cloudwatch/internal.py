"""CloudWatch introspection: `/_cumulo/cloudwatch/...` (= `/_fakecloud/cloudwatch/...`).

- `GET cloudwatch/metrics[?namespace=]`: every series of every account and region, in
  the fakecloud SDK's shape (`{"metrics": [{"accountId", "region", "namespace",
  "metricName", "dimensions": [{"name", "value"}], "datapointCount", "latest":
  {"timestamp", "value", "unit"}}]}`; `?datapoints=1` adds each series' datapoints.
- `GET cloudwatch/alarms`: every alarm in the fakecloud SDK's shape, plus its history; a
  log alarm also its query, next run, recent query results and contributors.
- `POST cloudwatch/alarms/evaluate`: evaluate every alarm now; answers the state changes.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any
from urllib.parse import parse_qsl

from cumulo.core.http import Request
from cumulo.core.runtime import Runtime
from cumulo.services.cloudwatch import alarms, datapoints


def _iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, tz=timezone.utc).isoformat().replace("+00:00", "Z")


def list_metrics(runtime: Runtime, request: Request) -> dict[str, Any]:
    q = dict(parse_qsl(request.query))
    out = []
    for scope in runtime.store.scopes_of("cloudwatch"):
        for sid, s in sorted(scope.table("series").items(), key=lambda kv: (kv[1].namespace, kv[1].name, kv[1].dims)):
            if q.get("namespace") and s.namespace != q["namespace"]:
                continue
            points = sorted(datapoints.points(scope, sid, float("-inf"), float("inf")))
            entry: dict[str, Any] = {
                "accountId": scope.account, "region": scope.region, "namespace": s.namespace, "metricName": s.name,
                "dimensions": [{"name": k, "value": v} for k, v in s.dims], "datapointCount": len(points),
            }
            if points:
                last = points[-1]
                entry["latest"] = {"timestamp": _iso(last[0]), "value": last[2] / last[1] if last[1] else last[2], "unit": s.unit}
            if q.get("datapoints"):
                entry["datapoints"] = [{"timestamp": _iso(p[0]), "sampleCount": p[1], "sum": p[2], "minimum": p[3], "maximum": p[4]} for p in points]
            out.append(entry)
    return {"metrics": out}


def list_alarms(runtime: Runtime, request: Request) -> dict[str, Any]:
    out = []
    for scope in runtime.store.scopes_of("cloudwatch"):
        for _, a in sorted(scope.table("alarms").items()):
            cfg = a.config
            out.append({
                "accountId": scope.account, "region": scope.region, "name": a.name, "arn": a.arn, "type": a.kind, "state": a.state,
                "stateReason": a.reason, "actionsEnabled": a.actions_enabled, "alarmActions": cfg.get("AlarmActions") or [],
                "okActions": cfg.get("OKActions") or [], "insufficientDataActions": cfg.get("InsufficientDataActions") or [],
                "stateUpdatedTimestamp": _iso(a.state_updated), "namespace": cfg.get("Namespace"), "metricName": cfg.get("MetricName"),
                "threshold": cfg.get("Threshold"), "comparisonOperator": cfg.get("ComparisonOperator"), "alarmRule": cfg.get("AlarmRule"),
                "history": a.history,
            })
            if a.kind == "LogAlarm":
                runs = scope.table("log-alarm-runs").get(a.name) or {}
                out[-1].update(scheduledQuery=cfg.get("ScheduledQueryConfiguration"), nextRun=_iso(runs["next_run"]) if runs.get("next_run") else None,
                               queryResults=runs.get("results") or [], contributors=list((scope.table("alarm-contributors").get(a.name) or {}).values()))
    return {"alarms": out}


async def evaluate(runtime: Runtime, request: Request) -> dict[str, Any]:
    return {"changes": await alarms.evaluate_all(runtime)}
