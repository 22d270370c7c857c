"""Maintenance window handlers: windows, targets, tasks, executions, schedules. Runs happen in `windows`."""

from __future__ import annotations

from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.generated import ssm as t
from cumulo.services.ssm import schedule, windows
from cumulo.services.ssm.api.tags import drop_tags, set_tags
from cumulo.services.ssm.common import hex_id, new_uuid, page, resources
from cumulo.services.ssm.models import Resource

__all__ = [
    "cancel_maintenance_window_execution", "create_maintenance_window", "delete_maintenance_window",
    "deregister_target_from_maintenance_window", "deregister_task_from_maintenance_window",
    "describe_maintenance_window_execution_task_invocations", "describe_maintenance_window_execution_tasks",
    "describe_maintenance_window_executions", "describe_maintenance_window_schedule", "describe_maintenance_window_targets",
    "describe_maintenance_window_tasks", "describe_maintenance_windows", "describe_maintenance_windows_for_target",
    "get_maintenance_window", "get_maintenance_window_execution", "get_maintenance_window_execution_task",
    "get_maintenance_window_execution_task_invocation", "get_maintenance_window_task", "register_target_with_maintenance_window",
    "register_task_with_maintenance_window", "update_maintenance_window", "update_maintenance_window_target",
    "update_maintenance_window_task",
]
MAX_WINDOWS = 50
WINDOW_FIELDS = ("Name", "Description", "StartDate", "EndDate", "Schedule", "ScheduleTimezone", "ScheduleOffset", "Duration", "Cutoff", "AllowUnassociatedTargets")
TARGET_FIELDS = ("Targets", "OwnerInformation", "Name", "Description")
TASK_FIELDS = ("Targets", "TaskArn", "ServiceRoleArn", "TaskParameters", "TaskInvocationParameters", "Priority", "MaxConcurrency",
               "MaxErrors", "LoggingInfo", "Name", "Description", "CutoffBehavior", "AlarmConfiguration")


def _missing(kind: str, ident: str) -> AwsError:
    return AwsError("DoesNotExistException", f"{kind} {ident} does not exist")


def _window(ctx: RequestContext, window_id: str) -> Resource:
    found: Resource | None = resources(ctx, "window").get(window_id)
    if found is None:
        raise _missing("Maintenance window", window_id)
    return found


def _check_window(body: dict[str, Any]) -> None:
    if body["Cutoff"] >= body["Duration"]:
        raise AwsError("ValidationException", "The cutoff must be less than the duration.", status=400)
    parsed = schedule.parse(body["Schedule"], body.get("ScheduleTimezone"), "ValidationException", "maintenance window schedule")
    if body.get("ScheduleOffset") and parsed.kind != "cron":
        raise AwsError("ValidationException", "ScheduleOffset is only supported for cron schedules.", status=400)
    start, end = schedule.parse_date(body.get("StartDate")), schedule.parse_date(body.get("EndDate"))
    if start and end and end <= start:
        raise AwsError("ValidationException", "The end date must be after the start date.", status=400)


def _identity(window: Resource) -> dict[str, Any]:
    out = {k: v for k, v in window.body.items() if k in WINDOW_FIELDS + ("WindowId", "Enabled") and k != "AllowUnassociatedTargets"}
    if window.extra.get("next") is not None:
        out["NextExecutionTime"] = schedule.iso_minute(window.extra["next"])
    return out


def create_maintenance_window(ctx: RequestContext, req: t.CreateMaintenanceWindowRequest) -> dict[str, Any]:
    table = resources(ctx, "window")
    token = req.get("ClientToken")
    if token:
        for w in table.values():
            if w.extra.get("token") == token:
                if w.body["Name"] != req["Name"]:
                    raise AwsError("IdempotentParameterMismatch", "The client token was already used with other parameters.")
                return {"WindowId": w.id}
    if len(table) >= MAX_WINDOWS:
        raise AwsError("ResourceLimitExceededException", "You have reached the maximum number of maintenance windows (50).")
    body: dict[str, Any] = {k: req[k] for k in WINDOW_FIELDS if k in req}  # type: ignore[literal-required]
    _check_window(body)
    window_id = hex_id("mw-")
    now = ctx.clock.now()
    body.update({"WindowId": window_id, "Enabled": True, "CreatedDate": now, "ModifiedDate": now})
    window = Resource(id=window_id, body=body, created=now, extra={"token": token})
    window.extra["next"] = windows.compute_next(window, now)
    table[window_id] = window
    set_tags(ctx, "MaintenanceWindow", window_id, req.get("Tags"))
    return {"WindowId": window_id}


def get_maintenance_window(ctx: RequestContext, req: t.GetMaintenanceWindowRequest) -> dict[str, Any]:
    window = _window(ctx, req["WindowId"])
    return {**window.body, **_identity(window)}


def update_maintenance_window(ctx: RequestContext, req: t.UpdateMaintenanceWindowRequest) -> dict[str, Any]:
    window = _window(ctx, req["WindowId"])
    body = dict(window.body)
    if req.get("Replace"):
        for key in ("Description", "StartDate", "EndDate", "ScheduleTimezone", "ScheduleOffset"):
            body.pop(key, None)
    for key in WINDOW_FIELDS + ("Enabled",):
        if key in req:
            body[key] = req[key]  # type: ignore[literal-required]
    _check_window(body)
    body["ModifiedDate"] = ctx.clock.now()
    window.body = body
    window.extra["next"] = windows.compute_next(window, ctx.clock.now())
    resources(ctx, "window")[window.id] = window
    return {k: v for k, v in body.items() if k in WINDOW_FIELDS + ("WindowId", "Enabled")}


def delete_maintenance_window(ctx: RequestContext, req: t.DeleteMaintenanceWindowRequest) -> dict[str, Any]:
    window_id = req["WindowId"]
    table = resources(ctx, "window")
    if window_id in table:
        del table[window_id]
        for kind in ("window_target", "window_task"):
            sub = resources(ctx, kind)
            for key in [k for k, r in sub.items() if r.body["WindowId"] == window_id]:
                del sub[key]
        drop_tags(ctx, "MaintenanceWindow", window_id)
    return {"WindowId": window_id}


def _filtered(items: list[dict[str, Any]], filters: Any) -> list[dict[str, Any]]:
    for f in filters:
        key, values = f.get("Key"), f.get("Values") or []
        items = [i for i in items if str(i.get(str(key), "")).lower() in {v.lower() for v in values}]
    return items


def describe_maintenance_windows(ctx: RequestContext, req: t.DescribeMaintenanceWindowsRequest) -> dict[str, Any]:
    found = _filtered([_identity(w) for w in sorted(resources(ctx, "window").values(), key=lambda w: w.created)], req.get("Filters") or [])
    chunk, token = page(found, req.get("NextToken"), req.get("MaxResults"), 50)
    out: dict[str, Any] = {"WindowIdentities": chunk}
    if token:
        out["NextToken"] = token
    return out


# ---------------------------------------------------------------- targets


def register_target_with_maintenance_window(ctx: RequestContext, req: t.RegisterTargetWithMaintenanceWindowRequest) -> dict[str, Any]:
    _window(ctx, req["WindowId"])
    target_id = new_uuid()
    body: dict[str, Any] = {"WindowId": req["WindowId"], "WindowTargetId": target_id, "ResourceType": req["ResourceType"]}
    body.update({k: req[k] for k in TARGET_FIELDS if k in req})  # type: ignore[literal-required]
    resources(ctx, "window_target")[target_id] = Resource(id=target_id, body=body, created=ctx.clock.now())
    return {"WindowTargetId": target_id}


def _target(ctx: RequestContext, window_id: str, target_id: str) -> Resource:
    _window(ctx, window_id)
    found: Resource | None = resources(ctx, "window_target").get(target_id)
    if found is None or found.body["WindowId"] != window_id:
        raise _missing("Maintenance window target", target_id)
    return found


def describe_maintenance_window_targets(ctx: RequestContext, req: t.DescribeMaintenanceWindowTargetsRequest) -> dict[str, Any]:
    _window(ctx, req["WindowId"])
    items = [r.body for r in sorted(resources(ctx, "window_target").values(), key=lambda r: r.created) if r.body["WindowId"] == req["WindowId"]]
    chunk, token = page(_filtered(items, req.get("Filters") or []), req.get("NextToken"), req.get("MaxResults"), 50)
    out: dict[str, Any] = {"Targets": chunk}
    if token:
        out["NextToken"] = token
    return out


def update_maintenance_window_target(ctx: RequestContext, req: t.UpdateMaintenanceWindowTargetRequest) -> dict[str, Any]:
    target = _target(ctx, req["WindowId"], req["WindowTargetId"])
    body = dict(target.body)
    if req.get("Replace"):
        for key in ("OwnerInformation", "Name", "Description"):
            body.pop(key, None)
    body.update({k: req[k] for k in TARGET_FIELDS if k in req})  # type: ignore[literal-required]
    target.body = body
    resources(ctx, "window_target")[target.id] = target
    return {k: v for k, v in body.items() if k != "ResourceType"}


def deregister_target_from_maintenance_window(ctx: RequestContext, req: t.DeregisterTargetFromMaintenanceWindowRequest) -> dict[str, Any]:
    target = _target(ctx, req["WindowId"], req["WindowTargetId"])
    if req.get("Safe"):
        for task in resources(ctx, "window_task").values():
            for tg in task.body.get("Targets") or []:
                if tg.get("Key") == "WindowTargetIds" and target.id in (tg.get("Values") or []):
                    raise AwsError("TargetInUseException", f"Target {target.id} is referenced by task {task.id}.")
    del resources(ctx, "window_target")[target.id]
    return {"WindowId": req["WindowId"], "WindowTargetId": target.id}


# ---------------------------------------------------------------- tasks


def _check_task(ctx: RequestContext, window: Resource, body: dict[str, Any]) -> None:
    targets = body.get("Targets") or []
    if body["TaskType"] == "RUN_COMMAND" and not targets and not window.body.get("AllowUnassociatedTargets"):
        raise AwsError("ValidationException", "Targets must be specified for a RUN_COMMAND task when the window does not allow unassociated targets.", status=400)
    for tg in targets:
        if tg.get("Key") == "WindowTargetIds":
            for tid in tg.get("Values") or []:
                _target(ctx, window.id, tid)


def register_task_with_maintenance_window(ctx: RequestContext, req: t.RegisterTaskWithMaintenanceWindowRequest) -> dict[str, Any]:
    window = _window(ctx, req["WindowId"])
    task_id = new_uuid()
    body: dict[str, Any] = {"WindowId": window.id, "WindowTaskId": task_id, "TaskType": req["TaskType"], "Priority": 1}
    body.update({k: req[k] for k in TASK_FIELDS if k in req})  # type: ignore[literal-required]
    _check_task(ctx, window, body)
    resources(ctx, "window_task")[task_id] = Resource(id=task_id, body=body, created=ctx.clock.now())
    return {"WindowTaskId": task_id}


def _task(ctx: RequestContext, window_id: str, task_id: str) -> Resource:
    _window(ctx, window_id)
    found: Resource | None = resources(ctx, "window_task").get(task_id)
    if found is None or found.body["WindowId"] != window_id:
        raise _missing("Maintenance window task", task_id)
    return found


def _task_wire(body: dict[str, Any]) -> dict[str, Any]:
    out = dict(body)
    out["Type"] = out.pop("TaskType")
    out.pop("TaskInvocationParameters", None)
    return out


def describe_maintenance_window_tasks(ctx: RequestContext, req: t.DescribeMaintenanceWindowTasksRequest) -> dict[str, Any]:
    _window(ctx, req["WindowId"])
    items = [_task_wire(r.body) for r in sorted(resources(ctx, "window_task").values(), key=lambda r: r.created) if r.body["WindowId"] == req["WindowId"]]
    chunk, token = page(_filtered(items, req.get("Filters") or []), req.get("NextToken"), req.get("MaxResults"), 50)
    out: dict[str, Any] = {"Tasks": chunk}
    if token:
        out["NextToken"] = token
    return out


def get_maintenance_window_task(ctx: RequestContext, req: t.GetMaintenanceWindowTaskRequest) -> dict[str, Any]:
    return dict(_task(ctx, req["WindowId"], req["WindowTaskId"]).body)


def update_maintenance_window_task(ctx: RequestContext, req: t.UpdateMaintenanceWindowTaskRequest) -> dict[str, Any]:
    task = _task(ctx, req["WindowId"], req["WindowTaskId"])
    body = dict(task.body)
    if req.get("Replace"):
        for key in TASK_FIELDS:
            if key not in ("TaskArn",):
                body.pop(key, None)
    body.update({k: req[k] for k in TASK_FIELDS if k in req})  # type: ignore[literal-required]
    _check_task(ctx, _window(ctx, req["WindowId"]), body)
    task.body = body
    resources(ctx, "window_task")[task.id] = task
    return {k: v for k, v in body.items() if k != "TaskType"}


def deregister_task_from_maintenance_window(ctx: RequestContext, req: t.DeregisterTaskFromMaintenanceWindowRequest) -> dict[str, Any]:
    task = _task(ctx, req["WindowId"], req["WindowTaskId"])
    del resources(ctx, "window_task")[task.id]
    return {"WindowId": req["WindowId"], "WindowTaskId": task.id}


# ---------------------------------------------------------------- executions


def _execution(ctx: RequestContext, execution_id: str) -> Resource:
    found: Resource | None = resources(ctx, "window_execution").get(execution_id)
    if found is None:
        raise _missing("Maintenance window execution", execution_id)
    if windows.settle(ctx.scope, found, ctx.clock.now()):
        resources(ctx, "window_execution").touch(found.id)
    return found


def _task_execution(ctx: RequestContext, execution_id: str, task_id: str) -> dict[str, Any]:
    for task in _execution(ctx, execution_id).extra["tasks"]:
        if task["TaskExecutionId"] == task_id:
            return dict(task)
    raise _missing("Maintenance window execution task", task_id)


def describe_maintenance_window_executions(ctx: RequestContext, req: t.DescribeMaintenanceWindowExecutionsRequest) -> dict[str, Any]:
    mine = [r for r in sorted(resources(ctx, "window_execution").values(), key=lambda r: r.created, reverse=True) if r.body["WindowId"] == req["WindowId"]]
    items = [_execution(ctx, r.id).body for r in mine]
    for f in req.get("Filters") or []:
        key, values = f.get("Key"), f.get("Values") or []
        if key == "ExecutionStatus":
            items = [i for i in items if i["Status"] in values]
        elif key in ("StartedBefore", "StartedAfter") and values:
            when = schedule.parse_date(values[0]) or 0
            items = [i for i in items if (i["StartTime"] < when if key == "StartedBefore" else i["StartTime"] > when)]
    chunk, token = page(items, req.get("NextToken"), req.get("MaxResults"), 50)
    out: dict[str, Any] = {"WindowExecutions": chunk}
    if token:
        out["NextToken"] = token
    return out


def get_maintenance_window_execution(ctx: RequestContext, req: t.GetMaintenanceWindowExecutionRequest) -> dict[str, Any]:
    execution = _execution(ctx, req["WindowExecutionId"])
    out = {k: v for k, v in execution.body.items() if k != "WindowId"}
    out["TaskIds"] = [task["TaskExecutionId"] for task in execution.extra["tasks"]]
    return out


def describe_maintenance_window_execution_tasks(ctx: RequestContext, req: t.DescribeMaintenanceWindowExecutionTasksRequest) -> dict[str, Any]:
    keys = ("WindowExecutionId", "TaskExecutionId", "Status", "StatusDetails", "StartTime", "EndTime", "TaskArn", "TaskType")
    items = [{k: v for k, v in task.items() if k in keys} for task in _execution(ctx, req["WindowExecutionId"]).extra["tasks"]]
    chunk, token = page(_filtered(items, [{"Key": "Status", "Values": f["Values"]} for f in req.get("Filters") or [] if f.get("Key") == "Status"]),
                        req.get("NextToken"), req.get("MaxResults"), 50)
    out: dict[str, Any] = {"WindowExecutionTaskIdentities": chunk}
    if token:
        out["NextToken"] = token
    return out


def get_maintenance_window_execution_task(ctx: RequestContext, req: t.GetMaintenanceWindowExecutionTaskRequest) -> dict[str, Any]:
    task = _task_execution(ctx, req["WindowExecutionId"], req["TaskId"])
    task.pop("invocations", None)
    task["Type"] = task.pop("TaskType")
    return task


def describe_maintenance_window_execution_task_invocations(ctx: RequestContext, req: t.DescribeMaintenanceWindowExecutionTaskInvocationsRequest) -> dict[str, Any]:
    task = _task_execution(ctx, req["WindowExecutionId"], req["TaskId"])
    chunk, token = page(task["invocations"], req.get("NextToken"), req.get("MaxResults"), 50)
    out: dict[str, Any] = {"WindowExecutionTaskInvocationIdentities": chunk}
    if token:
        out["NextToken"] = token
    return out


def get_maintenance_window_execution_task_invocation(ctx: RequestContext, req: t.GetMaintenanceWindowExecutionTaskInvocationRequest) -> dict[str, Any]:
    task = _task_execution(ctx, req["WindowExecutionId"], req["TaskId"])
    for invocation in task["invocations"]:
        if invocation["InvocationId"] == req["InvocationId"]:
            out = dict(invocation)
            out["TaskExecutionId"] = out["TaskExecutionId"]
            return out
    raise _missing("Maintenance window execution task invocation", req["InvocationId"])


def cancel_maintenance_window_execution(ctx: RequestContext, req: t.CancelMaintenanceWindowExecutionRequest) -> dict[str, Any]:
    execution = _execution(ctx, req["WindowExecutionId"])
    if execution.body["Status"] in ("PENDING", "IN_PROGRESS"):
        execution.body["Status"] = "CANCELLED"
        execution.body["EndTime"] = ctx.clock.now()
        resources(ctx, "window_execution").touch(execution.id)
    return {"WindowExecutionId": execution.id}


def describe_maintenance_window_schedule(ctx: RequestContext, req: t.DescribeMaintenanceWindowScheduleRequest) -> dict[str, Any]:
    if req.get("WindowId"):
        chosen = [_window(ctx, req["WindowId"])]
    else:
        ids = set(_windows_for(ctx, req.get("Targets") or []))
        chosen = [w for w in resources(ctx, "window").values() if w.id in ids]
    upcoming: list[dict[str, Any]] = []
    limit = req.get("MaxResults") or 50
    for window in chosen:
        when = window.extra.get("next")
        while when is not None and len([u for u in upcoming if u["WindowId"] == window.id]) < limit:
            upcoming.append({"WindowId": window.id, "Name": window.body["Name"], "ExecutionTime": schedule.iso_minute(when)})
            when = windows.compute_next(window, when)
    upcoming.sort(key=lambda u: u["ExecutionTime"])
    chunk, token = page(upcoming, req.get("NextToken"), limit, 50)
    out: dict[str, Any] = {"ScheduledWindowExecutions": chunk}
    if token:
        out["NextToken"] = token
    return out


def _windows_for(ctx: RequestContext, targets: Any) -> list[str]:
    wanted = {(tg.get("Key"), v) for tg in targets for v in tg.get("Values") or []}
    found: list[str] = []
    for target in resources(ctx, "window_target").values():
        have = {(tg.get("Key"), v) for tg in target.body.get("Targets") or [] for v in tg.get("Values") or []}
        if wanted & have and target.body["WindowId"] not in found:
            found.append(target.body["WindowId"])
    return found


def describe_maintenance_windows_for_target(ctx: RequestContext, req: t.DescribeMaintenanceWindowsForTargetRequest) -> dict[str, Any]:
    table = resources(ctx, "window")
    items = [{"WindowId": w, "Name": table[w].body["Name"]} for w in _windows_for(ctx, req["Targets"]) if w in table]
    chunk, token = page(items, req.get("NextToken"), req.get("MaxResults"), 50)
    out: dict[str, Any] = {"WindowIdentities": chunk}
    if token:
        out["NextToken"] = token
    return out
