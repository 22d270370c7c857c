"""Automation handlers: start, read, signal and stop executions; change requests run their runbooks.

The engine is `automation` (flow) and `actions` (step actions); handlers
check input, create the execution and kick it onto the scheduler.
"""

from __future__ import annotations

import json
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.generated.ssm import (
    DescribeAutomationExecutionsRequest,
    DescribeAutomationStepExecutionsRequest,
    GetAutomationExecutionRequest,
    SendAutomationSignalRequest,
    StartAutomationExecutionRequest,
    StartChangeRequestExecutionRequest,
    StopAutomationExecutionRequest,
)
from cumulo.services.ssm import automation, documents, instances
from cumulo.services.ssm.api.tags import set_tags
from cumulo.services.ssm.common import epoch, new_uuid, page
from cumulo.services.ssm.interpolate import as_strings, resolve
from cumulo.services.ssm.models import AutomationExecution, StepExecution

__all__ = [
    "describe_automation_executions", "describe_automation_step_executions", "get_automation_execution",
    "send_automation_signal", "start_automation_execution", "start_change_request_execution", "stop_automation_execution",
]
MAX_RUNNING = 100
PARAMS_ERROR = "InvalidAutomationExecutionParametersException"


def _find(ctx: RequestContext, execution_id: str) -> AutomationExecution:
    exe: AutomationExecution | None = automation.executions(ctx.runtime, ctx.account, ctx.region).get(execution_id)
    if exe is None:
        raise AwsError("AutomationExecutionNotFoundException", f"Automation Execution with id {execution_id} not found.")
    return exe


def _runbook(ctx: RequestContext, name: str, version: str | None, kinds: tuple[str, ...]) -> tuple[Any, Any, dict[str, Any]]:
    try:
        doc = documents.find(ctx, name)
    except AwsError:
        raise AwsError("AutomationDefinitionNotFoundException", f"Document {name} not found.") from None
    if doc.document_type not in kinds:
        raise AwsError("AutomationDefinitionNotFoundException", f"Document {name} is not of type {' or '.join(kinds)}.")
    try:
        v = documents.version_of(doc, version)
    except AwsError:
        raise AwsError("AutomationDefinitionVersionNotFoundException", f"Document {name} has no version {version}.") from None
    return doc, v, documents.parsed_content(doc, v)


def _create(ctx: RequestContext, doc_name: str, version: str, runbook: dict[str, Any], given: dict[str, list[str]],
            mode: str, extra: dict[str, Any]) -> AutomationExecution:
    running = automation.active(ctx.runtime, ctx.account, ctx.region)
    if len(running) >= MAX_RUNNING:
        raise AwsError("AutomationExecutionLimitExceededException", "The number of simultaneously running Automation executions exceeded the allowable limit.")
    values = resolve(runbook.get("parameters") or {}, given, PARAMS_ERROR)
    exe = AutomationExecution(
        execution_id=new_uuid(), document_name=doc_name, document_version=version,
        parameters=as_strings(values), started=ctx.clock.now(), executed_by=ctx.principal.arn,
        mode=mode, runbook=runbook, values=dict(values), extra=extra,
    )
    automation.executions(ctx.runtime, ctx.account, ctx.region)[exe.execution_id] = exe
    running[exe.execution_id] = True
    automation.kick(ctx.runtime, ctx.account, ctx.region, exe.execution_id)
    return exe


def start_automation_execution(ctx: RequestContext, req: StartAutomationExecutionRequest) -> dict[str, Any]:
    doc, version, runbook = _runbook(ctx, req["DocumentName"], req.get("DocumentVersion"), ("Automation",))
    token = req.get("ClientToken")
    if token:
        for other in automation.executions(ctx.runtime, ctx.account, ctx.region).values():
            if other.extra.get("ClientToken") == token:
                if other.document_name != doc.name:
                    raise AwsError("IdempotentParameterMismatch", "The client token was already used with different parameters.")
                return {"AutomationExecutionId": other.execution_id}
    if req.get("TargetParameterName") and not (req.get("Targets") or req.get("TargetMaps")):
        raise AwsError("InvalidTarget", "TargetParameterName needs Targets or TargetMaps.")
    extra: dict[str, Any] = {k: req[k] for k in ("Targets", "TargetMaps", "TargetParameterName", "MaxConcurrency", "MaxErrors", "TargetLocations", "AlarmConfiguration", "TargetLocationsURL", "ClientToken") if k in req}  # type: ignore[literal-required]
    if req.get("TargetParameterName") or req.get("TargetMaps"):
        exe = _fan_out(ctx, doc.name, version.version, runbook, dict(req), extra)
    else:
        exe = _create(ctx, doc.name, version.version, runbook, dict(req.get("Parameters") or {}), req.get("Mode", "Auto"), extra)
    set_tags(ctx, "Automation", exe.execution_id, req.get("Tags"))
    return {"AutomationExecutionId": exe.execution_id}


def _target_sets(ctx: RequestContext, req: dict[str, Any], target: str | None) -> list[tuple[str, dict[str, list[str]]]]:
    """(target, parameters) per child execution."""
    base = {k: list(v) for k, v in (req.get("Parameters") or {}).items()}
    sets: list[tuple[str, dict[str, list[str]]]] = []
    for mapping in req.get("TargetMaps") or []:
        sets.append((",".join(v for vals in mapping.values() for v in vals), {**base, **{k: list(v) for k, v in mapping.items()}}))
    tags = ctx.scope.table("tags/ManagedInstance")
    for t in req.get("Targets") or []:
        key, values = t.get("Key", ""), list(t.get("Values") or [])
        if key in ("ParameterValues", "InstanceIds"):
            found = values
        elif key.startswith("tag:"):
            found = [i for i in instances.all_instances(ctx) if (tags.get(i) or {}).get(key[4:]) in values]
        else:
            raise AwsError("InvalidTarget", f"The target key {key} is not supported by cumulo's Automation rate control.")
        assert target is not None
        sets.extend((value, {**base, target: [value]}) for value in found)
    return sets


def _fan_out(ctx: RequestContext, doc_name: str, version: str, runbook: dict[str, Any], req: dict[str, Any], extra: dict[str, Any]) -> AutomationExecution:
    """A parent execution that runs the runbook once per target, under rate control."""
    declared = runbook.get("parameters") or {}
    target = req.get("TargetParameterName")
    if target is not None and target not in declared:
        raise AwsError(PARAMS_ERROR, f"TargetParameterName {target} is not a parameter of the document.")
    sets = _target_sets(ctx, req, target)
    values = [resolve(declared, given, PARAMS_ERROR) for _, given in sets]
    now = ctx.clock.now()
    table = automation.executions(ctx.runtime, ctx.account, ctx.region)
    parent = AutomationExecution(
        execution_id=new_uuid(), document_name=doc_name, document_version=version, parameters=dict(req.get("Parameters") or {}),
        started=now, executed_by=ctx.principal.arn, mode=req.get("Mode", "Auto"), status="InProgress",
        extra={**extra, "children": [], "ResolvedTargets": {"ParameterValues": [t for t, _ in sets], "Truncated": False}},
    )
    for (target_value, _), typed in zip(sets, values, strict=True):
        child = AutomationExecution(
            execution_id=new_uuid(), document_name=doc_name, document_version=version, parameters=as_strings(typed), started=now,
            executed_by=ctx.principal.arn, runbook=runbook, values=dict(typed),
            extra={"ParentAutomationExecutionId": parent.execution_id, "Target": target_value, "queued": True},
        )
        table[child.execution_id] = child
        parent.extra["children"].append(child.execution_id)
    table[parent.execution_id] = parent
    automation.active(ctx.runtime, ctx.account, ctx.region)[parent.execution_id] = True
    automation.kick(ctx.runtime, ctx.account, ctx.region, parent.execution_id)
    return parent


def start_change_request_execution(ctx: RequestContext, req: StartChangeRequestExecutionRequest) -> dict[str, Any]:
    doc, version, template = _runbook(ctx, req["DocumentName"], req.get("DocumentVersion"), ("Automation.ChangeTemplate",))
    if doc.owner != "Amazon" and version.review_status not in (None, "APPROVED") :
        raise AwsError("AutomationDefinitionNotApprovedException", f"The change template {doc.name} version {version.version} is not approved.")
    steps = []
    for i, runbook in enumerate(req["Runbooks"]):
        _runbook(ctx, runbook["DocumentName"], runbook.get("DocumentVersion"), ("Automation",))
        inputs: dict[str, Any] = {"DocumentName": runbook["DocumentName"], "RuntimeParameters": runbook.get("Parameters") or {}}
        if runbook.get("DocumentVersion"):
            inputs["DocumentVersion"] = runbook["DocumentVersion"]
        steps.append({"name": f"Runbook{i + 1}", "action": "aws:executeAutomation", "inputs": inputs})
    synthesized = {"schemaVersion": "0.3", "parameters": template.get("parameters") or {}, "mainSteps": steps}
    extra: dict[str, Any] = {"Runbooks": req["Runbooks"], "AutomationSubtype": "ChangeRequest", "ChangeRequestName": req.get("ChangeRequestName", doc.name)}
    if "ScheduledTime" in req:
        extra["ScheduledTime"] = epoch(req["ScheduledTime"])
    exe = _create(ctx, doc.name, version.version, synthesized, dict(req.get("Parameters") or {}), "Auto", extra)
    set_tags(ctx, "Automation", exe.execution_id, req.get("Tags"))
    return {"AutomationExecutionId": exe.execution_id}


def _step_wire(step: StepExecution) -> dict[str, Any]:
    out: dict[str, Any] = {
        "StepName": step.name,
        "Action": step.action,
        "OnFailure": step.on_failure,
        "MaxAttempts": step.max_attempts,
        "StepStatus": step.status,
        "Inputs": {k: v if isinstance(v, str) else json.dumps(v) for k, v in (step.inputs or {}).items()},
        "Outputs": step.outputs,
        "StepExecutionId": step.step_id,
        "IsEnd": step.is_end,
        "IsCritical": step.is_critical,
    }
    if step.timeout is not None:
        out["TimeoutSeconds"] = step.timeout
    if step.started is not None:
        out["ExecutionStartTime"] = step.started
    if step.ended is not None:
        out["ExecutionEndTime"] = step.ended
    if step.next_step:
        out["NextStep"] = step.next_step
    if step.response:
        out["Response"] = step.response
    if step.failure_message:
        out["FailureMessage"] = step.failure_message
        out["FailureDetails"] = {"FailureStage": "Execution", "FailureType": step.failure_type, "Details": {"ErrorMessage": [step.failure_message[:200]]}}
    if step.overridden:
        out["OverriddenParameters"] = step.overridden
    return out


def _current(exe: AutomationExecution) -> StepExecution | None:
    if exe.status in automation.TERMINAL or not exe.steps:
        return None
    return exe.steps[-1]


def _common(exe: AutomationExecution) -> dict[str, Any]:
    out: dict[str, Any] = {
        "AutomationExecutionId": exe.execution_id,
        "DocumentName": exe.document_name,
        "DocumentVersion": exe.document_version,
        "ExecutionStartTime": exe.started,
        "AutomationExecutionStatus": exe.status,
        "Outputs": exe.outputs,
        "Mode": exe.mode,
        "ExecutedBy": exe.executed_by,
    }
    if exe.ended is not None:
        out["ExecutionEndTime"] = exe.ended
    if exe.failure_message:
        out["FailureMessage"] = exe.failure_message
    current = _current(exe)
    if current is not None:
        out["CurrentStepName"] = current.name
        out["CurrentAction"] = current.action
    for key, value in exe.extra.items():
        if key not in ("ClientToken", "children", "queued"):
            out[key] = value
    return out


def get_automation_execution(ctx: RequestContext, req: GetAutomationExecutionRequest) -> dict[str, Any]:
    exe = _find(ctx, req["AutomationExecutionId"])
    out = _common(exe)
    out["StepExecutions"] = [_step_wire(s) for s in exe.steps]
    out["StepExecutionsTruncated"] = False
    out["Parameters"] = exe.parameters
    return {"AutomationExecution": out}


def _exe_matches(ctx: RequestContext, exe: AutomationExecution, filters: Any) -> bool:
    from datetime import datetime

    for f in filters:
        key, values = f["Key"], f["Values"]
        if key == "DocumentNamePrefix" and not any(exe.document_name.startswith(v) for v in values):
            return False
        if key == "ExecutionStatus" and exe.status not in values:
            return False
        if key == "ExecutionId" and exe.execution_id not in values:
            return False
        if key == "ParentExecutionId" and exe.extra.get("ParentAutomationExecutionId") not in values:
            return False
        if key == "CurrentAction":
            current = _current(exe)
            if current is None or current.action not in values:
                return False
        if key in ("StartTimeBefore", "StartTimeAfter"):
            try:
                when = datetime.fromisoformat(values[0].replace("Z", "+00:00")).timestamp()
            except ValueError:
                raise AwsError("InvalidFilterValue", f"The filter value {values[0]} is not a valid time.") from None
            if key == "StartTimeBefore" and not exe.started < when or key == "StartTimeAfter" and not exe.started > when:
                return False
        if key == "AutomationType" and "Local" not in values:
            return False
        if key == "AutomationSubtype" and exe.extra.get("AutomationSubtype", "") not in values:
            return False
        if key == "TagKey":
            tags = ctx.scope.table("tags/Automation").get(exe.execution_id) or {}
            if not set(values) & set(tags):
                return False
        if key == "OpsItemId" and exe.extra.get("OpsItemId") not in values:
            return False
    return True


def describe_automation_executions(ctx: RequestContext, req: DescribeAutomationExecutionsRequest) -> dict[str, Any]:
    filters = req.get("Filters") or []
    found = sorted(
        (e for e in automation.executions(ctx.runtime, ctx.account, ctx.region).values() if _exe_matches(ctx, e, filters)),
        key=lambda e: e.started, reverse=True,
    )
    chunk, token = page(found, req.get("NextToken"), req.get("MaxResults"), 50)
    items = []
    for exe in chunk:
        entry = _common(exe)
        entry["AutomationType"] = "Local"
        items.append(entry)
    out: dict[str, Any] = {"AutomationExecutionMetadataList": items}
    if token:
        out["NextToken"] = token
    return out


def describe_automation_step_executions(ctx: RequestContext, req: DescribeAutomationStepExecutionsRequest) -> dict[str, Any]:
    exe = _find(ctx, req["AutomationExecutionId"])
    steps = list(exe.steps)
    for f in req.get("Filters") or []:
        key, values = f["Key"], f["Values"]
        field_of = {"StepExecutionStatus": lambda s: s.status, "StepExecutionId": lambda s: s.step_id, "StepName": lambda s: s.name, "Action": lambda s: s.action}
        if key in field_of:
            steps = [s for s in steps if field_of[key](s) in values]
    if req.get("ReverseOrder"):
        steps.reverse()
    chunk, token = page(steps, req.get("NextToken"), req.get("MaxResults"), 50)
    out: dict[str, Any] = {"StepExecutions": [_step_wire(s) for s in chunk]}
    if token:
        out["NextToken"] = token
    return out


def send_automation_signal(ctx: RequestContext, req: SendAutomationSignalRequest) -> dict[str, Any]:
    exe = _find(ctx, req["AutomationExecutionId"])
    kind = req["SignalType"]
    payload = req.get("Payload") or {}
    if exe.status in automation.TERMINAL:
        raise AwsError("InvalidAutomationSignalException", f"The signal {kind} is not valid for the current Automation execution status {exe.status}.")
    step_name: str | None = (payload.get("StepName") or [None])[0]  # type: ignore[list-item]
    names = [s["name"] for s in exe.runbook.get("mainSteps", [])]
    if step_name is not None and step_name not in names:
        raise AwsError("AutomationStepNotFoundException", f"The step {step_name} is not in the Automation document.")
    current = _current(exe)
    waiting = current.waiting_for if current is not None else ""
    accepted = {"Resume": ("Resume",), "Approve": ("Approve",), "Reject": ("Approve",), "StartStep": ("StartStep",), "StopStep": ("Resume", "Approve", "StartStep", "poll", "sleep", "command", "automation")}
    if kind == "Revoke" or waiting not in accepted[kind] and kind != "StartStep":
        raise AwsError("InvalidAutomationSignalException", f"The signal {kind} is not valid for the current Automation execution status {exe.status}.")
    comment = (payload.get("Comment") or [""])[0]
    if kind == "StopStep" and current is not None:
        current.status, current.ended, current.failure_message = "Cancelled", ctx.clock.now(), "Step cancelled by StopStep signal"
        exe.cursor += 1
        current.waiting_for = ""
    else:
        exe.signals.append({"type": kind, "step": step_name, "by": ctx.principal.arn, "comment": comment})
    automation.executions(ctx.runtime, ctx.account, ctx.region).touch(exe.execution_id)
    automation.kick(ctx.runtime, ctx.account, ctx.region, exe.execution_id)
    return {}


def stop_automation_execution(ctx: RequestContext, req: StopAutomationExecutionRequest) -> dict[str, Any]:
    exe = _find(ctx, req["AutomationExecutionId"])
    if exe.status in automation.TERMINAL:
        raise AwsError("InvalidAutomationStatusUpdateException", f"The Automation execution {exe.execution_id} is already {exe.status}.")
    now = ctx.clock.now()
    for step in exe.steps:
        if step.status not in automation.STEP_TERMINAL:
            step.status, step.ended = "Cancelled", now
    exe.status = "Success" if req.get("Type") == "Complete" else "Cancelled"
    exe.ended = now
    exe.cursor = -1
    exe.wake_at = None
    automation.executions(ctx.runtime, ctx.account, ctx.region).touch(exe.execution_id)
    index = automation.active(ctx.runtime, ctx.account, ctx.region)
    if exe.execution_id in index:
        del index[exe.execution_id]
    return {}
