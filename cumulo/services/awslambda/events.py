"""Asynchronous invocation: `InvocationType=Event`, its retries, and where results go.

https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html
- Nothing acknowledged is lost: `submit` stores the event as a `PendingEvent`
  in the function's scope (table `events`) before Invoke answers 202 (the
  request's commit writes it), and the entity is deleted only once the event
  is finished (succeeded, or given up and sent to its failure destination).
  A restart runs whatever is still pending. Delivery is at least once, as on
  AWS: an event running when the server stopped runs again.
- An accepted event runs at once, in the background on the event loop; the
  `run_due` tick (every second of cumulo time) starts the pending events whose
  next attempt is due and that are not running.
- A failed attempt (a function error, a timeout) is retried up to
  `MaximumRetryAttempts` times (default 2), one minute, then two minutes
  later, while the event is younger than `MaximumEventAgeInSeconds` (default
  six hours). A throttled attempt is no run: it is retried after 1 s, 2 s,
  4 s ... up to 5 minutes, until the event is too old
  (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html).
  All of this is cumulo-clock time: a test moves the clock instead of waiting.
- Then the outcome goes to the `OnSuccess` / `OnFailure` destination of the
  event invoke config (SQS, SNS, Lambda, EventBridge, each through
  `services.call`), as the documented invocation record; a final failure with
  no `OnFailure` destination goes to the function's dead-letter queue (the
  event itself, with `RequestID`/`ErrorCode`/`ErrorMessage` attributes).
"""

from __future__ import annotations

import json
import logging
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from cumulo import services
from cumulo.core.errors import AwsError
from cumulo.runtimes import Outcome, executor_for
from cumulo.services.awslambda.invoking import find, run
from cumulo.services.awslambda.models import PendingEvent

if TYPE_CHECKING:
    from cumulo.core.runtime import Runtime
    from cumulo.state import Table

log = logging.getLogger("cumulo.lambda")

RETRY_DELAYS = (60.0, 120.0)
DEFAULT_RETRIES = 2
DEFAULT_MAX_AGE = 6 * 3600
THROTTLE_MAX_DELAY = 300.0


def _events(runtime: Runtime, invoked_arn: str) -> Table:
    parts = invoked_arn.split(":")
    return runtime.store.scope("lambda", parts[4], parts[3]).table("events")


def submit(runtime: Runtime, invoked_arn: str, payload: bytes, request_id: str) -> None:
    """Accept an event: stored now (committed with the request), started at once."""
    now = runtime.clock.now()
    _events(runtime, invoked_arn)[request_id] = PendingEvent(request_id, invoked_arn, payload, now, now)
    _start(runtime, invoked_arn, request_id)


def run_due(runtime: Runtime, now: float) -> None:
    """Tick: start every pending event whose next attempt is due and that is not running."""
    running: set[str] = runtime.live.setdefault("lambda-events", set())
    for scope in runtime.store.scopes_of("lambda"):
        for rid, event in list(scope.table("events").rows.items()):
            if event.next_attempt <= now and rid not in running:
                _start(runtime, event.invoked_arn, rid)


def _start(runtime: Runtime, invoked_arn: str, request_id: str) -> None:
    running: set[str] = runtime.live.setdefault("lambda-events", set())
    running.add(request_id)
    task = executor_for(runtime).spawn(attempt(runtime, invoked_arn, request_id))
    task.add_done_callback(lambda _: running.discard(request_id))


def _save(runtime: Runtime, table: Table, event: PendingEvent) -> None:
    table.touch(event.request_id)
    runtime.store.commit()


def _forget(runtime: Runtime, table: Table, event: PendingEvent) -> None:
    if table.get(event.request_id) is event:
        del table[event.request_id]
        runtime.store.commit()


async def attempt(runtime: Runtime, invoked_arn: str, request_id: str) -> None:
    """Run a pending event once, then record its retry state or finish it."""
    table = _events(runtime, invoked_arn)
    event: PendingEvent | None = table.get(request_id)
    if event is None:
        return  # finished meanwhile, or the state was reset
    found = find(runtime, event.invoked_arn)
    if found is None:
        _forget(runtime, table, event)  # the function (or its alias) is gone
        return
    fn, version, _ = found
    qualifier = event.invoked_arn.split(":")[7] if event.invoked_arn.count(":") >= 7 else "$LATEST"
    config = fn.event_invoke.get(qualifier) or {}
    outcome: Outcome | None = None
    throttled = False
    try:
        outcome = await run(runtime, fn, version, event.payload, request_id=event.request_id, invoked_arn=event.invoked_arn, kind="Event")
        failure = outcome.error_type if outcome.failed else ""
    except AwsError as error:
        failure = error.code
        throttled = error.status == 429
    if table.get(request_id) is not event:
        return  # reset while it ran
    now = runtime.clock.now()
    age = now - event.received
    max_age = config.get("MaximumEventAgeInSeconds", DEFAULT_MAX_AGE)
    if throttled:
        event.throttles += 1
        delay = min(2.0 ** (event.throttles - 1), THROTTLE_MAX_DELAY)
        if age + delay < max_age:
            event.next_attempt = now + delay
            _save(runtime, table, event)
            return
    else:
        event.attempts += 1
    destinations = config.get("DestinationConfig") or {}
    if not failure:
        target = (destinations.get("OnSuccess") or {}).get("Destination")
        if target:
            await deliver(runtime, target, record(event, fn.arn, version.version, "Success", outcome))
        _forget(runtime, table, event)
        return
    retries = config.get("MaximumRetryAttempts", DEFAULT_RETRIES)
    if not throttled and event.attempts <= retries and age < max_age:
        event.next_attempt = now + RETRY_DELAYS[min(event.attempts, len(RETRY_DELAYS)) - 1]
        _save(runtime, table, event)
        return
    await _give_up(runtime, event, fn.arn, version, config, outcome, failure, "RetriesExhausted" if age < max_age and not throttled else "EventAgeExceeded")
    _forget(runtime, table, event)


async def _give_up(runtime: Runtime, event: PendingEvent, function_arn: str, version: Any, config: dict[str, Any], outcome: Outcome | None, failure: str, condition: str) -> None:
    target = ((config.get("DestinationConfig") or {}).get("OnFailure") or {}).get("Destination")
    if target:
        await deliver(runtime, target, record(event, function_arn, version.version, condition, outcome))
        return
    dlq = (version.extra.get("DeadLetterConfig") or {}).get("TargetArn")
    if dlq:
        message = outcome.payload.decode("utf-8", "replace") if outcome is not None else failure
        try:
            error_message = json.loads(message).get("errorMessage", message)
        except (ValueError, AttributeError):
            error_message = message
        attributes = {
            "RequestID": {"DataType": "String", "StringValue": event.request_id},
            "ErrorCode": {"DataType": "Number", "StringValue": "200"},
            "ErrorMessage": {"DataType": "String", "StringValue": str(error_message)[:1000] or failure},
        }
        await deliver(runtime, dlq, event.payload.decode("utf-8", "replace"), attributes)


def record(event: PendingEvent, function_arn: str, version: str, condition: str, outcome: Outcome | None) -> str:
    """The invocation record a destination receives (the documented shape)."""
    response: dict[str, Any] = {"statusCode": 200, "executedVersion": version}
    if outcome is not None and outcome.failed:
        response["functionError"] = "Unhandled"
    body = {
        "version": "1.0",
        "timestamp": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z",
        "requestContext": {
            "requestId": event.request_id,
            "functionArn": event.invoked_arn if event.invoked_arn != function_arn else f"{function_arn}:$LATEST",
            "condition": condition,
            "approximateInvokeCount": event.attempts,
        },
        "requestPayload": _json_or_text(event.payload),
        "responseContext": response,
        "responsePayload": _json_or_text(outcome.payload) if outcome is not None else None,
    }
    return json.dumps(body)


def _json_or_text(data: bytes) -> Any:
    try:
        return json.loads(data) if data else None
    except ValueError:
        return data.decode("utf-8", "replace")


async def deliver(runtime: Runtime, target: str, body: str, attributes: dict[str, Any] | None = None) -> None:
    """Send `body` to a destination ARN through its service, if cumulo has that service."""
    parts = target.split(":")
    if len(parts) < 6:
        log.warning("lambda: destination %s is not an ARN", target)
        return
    service, region, account, resource = parts[2], parts[3], parts[4], parts[5]
    if services.get(service) is None:
        log.warning("lambda: destination %s needs %s, which cumulo does not have yet", target, service)
        return
    try:
        if service == "sqs":
            url = (await services.call(runtime, "sqs", "GetQueueUrl", {"QueueName": resource, "QueueOwnerAWSAccountId": account}, account, region))["QueueUrl"]
            message: dict[str, Any] = {"QueueUrl": url, "MessageBody": body}
            if attributes:
                message["MessageAttributes"] = attributes
            await services.call(runtime, "sqs", "SendMessage", message, account, region)
        elif service == "sns":
            await services.call(runtime, "sns", "Publish", {"TopicArn": target, "Message": body}, account, region)
        elif service == "lambda":
            await services.call(runtime, "lambda", "Invoke", {"FunctionName": target, "InvocationType": "Event", "Payload": body.encode()}, account, region)
        elif service == "events":
            entry = {"Source": "lambda", "DetailType": "Lambda Function Invocation Result", "Detail": body, "EventBusName": target}
            await services.call(runtime, "events", "PutEvents", {"Entries": [entry]}, account, region)
        else:
            log.warning("lambda: unsupported destination %s", target)
    except AwsError as error:
        log.warning("lambda: could not deliver to %s: %s", target, error)
