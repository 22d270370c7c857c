"""The receive index (`cumulo.services.sqs.index`) stays right: across reset, snapshot import,
restart, purge and visibility changes, and against a full scan of the queue under random use."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import boto3
import httpx
import pytest

from cumulo.config import Config
from cumulo.services.sqs import delivery
from cumulo.services.sqs.index import QueueIndex, indexes
from cumulo.services.sqs.models import Queue
from cumulo.state import Table
from cumulo.state import store as store_module
from cumulo.testing import ClockControl, CumuloServer


def bodies(answer: dict[str, Any]) -> list[str]:
    return [m["Body"] for m in answer.get("Messages", [])]


def send_all(sqs: Any, queue: str, *names: str, group: str | None = None) -> None:
    for name in names:
        extra = {"MessageGroupId": group, "MessageDeduplicationId": name} if group else {}
        sqs.send_message(QueueUrl=queue, MessageBody=name, **extra)


def test_a_reset_leaves_no_stale_index(cumulo: CumuloServer, sqs: Any) -> None:
    q = sqs.create_queue(QueueName="kept")["QueueUrl"]
    f = sqs.create_queue(QueueName="kept.fifo", Attributes={"FifoQueue": "true"})["QueueUrl"]
    send_all(sqs, q, "old1", "old2")
    send_all(sqs, f, "old-a", "old-b", group="g")
    assert bodies(sqs.receive_message(QueueUrl=q)) == ["old1"]
    assert bodies(sqs.receive_message(QueueUrl=f)) == ["old-a"]  # group g locked
    httpx.post(cumulo.url + "/_cumulo/reset").raise_for_status()
    q = sqs.create_queue(QueueName="kept")["QueueUrl"]
    f = sqs.create_queue(QueueName="kept.fifo", Attributes={"FifoQueue": "true"})["QueueUrl"]
    assert "Messages" not in sqs.receive_message(QueueUrl=q)
    send_all(sqs, q, "new1")
    send_all(sqs, f, "new-a", "new-b", group="g")  # the same group, no longer locked
    assert bodies(sqs.receive_message(QueueUrl=q, MaxNumberOfMessages=10)) == ["new1"]
    assert bodies(sqs.receive_message(QueueUrl=f, MaxNumberOfMessages=10)) == ["new-a", "new-b"]
    cumulo.reset()  # the pytest plugin's reset, in process
    q = sqs.create_queue(QueueName="kept")["QueueUrl"]
    send_all(sqs, q, "newest")
    assert bodies(sqs.receive_message(QueueUrl=q, MaxNumberOfMessages=10)) == ["newest"]


def test_a_snapshot_import_replaces_what_receive_sees(cumulo: CumuloServer, sqs: Any) -> None:
    q = sqs.create_queue(QueueName="snap")["QueueUrl"]
    send_all(sqs, q, "a", "b")
    snapshot = httpx.get(cumulo.url + "/_cumulo/state").content
    assert bodies(sqs.receive_message(QueueUrl=q, MaxNumberOfMessages=10)) == ["a", "b"]  # both in flight now
    send_all(sqs, q, "c")
    httpx.post(cumulo.url + "/_cumulo/state", content=snapshot).raise_for_status()
    assert bodies(sqs.receive_message(QueueUrl=q, MaxNumberOfMessages=10)) == ["a", "b"]


def test_in_flight_and_delayed_messages_keep_their_times_across_a_restart(tmp_path: Path) -> None:
    config = Config(log_level="warning", data_dir=str(tmp_path))
    first = CumuloServer(config).start()
    try:
        sqs = boto3.client("sqs", endpoint_url=first.url, region_name="us-east-1")
        q = sqs.create_queue(QueueName="durable")["QueueUrl"]
        f = sqs.create_queue(QueueName="durable.fifo", Attributes={"FifoQueue": "true"})["QueueUrl"]
        send_all(sqs, q, "m0", "m1", "m2", "m3")
        sqs.send_message(QueueUrl=q, MessageBody="late", DelaySeconds=120)
        send_all(sqs, f, "a0", "a1", group="a")
        send_all(sqs, f, "b0", group="b")
        assert bodies(sqs.receive_message(QueueUrl=q, MaxNumberOfMessages=2, VisibilityTimeout=60)) == ["m0", "m1"]
        assert bodies(sqs.receive_message(QueueUrl=f, MaxNumberOfMessages=1, VisibilityTimeout=60)) == ["a0"]
        now = first.runtime.clock.now()
    finally:
        first.stop()
        first.runtime.store.close()
    second = CumuloServer(config).start()
    try:
        clock = second.runtime.clock
        clock.set(now)
        sqs = boto3.client("sqs", endpoint_url=second.url, region_name="us-east-1")
        assert bodies(sqs.receive_message(QueueUrl=q, MaxNumberOfMessages=10, VisibilityTimeout=600)) == ["m2", "m3"]
        assert bodies(sqs.receive_message(QueueUrl=f, MaxNumberOfMessages=10, VisibilityTimeout=600)) == ["b0"]  # a locked
        clock.advance(61)
        assert bodies(sqs.receive_message(QueueUrl=q, MaxNumberOfMessages=10, VisibilityTimeout=600)) == ["m0", "m1"]
        assert bodies(sqs.receive_message(QueueUrl=f, MaxNumberOfMessages=10)) == ["a0", "a1"]
        clock.advance(60)
        assert bodies(sqs.receive_message(QueueUrl=q, MaxNumberOfMessages=10)) == ["late"]
    finally:
        second.stop()
        second.runtime.store.close()


def test_purge_empties_the_index_too(sqs: Any, cumulo_clock: ClockControl) -> None:
    q = sqs.create_queue(QueueName="purged")["QueueUrl"]
    f = sqs.create_queue(QueueName="purged.fifo", Attributes={"FifoQueue": "true"})["QueueUrl"]
    send_all(sqs, q, "old1", "old2", "old3")
    send_all(sqs, f, "old-a", "old-b", group="g")
    assert bodies(sqs.receive_message(QueueUrl=q, VisibilityTimeout=5)) == ["old1"]
    assert bodies(sqs.receive_message(QueueUrl=f, VisibilityTimeout=5)) == ["old-a"]
    sqs.purge_queue(QueueUrl=q)
    sqs.purge_queue(QueueUrl=f)
    send_all(sqs, q, "new1", "new2")
    send_all(sqs, f, "new-a", group="g")
    assert bodies(sqs.receive_message(QueueUrl=q, MaxNumberOfMessages=10)) == ["new1", "new2"]
    assert bodies(sqs.receive_message(QueueUrl=f, MaxNumberOfMessages=10)) == ["new-a"]
    cumulo_clock.advance(60)
    assert bodies(sqs.receive_message(QueueUrl=q, MaxNumberOfMessages=10)) == ["new1", "new2"]
    assert bodies(sqs.receive_message(QueueUrl=f, MaxNumberOfMessages=10)) == ["new-a"]


def test_visibility_changes_move_messages_in_the_index(sqs: Any, cumulo_clock: ClockControl) -> None:
    q = sqs.create_queue(QueueName="vis")["QueueUrl"]
    send_all(sqs, q, "a", "b", "c")
    got = {m["Body"]: m["ReceiptHandle"] for m in sqs.receive_message(QueueUrl=q, MaxNumberOfMessages=10)["Messages"]}
    sqs.change_message_visibility(QueueUrl=q, ReceiptHandle=got["c"], VisibilityTimeout=0)
    assert bodies(sqs.receive_message(QueueUrl=q, MaxNumberOfMessages=10, VisibilityTimeout=100)) == ["c"]
    sqs.change_message_visibility(QueueUrl=q, ReceiptHandle=got["a"], VisibilityTimeout=100)  # later than it was
    sqs.change_message_visibility(QueueUrl=q, ReceiptHandle=got["b"], VisibilityTimeout=5)  # sooner
    cumulo_clock.advance(31)
    assert bodies(sqs.receive_message(QueueUrl=q, MaxNumberOfMessages=10, VisibilityTimeout=600)) == ["b"]
    cumulo_clock.advance(70)
    assert bodies(sqs.receive_message(QueueUrl=q, MaxNumberOfMessages=10)) == ["a", "c"]


def test_fifo_visibility_changes_and_deletes_keep_group_order(sqs: Any, fifo_queue: str) -> None:
    f = fifo_queue
    send_all(sqs, f, "a1", "a2", group="a")
    send_all(sqs, f, "b1", group="b")
    got = {m["Body"]: m["ReceiptHandle"] for m in sqs.receive_message(QueueUrl=f, MaxNumberOfMessages=10)["Messages"]}
    assert list(got) == ["a1", "a2", "b1"]
    sqs.change_message_visibility(QueueUrl=f, ReceiptHandle=got["a2"], VisibilityTimeout=0)
    assert "Messages" not in sqs.receive_message(QueueUrl=f)  # a1 still holds group a
    sqs.change_message_visibility(QueueUrl=f, ReceiptHandle=got["a1"], VisibilityTimeout=0)
    again = sqs.receive_message(QueueUrl=f, MaxNumberOfMessages=10)["Messages"]
    assert bodies({"Messages": again}) == ["a1", "a2"]
    sqs.delete_message(QueueUrl=f, ReceiptHandle=got["b1"])
    send_all(sqs, f, "b2", group="b")
    sqs.delete_message(QueueUrl=f, ReceiptHandle=again[0]["ReceiptHandle"])  # a1: a2 is the head, in flight
    assert bodies(sqs.receive_message(QueueUrl=f, MaxNumberOfMessages=10)) == ["b2"]
    sqs.change_message_visibility(QueueUrl=f, ReceiptHandle=again[1]["ReceiptHandle"], VisibilityTimeout=0)
    assert bodies(sqs.receive_message(QueueUrl=f, MaxNumberOfMessages=10)) == ["a2"]


# ---------------------------------------------------------------- against a full scan


def scan(queue: Queue, rows: Table, now: float, limit: int) -> list[str]:
    """What ReceiveMessage hands out, by definition: receivable messages in send
    order; on a FIFO queue a group blocked behind its first message that is not
    visible, and a group's receivable messages together, groups in the order of
    their first receivable message."""
    blocked: set[str | None] = set()
    runs: dict[Any, list[str]] = {}
    for key in sorted(rows):
        message = rows[key]
        if queue.fifo and message.group_id in blocked:
            continue
        if message.visible_at > now:
            blocked.add(message.group_id)
            continue
        run = runs.setdefault(message.group_id if queue.fifo else key, [])
        if not delivery.expired(queue, message, now):
            run.append(message.message_id)
    return [m for run in runs.values() for m in run][:limit]


@pytest.mark.parametrize("warm_max", [None, 8], ids=["warm", "cold"])
def test_receives_match_a_full_scan_under_random_use(
    cumulo: CumuloServer, sqs: Any, cumulo_clock: ClockControl, monkeypatch: pytest.MonkeyPatch, warm_max: int | None
) -> None:
    if warm_max is not None:  # most message rows cold: the index must not need their values
        monkeypatch.setattr(store_module, "WARM_MAX", warm_max)
    rng = random.Random(7)
    store = cumulo.runtime.store
    registry, build = indexes(cumulo.runtime), QueueIndex.build

    def checked_build(table: Table, fifo: bool) -> QueueIndex:
        # Built only when there is none for this table: never because the index missed a change.
        old = registry.by_queue.get((table.scope_key, table.name))
        assert old is None or old.table is not table or old.fifo != fifo, "rebuilt: the index missed a change"
        return build(table, fifo)

    monkeypatch.setattr(QueueIndex, "build", staticmethod(checked_build))
    urls = {
        "std": sqs.create_queue(QueueName="rand", Attributes={"MessageRetentionPeriod": "60"})["QueueUrl"],
        "fifo": sqs.create_queue(
            QueueName="rand.fifo", Attributes={"FifoQueue": "true", "MessageRetentionPeriod": "60"}
        )["QueueUrl"],
    }
    handles: dict[str, list[str]] = {"std": [], "fifo": []}
    sent = 0
    for step in range(400):
        kind = rng.choice(["std", "fifo"])
        url = urls[kind]
        roll = rng.random()
        if roll < 0.35:
            sent += 1
            extra: dict[str, Any] = (
                {"MessageGroupId": rng.choice("abc"), "MessageDeduplicationId": str(sent)}
                if kind == "fifo"
                else {"DelaySeconds": rng.choice([0, 0, 5])}
            )
            sqs.send_message(QueueUrl=url, MessageBody=f"m{sent}", **extra)
        elif roll < 0.65:
            queue = delivery.queues(store, "000000000000", "us-east-1")[url.rsplit("/", 1)[1]]
            limit = rng.choice([1, 3, 10])
            expected = scan(queue, delivery.messages(store, queue), cumulo_clock.now(), limit)
            answer = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=limit, VisibilityTimeout=rng.choice([0, 3, 10]))
            assert [m["MessageId"] for m in answer.get("Messages", [])] == expected, f"step {step}"
            handles[kind] += [m["ReceiptHandle"] for m in answer.get("Messages", [])]
        elif roll < 0.75 and handles[kind]:
            try:
                sqs.delete_message(QueueUrl=url, ReceiptHandle=handles[kind].pop(rng.randrange(len(handles[kind]))))
            except sqs.exceptions.ClientError:
                pass  # a FIFO handle whose visibility timeout ran out
        elif roll < 0.85 and handles[kind]:
            try:
                sqs.change_message_visibility(
                    QueueUrl=url, ReceiptHandle=rng.choice(handles[kind]), VisibilityTimeout=rng.choice([0, 2, 20])
                )
            except sqs.exceptions.ClientError:
                pass  # no longer in flight, or a FIFO handle a later receive replaced
        elif roll < 0.98:
            cumulo_clock.advance(rng.choice([1, 2, 4, 8]))  # the retention tick runs too
        else:
            sqs.purge_queue(QueueUrl=url)
            cumulo_clock.advance(61)  # PurgeQueue once a minute
