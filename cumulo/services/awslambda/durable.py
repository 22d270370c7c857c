"""Durable executions: a durable function's run across the invocations that replay it.

https://docs.aws.amazon.com/lambda/latest/dg/durable-functions.html
- Invoking a function with a `DurableConfig` starts an execution (table
  `durable`, keyed by its ARN `<function>:<version>/durable-execution/<name>/<id>`)
  and invokes the function with the durable envelope the SDKs read:
  `{"DurableExecutionArn", "CheckpointToken", "InitialExecutionState":
  {"Operations": [...]}}`.
- While it runs, the SDK checkpoints operations (steps, waits, callbacks,
  child contexts, chained invokes) with the token it was given; each
  checkpoint consumes the token and answers a new one. Every change is a
  history event (EventId order).
- The invocation answers `{"Status": "SUCCEEDED"|"FAILED"|"PENDING", "Result",
  "Error"}`. PENDING suspends the execution until something it waits on
  happens: a wait's end or a step retry's time (cumulo clock, the `wake`
  tick), a callback completed through SendDurableExecutionCallback*, or a
  chained invoke finishing. Then the function is invoked again to replay.
  An answer that is not an SDK envelope (a plain handler) ends the execution
  with that answer as its result; an unhandled error fails it.
- Timeouts, on the cumulo clock: the execution's `ExecutionTimeout`, and each
  callback's `TimeoutSeconds` / `HeartbeatTimeoutSeconds`.
- Which executions are being invoked right now is live state
  (`runtime.live["lambda-durable"]`), so a restart resumes suspended ones.
"""

from __future__ import annotations

import base64
import json
import logging
import secrets
import uuid
from typing import TYPE_CHECKING, Any

from cumulo.core.errors import AwsError
from cumulo.runtimes import executor_for
from cumulo.services.awslambda.invoking import find, run
from cumulo.services.awslambda.models import DurableExecution, Function, Version

if TYPE_CHECKING:
    from cumulo.core.runtime import Runtime
    from cumulo.runtimes import Outcome
    from cumulo.state import Table

log = logging.getLogger("cumulo.lambda")

TERMINAL = ("SUCCEEDED", "FAILED", "TIMED_OUT", "STOPPED", "CANCELLED")
# (operation type, action) -> (status, history event); None: no event of its own.
TRANSITIONS: dict[tuple[str, str], tuple[str, str | None]] = {
    ("STEP", "START"): ("STARTED", "StepStarted"),
    ("STEP", "SUCCEED"): ("SUCCEEDED", "StepSucceeded"),
    ("STEP", "FAIL"): ("FAILED", "StepFailed"),
    ("STEP", "RETRY"): ("PENDING", "StepFailed"),
    ("WAIT", "START"): ("STARTED", "WaitStarted"),
    ("WAIT", "CANCEL"): ("CANCELLED", "WaitCancelled"),
    ("CALLBACK", "START"): ("STARTED", "CallbackStarted"),
    ("CONTEXT", "START"): ("STARTED", "ContextStarted"),
    ("CONTEXT", "SUCCEED"): ("SUCCEEDED", "ContextSucceeded"),
    ("CONTEXT", "FAIL"): ("FAILED", "ContextFailed"),
    ("CHAINED_INVOKE", "START"): ("STARTED", "ChainedInvokeStarted"),
    ("EXECUTION", "SUCCEED"): ("SUCCEEDED", None),
    ("EXECUTION", "FAIL"): ("FAILED", None),
}
DETAILS = {"STEP": "StepDetails", "WAIT": "WaitDetails", "CALLBACK": "CallbackDetails", "CONTEXT": "ContextDetails", "CHAINED_INVOKE": "ChainedInvokeDetails"}


def invalid(message: str) -> AwsError:
    return AwsError("InvalidParameterValueException", message, status=400, Type="User")


def table_for(runtime: Runtime, arn: str) -> Table:
    parts = arn.split(":")
    return runtime.store.scope("lambda", parts[4], parts[3]).table("durable")


def get(runtime: Runtime, arn: str, *, missing: str = "ResourceNotFoundException") -> DurableExecution:
    ex = table_for(runtime, arn).get(arn) if arn.count(":") >= 7 else None
    if ex is None:
        status = 404 if missing == "ResourceNotFoundException" else 400
        raise AwsError(missing, f"Durable execution not found: {arn}", status=status, Type="User")
    return ex


def _save(runtime: Runtime, ex: DurableExecution) -> None:
    table_for(runtime, ex.arn)[ex.arn] = ex


def _event(ex: DurableExecution, now: float, kind: str, op: dict[str, Any] | None = None, **details: Any) -> None:
    event: dict[str, Any] = {"EventType": kind, "EventId": len(ex.events) + 1, "EventTimestamp": now}
    if op is not None:
        event.update({k: op[k] for k in ("Id", "Name", "ParentId", "SubType") if op.get(k)})
    if details:
        event[f"{kind}Details"] = details
    ex.events.append(event)


def _error(error: dict[str, Any] | None) -> dict[str, Any]:
    return {"Payload": dict(error or {})}


# ---------------------------------------------------------------- starting and invoking


def start(runtime: Runtime, fn: Function, v: Version, payload: bytes, name: str) -> tuple[DurableExecution, bool]:
    """A new execution (stored, not yet invoked), or the one already started under `name` with this input (False)."""
    name = name or str(uuid.uuid4())
    prefix = f"{fn.arn}:{v.version}/durable-execution/{name}/"
    text = payload.decode("utf-8", "replace") if payload else "{}"
    table = table_for(runtime, fn.arn + ":" + v.version)
    for arn, ex in table.items():
        if arn.startswith(prefix):
            if ex.input != text:
                raise AwsError("DurableExecutionAlreadyStartedException", f"A durable execution named {name} has already been started.", status=409, Type="User")
            return ex, False
    now = runtime.clock.now()
    timeout = int((v.extra.get("DurableConfig") or {}).get("ExecutionTimeout") or 86400)
    ex = DurableExecution(prefix + uuid.uuid4().hex, name, f"{fn.arn}:{v.version}", text, now, timeout=timeout)
    ex.operations[name] = {"Id": name, "Type": "EXECUTION", "StartTimestamp": now, "Status": "STARTED", "ExecutionDetails": {"InputPayload": text}}
    _event(ex, now, "ExecutionStarted", ex.operations[name], Input={"Payload": text}, ExecutionTimeout=timeout)
    _save(runtime, ex)
    return ex, True


def operation_views(ex: DurableExecution) -> list[dict[str, Any]]:
    return [{k: v for k, v in op.items() if not k.startswith("_")} for op in ex.operations.values()]


def running(runtime: Runtime) -> set[str]:
    return runtime.live.setdefault("lambda-durable", set())


async def invoke_once(runtime: Runtime, arn: str, request_id: str = "") -> Outcome | None:
    """Invoke the function once for a running execution (replaying it); None when it is not to be run now."""
    ex = table_for(runtime, arn).get(arn)
    active = running(runtime)
    if ex is None or ex.status != "RUNNING" or arn in active:
        return None
    target = find(runtime, ex.function_arn)
    if target is None:
        return None
    fn, v, _ = target
    active.add(arn)
    try:
        ex.token = secrets.token_urlsafe(24).replace("-", "+").replace("_", "/")
        ex.wake_at = None
        for op in ex.operations.values():
            op.pop("_unseen", None)  # the replay sees every operation
        _save(runtime, ex)
        runtime.store.commit()
        envelope = {"DurableExecutionArn": arn, "CheckpointToken": ex.token, "InitialExecutionState": {"Operations": operation_views(ex)}}
        begun = runtime.clock.now()
        request_id = request_id or str(uuid.uuid4())
        try:
            outcome = await run(runtime, fn, v, json.dumps(envelope).encode(), request_id=request_id, invoked_arn=ex.function_arn, kind="Event", source="durable")
        except AwsError as error:  # throttled, or a runtime that cannot run here: try again on the next tick
            ex.wake_at = runtime.clock.now() + 1
            _save(runtime, ex)
            runtime.store.commit()
            log.info("durable execution %s not invoked: %s", arn, error.message)
            return None
        _finish_invocation(runtime, ex, outcome, begun, request_id)
        return outcome
    finally:
        active.discard(arn)


def _finish_invocation(runtime: Runtime, ex: DurableExecution, outcome: Outcome, begun: float, request_id: str) -> None:
    now = runtime.clock.now()
    if ex.status != "RUNNING":  # stopped or timed out while it ran
        _event(ex, now, "InvocationCompleted", StartTimestamp=begun, EndTimestamp=now, RequestId=request_id)
        _save(runtime, ex)
        runtime.store.commit()
        return
    answer: Any = None
    try:
        answer = json.loads(outcome.payload) if outcome.payload else None
    except ValueError:
        pass
    error = None
    if outcome.failed:
        error = {"ErrorType": (answer or {}).get("errorType", outcome.error_type), "ErrorMessage": (answer or {}).get("errorMessage", "")}
        if (answer or {}).get("stackTrace"):
            error["StackTrace"] = [str(line) for line in answer["stackTrace"]]
    details: dict[str, Any] = {"StartTimestamp": begun, "EndTimestamp": now, "RequestId": request_id}
    if error:
        details["Error"] = _error(error)
    _event(ex, now, "InvocationCompleted", **details)
    if error is not None:
        _complete(ex, now, "FAILED", error=error)
    elif isinstance(answer, dict) and answer.get("Status") in ("SUCCEEDED", "FAILED", "PENDING"):
        if answer["Status"] == "SUCCEEDED":
            _complete(ex, now, "SUCCEEDED", result=answer.get("Result") if answer.get("Result") is not None else ex.result)
        elif answer["Status"] == "FAILED":
            _complete(ex, now, "FAILED", error=answer.get("Error") or ex.error or {"ErrorType": "Error", "ErrorMessage": "The durable execution failed."})
        else:
            ex.wake_at = _next_wake(ex, now)
    else:  # not a durable SDK answer: the handler's return value is the result
        _complete(ex, now, "SUCCEEDED", result=outcome.payload.decode("utf-8", "replace"))
    _save(runtime, ex)
    runtime.store.commit()


def _complete(ex: DurableExecution, now: float, status: str, *, result: str | None = None, error: dict[str, Any] | None = None) -> None:
    ex.status, ex.ended = status, now
    root = ex.operations.get(ex.name)
    if root is not None:
        root["Status"], root["EndTimestamp"] = status, now
    if status == "SUCCEEDED":
        ex.result = result
        _event(ex, now, "ExecutionSucceeded", root, Result={"Payload": result or ""})
    else:
        ex.error = error
        kind = {"FAILED": "ExecutionFailed", "TIMED_OUT": "ExecutionTimedOut", "STOPPED": "ExecutionStopped"}[status]
        _event(ex, now, kind, root, Error=_error(error))
    ex.wake_at = None


def _next_wake(ex: DurableExecution, now: float) -> float | None:
    """When a suspended execution must run again: its earliest timer, or now if something it waited on finished."""
    times = [op["_wake"] for op in ex.operations.values() if op.get("_wake") is not None]
    if any(op.get("_unseen") for op in ex.operations.values()):
        times.append(now)
    return min(times) if times else None


# ---------------------------------------------------------------- checkpoints


def checkpoint(runtime: Runtime, arn: str, token: str, updates: list[dict[str, Any]]) -> dict[str, Any]:
    ex = get(runtime, arn, missing="InvalidParameterValueException")
    if ex.status != "RUNNING":
        raise invalid(f"Durable execution {arn} is not running: it is {ex.status}.")
    if token != ex.token:
        raise invalid("Invalid checkpoint token: it was already used, or belongs to another invocation.")
    now = runtime.clock.now()
    changed: dict[str, dict[str, Any]] = {}
    for update in updates:
        op = _apply(runtime, ex, update, now)
        changed[op["Id"]] = op
    for op in ex.operations.values():  # and what changed since the last answer: callbacks, timers, chained invokes
        if op.pop("_unseen", None):
            changed[op["Id"]] = op
    ex.token = secrets.token_urlsafe(24).replace("-", "+").replace("_", "/")
    _save(runtime, ex)
    views = [{k: v for k, v in op.items() if not k.startswith("_")} for op in changed.values()]
    return {"CheckpointToken": ex.token, "NewExecutionState": {"Operations": views}}


def _apply(runtime: Runtime, ex: DurableExecution, update: dict[str, Any], now: float) -> dict[str, Any]:
    kind, action, ident = update["Type"], update["Action"], update["Id"]
    transition = TRANSITIONS.get((kind, action))
    if transition is None:
        raise invalid(f"Action {action} is not valid for an operation of type {kind}.")
    status, event = transition
    if kind == "EXECUTION":
        if action == "SUCCEED":
            _complete(ex, now, "SUCCEEDED", result=update.get("Payload"))
        else:
            _complete(ex, now, "FAILED", error=update.get("Error"))
        return ex.operations[ex.name]
    op = ex.operations.get(ident)
    if op is None:
        if action != "START" and not (kind == "STEP" and action in ("SUCCEED", "FAIL", "RETRY")):
            raise invalid(f"Operation {ident} was never started.")
        op = ex.operations[ident] = {"Id": ident, "Type": kind, "StartTimestamp": now}
        for member in ("ParentId", "Name", "SubType"):
            if update.get(member):
                op[member] = update[member]
    elif op["Type"] != kind:
        raise invalid(f"Operation {ident} is a {op['Type']} operation, not {kind}.")
    elif op["Status"] in TERMINAL:
        raise invalid(f"Operation {ident} has already completed ({op['Status']}).")
    op["Status"] = status
    details = op.setdefault(DETAILS[kind], {})
    payload, error = update.get("Payload"), update.get("Error")
    extra: dict[str, Any] = {}
    if kind == "STEP":
        if action == "START":
            details["Attempt"] = details.get("Attempt", 0) + 1
        else:
            details.setdefault("Attempt", 1)
        retry = {"CurrentAttempt": details["Attempt"]}
        if action == "SUCCEED":
            details["Result"] = payload
            extra = {"Result": {"Payload": payload or ""}, "RetryDetails": retry}
        elif action in ("FAIL", "RETRY"):
            details["Error"] = error or {}
            if action == "RETRY":
                delay = int((update.get("StepOptions") or {}).get("NextAttemptDelaySeconds") or 1)
                details["NextAttemptTimestamp"] = op["_wake"] = now + delay
                retry["NextAttemptDelaySeconds"] = delay
            extra = {"Error": _error(error), "RetryDetails": retry}
    elif kind == "WAIT" and action == "START":
        seconds = int((update.get("WaitOptions") or {}).get("WaitSeconds") or 1)
        details["ScheduledEndTimestamp"] = op["_wake"] = now + seconds
        op["_seconds"] = seconds
        extra = {"Duration": seconds, "ScheduledEndTimestamp": now + seconds}
    elif kind == "WAIT":  # CANCEL
        op.pop("_wake", None)
        extra = {"Error": _error(error)} if error else {}
    elif kind == "CALLBACK":
        options = update.get("CallbackOptions") or {}
        callback = base64.b64encode(f"{ex.arn}#{ident}#{uuid.uuid4().hex}".encode()).decode()
        details["CallbackId"] = callback
        parts = ex.arn.split(":")
        runtime.store.scope("lambda", parts[4], parts[3]).table("callbacks")[callback] = ex.arn
        timeout, heartbeat = int(options.get("TimeoutSeconds") or 0), int(options.get("HeartbeatTimeoutSeconds") or 0)
        op["_timeout"], op["_heartbeat"], op["_beat"] = timeout, heartbeat, now
        extra = {"CallbackId": callback, **({"Timeout": timeout} if timeout else {}), **({"HeartbeatTimeout": heartbeat} if heartbeat else {})}
    elif kind == "CONTEXT":
        if action == "START" and (update.get("ContextOptions") or {}).get("ReplayChildren") is not None:
            details["ReplayChildren"] = update["ContextOptions"]["ReplayChildren"]
        if action == "SUCCEED":
            details["Result"] = payload
            extra = {"Result": {"Payload": payload or ""}}
        elif action == "FAIL":
            details["Error"] = error or {}
            extra = {"Error": _error(error)}
    elif kind == "CHAINED_INVOKE":
        options = update.get("ChainedInvokeOptions") or {}
        extra = {"FunctionName": options.get("FunctionName", ""), "Input": {"Payload": payload or ""}}
        executor_for(runtime).spawn(_chained(runtime, ex.arn, ident, options.get("FunctionName", ""), (payload or "").encode()))
    if not details:
        op.pop(DETAILS[kind], None)
    if status in TERMINAL:
        op["EndTimestamp"] = now
    if event is not None:
        _event(ex, now, event, op, **extra)
    return op


async def _chained(runtime: Runtime, arn: str, ident: str, function: str, payload: bytes) -> None:
    """Run a chained invoke's target, record its end, and let the parent replay."""
    parts = arn.split(":")
    name = function if function.startswith("arn:") else f"arn:{parts[1]}:lambda:{parts[3]}:{parts[4]}:function:{function}"
    target = find(runtime, name)
    if target is None:
        outcome_error: dict[str, Any] | None = {"ErrorType": "ResourceNotFoundException", "ErrorMessage": f"Function not found: {name}"}
        result = None
    else:
        fn, v, _ = target
        try:
            outcome = await run(runtime, fn, v, payload or b"{}", request_id=str(uuid.uuid4()), invoked_arn=name, kind="Event", source="durable")
            failed = outcome.failed
            text = outcome.payload.decode("utf-8", "replace")
            outcome_error, result = ({"ErrorType": outcome.error_type, "ErrorMessage": text} if failed else None), (None if failed else text)
        except AwsError as error:
            outcome_error, result = {"ErrorType": error.code, "ErrorMessage": error.message}, None
    ex = table_for(runtime, arn).get(arn)
    op = ex.operations.get(ident) if ex is not None else None
    if ex is None or op is None or ex.status != "RUNNING" or op["Status"] in TERMINAL:
        return
    now = runtime.clock.now()
    op["EndTimestamp"], op["_unseen"] = now, True
    if outcome_error is None:
        op["Status"], op["ChainedInvokeDetails"] = "SUCCEEDED", {"Result": result}
        _event(ex, now, "ChainedInvokeSucceeded", op, Result={"Payload": result or ""})
    else:
        op["Status"], op["ChainedInvokeDetails"] = "FAILED", {"Error": outcome_error}
        _event(ex, now, "ChainedInvokeFailed", op, Error=_error(outcome_error))
    _resume(runtime, ex, now)


def _resume(runtime: Runtime, ex: DurableExecution, now: float) -> None:
    """Something a suspended execution waited on happened: save it, and replay it unless an invocation is running
    (the running one sees the change in its next checkpoint answer, or on the next replay)."""
    ex.wake_at = now
    _save(runtime, ex)
    runtime.store.commit()
    if ex.arn not in running(runtime):
        executor_for(runtime).spawn(invoke_once(runtime, ex.arn))


# ---------------------------------------------------------------- callbacks and stopping


def complete_callback(runtime: Runtime, scope_table: Table, callback: str, status: str, *, result: str | None = None, error: dict[str, Any] | None = None) -> None:
    """SendDurableExecutionCallback{Success,Failure,Heartbeat}: `status` is SUCCEEDED, FAILED or "" (a heartbeat)."""
    arn = scope_table.get(callback)
    ex = table_for(runtime, arn).get(arn) if arn else None
    op = next((o for o in ex.operations.values() if (o.get("CallbackDetails") or {}).get("CallbackId") == callback), None) if ex else None
    if ex is None or op is None:
        raise invalid(f"Callback not found: {callback}")
    if op["Status"] == "TIMED_OUT":
        raise AwsError("CallbackTimeoutException", f"Callback {callback} has timed out.", status=400, Type="User")
    if op["Status"] != "STARTED" or ex.status != "RUNNING":
        raise invalid(f"Callback {callback} is already completed.")
    now = runtime.clock.now()
    if not status:
        op["_beat"] = now
        _save(runtime, ex)
        return
    op["Status"], op["EndTimestamp"], op["_unseen"] = status, now, True
    if status == "SUCCEEDED":
        op["CallbackDetails"]["Result"] = result
        _event(ex, now, "CallbackSucceeded", op, Result={"Payload": result or ""})
    else:
        op["CallbackDetails"]["Error"] = error or {}
        _event(ex, now, "CallbackFailed", op, Error=_error(error))
    _resume(runtime, ex, now)


def stop(runtime: Runtime, arn: str, error: dict[str, Any] | None) -> float:
    ex = get(runtime, arn)
    if ex.status != "RUNNING":
        raise invalid(f"Durable execution {arn} has already ended ({ex.status}).")
    now = runtime.clock.now()
    _complete(ex, now, "STOPPED", error=error or {"ErrorType": "Stopped", "ErrorMessage": "The durable execution was stopped."})
    for op in ex.operations.values():
        if op["Status"] in ("STARTED", "PENDING", "READY"):
            op["Status"], op["EndTimestamp"] = "STOPPED", now
            op.pop("_wake", None)
    _save(runtime, ex)
    return now


# ---------------------------------------------------------------- time


def wake(runtime: Runtime, now: float) -> None:
    """Tick: execution and callback timeouts, waits that ended, retries that are due; replay what can go on."""
    active = running(runtime)
    for scope in runtime.store.scopes_of("lambda"):
        table = scope.table("durable")
        for arn, ex in list(table.rows.items()):
            if ex.status != "RUNNING":
                continue
            changed = False
            if now - ex.started >= ex.timeout:
                _complete(ex, now, "TIMED_OUT", error={"ErrorType": "TimedOut", "ErrorMessage": f"The durable execution timed out after {ex.timeout} seconds."})
                table[arn] = ex
                runtime.store.commit()
                continue
            for op in ex.operations.values():
                changed |= _tick_operation(ex, op, now)
            if changed:
                ex.wake_at = now
                table[arn] = ex
                runtime.store.commit()
            if ex.wake_at is not None and ex.wake_at <= now and arn not in active:
                executor_for(runtime).spawn(invoke_once(runtime, arn))


def _tick_operation(ex: DurableExecution, op: dict[str, Any], now: float) -> bool:
    if op["Type"] == "WAIT" and op["Status"] == "STARTED" and op.get("_wake") is not None and op["_wake"] <= now:
        op["Status"], op["EndTimestamp"], op["_unseen"] = "SUCCEEDED", now, True
        op.pop("_wake")
        _event(ex, now, "WaitSucceeded", op, Duration=op.get("_seconds", 0))
        return True
    if op["Type"] == "STEP" and op["Status"] == "PENDING" and op.get("_wake") is not None and op["_wake"] <= now:
        op["Status"], op["_unseen"] = "READY", True
        op.pop("_wake")
        return True
    if op["Type"] == "CALLBACK" and op["Status"] == "STARTED":
        late = (op.get("_timeout") and now - op["StartTimestamp"] >= op["_timeout"]) or (op.get("_heartbeat") and now - op.get("_beat", now) >= op["_heartbeat"])
        if late:
            error = {"ErrorType": "CallbackTimeout", "ErrorMessage": "The callback timed out."}
            op["Status"], op["EndTimestamp"], op["_unseen"] = "TIMED_OUT", now, True
            op["CallbackDetails"]["Error"] = error
            _event(ex, now, "CallbackTimedOut", op, Error=_error(error))
            return True
    return False
