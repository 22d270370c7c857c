"""The Automation engine: runs a runbook's steps on the scheduler, one step after another.

An execution advances in `advance()`, a task on the event loop that runs steps
until one must wait: for time (`aws:sleep`, polling in `aws:waitFor...`), for
a signal (`aws:pause`, `aws:approve`, Interactive mode), or for other work (a
command, a child automation). Waiting on time sets `wake_at`; the periodic
tick resumes executions whose time has come, which also carries executions
across a restart. Step actions live in `actions`; this module owns the flow
(onFailure, isEnd, nextStep, maxAttempts, statuses) and the state.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from cumulo.services.ssm import actions
from cumulo.services.ssm.interpolate import as_strings, render
from cumulo.services.ssm.models import AutomationExecution, StepExecution

if TYPE_CHECKING:
    from cumulo.core.runtime import Runtime
    from cumulo.state import Table

log = logging.getLogger("cumulo.ssm.automation")
TERMINAL = ("Success", "Failed", "Cancelled", "TimedOut", "CompletedWithSuccess", "CompletedWithFailure", "Rejected")
SIGNALS = ("Resume", "Approve", "StartStep")
STEP_TERMINAL = ("Success", "Failed", "Cancelled", "TimedOut", "Skipped")


def executions(runtime: Runtime, account: str, region: str) -> Table:
    return runtime.store.scope("ssm", account, region).table("automations")


def active(runtime: Runtime, account: str, region: str) -> Table:
    return runtime.store.scope("ssm", account, region).table("automation_active")


def _live(runtime: Runtime) -> dict[str, Any]:
    live: dict[str, Any] = runtime.live.setdefault("ssm", {})
    live.setdefault("running", set())
    return live


def kick(runtime: Runtime, account: str, region: str, execution_id: str) -> None:
    """Advance an execution soon, off the request that asked for it."""

    def go() -> None:
        asyncio.get_running_loop().create_task(advance(runtime, account, region, execution_id))

    runtime.scheduler.after(0, go)


def tick(runtime: Runtime, now: float) -> None:
    """Resume executions whose wait is over (sleep, polling), and any left running by a restart."""
    running = _live(runtime)["running"]
    for scope in runtime.store.scopes_of("ssm"):
        index = scope.table("automation_active")
        for execution_id in list(index):
            exe: AutomationExecution | None = scope.table("automations").get(execution_id)
            if exe is None or exe.status in TERMINAL:
                del index[execution_id]
                continue
            if execution_id in running or exe.extra.get("queued"):
                continue
            if exe.wake_at is not None and exe.wake_at <= now or exe.status in ("Pending", "InProgress") and exe.wake_at is None:
                kick(runtime, scope.account, scope.region, execution_id)


def lookup(exe: AutomationExecution, account: str, region: str, now: float) -> dict[str, Any]:
    from datetime import datetime, timezone

    values = dict(exe.values)
    values.update({
        "automation:EXECUTION_ID": exe.execution_id,
        "automation:DOCUMENT_NAME": exe.document_name,
        "automation:DOCUMENT_VERSION": exe.document_version,
        "global:ACCOUNT_ID": account,
        "global:REGION": region,
        "global:AWS_PARTITION": "aws",
        "global:DATE": datetime.fromtimestamp(now, tz=timezone.utc).strftime("%Y-%m-%d"),
        "global:DATE_TIME": datetime.fromtimestamp(now, tz=timezone.utc).strftime("%Y-%m-%d_%H.%M.%S"),
    })
    return values


def _step_names(exe: AutomationExecution) -> list[str]:
    return [s["name"] for s in exe.runbook.get("mainSteps", [])]


def _new_step(exe: AutomationExecution, definition: dict[str, Any]) -> StepExecution:
    import uuid

    return StepExecution(
        name=definition["name"],
        action=definition["action"],
        inputs={},
        on_failure=str(definition.get("onFailure", "Abort")),
        max_attempts=int(definition.get("maxAttempts", 1)),
        timeout=int(definition["timeoutSeconds"]) if "timeoutSeconds" in definition else None,
        step_id=str(uuid.uuid4()),
        is_end=bool(definition.get("isEnd", False)),
        next_step=definition.get("nextStep"),
        is_critical=bool(definition.get("isCritical", True)),
    )


def _finish(exe: AutomationExecution, status: str, now: float, message: str = "") -> None:
    exe.status = status
    exe.ended = now
    exe.cursor = -1
    exe.wake_at = None
    if message:
        exe.failure_message = message
    declared = exe.runbook.get("outputs") or []
    exe.outputs = {ref: exe.outputs.get(ref, ["No output available yet because the step is not successfully executed"]) for ref in declared} if declared else {}
    exe.outputs = {k: v for k, v in exe.outputs.items()}


async def advance(runtime: Runtime, account: str, region: str, execution_id: str) -> None:
    running = _live(runtime)["running"]
    if execution_id in running:
        return
    table = executions(runtime, account, region)
    exe: AutomationExecution | None = table.get(execution_id)
    if exe is None or exe.status in TERMINAL:
        return
    running.add(execution_id)
    try:
        await _run(runtime, account, region, exe, table)
    except Exception as error:  # a bug in a step must end the execution, never hang it
        log.exception("automation %s failed", execution_id)
        _finish(exe, "Failed", runtime.clock.now(), f"Internal error: {error}")
    finally:
        running.discard(execution_id)
        table.touch(execution_id)
        if exe.status in TERMINAL:
            index = active(runtime, account, region)
            if execution_id in index:
                del index[execution_id]
            parent = exe.extra.get("ParentAutomationExecutionId")
            if parent:
                kick(runtime, account, region, parent)  # its next child may start now
        runtime.store.commit()


def limit(text: str | None, total: int, default: int) -> int:
    """A MaxConcurrency / MaxErrors value ("10" or "10%") for `total` targets."""
    if not text:
        return default
    if text.endswith("%"):
        return max(1, -(-total * int(text[:-1]) // 100)) if int(text[:-1]) else 0
    return int(text)


def _run_parent(runtime: Runtime, account: str, region: str, exe: AutomationExecution, table: Table) -> None:
    """Rate control: start queued child executions up to MaxConcurrency; past MaxErrors failures,
    cancel those not started; the parent ends when every child has."""
    children = [table[c] for c in exe.extra["children"] if c in table]
    total = len(children)
    failed = [c for c in children if c.status in ("Failed", "TimedOut", "Cancelled")]
    queued = [c for c in children if c.extra.get("queued")]
    now = runtime.clock.now()
    if len(failed) > limit(exe.extra.get("MaxErrors"), total, total):
        for child in queued:
            child.extra.pop("queued", None)
            _finish(child, "Cancelled", now, "Cancelled: the execution reached its MaxErrors.")
            table.touch(child.execution_id)
        queued = []
    running = [c for c in children if c.status not in TERMINAL and not c.extra.get("queued")]
    slots = limit(exe.extra.get("MaxConcurrency"), total, 10) - len(running)
    for child in queued[: max(0, slots)]:
        child.extra.pop("queued", None)
        table.touch(child.execution_id)
        active(runtime, account, region)[child.execution_id] = True
        kick(runtime, account, region, child.execution_id)
    if all(c.status in TERMINAL for c in children):
        bad = [c for c in children if c.status != "Success"]
        _finish(exe, "Failed" if bad else "Success", now, f"{len(bad)} of {total} targets did not succeed." if bad else "")
    else:
        exe.status = "InProgress"


async def _run(runtime: Runtime, account: str, region: str, exe: AutomationExecution, table: Table) -> None:
    if "children" in exe.extra:
        _run_parent(runtime, account, region, exe, table)
        return
    names = _step_names(exe)
    steps_def = exe.runbook.get("mainSteps", [])
    while exe.status not in TERMINAL:
        now = runtime.clock.now()
        if exe.cursor < 0 or exe.cursor >= len(steps_def):
            failed = any(s.status in ("Failed", "TimedOut") and s.is_critical for s in exe.steps)
            _finish(exe, "Failed" if failed else "Success", now)
            return
        definition = steps_def[exe.cursor]
        step = exe.steps[-1] if exe.steps and exe.steps[-1].name == definition["name"] and exe.steps[-1].status not in STEP_TERMINAL else None
        if step is None:
            step = _new_step(exe, definition)
            exe.steps.append(step)
        if exe.mode == "Interactive" and step.status == "Pending" and not _take_signal(exe, "StartStep", step.name):
            exe.status = "Waiting"
            step.waiting_for = "StartStep"
            table.touch(exe.execution_id)
            return
        if step.status == "Pending":
            step.status = "InProgress"
            step.started = now
            step.attempts += 1
            step.inputs = render(definition.get("inputs") or {}, lookup(exe, account, region, now))
        exe.status = "InProgress"
        exe.wake_at = None
        table.touch(exe.execution_id)
        outcome = await actions.run(runtime, account, region, exe, step, definition)
        if exe.status in TERMINAL:  # stopped while the step ran
            return
        now = runtime.clock.now()
        if outcome.kind == "wait":
            exe.status = "Waiting" if outcome.waiting_for in SIGNALS else "InProgress"
            exe.wake_at = outcome.wake_at
            step.waiting_for = outcome.waiting_for
            table.touch(exe.execution_id)
            return
        step.waiting_for = ""
        if outcome.kind == "fail":
            if step.attempts < step.max_attempts and outcome.status != "Cancelled":
                step.status = "Pending"
                continue
            step.status = outcome.status
            step.ended = now
            step.failure_message = outcome.message
            step.failure_type = outcome.failure_type
            step.response = outcome.message
            if outcome.status == "Cancelled":
                _finish(exe, "Cancelled", now)
                return
            target = step.on_failure
            if target == "Continue" or not step.is_critical and target == "Abort":
                exe.cursor += 1
            elif target.startswith("step:") and target[5:] in names:
                exe.cursor = names.index(target[5:])
            else:
                _finish(exe, "TimedOut" if outcome.status == "TimedOut" else "Failed", now,
                        f"Step fails when it is {outcome.stage}. {outcome.message}. Please refer to Automation Service "
                        "Troubleshooting Guide for more diagnosis details.")
                return
            continue
        step.status = "Success"
        step.ended = now
        step.response = outcome.response
        _record_outputs(exe, step, definition, outcome.data, outcome.outputs)
        if outcome.next_step:
            exe.cursor = names.index(outcome.next_step)
        elif step.is_end:
            exe.cursor = -1
        elif step.next_step and step.next_step in names:
            exe.cursor = names.index(step.next_step)
        else:
            exe.cursor += 1


def _take_signal(exe: AutomationExecution, kind: str, step_name: str) -> bool:
    for i, signal in enumerate(exe.signals):
        if signal["type"] == kind and signal.get("step") in (None, step_name):
            del exe.signals[i]
            return True
    return False


def _record_outputs(exe: AutomationExecution, step: StepExecution, definition: dict[str, Any], data: Any, builtin: dict[str, Any]) -> None:
    from cumulo.services.ssm.interpolate import select

    outputs: dict[str, Any] = dict(builtin)
    for spec in definition.get("outputs") or []:
        if not isinstance(spec, dict) or "Name" not in spec:
            continue
        try:
            value = select(data, spec.get("Selector", "$"))
        except (KeyError, ValueError):
            continue
        outputs[spec["Name"]] = _coerce(value, spec.get("Type", "String"))
    step.outputs = as_strings(outputs)
    for name, value in outputs.items():
        exe.values[f"{step.name}.{name}"] = value
        exe.outputs[f"{step.name}.{name}"] = as_strings({name: value})[name]


def _coerce(value: Any, kind: str) -> Any:
    import json

    if kind == "String":
        return value if isinstance(value, str) else json.dumps(value) if isinstance(value, (dict, list)) else str(value).lower() if isinstance(value, bool) else str(value)
    if kind == "Integer":
        return int(value)
    if kind == "Boolean":
        return value if isinstance(value, bool) else str(value).lower() == "true"
    if kind == "StringList":
        return [v if isinstance(v, str) else json.dumps(v) for v in value] if isinstance(value, list) else [str(value)]
    return value
