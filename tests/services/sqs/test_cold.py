"""Queues holding more messages than the store's warm budget: most message rows are cold
(on disk, `COLD` in memory) and every operation still sees the right messages."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import httpx
import pytest

from cumulo.config import Config
from cumulo.services.sqs import delivery
from cumulo.services.sqs.index import indexes
from cumulo.services.sqs.models import Message
from cumulo.state import store as store_module
from cumulo.state.store import COLD
from cumulo.testing import ClockControl, CumuloServer

ACCOUNT, REGION = "000000000000", "us-east-1"


@pytest.fixture(autouse=True)
def small_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    # The in-process server reads the module's budget at every commit.
    monkeypatch.setattr(store_module, "WARM_MAX", 8)


def send(sqs: Any, url: str, count: int, start: int = 0, group: Any = None) -> list[str]:
    """Send `count` messages in batches; `group(i)` names each one's message group (FIFO)."""
    bodies = [f"m{i:03d}" for i in range(start, start + count)]
    for first in range(0, count, 10):
        entries = []
        for i, body in enumerate(bodies[first:first + 10], first + start):
            entry: dict[str, Any] = {"Id": str(i), "MessageBody": body}
            if group is not None:
                entry |= {"MessageGroupId": group(i), "MessageDeduplicationId": body}
            entries.append(entry)
        assert not sqs.send_message_batch(QueueUrl=url, Entries=entries).get("Failed")
    return bodies


def receive_all(sqs: Any, url: str, visibility: int = 60, delete: bool = False) -> Iterator[dict[str, Any]]:
    while messages := sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, VisibilityTimeout=visibility).get("Messages"):
        if delete:
            sqs.delete_message_batch(
                QueueUrl=url, Entries=[{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(messages)]
            )
        yield from messages


def cold_rows(cumulo: CumuloServer, table: str) -> int:
    rows = cumulo.runtime.store.scope("sqs", ACCOUNT, REGION).table(table).rows
    return sum(1 for value in rows.values() if value is COLD)


def counts(sqs: Any, url: str) -> tuple[int, int, int]:
    names = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed"]
    attrs = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=names)["Attributes"]
    return int(attrs[names[0]]), int(attrs[names[1]]), int(attrs[names[2]])


def test_a_backlog_past_the_budget_is_received_changed_and_deleted(cumulo: CumuloServer, sqs: Any, queue: str) -> None:
    sent = send(sqs, queue, 60)
    assert cold_rows(cumulo, "messages/orders") > 40  # most of them left memory
    # The index keeps small tuples per message, never the messages themselves.
    table = cumulo.runtime.store.scope("sqs", ACCOUNT, REGION).table("messages/orders")
    index = indexes(cumulo.runtime).built(table)
    assert index is not None and len(index.meta) == 60
    assert all(isinstance(m, tuple) and not any(isinstance(v, Message) for v in m) for m in index.meta.values())
    assert counts(sqs, queue) == (60, 0, 0)
    page = httpx.get(
        f"{cumulo.url}/_cumulo/console/api/resources/sqs",
        params={"account": ACCOUNT, "region": REGION, "table": "messages/orders", "limit": 100},
    ).json()
    assert page["total"] == 60 and {item["type"] for item in page["items"]} == {"Message"}  # the console reads cold rows
    received = list(receive_all(sqs, queue))
    assert [m["Body"] for m in received] == sent  # each once, in send order
    assert counts(sqs, queue) == (0, 60, 0)
    assert cold_rows(cumulo, "messages/orders") > 40  # received, and cold again
    # A cold in-flight message made visible again is the next one received.
    sqs.change_message_visibility(QueueUrl=queue, ReceiptHandle=received[5]["ReceiptHandle"], VisibilityTimeout=0)
    again = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10, AttributeNames=["ApproximateReceiveCount"])
    assert [(m["Body"], m["Attributes"]["ApproximateReceiveCount"]) for m in again["Messages"]] == [("m005", "2")]
    handles = [m["ReceiptHandle"] for m in received]
    handles[5] = again["Messages"][0]["ReceiptHandle"]
    for first in range(0, 60, 10):
        sqs.delete_message_batch(
            QueueUrl=queue, Entries=[{"Id": str(i), "ReceiptHandle": h} for i, h in enumerate(handles[first:first + 10])]
        )
    assert counts(sqs, queue) == (0, 0, 0)
    assert len(delivery.messages(cumulo.runtime.store, delivery.queues(cumulo.runtime.store, ACCOUNT, REGION)["orders"])) == 0


def test_fifo_groups_keep_their_order_past_the_budget(
    cumulo: CumuloServer, sqs: Any, fifo_queue: str, cumulo_clock: ClockControl
) -> None:
    sent = send(sqs, fifo_queue, 60, group=lambda i: "abc"[i % 3])
    assert cold_rows(cumulo, "messages/orders.fifo") > 40
    assert cold_rows(cumulo, "dedup/orders.fifo") > 40
    # A deduplication id sent before is still known, though its record is cold.
    again = sqs.send_message(QueueUrl=fifo_queue, MessageBody="m000", MessageGroupId="a", MessageDeduplicationId="m000")
    assert counts(sqs, fifo_queue) == (60, 0, 0)
    # A group's messages come out together: the first ten are group a's.
    first = sqs.receive_message(QueueUrl=fifo_queue, MaxNumberOfMessages=10, VisibilityTimeout=60)["Messages"]
    assert [m["Body"] for m in first] == sent[0::3][:10]
    assert again["MessageId"] == first[0]["MessageId"]
    for m in first:
        sqs.delete_message(QueueUrl=fifo_queue, ReceiptHandle=m["ReceiptHandle"])
    rest = [m["Body"] for m in receive_all(sqs, fifo_queue, delete=True)]
    received = [m["Body"] for m in first] + rest
    assert sorted(received) == sent
    for group in "abc":
        mine = [b for b in received if int(b[1:]) % 3 == "abc".index(group)]
        assert mine == [b for b in sent if int(b[1:]) % 3 == "abc".index(group)]
    assert counts(sqs, fifo_queue) == (0, 0, 0)
    # Past the deduplication window the records go (read back only as they fall due).
    cumulo_clock.advance(301)
    cumulo_clock.advance(5)
    assert len(cumulo.runtime.store.scope("sqs", ACCOUNT, REGION).table("dedup/orders.fifo")) == 0
    sqs.send_message(QueueUrl=fifo_queue, MessageBody="m000", MessageGroupId="a", MessageDeduplicationId="m000")
    assert [m["Body"] for m in receive_all(sqs, fifo_queue)] == ["m000"]


def test_a_fifo_group_in_flight_blocks_its_cold_followers(cumulo: CumuloServer, sqs: Any, fifo_queue: str) -> None:
    send(sqs, fifo_queue, 30, group=lambda i: "a" if i < 20 else f"g{i}")
    head = sqs.receive_message(QueueUrl=fifo_queue, MaxNumberOfMessages=1, VisibilityTimeout=60)["Messages"]
    assert [m["Body"] for m in head] == ["m000"]
    others = [m["Body"] for m in receive_all(sqs, fifo_queue)]
    assert others == [f"m{i:03d}" for i in range(20, 30)]  # group a waits behind m000
    sqs.delete_message(QueueUrl=fifo_queue, ReceiptHandle=head[0]["ReceiptHandle"])
    assert [m["Body"] for m in receive_all(sqs, fifo_queue, delete=True)] == [f"m{i:03d}" for i in range(1, 20)]


def test_redrive_move_back_and_force_dlq_with_cold_messages(cumulo: CumuloServer, sqs: Any, cumulo_clock: ClockControl) -> None:
    dlq = sqs.create_queue(QueueName="dead")["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    policy = json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 1})
    src = sqs.create_queue(QueueName="live", Attributes={"RedrivePolicy": policy})["QueueUrl"]
    sent = send(sqs, src, 40)
    assert [m["Body"] for m in receive_all(sqs, src, visibility=0)] == sent  # each received once
    # The next receive moves them all to the dead-letter queue instead.
    assert "Messages" not in sqs.receive_message(QueueUrl=src, MaxNumberOfMessages=10)
    assert counts(sqs, src) == (0, 0, 0) and counts(sqs, dlq) == (40, 0, 0)
    assert cold_rows(cumulo, "messages/dead") > 20
    # Moved back by a move task (ticks run as the clock moves), in order.
    sqs.start_message_move_task(SourceArn=dlq_arn)
    for _ in range(3):
        cumulo_clock.advance(1)
    assert counts(sqs, dlq) == (0, 0, 0) and counts(sqs, src) == (40, 0, 0)
    peeked = httpx.get(
        f"{cumulo.url}/_aws/sqs/messages", params={"QueueUrl": src}, headers={"Accept": "application/json"}
    ).json()["ReceiveMessageResponse"]["ReceiveMessageResult"]["Message"]
    assert [m["Body"] for m in peeked] == sent  # peeking reads cold messages, changes nothing
    moved = httpx.post(f"{cumulo.url}/_cumulo/sqs/live/force-dlq")
    assert moved.json() == {"movedMessages": 40}
    listing = httpx.get(f"{cumulo.url}/_cumulo/sqs/messages").json()["queues"]
    assert [m["body"] for q in listing if q["queueName"] == "dead" for m in q["messages"]] == sent


def test_purge_and_retention_with_cold_messages(cumulo: CumuloServer, sqs: Any, cumulo_clock: ClockControl) -> None:
    url = sqs.create_queue(QueueName="short", Attributes={"MessageRetentionPeriod": "60"})["QueueUrl"]
    send(sqs, url, 30)
    sqs.purge_queue(QueueUrl=url)
    assert counts(sqs, url) == (0, 0, 0)
    assert "Messages" not in sqs.receive_message(QueueUrl=url)
    send(sqs, url, 30, start=100)
    cumulo_clock.advance(30)
    send(sqs, url, 20, start=200)
    assert counts(sqs, url) == (50, 0, 0)
    cumulo_clock.advance(35)  # the first 30 are past retention; the tick drops them
    assert counts(sqs, url) == (20, 0, 0)
    assert [m["Body"] for m in receive_all(sqs, url)] == [f"m{i}" for i in range(200, 220)]
    table = delivery.messages(cumulo.runtime.store, delivery.queues(cumulo.runtime.store, ACCOUNT, REGION)["short"])
    assert len(table) == 20


def test_a_cold_backlog_survives_a_restart(tmp_path: Path) -> None:
    config = Config(log_level="warning", data_dir=str(tmp_path))
    first = CumuloServer(config).start()
    try:
        sqs = boto3.client("sqs", endpoint_url=first.url, region_name=REGION)
        q = sqs.create_queue(QueueName="durable")["QueueUrl"]
        f = sqs.create_queue(QueueName="durable.fifo", Attributes={"FifoQueue": "true"})["QueueUrl"]
        sent = send(sqs, q, 50)
        fifo_sent = send(sqs, f, 30, group=lambda i: "ab"[i % 2])
        in_flight = [m["Body"] for m in sqs.receive_message(QueueUrl=q, MaxNumberOfMessages=10, VisibilityTimeout=60)["Messages"]]
        assert in_flight == sent[:10]
        assert cold_rows(first, "messages/durable") > 20
        now = first.runtime.clock.now()
    finally:
        first.stop()
        first.runtime.store.close()
    second = CumuloServer(config).start()
    try:
        second.runtime.clock.set(now)
        sqs = boto3.client("sqs", endpoint_url=second.url, region_name=REGION)
        assert counts(sqs, q) == (40, 10, 0)
        assert [m["Body"] for m in receive_all(sqs, q, delete=True)] == sent[10:]
        second.runtime.clock.advance(61)
        assert [m["Body"] for m in receive_all(sqs, q, delete=True)] == sent[:10]
        received = [m["Body"] for m in receive_all(sqs, f, delete=True)]
        assert sorted(received) == fifo_sent
        for group in (0, 1):
            assert [b for b in received if int(b[1:]) % 2 == group] == [b for b in fifo_sent if int(b[1:]) % 2 == group]
        # A duplicate of a message sent before the restart is still dropped.
        sqs.send_message(QueueUrl=f, MessageBody="m000", MessageGroupId="a", MessageDeduplicationId="m000")
        assert counts(sqs, f) == (0, 0, 0)
    finally:
        second.stop()
        second.runtime.store.close()


def test_a_snapshot_of_cold_messages_imports_whole(cumulo: CumuloServer, sqs: Any, queue: str) -> None:
    sent = send(sqs, queue, 30)
    snapshot = httpx.get(cumulo.url + "/_cumulo/state").content
    assert [m["Body"] for m in receive_all(sqs, queue)] == sent  # all in flight now
    send(sqs, queue, 5, start=100)
    httpx.post(cumulo.url + "/_cumulo/state", content=snapshot).raise_for_status()
    assert counts(sqs, queue) == (30, 0, 0)
    assert [m["Body"] for m in receive_all(sqs, queue)] == sent


def test_fifo_dead_lettering_keeps_group_order_past_the_budget(sqs: Any) -> None:
    dlq = sqs.create_queue(QueueName="dead.fifo", Attributes={"FifoQueue": "true"})["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    policy = json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 1})
    src = sqs.create_queue(QueueName="live.fifo", Attributes={"FifoQueue": "true", "RedrivePolicy": policy})["QueueUrl"]
    sent = send(sqs, src, 30, group=lambda i: "ab"[i % 2])
    assert sorted(m["Body"] for m in receive_all(sqs, src, visibility=0)) == sent  # each received once
    assert "Messages" not in sqs.receive_message(QueueUrl=src, MaxNumberOfMessages=10)
    moved = [m["Body"] for m in receive_all(sqs, dlq, delete=True)]
    assert sorted(moved) == sent
    for group in (0, 1):
        assert [b for b in moved if int(b[1:]) % 2 == group] == [b for b in sent if int(b[1:]) % 2 == group]
