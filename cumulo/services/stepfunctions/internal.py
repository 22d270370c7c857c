"""Step Functions introspection.

- `GET /_cumulo/stepfunctions/executions`: every standard execution of every
  account and region: ARN, status, start and stop.
- `GET /_cumulo/stepfunctions/executions/{arn}`: one execution, compact: its
  status, output or error, and the path taken (each state entered, in order,
  with its type), the task calls made, and how many events its history holds.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

import orjson

from cumulo.core.http import Request, Response
from cumulo.core.runtime import Runtime
from cumulo.services.stepfunctions import common
from cumulo.services.stepfunctions.models import Execution


def _all(runtime: Runtime) -> list[Execution]:
    return [ex for scope in runtime.store.scopes_of("stepfunctions") for ex in list(common.executions(scope).values())]


def list_executions(runtime: Runtime, request: Request) -> dict[str, Any]:
    return {"executions": [
        {"executionArn": ex.arn, "stateMachineArn": ex.machine_arn, "status": ex.status, "startDate": ex.start, "stopDate": ex.stop}
        for ex in sorted(_all(runtime), key=lambda ex: ex.start)
    ]}


def describe_execution(runtime: Runtime, request: Request, arn: str) -> Any:
    arn = unquote(arn)
    found = next((ex for ex in _all(runtime) if ex.arn == arn), None)
    if found is None:
        body = {"error": "ExecutionDoesNotExist", "message": f"Execution Does Not Exist: '{arn}'"}
        return Response(404, {"Content-Type": "application/json"}, orjson.dumps(body))
    path = [
        {"state": e["stateEnteredEventDetails"]["name"], "type": e["type"].removesuffix("StateEntered")}
        for e in found.events if e["type"].endswith("StateEntered")
    ]
    calls = [
        e.get("taskScheduledEventDetails", {}).get("resourceType", "lambda") + ":" + e.get("taskScheduledEventDetails", {}).get("resource", "")
        if e["type"] == "TaskScheduled" else e["lambdaFunctionScheduledEventDetails"]["resource"]
        for e in found.events if e["type"] in ("TaskScheduled", "LambdaFunctionScheduled")
    ]
    out: dict[str, Any] = {"executionArn": found.arn, "status": found.status, "path": path, "tasks": calls,
                           "events": len(found.events)}
    for key, value in (("output", found.output), ("error", found.error), ("cause", found.cause)):
        if value is not None:
            out[key] = value
    return out
