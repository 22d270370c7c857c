"""Executions: start (standard and express sync), describe, list, stop, history;
and task tokens (SendTaskSuccess, SendTaskFailure, SendTaskHeartbeat)."""

from __future__ import annotations

import json
import uuid
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.services.stepfunctions import common, emitted, mocks, running, tokens
from cumulo.services.stepfunctions.models import Execution, StateMachine, Version

MAX_INPUT = 256 * 1024


def _input(req: dict[str, Any]) -> str:
    text = req.get("input")
    if text is None:
        return "{}"
    if len(text.encode()) > MAX_INPUT:
        raise AwsError("ValidationException", "1 validation error detected: Value at 'input' failed to satisfy constraint: "
                       f"Member must have length less than or equal to {MAX_INPUT}")
    try:
        json.loads(text)
    except json.JSONDecodeError as error:
        raise AwsError("InvalidExecutionInput", f"Invalid State Machine Execution Input: '{error.msg}'") from None
    return text


def _target(ctx: RequestContext, arn: str) -> tuple[StateMachine, str, str, str | None, str | None]:
    """(machine, definition, role, version ARN, alias ARN) a StartExecution ARN names."""
    m = common.machine(ctx, arn)
    if arn == m.arn:
        return m, m.definition, m.role_arn, None, None
    scope, rest = common.scope_of(ctx, arn, ("stateMachine",))
    qualifier = rest.split(":", 1)[1]
    alias_arn = None
    if not qualifier.isdigit():
        alias = common.aliases(scope).get(arn)
        if alias is None:
            raise AwsError("StateMachineDoesNotExist", f"State Machine Does Not Exist: '{arn}'")
        alias_arn, arn = arn, _route(alias.routing)
    v: Version | None = common.versions(scope).get(arn)
    if v is None:
        raise AwsError("StateMachineDoesNotExist", f"State Machine Does Not Exist: '{arn}'")
    return m, v.definition, v.role_arn, v.arn, alias_arn


def _route(routing: list[dict[str, Any]]) -> str:
    import random

    pick = random.uniform(0, sum(r["weight"] for r in routing) or 1)
    for r in routing:
        pick -= r["weight"]
        if pick <= 0:
            return str(r["stateMachineVersionArn"])
    return str(routing[-1]["stateMachineVersionArn"])


def _new(ctx: RequestContext, req: dict[str, Any], express: bool) -> tuple[StateMachine, Execution]:
    target, _, case = req["stateMachineArn"].partition("#")
    m, definition, role, version_arn, alias_arn = _target(ctx, target)
    if case:
        mocks.check_case(ctx.runtime, m.name, case)
    name = req.get("name") or str(uuid.uuid4())
    common.check_name(name)
    kind = "express" if express else "execution"
    region, account = m.arn.split(":")[3:5]
    arn = f"arn:{ctx.partition}:states:{region}:{account}:{kind}:{m.name}:{name}"
    ex = Execution(arn=arn, machine_arn=m.arn, name=name, definition=definition, role_arn=role, input=_input(req),
                   start=ctx.clock.now(), trace_header=req.get("traceHeader"), version_arn=version_arn,
                   alias_arn=alias_arn, express=express, test_case=case or None)
    return m, ex


def start_execution(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    m, ex = _new(ctx, req, express=False)
    if m.type == "EXPRESS":
        ex.arn = ex.arn.replace(":execution:", ":express:", 1)
    scope, _ = common.scope_of(ctx, m.arn, ("stateMachine",))
    table = common.executions(scope)
    existing: Execution | None = table.get(ex.arn)
    if existing is not None:
        if existing.status == "RUNNING" and existing.input == ex.input and m.type == "STANDARD":
            return {"executionArn": existing.arn, "startDate": existing.start}  # idempotent restart of the same request
        raise AwsError("ExecutionAlreadyExists", f"Execution Already Exists: '{ex.arn}'")
    if m.type == "EXPRESS":
        ex.express = True  # AWS keeps no record of express executions: run, answer, forget
        running.spawn_express(ctx.runtime, scope, ex)
        return {"executionArn": ex.arn, "startDate": ex.start}
    table[ex.arn] = ex
    running.spawn(ctx.runtime, scope, ex)
    return {"executionArn": ex.arn, "startDate": ex.start}


async def start_sync_execution(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    m, ex = _new(ctx, req, express=True)
    if m.type != "EXPRESS":
        raise AwsError("StateMachineTypeNotSupported", "This operation is not supported by this type of state machine")
    scope, _ = common.scope_of(ctx, m.arn, ("stateMachine",))
    await running.run_sync(ctx.runtime, scope.account, scope.region, ex)
    out: dict[str, Any] = {
        "executionArn": ex.arn, "stateMachineArn": ex.machine_arn, "name": ex.name, "startDate": ex.start,
        "stopDate": ex.stop, "status": ex.status, "input": ex.input, "inputDetails": {"included": True},
        "billingDetails": {"billedMemoryUsedInMB": 64, "billedDurationInMilliseconds": max(100, int(((ex.stop or ex.start) - ex.start) * 1000))},
    }
    if ex.status == "SUCCEEDED":
        out |= {"output": ex.output, "outputDetails": {"included": True}}
    else:
        out |= {k: v for k, v in (("error", ex.error), ("cause", ex.cause)) if v is not None}
    if ex.trace_header:
        out["traceHeader"] = ex.trace_header
    return out


def _describe(ex: Execution) -> dict[str, Any]:
    out: dict[str, Any] = {
        "executionArn": ex.arn, "stateMachineArn": ex.machine_arn, "name": ex.name, "status": ex.status,
        "startDate": ex.start, "input": ex.input, "inputDetails": {"included": True}, "redriveCount": ex.redrive_count,
        "redriveStatus": "REDRIVABLE" if _redrivable(ex) is None else "NOT_REDRIVABLE",
    }
    if ex.redrive_date is not None:
        out["redriveDate"] = ex.redrive_date
    if ex.stop is not None:
        out["stopDate"] = ex.stop
    if ex.output is not None:
        out |= {"output": ex.output, "outputDetails": {"included": True}}
    for key, value in (("error", ex.error), ("cause", ex.cause), ("traceHeader", ex.trace_header),
                       ("stateMachineVersionArn", ex.version_arn), ("stateMachineAliasArn", ex.alias_arn)):
        if value is not None:
            out[key] = value
    reason = _redrivable(ex)
    if reason is not None:
        out["redriveStatusReason"] = reason
    return out


def _redrivable(ex: Execution) -> str | None:
    """Why the execution cannot be redriven, or None when it can."""
    if ex.status in ("RUNNING", "SUCCEEDED", "PENDING_REDRIVE"):
        return f"Execution is {ex.status} and cannot be redriven"
    if ex.redrive_from is None:
        return "Execution failed before it entered a state and cannot be redriven"
    return None


def redrive_execution(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    scope, ex = common.execution(ctx, req["executionArn"])
    if ex.express:
        raise AwsError("ExecutionNotRedrivable", f"Execution {ex.arn} is an Express execution and cannot be redriven")
    reason = _redrivable(ex)
    if reason is not None:
        raise AwsError("ExecutionNotRedrivable", reason)
    now = ctx.clock.now()
    ex.redrive_count += 1
    ex.status, ex.stop, ex.redrive_date, ex.error, ex.cause, ex.output = "RUNNING", None, now, None, None, None
    ex.resume, ex.redrive_from = ex.redrive_from, None
    ex.events.append({"timestamp": now, "type": "ExecutionRedriven", "id": len(ex.events) + 1, "previousEventId": len(ex.events),
                      "executionRedrivenEventDetails": {"redriveCount": ex.redrive_count}})
    common.executions(scope).touch(ex.arn)
    running.spawn(ctx.runtime, scope, ex)
    return {"redriveDate": now}


def describe_execution(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    _, ex = common.execution(ctx, req["executionArn"])
    return _describe(ex)


def describe_state_machine_for_execution(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    _, ex = common.execution(ctx, req["executionArn"])
    m = common.machine(ctx, ex.machine_arn)
    out: dict[str, Any] = {
        "stateMachineArn": m.arn, "name": m.name, "definition": ex.definition, "roleArn": ex.role_arn,
        "updateDate": m.updated or m.created, "revisionId": m.revision_id,
        "loggingConfiguration": m.logging or {"level": "OFF", "includeExecutionData": False},
        "tracingConfiguration": m.tracing or {"enabled": False},
        "encryptionConfiguration": m.encryption or {"type": "AWS_OWNED_KEY"},
    }
    return out


def list_executions(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    if "mapRunArn" in req:
        return _list_children(ctx, req)
    if "stateMachineArn" not in req:
        raise AwsError("ValidationException", "Must provide a StateMachine ARN or MapRun ARN")
    arn = req["stateMachineArn"]
    m = common.machine(ctx, arn)
    if m.type == "EXPRESS":
        raise AwsError("StateMachineTypeNotSupported", "This operation is not supported by this type of state machine")
    scope, _ = common.scope_of(ctx, m.arn, ("stateMachine",))
    status = req.get("statusFilter")
    items = [
        ex for ex in common.executions(scope).values()
        if ex.machine_arn == m.arn and (status is None or ex.status == status)
        and (arn == m.arn or arn in (ex.version_arn, ex.alias_arn))
    ]
    items.sort(key=lambda ex: (-ex.start, ex.name))
    chunk, token = common.page(items, req, lambda ex: ex.name)
    listed = []
    for ex in chunk:
        item: dict[str, Any] = {"executionArn": ex.arn, "stateMachineArn": ex.machine_arn, "name": ex.name,
                                "status": ex.status, "startDate": ex.start, "redriveCount": 0}
        if ex.stop is not None:
            item["stopDate"] = ex.stop
        for key, value in (("stateMachineVersionArn", ex.version_arn), ("stateMachineAliasArn", ex.alias_arn)):
            if value is not None:
                item[key] = value
        listed.append(item)
    out: dict[str, Any] = {"executions": listed}
    if token:
        out["nextToken"] = token
    return out


def _list_children(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    arn = req["mapRunArn"]
    scope, _ = common.scope_of(ctx, arn, ("mapRun",))
    if arn not in scope.table("mapruns"):
        raise AwsError("ResourceNotFound", f"Resource not found: '{arn}'", resourceName=arn)
    status = req.get("statusFilter")
    items = sorted((ex for ex in common.executions(scope).values()
                    if getattr(ex, "map_run_arn", None) == arn and (status is None or ex.status == status)),
                   key=lambda ex: (-ex.start, ex.name))
    chunk, token = common.page(items, req, lambda ex: ex.name)
    out: dict[str, Any] = {"executions": [
        {"executionArn": ex.arn, "stateMachineArn": ex.machine_arn, "name": ex.name, "status": ex.status,
         "startDate": ex.start, "mapRunArn": arn, **({"stopDate": ex.stop} if ex.stop is not None else {})} for ex in chunk
    ]}
    if token:
        out["nextToken"] = token
    return out


def stop_execution(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    scope, ex = common.execution(ctx, req["executionArn"])
    now = ctx.clock.now()
    if ex.status == "RUNNING":
        running.stop(ctx.runtime, ex.arn)
        ex.redrive_from = ex.resume
        ex.status, ex.stop, ex.resume = "ABORTED", now, None
        details = {k: req[k] for k in ("error", "cause") if k in req}
        ex.error, ex.cause = req.get("error"), req.get("cause")
        ex.events.append({"timestamp": now, "type": "ExecutionAborted", "id": len(ex.events) + 1,
                          "previousEventId": len(ex.events), "executionAbortedEventDetails": details})
        common.executions(scope).touch(ex.arn)
        emitted.status_change(ctx.runtime, ex)
    return {"stopDate": ex.stop if ex.stop is not None else now}


_DATA_FIELDS = ("input", "output", "parameters")


def get_execution_history(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    _, ex = common.execution(ctx, req["executionArn"])
    events = list(reversed(ex.events)) if req.get("reverseOrder") else list(ex.events)
    chunk, token = common.page(events, req, lambda e: e["id"])
    if req.get("includeExecutionData") is False:
        chunk = [_without_data(e) for e in chunk]
    out: dict[str, Any] = {"events": chunk}
    if token:
        out["nextToken"] = token
    return out


def _without_data(event: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in event.items():
        if key.endswith("EventDetails") and isinstance(value, dict):
            value = {k: v for k, v in value.items() if k not in _DATA_FIELDS and not k.endswith("Details")}
        out[key] = value
    return out


def _token(ctx: RequestContext, token: str) -> None:
    if not 1 <= len(token) <= 2048:
        raise AwsError("InvalidToken", f"Invalid Token: '{token}'")
    if not tokens.waiting(ctx.runtime, token):
        raise AwsError("TaskTimedOut", "Task Timed Out: 'Provided task does not exist anymore'")


def send_task_success(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    _token(ctx, req["taskToken"])
    try:
        json.loads(req["output"])
    except json.JSONDecodeError as error:
        raise AwsError("InvalidOutput", f"Invalid Output: '{error.msg}'") from None
    tokens.settle(ctx.runtime, ctx.scope, req["taskToken"], output=req["output"])
    return {}


def send_task_failure(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    _token(ctx, req["taskToken"])
    tokens.settle(ctx.runtime, ctx.scope, req["taskToken"], error=req.get("error", ""), cause=req.get("cause", ""))
    return {}


def send_task_heartbeat(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    _token(ctx, req["taskToken"])
    tokens.beat(ctx.runtime, req["taskToken"])
    return {}


