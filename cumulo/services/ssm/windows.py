"""Maintenance windows that run: at each occurrence of its schedule (cron/rate/at, time zone, offset,
start and end dates) on the cumulo clock, a window runs its tasks in priority order through services.call:
Run Command (SendCommand), Automation (StartAutomationExecution), Lambda (Invoke), Step Functions
(StartExecution). Each run is recorded as a window execution with its task executions and invocations.
"""

from __future__ import annotations

import base64
import json
import logging
import uuid
from typing import TYPE_CHECKING, Any

from cumulo import services
from cumulo.core.errors import AwsError
from cumulo.services.ssm import schedule
from cumulo.services.ssm.interpolate import render
from cumulo.services.ssm.models import Resource

if TYPE_CHECKING:
    from cumulo.core.runtime import Runtime
    from cumulo.state import Scope

log = logging.getLogger("cumulo.ssm.windows")


def compute_next(window: Resource, now: float) -> float | None:
    body = window.body
    if not body.get("Enabled", True):
        return None
    try:
        parsed = schedule.parse(body["Schedule"], body.get("ScheduleTimezone"), "ValidationException")
    except AwsError:
        return None
    start = schedule.parse_date(body.get("StartDate"))
    end = schedule.parse_date(body.get("EndDate"))
    after = max(now, start - 1) if start else now
    when = schedule.next_time(parsed, after, anchor=start or window.created, offset_days=int(body.get("ScheduleOffset") or 0))
    if when is None or end is not None and when > end:
        return None
    return when


async def tick(runtime: Runtime, now: float) -> None:
    for scope in runtime.store.scopes_of("ssm"):
        windows = scope.table("resources/window")
        for window_id in list(windows):
            window: Resource = windows[window_id]
            due = window.extra.get("next")
            if due is None or due > now:
                continue
            window.extra["next"] = compute_next(window, now)  # missed occurrences (a stopped server) are not made up
            windows.touch(window_id)
            await run(runtime, scope, window, due)
        active = scope.table("window_active")
        for execution_id in list(active):
            execution = scope.table("resources/window_execution").get(execution_id)
            if execution is None:
                del active[execution_id]
            else:
                await advance(runtime, scope, execution)
        runtime.store.commit()


def _targets_of(scope: Scope, window_id: str, targets: Any) -> tuple[list[str], list[dict[str, Any]], str]:
    """(instance ids, other targets, window target id) a task's Targets resolve to."""
    ids: list[str] = []
    other: list[dict[str, Any]] = []
    target_id = ""
    registered = scope.table("resources/window_target")
    for target in targets:
        if target.get("Key") == "WindowTargetIds":
            for tid in target.get("Values") or []:
                found: Resource | None = registered.get(tid)
                if found is None or found.body["WindowId"] != window_id:
                    continue
                target_id = target_id or tid
                for t in found.body.get("Targets") or []:
                    if t.get("Key") == "InstanceIds":
                        ids.extend(t.get("Values") or [])
                    else:
                        other.append(t)
        elif target.get("Key") == "InstanceIds":
            ids.extend(target.get("Values") or [])
        else:
            other.append(target)
    return ids, other, target_id


async def run(runtime: Runtime, scope: Scope, window: Resource, at: float) -> Resource:
    """Start one window execution: its tasks run by priority (lower first; equal priorities
    together), each group once the one before it has finished, and none starts after the
    cutoff (Duration - Cutoff hours after the start)."""
    execution_id = str(uuid.uuid4())
    now = runtime.clock.now()
    tasks = sorted((t for t in scope.table("resources/window_task").values() if t.body["WindowId"] == window.id),
                   key=lambda t: (t.body.get("Priority", 1), t.created))
    execution = Resource(
        id=execution_id, created=now,
        body={"WindowId": window.id, "WindowExecutionId": execution_id, "Status": "IN_PROGRESS", "StartTime": now},
        extra={"tasks": [], "pending": [(t.body.get("Priority", 1), t.id) for t in tasks],
               "cutoff_at": now + (int(window.body["Duration"]) - int(window.body["Cutoff"])) * 3600},
    )
    scope.table("resources/window_execution")[execution_id] = execution
    scope.table("window_active")[execution_id] = True
    await advance(runtime, scope, execution)
    return execution


async def advance(runtime: Runtime, scope: Scope, execution: Resource) -> None:
    """Start the next priority group when the running one has finished."""
    executions = scope.table("resources/window_execution")
    window: Resource | None = scope.table("resources/window").get(execution.body["WindowId"])
    while True:
        now = runtime.clock.now()
        settle(scope, execution, now)
        pending: list[tuple[int, str]] = execution.extra["pending"]
        running = any(t["Status"] not in _DONE for t in execution.extra["tasks"])
        if running or not pending or execution.body["Status"] in ("CANCELLED", "CANCELLING"):
            break
        if window is None or now >= execution.extra["cutoff_at"]:
            for _, task_id in pending:
                task = scope.table("resources/window_task").get(task_id)
                execution.extra["tasks"].append({
                    "WindowExecutionId": execution.id, "TaskExecutionId": str(uuid.uuid4()), "TaskArn": task.body["TaskArn"] if task else "",
                    "TaskType": task.body["TaskType"] if task else "RUN_COMMAND", "Status": "CANCELLED", "StartTime": now, "EndTime": now,
                    "StatusDetails": "The maintenance window reached its cutoff before the task started.", "invocations": [],
                })
            execution.extra["pending"] = []
            continue
        first = pending[0][0]
        group = [task_id for priority, task_id in pending if priority == first]
        execution.extra["pending"] = [p for p in pending if p[0] != first]
        for task_id in group:
            task = scope.table("resources/window_task").get(task_id)
            if task is not None:
                execution.extra["tasks"].append(await _run_task(runtime, scope, window, execution.id, task))
    executions[execution.id] = execution
    if execution.body["Status"] in _DONE + ("CANCELLED",) and execution.id in scope.table("window_active"):
        del scope.table("window_active")[execution.id]


# What a Run Command command or an Automation execution reports, as a window task status.
_STATUS = {
    "Pending": "PENDING", "InProgress": "IN_PROGRESS", "Waiting": "IN_PROGRESS", "Success": "SUCCESS", "Failed": "FAILED",
    "TimedOut": "TIMED_OUT", "Cancelled": "CANCELLED", "Cancelling": "CANCELLING",
}
_DONE = ("SUCCESS", "FAILED", "TIMED_OUT", "CANCELLED", "SKIPPED_OVERLAPPING")


def _ended(source: Any) -> float | None:
    if source is None:
        return None
    if hasattr(source, "invocations"):
        ends = [i.ended for i in source.invocations.values() if i.ended is not None]
        return max(ends) if ends else None
    ended: float | None = source.ended
    return ended


def settle(scope: Scope, execution: Resource, now: float) -> bool:
    """Bring task and window statuses up to date with the commands and automations the tasks
    started (they finish after the window dispatched them); True when something changed."""
    changed = False
    for task in execution.extra["tasks"]:
        if not task["invocations"]:
            continue  # never started (cutoff) or failed to dispatch: its status is final
        for invocation in task["invocations"]:
            if invocation["Status"] in _DONE or not invocation.get("ExecutionId"):
                continue
            table = "commands" if invocation["TaskType"] == "RUN_COMMAND" else "automations"
            source = scope.table(table).get(invocation["ExecutionId"])
            raw = source.status if source is not None else "Failed"
            status = _STATUS.get(raw, "FAILED")
            if status != invocation["Status"]:
                invocation["Status"] = status
                invocation["StatusDetails"] = raw
                if status in _DONE:
                    invocation["EndTime"] = _ended(source) or now
                changed = True
        statuses = [i["Status"] for i in task["invocations"]]
        status = "IN_PROGRESS" if any(s not in _DONE for s in statuses) else "SUCCESS" if all(s == "SUCCESS" for s in statuses) else "FAILED"
        if task.get("Status") != status:
            task["Status"] = status
            if status in _DONE:
                task["EndTime"] = max((i.get("EndTime") or now for i in task["invocations"]), default=now)
            if status == "FAILED":
                task["StatusDetails"] = next((i.get("StatusDetails", "") for i in task["invocations"] if i["Status"] != "SUCCESS"), "")
            changed = True
    statuses = [t["Status"] for t in execution.extra["tasks"]]
    if execution.body["Status"] not in ("CANCELLED", "CANCELLING"):
        status = "IN_PROGRESS" if execution.extra.get("pending") or any(s not in _DONE for s in statuses) else "SUCCESS" if all(s == "SUCCESS" for s in statuses) else "FAILED"
        if status != execution.body["Status"]:
            execution.body["Status"] = status
            if status == "FAILED":
                execution.body["StatusDetails"] = "One or more tasks in the orchestration failed."
            changed = True
        if status in _DONE and "EndTime" not in execution.body:
            execution.body["EndTime"] = max((t.get("EndTime") or now for t in execution.extra["tasks"]), default=now)
            changed = True
    return changed


async def _run_task(runtime: Runtime, scope: Scope, window: Resource, execution_id: str, task: Resource) -> dict[str, Any]:
    body = task.body
    task_execution_id = str(uuid.uuid4())
    ids, other, target_id = _targets_of(scope, window.id, body.get("Targets") or [])
    lookup = {"WINDOW_ID": window.id, "WINDOW_EXECUTION_ID": execution_id, "TASK_EXECUTION_ID": task_execution_id,
              "WINDOW_TASK_ID": task.id, "TARGET_ID": target_id, "RESOURCE_ID": ids[0] if ids else "", "TARGET_TYPE": "INSTANCE"}
    invocation_params = render(body.get("TaskInvocationParameters") or {}, lookup)
    kind = body["TaskType"]
    started = runtime.clock.now()
    record: dict[str, Any] = {
        "WindowExecutionId": execution_id, "TaskExecutionId": task_execution_id, "TaskArn": body["TaskArn"], "TaskType": kind,
        "ServiceRole": body.get("ServiceRoleArn", ""), "Priority": body.get("Priority", 1),
        "MaxConcurrency": body.get("MaxConcurrency", ""), "MaxErrors": body.get("MaxErrors", ""), "StartTime": started,
        "TaskParameters": [body["TaskParameters"]] if body.get("TaskParameters") else [],
    }
    invocation: dict[str, Any] = {
        "WindowExecutionId": execution_id, "TaskExecutionId": task_execution_id, "InvocationId": str(uuid.uuid4()),
        "TaskType": kind, "StartTime": started, "WindowTargetId": target_id,
    }
    try:
        execution_ref, params = await _dispatch(runtime, scope, kind, body, invocation_params, ids, other)
        # A command or an automation runs on after dispatch: `settle` follows it to its end.
        followed = kind in ("RUN_COMMAND", "AUTOMATION")
        invocation.update({"ExecutionId": execution_ref, "Parameters": json.dumps(params, default=str), "Status": "IN_PROGRESS" if followed else "SUCCESS"})
        record["Status"] = "IN_PROGRESS" if followed else "SUCCESS"
    except AwsError as error:
        details = f"{error.code}: {error.message}"
        invocation.update({"Status": "FAILED", "StatusDetails": details, "Parameters": "{}"})
        record.update({"Status": "FAILED", "StatusDetails": details})
    now = runtime.clock.now()
    if invocation["Status"] != "IN_PROGRESS":
        invocation["EndTime"] = record["EndTime"] = now
    record["invocations"] = [invocation]
    return record


async def _dispatch(runtime: Runtime, scope: Scope, kind: str, body: dict[str, Any], inv: dict[str, Any],
                    ids: list[str], other: list[dict[str, Any]]) -> tuple[str, dict[str, Any]]:
    account, region = scope.account, scope.region
    arn = body["TaskArn"]
    if kind == "RUN_COMMAND":
        rc = dict(inv.get("RunCommand") or {})
        legacy = {k: v.get("Values", []) for k, v in (body.get("TaskParameters") or {}).items()}
        params: dict[str, Any] = {"DocumentName": arn}
        given = rc.pop("Parameters", None) or legacy
        if given:
            params["Parameters"] = given
        params.update({k: v for k, v in rc.items() if k in ("Comment", "DocumentHash", "DocumentHashType", "DocumentVersion", "NotificationConfig",
                                                           "OutputS3BucketName", "OutputS3KeyPrefix", "ServiceRoleArn", "TimeoutSeconds", "CloudWatchOutputConfig")})
        if ids:
            params["InstanceIds"] = ids
        if other:
            params["Targets"] = other
        out = await services.call(runtime, "ssm", "SendCommand", params, account, region)
        return str(out["Command"]["CommandId"]), params
    if kind == "AUTOMATION":
        auto = inv.get("Automation") or {}
        params = {"DocumentName": arn}
        if auto.get("Parameters"):
            params["Parameters"] = auto["Parameters"]
        if auto.get("DocumentVersion"):
            params["DocumentVersion"] = auto["DocumentVersion"]
        out = await services.call(runtime, "ssm", "StartAutomationExecution", params, account, region)
        return str(out["AutomationExecutionId"]), params
    if kind == "LAMBDA":
        lam = inv.get("Lambda") or {}
        params = {"FunctionName": arn}
        if lam.get("Payload") is not None:
            payload = lam["Payload"]
            params["Payload"] = payload if isinstance(payload, (bytes, bytearray)) else base64.b64decode(payload) if _is_b64(payload) else str(payload).encode()
        for key in ("Qualifier", "ClientContext"):
            if lam.get(key):
                params[key] = lam[key]
        out = await services.call(runtime, "lambda", "Invoke", params, account, region)
        if out.get("FunctionError"):
            raise AwsError("LambdaFunctionError", f"the function failed: {out['FunctionError']}")
        return arn, {k: v for k, v in params.items() if k != "Payload"}
    if kind == "STEP_FUNCTIONS":
        sf = inv.get("StepFunctions") or {}
        params = {"stateMachineArn": arn}
        if sf.get("Input"):
            params["input"] = sf["Input"]
        if sf.get("Name"):
            params["name"] = sf["Name"]
        out = await services.call(runtime, "stepfunctions", "StartExecution", params, account, region)
        return str(out["executionArn"]), params
    raise AwsError("ValidationException", f"Task type {kind} is not supported.")


def _is_b64(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        base64.b64decode(value, validate=True)
        return True
    except ValueError:
        return False
