"""FIFO queue rules: group ordering and locking, deduplication, sequence numbers, receive attempts.

- Within a message group, messages are received strictly in send order, and
  while any message of a group is in flight (or still delayed) no later message
  of that group is handed out (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/FIFO-queues-understanding-logic.html);
  `index` keeps the groups in that order for ReceiveMessage.
- A deduplication id seen in the last 5 minutes makes a send succeed without
  enqueuing anything; the answer repeats the first message's id and sequence
  number. With `DeduplicationScope=messageGroup` ids are per group.
- Content-based deduplication uses the SHA-256 of the body.
- A ReceiveMessage retried with the same ReceiveRequestAttemptId within 5
  minutes gets the same messages and receipt handles, while they are still in flight.

Deduplication records are a cold table (one row per message sent in the last 5
minutes): their expiry times are kept apart, per queue, in a runtime deque in the
order they were written (`runtime.live["sqs-dedup"]`, built from the rows when
missing), so the retention tick reads back only the records that are due.
"""

from __future__ import annotations

import hashlib
from collections import deque
from typing import TYPE_CHECKING

from cumulo.services.sqs.models import DedupRecord, Message, Queue, dedup_table

if TYPE_CHECKING:
    from cumulo.core.runtime import Runtime
    from cumulo.state import Store, Table

DEDUP_WINDOW = 300.0
ATTEMPT_WINDOW = 300.0
# Sequence numbers are large, increasing decimal strings, as AWS's are.
SEQUENCE_BASE = 18_000_000_000_000_000_000


def sequence_number(seq: int) -> str:
    return str(SEQUENCE_BASE + seq)


def content_dedup_id(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def _dedup_key(queue: Queue, dedup_id: str, group_id: str) -> str:
    if queue.attributes.get("DeduplicationScope") == "messageGroup":
        return f"{group_id}\x1f{dedup_id}"
    return dedup_id


def _table(store: Store, queue: Queue) -> Table:
    return store.scope("sqs", queue.account, queue.region).table(dedup_table(queue.name))


def duplicate(store: Store, queue: Queue, dedup_id: str, group_id: str, now: float) -> DedupRecord | None:
    record: DedupRecord | None = _table(store, queue).get(_dedup_key(queue, dedup_id, group_id))
    if record is not None and record.expires > now:
        return record
    return None


def remember(store: Store, runtime: Runtime, queue: Queue, dedup_id: str, group_id: str, message: Message, now: float) -> None:
    key = _dedup_key(queue, dedup_id, group_id)
    table = _table(store, queue)
    expires = now + DEDUP_WINDOW
    table[key] = DedupRecord(expires, message.message_id, message.sequence_number)
    found = runtime.live.get("sqs-dedup", {}).get((table.scope_key, table.name))
    if found is not None and found.table is table:
        found.times.append(expires)  # else built from the rows when next needed
        found.keys.append(key)


class _Expiries:
    """When a queue's records expire, oldest first (a key written again appears again):
    two deques side by side, lighter than one of (expires, key) tuples."""

    __slots__ = ("table", "times", "keys")

    def __init__(self, table: Table, order: list[tuple[float, str]]) -> None:
        self.table = table
        self.times: deque[float] = deque(t for t, _ in order)
        self.keys: deque[str] = deque(k for _, k in order)


def _expiries(runtime: Runtime, table: Table) -> _Expiries:
    registry: dict[tuple[object, str], _Expiries] = runtime.live.setdefault("sqs-dedup", {})
    found = registry.get((table.scope_key, table.name))
    if found is None or found.table is not table:
        for name, old in list(registry.items()):  # forget tables a reset left behind
            scope = old.table.store.scopes.get(old.table.scope_key)
            if scope is None or scope.tables.get(old.table.name) is not old.table:
                del registry[name]
        order = sorted((record.expires, key) for key, record in table.walk())
        found = registry[(table.scope_key, table.name)] = _Expiries(table, order)
    return found


def forget_expired(store: Store, runtime: Runtime, queue: Queue, now: float) -> None:
    if not queue.fifo:
        return
    table = _table(store, queue)
    expiries = _expiries(runtime, table)
    times, keys = expiries.times, expiries.keys
    due: dict[str, None] = {}
    while times and times[0] <= now:
        times.popleft()
        due[keys.popleft()] = None
    for key, record in list(table.walk(due)):
        if record.expires <= now:
            del table[key]
    stale = [a for a, (expires, _) in queue.attempts.items() if expires <= now]
    if stale:
        for attempt in stale:
            del queue.attempts[attempt]
        store.scope("sqs", queue.account, queue.region).table("queues").touch(queue.name)


def clear(store: Store, queue: Queue) -> None:
    _table(store, queue).clear()


def replay_attempt(queue: Queue, rows: Table, attempt_id: str, now: float) -> list[Message] | None:
    """The messages an earlier receive with this attempt id returned, if that answer still holds."""
    entry = queue.attempts.get(attempt_id)
    if entry is None or entry[0] <= now:
        return None
    found: list[Message] = []
    for key, nonce in entry[1]:
        message = rows.get(key)
        if message is None or message.receipt != nonce or not message.in_flight(now):
            return None
        found.append(message)
    return found


def record_attempt(queue: Queue, attempt_id: str, received: list[Message], now: float) -> None:
    queue.attempts[attempt_id] = (now + ATTEMPT_WINDOW, [(m.key, m.receipt) for m in received])
