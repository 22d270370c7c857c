"""SQS state: queues, their messages, FIFO deduplication records and message move tasks.

Tables, per (account, region) scope:
- `queues`: queue name -> `Queue`.
- `messages/<queue name>`: message key -> `Message`. The key is the queue's send
  sequence, zero-padded, so sorting keys gives send order (FIFO order survives a
  reload from the persistent store whatever order it loads rows in).
- `dedup/<queue name>`: deduplication key -> `DedupRecord` (FIFO queues only).
- `move_tasks`: task id -> `MoveTask`, in the scope of the task's source queue.

One message per row keeps a send, receive or delete at O(1) changed entities.
Visibility and delay are timestamps compared with the clock at read time, so no
timer is needed for them, and in-flight state survives a restart.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Any

from cumulo.core.arns import arn
from cumulo.state.store import cold_tables

KEY_WIDTH = 20

# Messages and deduplication records are many and small: past the store's warm
# budget their values leave memory (see cumulo.state.store); the queue index
# (index.py) keeps what choosing and counting messages needs.
cold_tables("sqs", "messages/", "dedup/")


def message_key(seq: int) -> str:
    return f"{seq:0{KEY_WIDTH}d}"


def messages_table(name: str) -> str:
    return f"messages/{name}"


def dedup_table(name: str) -> str:
    return f"dedup/{name}"


@dataclass(slots=True)
class Queue:
    name: str
    account: str
    region: str
    created: float
    modified: float
    # The settable attributes, as strings exactly as GetQueueAttributes returns them.
    attributes: dict[str, str] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)
    fifo: bool = False
    next_seq: int = 1
    purged_at: float | None = None
    # FIFO ReceiveRequestAttemptId -> (expires at, [(message key, receipt nonce)]).
    attempts: dict[str, tuple[float, list[tuple[str, str]]]] = field(default_factory=dict)

    @property
    def arn(self) -> str:
        return arn("sqs", self.region, self.account, self.name)

    def int_attr(self, name: str) -> int:
        return int(self.attributes[name])


@dataclass(slots=True)
class Message:
    key: str
    message_id: str
    body: str
    md5_body: str
    sent: float  # epoch seconds, the clock's
    visible_at: float  # not receivable before this: delay, then visibility timeout
    sender_id: str = ""
    # name -> {"DataType": ..., "StringValue" | "BinaryValue": ...}
    attributes: dict[str, dict[str, Any]] = field(default_factory=dict)
    md5_attributes: str | None = None
    system_attributes: dict[str, dict[str, Any]] = field(default_factory=dict)
    md5_system_attributes: str | None = None
    receive_count: int = 0
    first_received: float | None = None
    received_at: float | None = None  # the latest receive: bounds the 12-hour visibility limit
    receipt: str = ""  # nonce of the latest receipt handle
    group_id: str | None = None
    dedup_id: str | None = None
    sequence_number: str | None = None
    dead_letter_source: str | None = None  # ARN of the queue it was moved from, in a DLQ

    def in_flight(self, now: float) -> bool:
        return self.receive_count > 0 and self.visible_at > now

    def delayed(self, now: float) -> bool:
        return self.receive_count == 0 and self.visible_at > now

    def visible(self, now: float) -> bool:
        return self.visible_at <= now

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # Pickled as the constructor's arguments in field order: half the bytes and
        # time of the default, which names every field in every pickle (a cold
        # message is unpickled on each read back). New fields go last, with a default;
        # messages stored the default way still load.
        return Message, _message_fields(self)


_message_fields = attrgetter(*(f.name for f in fields(Message)))


@dataclass(slots=True)
class DedupRecord:
    expires: float
    message_id: str
    sequence_number: str | None


@dataclass(slots=True)
class MoveTask:
    task_id: str
    source_arn: str
    destination_arn: str | None
    rate: int | None
    started: float
    to_move: int
    status: str = "RUNNING"  # RUNNING, COMPLETED, CANCELLING, CANCELLED, FAILED
    moved: int = 0
    failure_reason: str | None = None
    last_run: float = 0.0
