"""Introspection: the fakecloud SDK's SQS client, LocalStack's developer endpoint, and state that survives restarts."""

from __future__ import annotations

import json
import pickle
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import boto3
import httpx
from fakecloud.client import FakeCloudSync

from cumulo.services.sqs.models import DedupRecord, Message, MoveTask, Queue
from cumulo.state import open_store
from cumulo.testing import ClockControl, CumuloServer, free_port, spawned_server


def test_fakecloud_sdk_lists_messages_without_receiving_them(cumulo: CumuloServer, sqs: Any, queue: str) -> None:
    sqs.send_message(QueueUrl=queue, MessageBody="first")
    sqs.send_message(QueueUrl=queue, MessageBody="second")
    sqs.receive_message(QueueUrl=queue)  # "first" is now in flight
    fc = FakeCloudSync(cumulo.url)
    listing = fc.sqs.get_messages()
    (entry,) = listing.queues
    assert entry.queue_name == "orders" and entry.queue_url == queue
    assert entry.queue_arn == "arn:aws:sqs:us-east-1:000000000000:orders" and entry.region == "us-east-1"
    assert [(m.body, m.receive_count, m.in_flight) for m in entry.messages] == [("first", 1, True), ("second", 0, False)]
    assert entry.messages[0].created_at.endswith("Z")
    # Listing changed nothing.
    assert [m["Body"] for m in sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10)["Messages"]] == ["second"]


def test_fakecloud_expiration_tick(cumulo: CumuloServer, sqs: Any, cumulo_clock: ClockControl) -> None:
    url = sqs.create_queue(QueueName="short", Attributes={"MessageRetentionPeriod": "60"})["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="x")
    assert FakeCloudSync(cumulo.url).sqs.tick_expiration().expired_messages == 0
    cumulo_clock.advance(61)
    # The periodic expiry may have run when the clock moved; the forced tick finds the rest.
    assert FakeCloudSync(cumulo.url).sqs.tick_expiration().expired_messages in (0, 1)
    assert FakeCloudSync(cumulo.url).sqs.get_messages().queues[0].messages == []


def test_fakecloud_force_dlq(cumulo: CumuloServer, sqs: Any) -> None:
    dlq = sqs.create_queue(QueueName="dead")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    src = sqs.create_queue(
        QueueName="live", Attributes={"RedrivePolicy": json.dumps({"deadLetterTargetArn": arn, "maxReceiveCount": 5})}
    )["QueueUrl"]
    sqs.send_message_batch(QueueUrl=src, Entries=[{"Id": str(i), "MessageBody": str(i)} for i in range(3)])
    assert FakeCloudSync(cumulo.url).sqs.force_dlq("live").moved_messages == 3
    moved = sqs.receive_message(QueueUrl=dlq, MaxNumberOfMessages=10, MessageSystemAttributeNames=["DeadLetterQueueSourceArn"])
    assert len(moved["Messages"]) == 3
    assert moved["Messages"][0]["Attributes"]["DeadLetterQueueSourceArn"].endswith(":live")


def test_localstack_endpoint_through_boto3(cumulo: CumuloServer, sqs: Any, queue: str, cumulo_clock: ClockControl) -> None:
    sqs.send_message(QueueUrl=queue, MessageBody="visible", MessageAttributes={"k": {"DataType": "String", "StringValue": "v"}})
    sqs.send_message(QueueUrl=queue, MessageBody="hidden")
    sqs.send_message(QueueUrl=queue, MessageBody="later", DelaySeconds=60)
    sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=2)
    peek = boto3.client("sqs", endpoint_url=f"{cumulo.url}/_aws/sqs/messages", region_name="us-east-1")
    bodies = [m["Body"] for m in peek.receive_message(QueueUrl=queue).get("Messages", [])]
    assert bodies == []  # both sent-now messages are in flight, the third delayed
    cumulo_clock.advance(60)
    messages = peek.receive_message(QueueUrl=queue)["Messages"]
    assert sorted(m["Body"] for m in messages) == ["hidden", "later", "visible"]
    first = next(m for m in messages if m["Body"] == "visible")
    assert first["ReceiptHandle"] == "SQS/BACKDOOR/ACCESS"
    assert first["MessageAttributes"]["k"]["StringValue"] == "v"
    assert first["Attributes"]["ApproximateReceiveCount"] == "1"
    # Peeking changed nothing: a real receive still gets all three.
    assert len(sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10)["Messages"]) == 3


def test_localstack_endpoint_over_http(cumulo: CumuloServer, sqs: Any, queue: str) -> None:
    sqs.send_message(QueueUrl=queue, MessageBody="<one>")
    sqs.send_message(QueueUrl=queue, MessageBody="two")
    sqs.receive_message(QueueUrl=queue)  # "<one>" in flight
    xml = httpx.get(f"{cumulo.url}/_aws/sqs/messages", params={"QueueUrl": queue})
    assert xml.status_code == 200
    root = ET.fromstring(xml.content)
    assert [e.text for e in root.iter("{http://queue.amazonaws.com/doc/2012-11-05/}Body")] == ["two"]
    shown = httpx.get(
        f"{cumulo.url}/_aws/sqs/messages/us-east-1/000000000000/orders",
        params={"ShowInvisible": "true"},
        headers={"Accept": "application/json"},
    ).json()
    listed = shown["ReceiveMessageResponse"]["ReceiveMessageResult"]["Message"]
    assert [m["Body"] for m in listed] == ["<one>", "two"]
    assert {"Name": "ApproximateReceiveCount", "Value": "1"} in listed[0]["Attribute"]
    missing = httpx.get(f"{cumulo.url}/_aws/sqs/messages", params={"QueueUrl": queue + "-nope"})
    assert missing.status_code == 400


def test_entities_round_trip_through_pickle() -> None:
    queue = Queue("q", "000000000000", "us-east-1", 1.0, 2.0, {"VisibilityTimeout": "30"}, {"t": "v"}, True, 7, None, {"a": (5.0, [("k", "n")])})
    message = Message("00000000000000000001", "id", "body", "md5", 1.0, 2.0, attributes={"a": {"DataType": "Binary", "BinaryValue": b"\x00"}})
    for entity in (queue, message, DedupRecord(1.0, "id", "18000"), MoveTask("t", "arn", None, 5, 1.0, 3)):
        assert pickle.loads(pickle.dumps(entity)) == entity


def test_queues_and_in_flight_messages_survive_a_restart(tmp_path: Path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"

    def client() -> Any:
        return boto3.client(
            "sqs", endpoint_url=url, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test"
        )

    with spawned_server(port, data_dir=str(tmp_path)):
        sqs = client()
        q = sqs.create_queue(QueueName="durable.fifo", Attributes={"FifoQueue": "true", "VisibilityTimeout": "600"})["QueueUrl"]
        for i in range(3):
            sqs.send_message(QueueUrl=q, MessageBody=f"m{i}", MessageGroupId="g", MessageDeduplicationId=f"d{i}")
        handle = sqs.receive_message(QueueUrl=q)["Messages"][0]["ReceiptHandle"]
    with spawned_server(port, data_dir=str(tmp_path)):
        sqs = client()
        assert sqs.get_queue_url(QueueName="durable.fifo")["QueueUrl"].endswith("/durable.fifo")
        attrs = sqs.get_queue_attributes(QueueUrl=q, AttributeNames=["All"])["Attributes"]
        assert attrs["ApproximateNumberOfMessagesNotVisible"] == "1" and attrs["ApproximateNumberOfMessages"] == "2"
        assert "Messages" not in sqs.receive_message(QueueUrl=q)  # the group is still locked
        sqs.delete_message(QueueUrl=q, ReceiptHandle=handle)  # the old handle still works
        assert [m["Body"] for m in sqs.receive_message(QueueUrl=q, MaxNumberOfMessages=10)["Messages"]] == ["m1", "m2"]
        assert sqs.send_message(QueueUrl=q, MessageBody="dup", MessageGroupId="g", MessageDeduplicationId="d0")  # deduplicated
    store = open_store(str(tmp_path))
    try:
        assert set(store.scope("sqs", "000000000000", "us-east-1").table("queues")) == {"durable.fifo"}
    finally:
        store.close()
