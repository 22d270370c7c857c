"""The message engine: enqueue, pick messages to receive, visibility, dead-letter moves, expiry.

Invariants:
- A message is receivable when `visible_at <= now` and it is younger than the
  queue's retention period; it is delayed while never received and
  `visible_at > now`, in flight when received and `visible_at > now`.
- Expired messages are dropped whenever they are met (receive, counts) and by
  the periodic `expire` tick, so correctness never waits for the tick.
- A receipt handle names the queue, the message's key and a nonce that changes
  on every receive. Standard queues accept any handle the message was ever
  received with; FIFO queues only the latest, while it is in flight.
- A message that has been received `maxReceiveCount` times is moved to the
  dead-letter queue when it would be received once more.
- Messages are added, deleted and made visible or invisible only here
  (`store_message`, `remove_message`, `set_visible_at`, `clear_messages`,
  `receive`), which keep the queue's index (`index`) told.
- Message rows are cold (see models): receiving, counting, expiry and move tasks
  choose messages from the queue's index and read back only those they act on.
"""

from __future__ import annotations

import base64
import binascii
import json
import secrets
import uuid
from typing import TYPE_CHECKING, Any

from cumulo.core.errors import AwsError
from cumulo.services.sqs import fifo
from cumulo.services.sqs.index import QueueIndex, indexes
from cumulo.services.sqs.models import Message, Queue, message_key, messages_table
from cumulo.services.sqs.urls import parse_arn
from cumulo.state.store import COLD

if TYPE_CHECKING:
    from cumulo.core.runtime import Runtime
    from cumulo.state import Store, Table

SERVICE = "sqs"


def signal_key(queue: Queue) -> str:
    return f"sqs/{queue.account}/{queue.region}/{queue.name}"


def queues(store: Store, account: str, region: str) -> Table:
    return store.scope(SERVICE, account, region).table("queues")


def messages(store: Store, queue: Queue) -> Table:
    return store.scope(SERVICE, queue.account, queue.region).table(messages_table(queue.name))


def queue_by_arn(store: Store, arn: str) -> Queue | None:
    parsed = parse_arn(arn)
    if parsed is None:
        return None
    account, region, name = parsed
    queue: Queue | None = queues(store, account, region).get(name)
    return queue


# ---------------------------------------------------------------- receipt handles


def receipt_handle(queue: Queue, message: Message) -> str:
    raw = f"{message.key} {message.receipt} {queue.arn}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def parse_receipt_handle(queue: Queue, handle: str) -> tuple[str, str]:
    """(message key, nonce) of a receipt handle this queue issued; ReceiptHandleIsInvalid otherwise."""
    try:
        raw = base64.urlsafe_b64decode(handle + "=" * (-len(handle) % 4)).decode()
        key, nonce, arn = raw.split(" ", 2)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise AwsError("ReceiptHandleIsInvalid", f'The input receipt handle "{handle}" is not a valid receipt handle.') from None
    if arn != queue.arn or not key.isdigit():
        raise AwsError("ReceiptHandleIsInvalid", f'The input receipt handle "{handle}" is not a valid receipt handle.')
    return key, nonce


# ---------------------------------------------------------------- sending


def new_message(
    queue: Queue,
    now: float,
    body: str,
    md5_body: str,
    *,
    delay: int,
    sender_id: str,
    attributes: dict[str, dict[str, Any]],
    md5_attributes: str | None,
    system_attributes: dict[str, dict[str, Any]],
    md5_system_attributes: str | None,
    group_id: str | None = None,
    dedup_id: str | None = None,
) -> Message:
    """A message with the queue's next key (and, on a FIFO queue, sequence number)."""
    seq = queue.next_seq
    queue.next_seq += 1
    return Message(
        key=message_key(seq),
        message_id=str(uuid.uuid4()),
        body=body,
        md5_body=md5_body,
        sent=now,
        visible_at=now + delay if delay else now,  # one float object for both: the index keeps it
        sender_id=sender_id,
        attributes=attributes,
        md5_attributes=md5_attributes,
        system_attributes=system_attributes,
        md5_system_attributes=md5_system_attributes,
        group_id=group_id,
        dedup_id=dedup_id,
        sequence_number=fifo.sequence_number(seq) if queue.fifo else None,
    )


def store_message(store: Store, runtime: Runtime | None, queue: Queue, message: Message) -> None:
    queues(store, queue.account, queue.region).touch(queue.name)  # next_seq moved
    table = messages(store, queue)
    if runtime is None:
        table[message.key] = message  # the index, if any, sees the count differ and is built again
        return
    # Fetched before the row is written (else its count differs): a queue's index is
    # kept from its first message on, so it is built by reading messages back only
    # after a restart, a reset or an import.
    index = indexes(runtime).get(table, queue.fifo)
    table[message.key] = message
    index.added(message)
    runtime.signals.notify(signal_key(queue))


def remove_message(store: Store, runtime: Runtime, queue: Queue, key: str) -> None:
    table = messages(store, queue)
    del table[key]
    if (index := indexes(runtime).built(table)) is not None:
        index.removed(key)


def set_visible_at(store: Store, runtime: Runtime, queue: Queue, message: Message, when: float) -> None:
    """Change when a message is next receivable (ChangeMessageVisibility)."""
    message.visible_at = when
    table = messages(store, queue)
    table.touch(message.key)
    if (index := indexes(runtime).built(table)) is not None:
        index.changed(message.key, when)


def clear_messages(store: Store, runtime: Runtime, queue: Queue) -> None:
    """Delete every message of the queue (PurgeQueue, DeleteQueue)."""
    table = messages(store, queue)
    table.clear()
    indexes(runtime).drop(table)


def queue_index(store: Store, runtime: Runtime, queue: Queue) -> QueueIndex:
    """The queue's index, built (reading every message once) if there is none yet."""
    return indexes(runtime).get(messages(store, queue), queue.fifo)


# ---------------------------------------------------------------- receiving


def expired(queue: Queue, message: Message, now: float) -> bool:
    return now >= message.sent + queue.int_attr("MessageRetentionPeriod")


def redrive_target(queue: Queue) -> tuple[str, int] | None:
    policy = queue.attributes.get("RedrivePolicy")
    if not policy:
        return None
    parsed = json.loads(policy)
    return parsed["deadLetterTargetArn"], int(parsed["maxReceiveCount"])


def receive(store: Store, runtime: Runtime, queue: Queue, now: float, limit: int, visibility: int) -> list[Message]:
    """Pick up to `limit` receivable messages and make them in flight for `visibility` seconds.

    Cost: O((k + d) log n) for k messages picked and d expired or dead-lettered on the way.
    """
    table = messages(store, queue)
    index = indexes(runtime).get(table, queue.fifo)
    redrive = redrive_target(queue)
    dead_letter = queue_by_arn(store, redrive[0]) if redrive else None
    max_receives = redrive[1] if redrive else 0
    retention = queue.int_attr("MessageRetentionPeriod")
    # Chosen from the index alone: only the messages handed out or moved are read.
    chosen: list[str] = []
    drop: list[str] = []
    to_dlq: list[str] = []
    picked: list[Message] = []
    try:
        for key, (_, sent, receive_count, _) in index.candidates(now):
            if now >= sent + retention:
                drop.append(key)
                continue
            if dead_letter is not None and receive_count >= max_receives:
                to_dlq.append(key)
                continue
            chosen.append(key)
            if len(chosen) >= limit:
                break
        for key in drop:
            remove_message(store, runtime, queue, key)
        for key in to_dlq:
            assert dead_letter is not None
            transfer(store, runtime, queue, table[key], dead_letter, now, dead_letter_source=queue.arn)
        visible_at = now + visibility
        _read_ahead(table, index, chosen, now)
        for key in chosen:
            message = table[key]
            message.receive_count += 1
            if message.first_received is None:
                message.first_received = now
            message.received_at = now
            message.visible_at = visible_at
            message.receipt = secrets.token_hex(8)
            table.touch(key)
            index.received(key, visible_at, message.receive_count)
            picked.append(message)
    finally:
        index.settle()
    if to_dlq and queue.fifo and len(picked) < limit:
        # Moving a group's head to the DLQ may have freed the messages behind it.
        picked += receive(store, runtime, queue, now, limit - len(picked), visibility)
    return picked


READ_AHEAD = 32


def _read_ahead(table: Table, index: QueueIndex, chosen: list[str], now: float) -> None:
    """Read the cold messages among `chosen` back in one query, with the visible cold
    ones sent right after them: the next receives' likely picks (a consumer working
    through a backlog older than the warm budget reads one query per READ_AHEAD)."""
    rows = table.rows
    cold = [key for key in chosen if rows.get(key) is COLD]
    if not cold:
        return
    meta, seq = index.meta, int(chosen[-1])
    for seq in range(seq + 1, seq + 1 + 2 * READ_AHEAD):
        key = message_key(seq)
        m = meta.get(key)
        if m is not None and m[0] <= now and rows.get(key) is COLD:
            cold.append(key)
            if len(cold) >= READ_AHEAD:
                break
    table.store.warm_many(table, cold)


def transfer(
    store: Store,
    runtime: Runtime,
    source: Queue,
    message: Message,
    destination: Queue,
    now: float,
    *,
    dead_letter_source: str | None,
) -> Message:
    """Move a message to another queue (dead-lettering, move tasks); it arrives receivable."""
    remove_message(store, runtime, source, message.key)
    seq = destination.next_seq
    destination.next_seq += 1
    moved = Message(
        key=message_key(seq),
        message_id=message.message_id,
        body=message.body,
        md5_body=message.md5_body,
        # Standard queues keep the original enqueue time for retention; FIFO queues reset it.
        sent=now if destination.fifo else message.sent,
        visible_at=now,
        sender_id=message.sender_id,
        attributes=message.attributes,
        md5_attributes=message.md5_attributes,
        system_attributes=message.system_attributes,
        md5_system_attributes=message.md5_system_attributes,
        group_id=message.group_id,
        dedup_id=message.dedup_id,
        sequence_number=fifo.sequence_number(seq) if destination.fifo else None,
        dead_letter_source=dead_letter_source,
    )
    if dead_letter_source is not None:
        # Dead-lettered, a message keeps how often it was received (AWS's
        # ApproximateReceiveCount goes on counting in the dead-letter queue).
        moved.receive_count, moved.first_received = message.receive_count, message.first_received
    store_message(store, runtime, destination, moved)
    return moved


def find(store: Store, queue: Queue, handle: str) -> tuple[Message | None, str]:
    """The message a receipt handle points at (None if it is gone), and the handle's nonce."""
    key, nonce = parse_receipt_handle(queue, handle)
    message: Message | None = messages(store, queue).get(key)
    return message, nonce


def handle_current(queue: Queue, message: Message, nonce: str, now: float) -> bool:
    """Whether a handle may still act on the message (see the module invariants)."""
    if queue.fifo:
        return message.receipt == nonce and message.in_flight(now)
    return True


# ---------------------------------------------------------------- counting and expiry


def counts(store: Store, runtime: Runtime, queue: Queue, now: float) -> tuple[int, int, int]:
    """(available, in flight, delayed), the ApproximateNumberOfMessages* attributes."""
    return queue_index(store, runtime, queue).counts(now, queue.int_attr("MessageRetentionPeriod"))


def visible_keys(store: Store, runtime: Runtime, queue: Queue, now: float) -> list[str]:
    """Keys of the visible messages not past retention, in send order (move tasks, forced dead-lettering)."""
    return queue_index(store, runtime, queue).visible(now, queue.int_attr("MessageRetentionPeriod"))


def expire(store: Store, runtime: Runtime, queue: Queue, now: float) -> int:
    """Delete the queue's messages older than its retention period; returns how many."""
    old = queue_index(store, runtime, queue).expired(now, queue.int_attr("MessageRetentionPeriod"))
    for key in old:
        remove_message(store, runtime, queue, key)
    fifo.forget_expired(store, runtime, queue, now)
    return len(old)


def expire_all(runtime: Runtime, now: float) -> int:
    """The retention tick: every queue of every account and region."""
    store = runtime.store
    total = 0
    for scope in store.scopes_of(SERVICE):
        for queue in list(scope.table("queues").rows.values()):
            total += expire(store, runtime, queue, now)
    return total
