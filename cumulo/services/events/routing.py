"""Routing: an event on a bus reaches the targets of every enabled rule whose pattern it matches.

Delivery happens in the PutEvents request (so a test that puts an event finds
it at the target when the call returns). A target that fails is recorded in
the `retries` table and retried on the clock per its RetryPolicy
(`MaximumRetryAttempts`, default 185; `MaximumEventAgeInSeconds`, default 24
hours), with exponential backoff; an error no retry can fix, or the policy
running out, sends the event to the target's dead-letter queue with AWS's
message attributes (RULE_ARN, TARGET_ARN, ERROR_CODE, ERROR_MESSAGE,
EXHAUSTED_RETRY_CONDITION, RETRY_ATTEMPTS), or drops it when there is none.
https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html

Every outcome is appended to the `deliveries` table (the last MAX_DELIVERIES),
which `GET /_cumulo/events/deliveries` shows.
"""

from __future__ import annotations

import functools
import logging
import uuid
from datetime import UTC, datetime
from typing import Any

import orjson

from cumulo import services
from cumulo.core.errors import AwsError
from cumulo.core.runtime import Runtime
from cumulo.engines import event_patterns
from cumulo.services.events import lookup, targets, transform
from cumulo.services.events.models import Archive, ArchivedEvent, Bus, Delivery, PendingDelivery, Rule, rule_key

log = logging.getLogger("cumulo.events")

MAX_DELIVERIES = 2000
DEFAULT_ATTEMPTS = 185
DEFAULT_AGE = 86400
MAX_BACKOFF = 300.0


@functools.lru_cache(maxsize=4096)
def pattern(text: str) -> event_patterns.Pattern:
    """A rule's compiled pattern (patterns are few and events many: compile once)."""
    return event_patterns.parse(text)


def iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def new_event(account: str, region: str, source: str, detail_type: str, detail: Any, resources: list[str], when: float) -> dict[str, Any]:
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": detail_type,
        "source": source,
        "account": account,
        "time": iso(when),
        "region": region,
        "resources": resources,
        "detail": detail,
    }


def matches(rule: Rule, event: dict[str, Any]) -> bool:
    if rule.event_pattern is None:
        return False
    try:
        return pattern(rule.event_pattern).matches(event)
    except (ValueError, TypeError):
        return False


async def route(runtime: Runtime, bus: Bus, event: dict[str, Any], *, only: set[str] | None = None, archive: bool = True) -> int:
    """Deliver `event` on `bus` to every matching enabled rule's targets; returns how many rules matched.
    `only`: rule ARNs a replay is limited to."""
    store = runtime.store
    matched = 0
    for rule in lookup.rules_of(store, bus.account, bus.region, bus.name):
        if rule.state == "DISABLED" or (only is not None and rule.arn not in only) or not matches(rule, event):
            continue
        matched += 1
        await fan_out(runtime, rule, event)
    if archive and "replay-name" not in event:
        _archive(runtime, bus, event)
    _history(runtime, bus, event)
    return matched


def _history(runtime: Runtime, bus: Bus, event: dict[str, Any]) -> None:
    """The last MAX_DELIVERIES events put on any bus of the scope (fakecloud's events/history)."""
    table = lookup.table(runtime.store, bus.account, bus.region, "history")
    seq = int(next(reversed(table.rows))) + 1 if table.rows else 1
    table[f"{seq:012d}"] = (bus.name, runtime.clock.now(), event)
    if len(table.rows) > MAX_DELIVERIES:
        del table[next(iter(table.rows))]


async def fan_out(runtime: Runtime, rule: Rule, event: dict[str, Any]) -> None:
    for target in list(rule.targets.values()):
        await attempt(runtime, rule, target, event, attempts=0, first=runtime.clock.now())


async def attempt(runtime: Runtime, rule: Rule, target: dict[str, Any], event: dict[str, Any], *, attempts: int, first: float) -> None:
    """One try at one target; on failure, a pending retry or the dead-letter queue."""
    now = runtime.clock.now()
    body = transform.payload(target, event, rule.arn, rule.name)
    attempts += 1
    try:
        await targets.invoke(runtime, target, event, body, rule.account, rule.region)
    except targets.TargetFailed as failure:
        policy = target.get("RetryPolicy") or {}
        max_attempts = policy.get("MaximumRetryAttempts", DEFAULT_ATTEMPTS)
        max_age = policy.get("MaximumEventAgeInSeconds", DEFAULT_AGE)
        exhausted = None
        if failure.permanent:
            exhausted = None
        elif attempts > max_attempts:
            exhausted = "MaximumRetryAttemptsExhausted"
        else:
            due = now + min(2.0 ** (attempts - 1), MAX_BACKOFF)
            if due - first > max_age:
                exhausted = "MaximumEventAgeExhausted"
            else:
                pending = PendingDelivery(str(uuid.uuid4()), rule_key(rule.bus, rule.name), target["Id"], event, first,
                                          attempts, due, (failure.code, failure.message))
                lookup.table(runtime.store, rule.account, rule.region, "retries")[pending.id] = pending
                record(runtime, rule, target, event, "retrying", attempts, f"{failure.code}: {failure.message}", body)
                return
        await dead_letter(runtime, rule, target, event, failure, attempts, exhausted, body)
        return
    record(runtime, rule, target, event, "delivered", attempts, None, body)


async def dead_letter(runtime: Runtime, rule: Rule, target: dict[str, Any], event: dict[str, Any], failure: targets.TargetFailed,
                      attempts: int, exhausted: str | None, body: str) -> None:
    dlq = (target.get("DeadLetterConfig") or {}).get("Arn")
    error = f"{failure.code}: {failure.message}"
    if not dlq:
        record(runtime, rule, target, event, "failed", attempts, error, body)
        return
    attributes = {
        "RULE_ARN": rule.arn,
        "TARGET_ARN": target["Arn"],
        "ERROR_CODE": failure.code,
        "ERROR_MESSAGE": failure.message[:256] or failure.code,
        "RETRY_ATTEMPTS": str(attempts - 1),
    }
    if exhausted:
        attributes["EXHAUSTED_RETRY_CONDITION"] = exhausted
    _, q_region, q_account, q_name = dlq.split(":", 5)[2:]
    try:
        url = (await services.call(runtime, "sqs", "GetQueueUrl", {"QueueName": q_name, "QueueOwnerAWSAccountId": q_account}, q_account, q_region))["QueueUrl"]
        message = {"QueueUrl": url, "MessageBody": orjson.dumps(event).decode(),
                   "MessageAttributes": {k: {"DataType": "String", "StringValue": v} for k, v in attributes.items()}}
        if q_name.endswith(".fifo"):
            message.update(MessageGroupId=rule.name, MessageDeduplicationId=event["id"])
        await services.call(runtime, "sqs", "SendMessage", message, q_account, q_region)
    except AwsError as dlq_error:
        log.warning("event %s could not reach the dead-letter queue %s: %s", event["id"], dlq, dlq_error)
        record(runtime, rule, target, event, "failed", attempts, f"{error}; dead-letter queue: {dlq_error.code}", body)
        return
    record(runtime, rule, target, event, "dead-lettered", attempts, error, body)


async def retry_due(runtime: Runtime, now: float) -> None:
    """Tick: run every pending retry that is due."""
    for scope in runtime.store.scopes_of(lookup.SERVICE):
        pending_table = scope.table("retries")
        for key in [k for k, p in pending_table.rows.items() if p.due <= now]:
            pending: PendingDelivery = pending_table.rows[key]
            del pending_table[key]
            rule: Rule | None = scope.table("rules").get(pending.rule)
            target = rule.targets.get(pending.target_id) if rule is not None else None
            if rule is None or target is None:
                continue  # the rule or target went away: nothing to deliver to
            await attempt(runtime, rule, target, pending.event, attempts=pending.attempts, first=pending.first_attempt)


def record(runtime: Runtime, rule: Rule, target: dict[str, Any], event: dict[str, Any], outcome: str, attempts: int,
           error: str | None, body: str | None) -> None:
    table = lookup.table(runtime.store, rule.account, rule.region, "deliveries")
    seq = int(next(reversed(table.rows))) + 1 if table.rows else 1
    table[f"{seq:012d}"] = Delivery(seq, runtime.clock.now(), event["id"], rule.bus, rule.name, target["Id"], target["Arn"],
                                     outcome, attempts, error, body)
    if len(table.rows) > MAX_DELIVERIES:
        del table[next(iter(table.rows))]


def _archive(runtime: Runtime, bus: Bus, event: dict[str, Any]) -> None:
    archives = lookup.table(runtime.store, bus.account, bus.region, "archives")
    for archive in list(archives.rows.values()):
        archive_: Archive = archive
        if archive_.source_arn != bus.arn or archive_.state not in ("ENABLED", "UPDATING"):
            continue
        if archive_.event_pattern and not pattern(archive_.event_pattern).matches(event):
            continue
        when = datetime.strptime(event["time"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC).timestamp()
        stored = lookup.table(runtime.store, bus.account, bus.region, f"archived/{archive_.name}")
        stored[f"{archive_.next_seq:012d}"] = ArchivedEvent(when, event, runtime.clock.now())
        archive_.next_seq += 1
        archive_.event_count += 1
        archive_.size_bytes += len(orjson.dumps(event))
        archives.touch(archive_.name)


def expire_archives(runtime: Runtime, now: float) -> None:
    """Tick: archived events past their archive's retention go."""
    for scope in runtime.store.scopes_of(lookup.SERVICE):
        for archive in list(scope.table("archives").rows.values()):
            if not archive.retention_days:
                continue
            stored = scope.table(f"archived/{archive.name}")
            cutoff = now - archive.retention_days * 86400
            gone = [k for k, e in stored.rows.items() if e.archived < cutoff]
            for key in gone:
                archive.size_bytes -= len(orjson.dumps(stored.rows[key].event))
                del stored[key]
            if gone:
                archive.event_count -= len(gone)
                scope.table("archives").touch(archive.name)
