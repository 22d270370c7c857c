"""Asynchronous invocation: `InvocationType=Event`, its retries, and where results go.

https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html
- An accepted event runs at once, in the background on the event loop.
- A failed attempt (a function error, a timeout, a throttle) is retried up to
  `MaximumRetryAttempts` times (default 2), one minute, then two minutes later,
  on the scheduler and so in cumulo-clock time (a test moves the clock instead
  of waiting), while the event is younger than `MaximumEventAgeInSeconds`
  (default six hours).
- Then the outcome goes to the `OnSuccess` / `OnFailure` destination of the
  event invoke config (SQS, SNS, Lambda, EventBridge, each through
  `services.call`), as the documented invocation record; a final failure with
  no `OnFailure` destination goes to the function's dead-letter queue (the
  event itself, with `RequestID`/`ErrorCode`/`ErrorMessage` attributes).
Accepted events live in memory only: a restart drops those not yet run.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from cumulo import services
from cumulo.core.errors import AwsError
from cumulo.runtimes import Outcome, executor_for
from cumulo.services.awslambda.invoking import find, run

if TYPE_CHECKING:
    from cumulo.core.runtime import Runtime

log = logging.getLogger("cumulo.lambda")

RETRY_DELAYS = (60.0, 120.0)
DEFAULT_RETRIES = 2
DEFAULT_MAX_AGE = 6 * 3600


@dataclass(slots=True)
class Event:
    invoked_arn: str  # as the caller named the function (qualified or not)
    payload: bytes
    request_id: str
    received: float  # cumulo clock
    attempts: int = 0


def submit(runtime: Runtime, invoked_arn: str, payload: bytes, request_id: str) -> None:
    event = Event(invoked_arn, payload, request_id, runtime.clock.now())
    executor_for(runtime).spawn(attempt(runtime, event))


async def attempt(runtime: Runtime, event: Event) -> None:
    found = find(runtime, event.invoked_arn)
    if found is None:
        return  # the function (or its alias) is gone
    fn, version, _ = found
    qualifier = event.invoked_arn.split(":")[7] if event.invoked_arn.count(":") >= 7 else "$LATEST"
    config = fn.event_invoke.get(qualifier) or {}
    event.attempts += 1
    outcome: Outcome | None = None
    try:
        outcome = await run(runtime, fn, version, event.payload, request_id=event.request_id, invoked_arn=event.invoked_arn, kind="Event")
        failure = outcome.error_type if outcome.failed else ""
    except AwsError as error:
        failure = error.code
    destinations = config.get("DestinationConfig") or {}
    if not failure:
        target = (destinations.get("OnSuccess") or {}).get("Destination")
        if target:
            await deliver(runtime, target, record(event, fn.arn, version.version, "Success", outcome))
        return
    age = runtime.clock.now() - event.received
    retries = config.get("MaximumRetryAttempts", DEFAULT_RETRIES)
    max_age = config.get("MaximumEventAgeInSeconds", DEFAULT_MAX_AGE)
    if event.attempts <= retries and age < max_age:
        delay = RETRY_DELAYS[min(event.attempts, len(RETRY_DELAYS)) - 1]
        executor = executor_for(runtime)

        def retry() -> None:  # spawned, not awaited: the scheduler must not wait for the function
            executor.spawn(attempt(runtime, event))

        runtime.scheduler.after(delay, retry)
        return
    condition = "RetriesExhausted" if age < max_age else "EventAgeExceeded"
    target = (destinations.get("OnFailure") or {}).get("Destination")
    if target:
        await deliver(runtime, target, record(event, fn.arn, version.version, condition, outcome))
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


def record(event: Event, function_arn: str, version: str, condition: str, outcome: Outcome | None) -> str:
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
