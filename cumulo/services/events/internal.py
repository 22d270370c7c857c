"""EventBridge introspection under /_cumulo/events/ (and /_fakecloud/events/).

- `GET deliveries[?rule=&bus=&outcome=]`: every target delivery of every scope, oldest
  first: `{"deliveries": [{"eventId", "account", "region", "bus", "rule", "targetId",
  "targetArn", "outcome", "attempts", "error", "payload", "time"}]}`; outcome is
  delivered, retrying, failed (no dead-letter queue) or dead-lettered.
- `GET history`: the fakecloud SDK's shape, `{"events": [{"eventId", "source",
  "detailType", "detail", "busName", "timestamp"}], "deliveries": {"lambda":
  [{"functionArn", "payload", "timestamp"}], "logs": [{"logGroupArn", "payload", "timestamp"}]}}`.
- `POST fire-rule` `{"ruleName", "busName"?, "accountId"?, "region"?}`: run a rule's
  targets now with a scheduled event, as fakecloud does; answers `{"targets": [{"type", "arn"}]}`.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

import orjson

from cumulo.core.errors import AwsError
from cumulo.core.http import Request, Response
from cumulo.core.runtime import Runtime
from cumulo.services.events import lookup, routing
from cumulo.services.events.models import Delivery


def _query(request: Request) -> dict[str, str]:
    return dict(parse_qsl(request.query))


def deliveries(runtime: Runtime, request: Request) -> dict[str, Any]:
    wanted = _query(request)
    out: list[dict[str, Any]] = []
    for scope in runtime.store.scopes_of(lookup.SERVICE):
        for key in sorted(scope.table("deliveries").rows):
            d: Delivery = scope.table("deliveries").rows[key]
            if any(wanted.get(k) and wanted[k] != v for k, v in (("rule", d.rule), ("bus", d.bus), ("outcome", d.outcome))):
                continue
            out.append({"eventId": d.event_id, "account": scope.account, "region": scope.region, "bus": d.bus, "rule": d.rule,
                        "targetId": d.target_id, "targetArn": d.target_arn, "outcome": d.outcome, "attempts": d.attempts,
                        "error": d.error, "payload": d.payload, "time": routing.iso(d.time)})
    out.sort(key=lambda d: str(d["time"]))
    return {"deliveries": out}


def history(runtime: Runtime, request: Request) -> dict[str, Any]:
    events = []
    lambdas = []
    logs = []
    for scope in runtime.store.scopes_of(lookup.SERVICE):
        for key in sorted(scope.table("history").rows):
            bus, when, event = scope.table("history").rows[key]
            events.append({"eventId": event["id"], "source": event["source"], "detailType": event["detail-type"],
                           "detail": orjson.dumps(event["detail"]).decode(), "busName": bus, "timestamp": routing.iso(when)})
        for key in sorted(scope.table("deliveries").rows):
            d: Delivery = scope.table("deliveries").rows[key]
            if d.outcome != "delivered":
                continue
            if ":lambda:" in d.target_arn:
                lambdas.append({"functionArn": d.target_arn, "payload": d.payload or "", "timestamp": routing.iso(d.time)})
            elif ":logs:" in d.target_arn:
                logs.append({"logGroupArn": d.target_arn, "payload": d.payload or "", "timestamp": routing.iso(d.time)})
    return {"events": events, "deliveries": {"lambda": lambdas, "logs": logs}}


async def fire_rule(runtime: Runtime, request: Request) -> Any:
    try:
        body = orjson.loads(await request.read() or b"{}")
    except orjson.JSONDecodeError:
        body = {}
    name = body.get("ruleName")
    if not name:
        return Response(400, {"Content-Type": "application/json"}, orjson.dumps({"error": "ruleName is required"}))
    account = body.get("accountId") or runtime.config.default_account
    region = body.get("region") or "us-east-1"
    now = runtime.clock.now()
    try:
        rule = lookup.rule(runtime.store, account, region, name, body.get("busName"), now=now)
    except AwsError as error:
        return Response(404, {"Content-Type": "application/json"}, orjson.dumps({"error": error.message}))
    event = routing.new_event(rule.account, rule.region, "aws.events", "Scheduled Event", {}, [rule.arn], now)
    await routing.fan_out(runtime, rule, event)
    return {"targets": [{"type": t["Arn"].split(":")[2], "arn": t["Arn"]} for t in rule.targets.values()]}
