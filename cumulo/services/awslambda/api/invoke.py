"""Invoke, InvokeAsync and InvokeWithResponseStream.

- `RequestResponse`: waits for the function; a function error is still a 200,
  with `FunctionError: Unhandled` and the error payload the runtime reported.
  `LogType=Tail` adds the last 4 KB of the log, base64-encoded.
- `Event`: 202 at once; the invocation runs in the background (`events`).
- `DryRun`: 204 after the checks, without running anything.
- InvokeWithResponseStream: `PayloadChunk` events as the function streams
  (`awslambda.streamifyResponse` in Node.js), or its whole answer as one chunk,
  then `InvokeComplete`.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import orjson

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.runtimes import Outcome, executor_for
from cumulo.services.awslambda import durable, events, invoking
from cumulo.services.awslambda.models import Alias, Function, Version
from cumulo.services.awslambda.names import resolve


def _payload(req: dict[str, Any], member: str = "Payload") -> bytes:
    data = req.get(member) or b""
    if isinstance(data, str):
        data = data.encode()
    if data:
        try:
            orjson.loads(data)
        except orjson.JSONDecodeError as error:
            raise AwsError(
                "InvalidRequestContentException", f"Could not parse request body into json: Could not parse payload into json: {error}", status=400, Type="User"
            ) from None
    return bytes(data)


def _target(ctx: RequestContext, req: dict[str, Any]) -> tuple[Function, Version, Alias | None, str]:
    """The function version to run, and the ARN it was invoked by."""
    fn, v, alias = resolve(ctx, req["FunctionName"], req.get("Qualifier"))
    qualifier = req.get("Qualifier") or (req["FunctionName"].split(":")[7] if req["FunctionName"].count(":") >= 7 else None)
    if ctx.request is not None and ctx.request.host:
        executor_for(ctx.runtime).endpoint_url = f"http://{ctx.request.host}"
    return fn, invoking.pick_version(fn, alias, v), alias, f"{fn.arn}:{qualifier}" if qualifier else fn.arn


async def invoke(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    fn, v, _, invoked_arn = _target(ctx, req)
    payload = _payload(req)
    kind = req.get("InvocationType") or "RequestResponse"
    if kind == "DryRun":
        return {"StatusCode": 204}
    if v.extra.get("DurableConfig"):
        return await _invoke_durable(ctx, fn, v, payload, kind, req)
    if kind == "Event":
        events.submit(ctx.runtime, invoked_arn, payload, ctx.request_id)
        return {"StatusCode": 202}
    outcome = await invoking.run(
        ctx.runtime, fn, v, payload, request_id=ctx.request_id, invoked_arn=invoked_arn, client_context=req.get("ClientContext", "")
    )
    out: dict[str, Any] = {"StatusCode": 200, "Payload": outcome.payload, "ExecutedVersion": v.version}
    if outcome.failed:
        out["FunctionError"] = "Unhandled"
    if req.get("LogType") == "Tail":
        out["LogResult"] = invoking.log_tail(outcome)
    return out


async def _invoke_durable(ctx: RequestContext, fn: Function, v: Version, payload: bytes, kind: str, req: dict[str, Any]) -> dict[str, Any]:
    """Start a durable execution (or find the one already started under its name) and run its first invocation:
    in the background for `Event`, else waited for, answering the execution's result once it has one."""
    ex, new = durable.start(ctx.runtime, fn, v, payload, req.get("DurableExecutionName") or "")
    ctx.runtime.store.commit()
    out: dict[str, Any] = {"DurableExecutionArn": ex.arn, "ExecutedVersion": v.version}
    if kind == "Event":
        if new:
            executor_for(ctx.runtime).spawn(durable.invoke_once(ctx.runtime, ex.arn, ctx.request_id))
        return out | {"StatusCode": 202}
    outcome = await durable.invoke_once(ctx.runtime, ex.arn, ctx.request_id) if new else None
    ex = durable.get(ctx.runtime, ex.arn)
    if ex.status == "SUCCEEDED":
        out["Payload"] = (ex.result or "").encode()
    elif ex.status != "RUNNING":
        error = ex.error or {}
        out["FunctionError"] = "Unhandled"
        out["Payload"] = orjson.dumps({"errorType": error.get("ErrorType", ex.status), "errorMessage": error.get("ErrorMessage", "")})
    else:  # suspended (waiting on a timer or a callback): what the invocation answered
        out["Payload"] = outcome.payload if outcome is not None else b"{}"
    if outcome is not None and req.get("LogType") == "Tail":
        out["LogResult"] = invoking.log_tail(outcome)
    return out | {"StatusCode": 200}


async def invoke_async(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    args = req.get("InvokeArgs")
    if args is not None and not isinstance(args, (bytes, bytearray, str)):
        args = await args.read()
    if not args:  # the body is required: checked before the function is looked up, as any input validation is
        raise AwsError(
            "InvalidRequestContentException", "Could not parse request body into json: No content to map due to end-of-input", status=400, Type="User"
        )
    payload = _payload({"Payload": args})
    fn, _, _, invoked_arn = _target(ctx, req)
    events.submit(ctx.runtime, invoked_arn, payload, ctx.request_id)
    return {"Status": 202}


async def invoke_with_response_stream(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    fn, v, _, invoked_arn = _target(ctx, req)
    payload = _payload(req)
    if req.get("InvocationType") == "DryRun":
        return {"StatusCode": 204}
    if fn.reserved_concurrency is not None and executor_for(ctx.runtime).in_flight[fn.arn] >= fn.reserved_concurrency:
        raise AwsError("TooManyRequestsException", "Rate Exceeded.", status=429, Type="User", Reason="ReservedFunctionConcurrentInvocationLimitExceeded")
    chunks: asyncio.Queue[bytes | None] = asyncio.Queue()
    task = executor_for(ctx.runtime).spawn(
        invoking.run(
            ctx.runtime, fn, v, payload, request_id=ctx.request_id, invoked_arn=invoked_arn, client_context=req.get("ClientContext", ""), on_chunk=chunks.put_nowait
        )
    )
    task.add_done_callback(lambda _: chunks.put_nowait(None))
    tail = req.get("LogType") == "Tail"

    async def stream() -> AsyncIterator[dict[str, Any]]:
        streamed = False
        while (chunk := await chunks.get()) is not None:
            streamed = True
            yield {"PayloadChunk": {"Payload": chunk}}
        outcome: Outcome = task.result()
        if outcome.failed:
            complete: dict[str, Any] = {"ErrorCode": outcome.error_type, "ErrorDetails": outcome.payload.decode("utf-8", "replace")}
        else:
            if not streamed and outcome.payload:
                yield {"PayloadChunk": {"Payload": outcome.payload}}
            complete = {}
        if tail:
            complete["LogResult"] = invoking.log_tail(outcome)
        yield {"InvokeComplete": complete}

    return {"StatusCode": 200, "ExecutedVersion": v.version, "ResponseStreamContentType": "application/octet-stream", "EventStream": stream()}
