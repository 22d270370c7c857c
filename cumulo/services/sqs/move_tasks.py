"""Message move tasks: redriving a dead-letter queue's messages back to their sources, or elsewhere.

A task belongs to its source queue (a DLQ) and lives in that queue's scope.
The periodic `run_all` tick moves, per task, up to MaxNumberOfMessagesPerSecond
(500 when unset, SQS's system-optimised ceiling) times the clock seconds since
its last run of the source's available messages, each to the task's
destination or, without one, to the queue it was dead-lettered from. A task
completes when it has moved the number it set out to move (the available
count at start) or nothing available is left; it fails when a message's
destination no longer exists. Only one task per source runs at a time.
"""

from __future__ import annotations

import base64
import json
import uuid
from typing import TYPE_CHECKING, Any

from cumulo.core.errors import AwsError
from cumulo.services.sqs import delivery
from cumulo.services.sqs.models import MoveTask, Queue
from cumulo.services.sqs.urls import parse_arn

if TYPE_CHECKING:
    from cumulo.core.runtime import Runtime
    from cumulo.state import Store, Table

DEFAULT_RATE = 500
MAX_RATE = 500
TABLE = "move_tasks"


def task_handle(task: MoveTask) -> str:
    raw = json.dumps({"taskId": task.task_id, "sourceArn": task.source_arn}, separators=(",", ":"))
    return base64.b64encode(raw.encode()).decode()


def _tasks(store: Store, source_arn: str) -> Table | None:
    parsed = parse_arn(source_arn)
    if parsed is None:
        return None
    account, region, _ = parsed
    return store.scope("sqs", account, region).table(TABLE)


def _not_found(what: str) -> AwsError:
    return AwsError("ResourceNotFoundException", f"The resource that you specified for the {what} parameter doesn't exist.")


def is_dead_letter_queue(store: Store, queue: Queue) -> bool:
    return any(
        (target := delivery.redrive_target(q)) is not None and target[0] == queue.arn
        for q in delivery.queues(store, queue.account, queue.region).rows.values()
    )


def start(
    store: Store, runtime: Runtime, source_arn: str, destination_arn: str | None, rate: int | None, now: float
) -> MoveTask:
    source = delivery.queue_by_arn(store, source_arn)
    if source is None:
        raise _not_found("SourceArn")
    if not is_dead_letter_queue(store, source):
        raise AwsError("InvalidParameterValue", "Source queue must be configured as a Dead Letter Queue.")
    if destination_arn is not None and delivery.queue_by_arn(store, destination_arn) is None:
        raise _not_found("DestinationArn")
    if rate is not None and not 1 <= rate <= MAX_RATE:
        raise AwsError(
            "InvalidParameterValue",
            f"Value {rate} for parameter MaxNumberOfMessagesPerSecond is invalid. Reason: must be between 1 and {MAX_RATE}.",
        )
    tasks = _tasks(store, source_arn)
    assert tasks is not None
    if any(t.source_arn == source_arn and t.status == "RUNNING" for t in tasks.rows.values()):
        raise AwsError(
            "UnsupportedOperation",
            "There is already a task running. Only one active task is allowed for a source queue arn at a given time.",
        )
    available, _, _ = delivery.counts(store, runtime, source, now)
    task = MoveTask(
        task_id=str(uuid.uuid4()),
        source_arn=source_arn,
        destination_arn=destination_arn,
        rate=rate,
        started=now,
        to_move=available,
        last_run=now,
    )
    tasks[task.task_id] = task
    return task


def cancel(store: Store, handle: str) -> MoveTask:
    try:
        decoded = json.loads(base64.b64decode(handle, validate=True))
        task_id, source_arn = decoded["taskId"], decoded["sourceArn"]
    except (ValueError, TypeError, KeyError):
        raise AwsError("ResourceNotFoundException", "Task does not exist.") from None
    tasks = _tasks(store, source_arn)
    task: MoveTask | None = tasks.get(task_id) if tasks is not None else None
    if task is None:
        raise AwsError("ResourceNotFoundException", "Task does not exist.")
    if task.status != "RUNNING":
        raise AwsError("UnsupportedOperation", "Only active tasks can be cancelled.")
    task.status = "CANCELLED"
    assert tasks is not None
    tasks.touch(task_id)
    return task


def listing(store: Store, source_arn: str, limit: int) -> list[dict[str, Any]]:
    if delivery.queue_by_arn(store, source_arn) is None:
        raise _not_found("SourceArn")
    tasks = _tasks(store, source_arn)
    assert tasks is not None
    mine = sorted((t for t in tasks.rows.values() if t.source_arn == source_arn), key=lambda t: t.started, reverse=True)
    return [view(t) for t in mine[:limit]]


def view(task: MoveTask) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if task.status == "RUNNING":
        out["TaskHandle"] = task_handle(task)
    out["Status"] = task.status
    out["SourceArn"] = task.source_arn
    if task.destination_arn is not None:
        out["DestinationArn"] = task.destination_arn
    if task.rate is not None:
        out["MaxNumberOfMessagesPerSecond"] = task.rate
    out["ApproximateNumberOfMessagesMoved"] = task.moved
    out["ApproximateNumberOfMessagesToMove"] = task.to_move
    if task.failure_reason:
        out["FailureReason"] = task.failure_reason
    out["StartedTimestamp"] = int(task.started * 1000)
    return out


def run(runtime: Runtime, task: MoveTask, now: float) -> bool:
    """Advance one running task; returns whether it changed."""
    store = runtime.store
    source = delivery.queue_by_arn(store, task.source_arn)
    if source is None:
        task.status, task.failure_reason = "FAILED", "AWS.SimpleQueueService.NonExistentQueue"
        return True
    budget = max(1, int((now - task.last_run) * (task.rate or DEFAULT_RATE)))
    task.last_run = now
    movable = delivery.visible_keys(store, runtime, source, now)
    table = delivery.messages(store, source)
    for key in movable[: max(0, min(budget, task.to_move - task.moved))]:
        message = table[key]
        target_arn = task.destination_arn or message.dead_letter_source
        target = delivery.queue_by_arn(store, target_arn) if target_arn else None
        if target is None:
            task.status = "FAILED"
            task.failure_reason = "AWS.SimpleQueueService.NonExistentQueue"
            return True
        delivery.transfer(store, runtime, source, message, target, now, dead_letter_source=None)
        task.moved += 1
    if task.moved >= task.to_move or len(movable) <= budget:
        task.status = "COMPLETED"
    return True


def run_all(runtime: Runtime, now: float) -> None:
    """The move-task tick: every running task in every account and region."""
    for scope in runtime.store.scopes_of("sqs"):
        tasks = scope.table(TABLE)
        for task_id, task in list(tasks.rows.items()):
            if task.status == "RUNNING" and run(runtime, task, now):
                tasks.touch(task_id)
