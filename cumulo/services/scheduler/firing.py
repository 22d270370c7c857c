"""Schedules on the clock: when each fires next, and invoking its target (with retries and a DLQ).

https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-targets.html
- Times come from the shared engine (`cumulo.engines.schedules`) in the
  schedule's time zone, bounded by StartDate/EndDate; a rate counts from the
  StartDate (else the creation).
- A flexible time window (`FLEXIBLE`, MaximumWindowInMinutes) delays each
  invocation by an offset within the window, derived from the schedule and the
  instant (so it is stable across restarts).
- Templated targets (SQS, Lambda, SNS, Step Functions, EventBridge PutEvents,
  Kinesis) are called with the target's Input; universal targets,
  `arn:aws:scheduler:::aws-sdk:<service>:<apiAction>`, run that operation
  with the Input as its request, through `services.call`.
- Input may hold the context attributes `<aws.scheduler.schedule-arn>`,
  `<aws.scheduler.scheduled-time>`, `<aws.scheduler.execution-id>` and
  `<aws.scheduler.attempt-number>`.
- A failure is retried per RetryPolicy (defaults 185 attempts, 24 hours), then
  sent to the DeadLetterConfig queue with ERROR_CODE, ERROR_MESSAGE,
  EXHAUSTED_RETRY_CONDITION, RETRY_ATTEMPTS, SCHEDULE_ARN and TARGET_ARN attributes.
- A one-off (`at`) schedule, or one past its EndDate, with
  ActionAfterCompletion DELETE is deleted after its last invocation.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from datetime import UTC, datetime
from typing import Any

import orjson

from cumulo import services
from cumulo.core.errors import AwsError
from cumulo.core.runtime import Runtime
from cumulo.engines import schedules
from cumulo.services.scheduler.models import PendingInvocation, Schedule, schedule_key

log = logging.getLogger("cumulo.scheduler")

SERVICE = "scheduler"
MAX_LOG = 2000
PERMANENT = {"ResourceNotFoundException", "QueueDoesNotExist", "NotFoundException", "ValidationException",
             "InvalidParameterException", "InvalidParameterValue", "AccessDeniedException", "NotImplemented",
             "StateMachineDoesNotExist", "UnknownOperation", "InvalidArn"}
# Universal targets name services as the SDKs do; botocore's name where they differ.
SDK_NAMES = {"sfn": "stepfunctions", "eventbridge": "events", "cloudwatchlogs": "logs", "cloudwatch": "cloudwatch"}


def _utc(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)


def next_instant(schedule: Schedule, after: float) -> float | None:
    """The next instant the schedule names after `after`, inside its start and end dates."""
    parsed = schedules.parse(schedule.expression, schedule.timezone)
    anchor = _utc(schedule.start if schedule.start is not None else schedule.created)
    lower = after
    if schedule.start is not None and parsed.kind != "at":
        lower = max(after, schedule.start - 1e-6)
    fire = parsed.next_after(_utc(lower), anchor=anchor)
    if fire is None:
        return None
    when = fire.timestamp()
    if schedule.end is not None and when > schedule.end and parsed.kind != "at":
        return None
    return when


def offset(schedule: Schedule, instant: float) -> float:
    if schedule.flexible.get("Mode") != "FLEXIBLE":
        return 0.0
    window = int(schedule.flexible.get("MaximumWindowInMinutes") or 0) * 60
    if window <= 0:
        return 0.0
    digest = hashlib.sha256(f"{schedule.arn}|{instant}".encode()).digest()
    return float(int.from_bytes(digest[:8], "big") % window)


def plan(schedule: Schedule, after: float) -> None:
    """Set the schedule's next instant and due time after `after`."""
    schedule.nominal = next_instant(schedule, after)
    schedule.due = None if schedule.nominal is None else schedule.nominal + offset(schedule, schedule.nominal)


def render_input(text: str, schedule: Schedule, scheduled: float, execution_id: str, attempt: int) -> str:
    for name, value in (("schedule-arn", schedule.arn), ("scheduled-time", _utc(scheduled).strftime("%Y-%m-%dT%H:%M:%SZ")),
                        ("execution-id", execution_id), ("attempt-number", str(attempt))):
        text = text.replace(f"<aws.scheduler.{name}>", value)
    return text


class Failed(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code, self.message = code, message


async def invoke(runtime: Runtime, schedule: Schedule, body: str) -> dict[str, Any]:
    target = schedule.target
    arn: str = target["Arn"]
    parts = arn.split(":", 5)
    if len(parts) < 6:
        raise Failed("InvalidArn", f"{arn} is not an ARN")
    service, region, account, resource = parts[2], parts[3] or schedule.region, parts[4] or schedule.account, parts[5]
    try:
        if service == "scheduler" and resource.startswith("aws-sdk:"):
            _, sdk_service, action = resource.split(":", 2)
            botocore_name = SDK_NAMES.get(sdk_service, sdk_service)
            operation = action[:1].upper() + action[1:]
            try:
                params = orjson.loads(body or "{}")
            except orjson.JSONDecodeError:
                raise Failed("ValidationException", "The Input of a universal target must be JSON.") from None
            return await services.call(runtime, botocore_name, operation, params, schedule.account, schedule.region)
        if service == "sqs":
            url = (await services.call(runtime, "sqs", "GetQueueUrl", {"QueueName": resource, "QueueOwnerAWSAccountId": account}, account, region))["QueueUrl"]
            message: dict[str, Any] = {"QueueUrl": url, "MessageBody": body}
            if resource.endswith(".fifo"):
                message["MessageGroupId"] = (target.get("SqsParameters") or {}).get("MessageGroupId") or schedule.name
                message["MessageDeduplicationId"] = hashlib.sha256(f"{schedule.arn}|{body}|{uuid.uuid4()}".encode()).hexdigest()
            return await services.call(runtime, "sqs", "SendMessage", message, account, region)
        if service == "lambda":
            answer = await services.call(runtime, "lambda", "Invoke", {"FunctionName": arn, "InvocationType": "Event", "Payload": body.encode()}, account, region)
            return {"StatusCode": answer.get("StatusCode")}
        if service == "sns":
            return await services.call(runtime, "sns", "Publish", {"TopicArn": arn, "Message": body}, account, region)
        if service == "states":
            return await services.call(runtime, "stepfunctions", "StartExecution", {"stateMachineArn": arn, "input": body}, account, region)
        if service == "kinesis":
            key = (target.get("KinesisParameters") or {}).get("PartitionKey") or schedule.name
            return await services.call(runtime, "kinesis", "PutRecord", {"StreamARN": arn, "Data": body.encode(), "PartitionKey": key}, account, region)
        if service == "events":
            params = target.get("EventBridgeParameters") or {}
            entry = {"EventBusName": arn, "Source": params.get("Source", "aws.scheduler"), "DetailType": params.get("DetailType", "Scheduled Event"),
                     "Detail": body or "{}", "Resources": [schedule.arn]}
            answer = await services.call(runtime, "events", "PutEvents", {"Entries": [entry]}, account, region)
            failed = [e for e in answer.get("Entries", []) if e.get("ErrorCode")]
            if failed:
                raise Failed(failed[0]["ErrorCode"], failed[0].get("ErrorMessage", ""))
            return answer
        raise Failed("NotImplemented", f"cumulo does not deliver to {service} targets from Scheduler yet")
    except AwsError as error:
        raise Failed(error.code, error.message) from None


async def fire(runtime: Runtime, schedule: Schedule, scheduled: float, *, attempts: int = 0, first: float | None = None,
               execution_id: str | None = None) -> str:
    """One attempt at the schedule's target; returns the outcome (delivered, retrying, failed, dead-lettered)."""
    now = runtime.clock.now()
    execution_id = execution_id or str(uuid.uuid4())
    attempts += 1
    first = now if first is None else first
    body = render_input(schedule.target.get("Input") or "{}", schedule, scheduled, execution_id, attempts)
    try:
        await invoke(runtime, schedule, body)
    except Failed as failure:
        policy = schedule.target.get("RetryPolicy") or {}
        max_attempts = policy.get("MaximumRetryAttempts", 185)
        max_age = policy.get("MaximumEventAgeInSeconds", 86400)
        exhausted = None
        if failure.code not in PERMANENT:
            due = now + min(2.0 ** (attempts - 1), 300.0)
            if attempts > max_attempts:
                exhausted = "MaximumRetryAttemptsExhausted"
            elif due - first > max_age:
                exhausted = "MaximumEventAgeExhausted"
            else:
                pending = PendingInvocation(str(uuid.uuid4()), schedule_key(schedule.group, schedule.name), scheduled, execution_id,
                                            attempts, first, due, (failure.code, failure.message))
                _table(runtime, schedule, "retries")[pending.id] = pending
                _log(runtime, schedule, scheduled, "retrying", attempts, f"{failure.code}: {failure.message}")
                return "retrying"
        outcome = await _dead_letter(runtime, schedule, body, failure, attempts, exhausted)
        _log(runtime, schedule, scheduled, outcome, attempts, f"{failure.code}: {failure.message}")
        return outcome
    _log(runtime, schedule, scheduled, "delivered", attempts, None)
    return "delivered"


async def _dead_letter(runtime: Runtime, schedule: Schedule, body: str, failure: Failed, attempts: int, exhausted: str | None) -> str:
    dlq = (schedule.target.get("DeadLetterConfig") or {}).get("Arn")
    if not dlq:
        return "failed"
    attributes = {"ERROR_CODE": failure.code, "ERROR_MESSAGE": failure.message[:256] or failure.code,
                  "RETRY_ATTEMPTS": str(attempts - 1), "SCHEDULE_ARN": schedule.arn, "TARGET_ARN": schedule.target["Arn"]}
    if exhausted:
        attributes["EXHAUSTED_RETRY_CONDITION"] = exhausted
    _, q_region, q_account, q_name = dlq.split(":", 5)[2:]
    try:
        url = (await services.call(runtime, "sqs", "GetQueueUrl", {"QueueName": q_name, "QueueOwnerAWSAccountId": q_account}, q_account, q_region))["QueueUrl"]
        message: dict[str, Any] = {"QueueUrl": url, "MessageBody": body,
                                   "MessageAttributes": {k: {"DataType": "String", "StringValue": v} for k, v in attributes.items()}}
        if q_name.endswith(".fifo"):
            message.update(MessageGroupId=schedule.name, MessageDeduplicationId=str(uuid.uuid4()))
        await services.call(runtime, "sqs", "SendMessage", message, q_account, q_region)
    except AwsError as error:
        log.warning("schedule %s: the dead-letter queue %s refused: %s", schedule.arn, dlq, error)
        return "failed"
    return "dead-lettered"


def _table(runtime: Runtime, schedule: Schedule, name: str) -> Any:
    return runtime.store.scope(SERVICE, schedule.account, schedule.region).table(name)


def _log(runtime: Runtime, schedule: Schedule, scheduled: float, outcome: str, attempts: int, error: str | None) -> None:
    table = _table(runtime, schedule, "invocations")
    seq = int(next(reversed(table.rows))) + 1 if table.rows else 1
    table[f"{seq:012d}"] = {"scheduleArn": schedule.arn, "targetArn": schedule.target["Arn"], "outcome": outcome,
                            "attempts": attempts, "error": error, "scheduledTime": scheduled, "time": runtime.clock.now()}
    if len(table.rows) > MAX_LOG:
        del table[next(iter(table.rows))]


async def tick(runtime: Runtime, now: float) -> None:
    """Fire every enabled schedule that is due; run due retries."""
    for scope in runtime.store.scopes_of(SERVICE):
        table = scope.table("schedules")
        for key in [k for k, s in table.rows.items() if s.due is not None and s.due <= now]:
            schedule: Schedule = table.rows[key]
            scheduled = schedule.nominal if schedule.nominal is not None else now
            if schedule.state == "ENABLED":
                schedule.last_fired = now
                await fire(runtime, schedule, scheduled)
            plan(schedule, max(now, scheduled))
            if schedule.nominal is None and schedule.action_after_completion == "DELETE":
                del table[key]
            else:
                table.touch(key)
        retries = scope.table("retries")
        for key in [k for k, p in retries.rows.items() if p.due <= now]:
            pending: PendingInvocation = retries.rows[key]
            del retries[key]
            schedule = table.get(pending.schedule)
            if schedule is not None:
                await fire(runtime, schedule, pending.scheduled_time, attempts=pending.attempts, first=pending.first_attempt,
                           execution_id=pending.execution_id)
