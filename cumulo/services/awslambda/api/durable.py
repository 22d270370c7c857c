"""Durable execution operations: read executions and their history, checkpoint, callbacks, stop.

The engine (starting, replaying, timers) is `cumulo.services.awslambda.durable`;
Invoke starts executions (`api/invoke.py`). Paging is Lambda's Marker/MaxItems.
"""

from __future__ import annotations

import copy
from datetime import datetime
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.services.awslambda import durable, views
from cumulo.services.awslambda.invoking import find
from cumulo.services.awslambda.models import DurableExecution
from cumulo.services.awslambda.names import get_function


def _summary(ex: DurableExecution) -> dict[str, Any]:
    out: dict[str, Any] = {
        "DurableExecutionArn": ex.arn,
        "DurableExecutionName": ex.name,
        "FunctionArn": ex.function_arn,
        "Status": ex.status,
        "StartTimestamp": ex.started,
    }
    if ex.ended is not None:
        out["EndTimestamp"] = ex.ended
    return out


def get_durable_execution(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    ex = durable.get(ctx.runtime, req["DurableExecutionArn"])
    include = req.get("IncludeExecutionData", True)  # False: metadata only, a compact answer
    out = _summary(ex) | {"Version": ex.function_arn.rsplit(":", 1)[-1], "ExecutionDataIncluded": include}
    if include:
        out["InputPayload"] = ex.input
        if ex.result is not None:
            out["Result"] = ex.result
        if ex.error:
            out["Error"] = dict(ex.error)
    found = find(ctx.runtime, ex.function_arn)
    if found is not None and found[1].extra.get("DurableConfig"):
        out["DurableConfig"] = found[1].extra["DurableConfig"]
    return out


def get_durable_execution_history(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    ex = durable.get(ctx.runtime, req["DurableExecutionArn"])
    events = copy.deepcopy(ex.events)
    if not req.get("IncludeExecutionData"):
        for event in events:
            for details in event.values():
                if isinstance(details, dict):
                    for member in ("Input", "Result", "Error"):
                        if isinstance(details.get(member), dict):
                            details[member].pop("Payload", None)
    if req.get("ReverseOrder"):
        events.reverse()
    return views.paginate(events, req, "Events", limit=1000)


def get_durable_execution_state(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    ex = durable.get(ctx.runtime, req["DurableExecutionArn"], missing="InvalidParameterValueException")
    if req["CheckpointToken"] != ex.token:
        raise durable.invalid("Invalid checkpoint token.")
    return views.paginate(durable.operation_views(ex), req, "Operations", limit=1000)


def checkpoint_durable_execution(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return durable.checkpoint(ctx.runtime, req["DurableExecutionArn"], req["CheckpointToken"], list(req.get("Updates") or []))


def _epoch(value: Any) -> float:
    return value.timestamp() if isinstance(value, datetime) else float(value)


def list_durable_executions_by_function(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    fn, qualifier = get_function(ctx, req["FunctionName"], req.get("Qualifier") or None)
    statuses = set(req.get("Statuses") or [])
    after = _epoch(req["StartedAfter"]) if req.get("StartedAfter") else None
    before = _epoch(req["StartedBefore"]) if req.get("StartedBefore") else None
    name = req.get("DurableExecutionName")
    rows = [
        _summary(ex)
        for ex in sorted(durable.table_for(ctx.runtime, fn.arn).values(), key=lambda e: (e.started, e.arn))
        if ex.function_arn.rsplit(":", 1)[0] == fn.arn
        and (qualifier is None or ex.function_arn.rsplit(":", 1)[1] == qualifier)
        and (not statuses or ex.status in statuses)
        and (name is None or ex.name == name)
        and (after is None or ex.started > after)
        and (before is None or ex.started < before)
    ]
    if req.get("ReverseOrder"):
        rows.reverse()
    return views.paginate(rows, req, "DurableExecutions", limit=1000)


def send_durable_execution_callback_success(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    result = req.get("Result")
    text = result.decode("utf-8", "replace") if isinstance(result, (bytes, bytearray)) else result
    durable.complete_callback(ctx.runtime, ctx.scope.table("callbacks"), req["CallbackId"], "SUCCEEDED", result=text)
    return {}


def send_durable_execution_callback_failure(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    durable.complete_callback(ctx.runtime, ctx.scope.table("callbacks"), req["CallbackId"], "FAILED", error=req.get("Error") or {})
    return {}


def send_durable_execution_callback_heartbeat(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    durable.complete_callback(ctx.runtime, ctx.scope.table("callbacks"), req["CallbackId"], "")
    return {}


def stop_durable_execution(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return {"StopTimestamp": durable.stop(ctx.runtime, req["DurableExecutionArn"], req.get("Error"))}
