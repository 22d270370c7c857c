"""FIFO queues through boto3: group order and locks, deduplication, sequence numbers, concurrency."""

from __future__ import annotations

import threading
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from cumulo.testing import ClockControl, CumuloServer


def error_code(excinfo: pytest.ExceptionInfo[ClientError]) -> str:
    return excinfo.value.response["Error"]["Code"]


def send(sqs: Any, url: str, body: str, group: str = "g", dedup: str | None = None) -> dict[str, Any]:
    result: dict[str, Any] = sqs.send_message(
        QueueUrl=url, MessageBody=body, MessageGroupId=group, MessageDeduplicationId=dedup or body
    )
    return result


def bodies(response: dict[str, Any]) -> list[str]:
    return [m["Body"] for m in response.get("Messages", [])]


def test_order_within_a_group_and_sequence_numbers(sqs: Any, fifo_queue: str) -> None:
    numbers = [int(send(sqs, fifo_queue, f"m{i}")["SequenceNumber"]) for i in range(5)]
    assert numbers == sorted(numbers) and len(set(numbers)) == 5
    received = sqs.receive_message(QueueUrl=fifo_queue, MaxNumberOfMessages=10, MessageSystemAttributeNames=["All"])
    assert bodies(received) == [f"m{i}" for i in range(5)]
    attrs = received["Messages"][0]["Attributes"]
    assert attrs["MessageGroupId"] == "g"
    assert attrs["MessageDeduplicationId"] == "m0"
    assert int(attrs["SequenceNumber"]) == numbers[0]


def test_a_group_is_locked_while_a_message_is_in_flight(sqs: Any, fifo_queue: str, cumulo_clock: ClockControl) -> None:
    for body, group in [("a1", "A"), ("a2", "A"), ("b1", "B"), ("b2", "B")]:
        send(sqs, fifo_queue, body, group)
    first = sqs.receive_message(QueueUrl=fifo_queue, MaxNumberOfMessages=1)["Messages"][0]
    assert first["Body"] == "a1"
    # A is locked while a1 is in flight; B is free.
    assert bodies(sqs.receive_message(QueueUrl=fifo_queue, MaxNumberOfMessages=1)) == ["b1"]
    assert "Messages" not in sqs.receive_message(QueueUrl=fifo_queue, MaxNumberOfMessages=10)
    sqs.delete_message(QueueUrl=fifo_queue, ReceiptHandle=first["ReceiptHandle"])
    assert bodies(sqs.receive_message(QueueUrl=fifo_queue, MaxNumberOfMessages=10)) == ["a2"]
    # b1's visibility runs out: it comes back before b2.
    cumulo_clock.advance(31)
    assert bodies(sqs.receive_message(QueueUrl=fifo_queue, MaxNumberOfMessages=10)) == ["a2", "b1", "b2"]


def test_deduplication_by_id_within_five_minutes(sqs: Any, fifo_queue: str, cumulo_clock: ClockControl) -> None:
    first = send(sqs, fifo_queue, "one", dedup="same")
    again = send(sqs, fifo_queue, "two", dedup="same")
    assert again["MessageId"] == first["MessageId"] and again["SequenceNumber"] == first["SequenceNumber"]
    message = sqs.receive_message(QueueUrl=fifo_queue, MaxNumberOfMessages=10)["Messages"]
    assert [m["Body"] for m in message] == ["one"]
    sqs.delete_message(QueueUrl=fifo_queue, ReceiptHandle=message[0]["ReceiptHandle"])
    send(sqs, fifo_queue, "three", dedup="same")  # still deduplicated after the delete
    assert "Messages" not in sqs.receive_message(QueueUrl=fifo_queue)
    cumulo_clock.advance(300)
    send(sqs, fifo_queue, "four", dedup="same")
    assert bodies(sqs.receive_message(QueueUrl=fifo_queue)) == ["four"]


def test_content_based_deduplication(sqs: Any) -> None:
    url = sqs.create_queue(
        QueueName="cbd.fifo", Attributes={"FifoQueue": "true", "ContentBasedDeduplication": "true"}
    )["QueueUrl"]
    a = sqs.send_message(QueueUrl=url, MessageBody="same body", MessageGroupId="g")
    b = sqs.send_message(QueueUrl=url, MessageBody="same body", MessageGroupId="g")
    c = sqs.send_message(QueueUrl=url, MessageBody="other body", MessageGroupId="g")
    assert a["MessageId"] == b["MessageId"] != c["MessageId"]
    received = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, MessageSystemAttributeNames=["MessageDeduplicationId"])
    assert bodies(received) == ["same body", "other body"]
    assert len(received["Messages"][0]["Attributes"]["MessageDeduplicationId"]) == 64  # SHA-256 hex


def test_deduplication_scope_message_group(sqs: Any) -> None:
    url = sqs.create_queue(
        QueueName="hi.fifo",
        Attributes={"FifoQueue": "true", "DeduplicationScope": "messageGroup", "FifoThroughputLimit": "perMessageGroupId"},
    )["QueueUrl"]
    send(sqs, url, "x", group="A", dedup="d")
    send(sqs, url, "y", group="B", dedup="d")  # another group: not a duplicate
    send(sqs, url, "z", group="A", dedup="d")  # same group: a duplicate
    assert sorted(bodies(sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10))) == ["x", "y"]


def test_fifo_send_rules(sqs: Any, fifo_queue: str) -> None:
    with pytest.raises(ClientError) as excinfo:
        sqs.send_message(QueueUrl=fifo_queue, MessageBody="x", MessageDeduplicationId="d")
    assert error_code(excinfo) == "MissingParameter"
    with pytest.raises(ClientError) as excinfo:
        sqs.send_message(QueueUrl=fifo_queue, MessageBody="x", MessageGroupId="g")
    assert error_code(excinfo) == "InvalidParameterValue"
    assert "ContentBasedDeduplication" in excinfo.value.response["Error"]["Message"]
    with pytest.raises(ClientError) as excinfo:
        sqs.send_message(QueueUrl=fifo_queue, MessageBody="x", MessageGroupId="g", MessageDeduplicationId="d", DelaySeconds=5)
    assert error_code(excinfo) == "InvalidParameterValue"


def test_queue_delay_applies_to_fifo(sqs: Any, cumulo_clock: ClockControl) -> None:
    url = sqs.create_queue(QueueName="slow.fifo", Attributes={"FifoQueue": "true", "DelaySeconds": "10"})["QueueUrl"]
    send(sqs, url, "x")
    assert "Messages" not in sqs.receive_message(QueueUrl=url)
    cumulo_clock.advance(10)
    assert bodies(sqs.receive_message(QueueUrl=url)) == ["x"]


def test_stale_receipt_handle_is_refused_on_fifo(sqs: Any, fifo_queue: str, cumulo_clock: ClockControl) -> None:
    send(sqs, fifo_queue, "x")
    old = sqs.receive_message(QueueUrl=fifo_queue, VisibilityTimeout=5)["Messages"][0]["ReceiptHandle"]
    cumulo_clock.advance(5)
    new = sqs.receive_message(QueueUrl=fifo_queue, VisibilityTimeout=5)["Messages"][0]["ReceiptHandle"]
    with pytest.raises(ClientError) as excinfo:  # the handle expired with its visibility timeout
        sqs.delete_message(QueueUrl=fifo_queue, ReceiptHandle=old)
    assert error_code(excinfo) == "InvalidParameterValue"
    attrs = sqs.get_queue_attributes(QueueUrl=fifo_queue, AttributeNames=["ApproximateNumberOfMessagesNotVisible"])
    assert attrs["Attributes"]["ApproximateNumberOfMessagesNotVisible"] == "1"
    sqs.delete_message(QueueUrl=fifo_queue, ReceiptHandle=new)
    attrs = sqs.get_queue_attributes(QueueUrl=fifo_queue, AttributeNames=["ApproximateNumberOfMessagesNotVisible"])
    assert attrs["Attributes"]["ApproximateNumberOfMessagesNotVisible"] == "0"


def test_receive_request_attempt_id_replays_the_same_answer(sqs: Any, fifo_queue: str) -> None:
    for i in range(3):
        send(sqs, fifo_queue, f"m{i}")
    first = sqs.receive_message(QueueUrl=fifo_queue, MaxNumberOfMessages=2, ReceiveRequestAttemptId="try-1")["Messages"]
    retry = sqs.receive_message(QueueUrl=fifo_queue, MaxNumberOfMessages=2, ReceiveRequestAttemptId="try-1")["Messages"]
    assert [(m["Body"], m["ReceiptHandle"]) for m in retry] == [(m["Body"], m["ReceiptHandle"]) for m in first]


def test_ordering_holds_under_concurrent_consumers(cumulo: CumuloServer, sqs: Any, fifo_queue: str) -> None:
    groups = ["A", "B", "C", "D"]
    per_group = 25
    for i in range(per_group):
        sqs.send_message_batch(
            QueueUrl=fifo_queue,
            Entries=[
                {"Id": g, "MessageBody": f"{g}:{i}", "MessageGroupId": g, "MessageDeduplicationId": f"{g}-{i}"} for g in groups
            ],
        )
    seen: list[tuple[str, int]] = []
    lock = threading.Lock()
    errors: list[BaseException] = []

    def consume() -> None:
        client = boto3.client("sqs", endpoint_url=cumulo.url, region_name="us-east-1")
        try:
            empty = 0
            while empty < 3:
                messages = client.receive_message(QueueUrl=fifo_queue, MaxNumberOfMessages=3).get("Messages", [])
                if not messages:
                    empty += 1
                    continue
                empty = 0
                # Record before deleting: the next message of a group is only handed out after the delete.
                with lock:
                    for m in messages:
                        group, n = m["Body"].split(":")
                        seen.append((group, int(n)))
                client.delete_message_batch(
                    QueueUrl=fifo_queue, Entries=[{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(messages)]
                )
        except BaseException as e:  # noqa: BLE001 - surfaced below
            errors.append(e)

    consumers = [threading.Thread(target=consume) for _ in range(6)]
    for t in consumers:
        t.start()
    for t in consumers:
        t.join(timeout=60)
    assert not errors
    assert len(seen) == len(groups) * per_group
    for g in groups:
        assert [n for group, n in seen if group == g] == list(range(per_group))
