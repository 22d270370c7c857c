"""Scheduler introspection under /_cumulo/scheduler/ (and /_fakecloud/scheduler/), in the fakecloud SDK's shapes.

- `GET schedules`: `{"schedules": [{"accountId", "groupName", "name", "arn", "state",
  "scheduleExpression", "targetArn", "lastFired", "region"}]}`.
- `POST fire/{group}/{name}[?accountId=&region=]`: invoke a schedule's target now;
  answers `{"scheduleArn", "targetArn", "outcome"}`.
- `GET invocations`: every invocation outcome (schedule, target, outcome, attempts, error).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl

import orjson

from cumulo.core.http import Request, Response
from cumulo.core.runtime import Runtime
from cumulo.services.scheduler import firing
from cumulo.services.scheduler.models import Schedule, schedule_key


def _iso(epoch: float | None) -> str | None:
    return None if epoch is None else datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def list_schedules(runtime: Runtime, request: Request) -> dict[str, Any]:
    out = []
    for scope in runtime.store.scopes_of(firing.SERVICE):
        for key in sorted(scope.table("schedules").rows):
            s: Schedule = scope.table("schedules").rows[key]
            out.append({"accountId": s.account, "groupName": s.group, "name": s.name, "arn": s.arn, "state": s.state,
                        "scheduleExpression": s.expression, "targetArn": s.target.get("Arn", ""),
                        "lastFired": _iso(s.last_fired), "region": s.region})
    return {"schedules": out}


def invocations(runtime: Runtime, request: Request) -> dict[str, Any]:
    out: list[dict[str, Any]] = []
    for scope in runtime.store.scopes_of(firing.SERVICE):
        table = scope.table("invocations")
        out.extend({**table.rows[k], "time": _iso(table.rows[k]["time"]), "scheduledTime": _iso(table.rows[k]["scheduledTime"])}
                   for k in sorted(table.rows))
    return {"invocations": out}


async def fire(runtime: Runtime, request: Request, group: str, name: str) -> Any:
    query = dict(parse_qsl(request.query))
    account = query.get("accountId") or runtime.config.default_account
    region = query.get("region") or "us-east-1"
    table = runtime.store.scope(firing.SERVICE, account, region).table("schedules")
    schedule: Schedule | None = table.get(schedule_key(group, name))
    if schedule is None:
        return Response(404, {"Content-Type": "application/json"}, orjson.dumps({"error": f"schedule {group}/{name} not found"}))
    now = runtime.clock.now()
    schedule.last_fired = now
    outcome = await firing.fire(runtime, schedule, now)
    table.touch(schedule_key(group, name))
    return {"scheduleArn": schedule.arn, "targetArn": schedule.target.get("Arn", ""), "outcome": outcome}
