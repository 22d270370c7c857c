"""Messages through boto3: send, receive, visibility, delay, retention, digests, limits, batches, long polling."""

from __future__ import annotations

import hashlib
import threading
import time
from typing import Any

import pytest
from botocore.exceptions import ClientError

from cumulo.testing import ClockControl


def error_code(excinfo: pytest.ExceptionInfo[ClientError]) -> str:
    return excinfo.value.response["Error"]["Code"]


def counts(sqs: Any, url: str) -> tuple[int, int, int]:
    attrs = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
    return (
        int(attrs["ApproximateNumberOfMessages"]),
        int(attrs["ApproximateNumberOfMessagesNotVisible"]),
        int(attrs["ApproximateNumberOfMessagesDelayed"]),
    )


def test_send_receive_delete(sqs: Any, queue: str) -> None:
    sent = sqs.send_message(QueueUrl=queue, MessageBody="hello")
    assert sent["MD5OfMessageBody"] == hashlib.md5(b"hello").hexdigest()
    assert "MD5OfMessageAttributes" not in sent and "SequenceNumber" not in sent
    received = sqs.receive_message(QueueUrl=queue)["Messages"]
    assert len(received) == 1
    message = received[0]
    assert message["MessageId"] == sent["MessageId"]
    assert message["Body"] == "hello"
    assert message["MD5OfBody"] == sent["MD5OfMessageBody"]
    assert "Attributes" not in message and "MessageAttributes" not in message
    assert counts(sqs, queue) == (0, 1, 0)
    sqs.delete_message(QueueUrl=queue, ReceiptHandle=message["ReceiptHandle"])
    assert counts(sqs, queue) == (0, 0, 0)
    # Deleting again with the same handle succeeds (idempotent).
    sqs.delete_message(QueueUrl=queue, ReceiptHandle=message["ReceiptHandle"])


def test_message_attributes_of_every_type_and_their_digest(sqs: Any, queue: str) -> None:
    attributes = {
        "text": {"DataType": "String", "StringValue": "héllo"},
        "count": {"DataType": "Number", "StringValue": "12.5"},
        "blob": {"DataType": "Binary", "BinaryValue": b"\x00\xffdata"},
        "custom": {"DataType": "String.json", "StringValue": '{"a":1}'},
        "id": {"DataType": "Number.int", "StringValue": "-7"},
    }
    sent = sqs.send_message(QueueUrl=queue, MessageBody="x", MessageAttributes=attributes)
    # boto3 does not check this digest itself; check it against AWS's published algorithm.
    assert sent["MD5OfMessageAttributes"] == reference_md5(attributes)
    message = sqs.receive_message(QueueUrl=queue, MessageAttributeNames=["All"])["Messages"][0]
    assert message["MessageAttributes"] == attributes
    assert message["MD5OfMessageAttributes"] == sent["MD5OfMessageAttributes"]


def reference_md5(attributes: dict[str, dict[str, Any]]) -> str:
    def framed(data: bytes) -> bytes:
        return len(data).to_bytes(4, "big") + data

    buffer = b""
    for name in sorted(attributes):
        value = attributes[name]
        buffer += framed(name.encode()) + framed(value["DataType"].encode())
        if "BinaryValue" in value:
            buffer += b"\x02" + framed(value["BinaryValue"])
        else:
            buffer += b"\x01" + framed(value["StringValue"].encode())
    return hashlib.md5(buffer).hexdigest()


def test_message_attribute_name_filters(sqs: Any, queue: str) -> None:
    attributes = {n: {"DataType": "String", "StringValue": n} for n in ("order.id", "order.total", "user")}
    sqs.send_message(QueueUrl=queue, MessageBody="x", MessageAttributes=attributes)
    message = sqs.receive_message(QueueUrl=queue, MessageAttributeNames=["order.*"], VisibilityTimeout=0)["Messages"][0]
    assert set(message["MessageAttributes"]) == {"order.id", "order.total"}
    assert message["MD5OfMessageAttributes"] == reference_md5({n: attributes[n] for n in ("order.id", "order.total")})
    message = sqs.receive_message(QueueUrl=queue, MessageAttributeNames=["user"], VisibilityTimeout=0)["Messages"][0]
    assert set(message["MessageAttributes"]) == {"user"}
    message = sqs.receive_message(QueueUrl=queue, MessageAttributeNames=[".*"])["Messages"][0]
    assert set(message["MessageAttributes"]) == set(attributes)


def test_system_attributes(sqs: Any, queue: str, cumulo_clock: ClockControl) -> None:
    before = int(cumulo_clock.now() * 1000)
    sent = sqs.send_message(
        QueueUrl=queue,
        MessageBody="x",
        MessageSystemAttributes={"AWSTraceHeader": {"DataType": "String", "StringValue": "Root=1-abc"}},
    )
    assert sent["MD5OfMessageSystemAttributes"] == reference_md5(
        {"AWSTraceHeader": {"DataType": "String", "StringValue": "Root=1-abc"}}
    )
    first = sqs.receive_message(QueueUrl=queue, MessageSystemAttributeNames=["All"], VisibilityTimeout=0)["Messages"][0]
    attrs = first["Attributes"]
    assert attrs["SenderId"] == "000000000000"
    assert int(attrs["SentTimestamp"]) >= before
    assert attrs["ApproximateReceiveCount"] == "1"
    assert int(attrs["ApproximateFirstReceiveTimestamp"]) >= int(attrs["SentTimestamp"])
    assert attrs["AWSTraceHeader"] == "Root=1-abc"
    cumulo_clock.advance(5)
    again = sqs.receive_message(
        QueueUrl=queue, MessageSystemAttributeNames=["ApproximateReceiveCount", "ApproximateFirstReceiveTimestamp"]
    )
    attrs2 = again["Messages"][0]["Attributes"]
    assert attrs2 == {"ApproximateReceiveCount": "2", "ApproximateFirstReceiveTimestamp": attrs["ApproximateFirstReceiveTimestamp"]}
    # The deprecated AttributeNames member still selects system attributes.
    cumulo_clock.advance(30)
    legacy = sqs.receive_message(QueueUrl=queue, AttributeNames=["All"])["Messages"][0]["Attributes"]
    assert legacy["ApproximateReceiveCount"] == "3"


def test_visibility_timeout_hides_then_returns_the_message(sqs: Any, queue: str, cumulo_clock: ClockControl) -> None:
    sqs.send_message(QueueUrl=queue, MessageBody="x")
    first = sqs.receive_message(QueueUrl=queue, VisibilityTimeout=10)["Messages"][0]
    assert "Messages" not in sqs.receive_message(QueueUrl=queue)
    cumulo_clock.advance(9)
    assert "Messages" not in sqs.receive_message(QueueUrl=queue)
    cumulo_clock.advance(1)
    second = sqs.receive_message(QueueUrl=queue)["Messages"][0]
    assert second["MessageId"] == first["MessageId"]
    assert second["ReceiptHandle"] != first["ReceiptHandle"]
    # On a standard queue an older receipt handle still deletes the message.
    sqs.delete_message(QueueUrl=queue, ReceiptHandle=first["ReceiptHandle"])
    assert counts(sqs, queue) == (0, 0, 0)


def test_queue_visibility_timeout_is_the_default(sqs: Any, cumulo_clock: ClockControl) -> None:
    url = sqs.create_queue(QueueName="slow", Attributes={"VisibilityTimeout": "100"})["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="x")
    sqs.receive_message(QueueUrl=url)
    cumulo_clock.advance(99)
    assert "Messages" not in sqs.receive_message(QueueUrl=url)
    cumulo_clock.advance(1)
    assert "Messages" in sqs.receive_message(QueueUrl=url)


def test_change_message_visibility(sqs: Any, queue: str, cumulo_clock: ClockControl) -> None:
    sqs.send_message(QueueUrl=queue, MessageBody="x")
    handle = sqs.receive_message(QueueUrl=queue, VisibilityTimeout=30)["Messages"][0]["ReceiptHandle"]
    sqs.change_message_visibility(QueueUrl=queue, ReceiptHandle=handle, VisibilityTimeout=0)
    handle = sqs.receive_message(QueueUrl=queue, VisibilityTimeout=30)["Messages"][0]["ReceiptHandle"]
    sqs.change_message_visibility(QueueUrl=queue, ReceiptHandle=handle, VisibilityTimeout=300)
    cumulo_clock.advance(299)
    assert "Messages" not in sqs.receive_message(QueueUrl=queue)
    cumulo_clock.advance(1)
    handle = sqs.receive_message(QueueUrl=queue)["Messages"][0]["ReceiptHandle"]
    with pytest.raises(ClientError) as excinfo:  # at most 12 hours from the receive
        sqs.change_message_visibility(QueueUrl=queue, ReceiptHandle=handle, VisibilityTimeout=43200 - 0)
        cumulo_clock.advance(10)
        sqs.change_message_visibility(QueueUrl=queue, ReceiptHandle=handle, VisibilityTimeout=43200)
    assert error_code(excinfo) == "InvalidParameterValue"


def test_change_visibility_of_a_message_not_in_flight(sqs: Any, queue: str, cumulo_clock: ClockControl) -> None:
    sqs.send_message(QueueUrl=queue, MessageBody="x")
    handle = sqs.receive_message(QueueUrl=queue, VisibilityTimeout=5)["Messages"][0]["ReceiptHandle"]
    cumulo_clock.advance(6)
    with pytest.raises(ClientError) as excinfo:
        sqs.change_message_visibility(QueueUrl=queue, ReceiptHandle=handle, VisibilityTimeout=10)
    assert error_code(excinfo) == "AWS.SimpleQueueService.MessageNotInflight"
    with pytest.raises(ClientError) as excinfo:
        sqs.change_message_visibility(QueueUrl=queue, ReceiptHandle="garbage!", VisibilityTimeout=10)
    assert error_code(excinfo) == "ReceiptHandleIsInvalid"


def test_invalid_receipt_handles(sqs: Any, queue: str) -> None:
    for handle in ("garbage!", "aGVsbG8"):
        with pytest.raises(ClientError) as excinfo:
            sqs.delete_message(QueueUrl=queue, ReceiptHandle=handle)
        assert error_code(excinfo) == "ReceiptHandleIsInvalid"
    other = sqs.create_queue(QueueName="other")["QueueUrl"]
    sqs.send_message(QueueUrl=other, MessageBody="x")
    handle = sqs.receive_message(QueueUrl=other)["Messages"][0]["ReceiptHandle"]
    with pytest.raises(ClientError) as excinfo:
        sqs.delete_message(QueueUrl=queue, ReceiptHandle=handle)
    assert error_code(excinfo) == "ReceiptHandleIsInvalid"


def test_delay_seconds_per_message_and_per_queue(sqs: Any, queue: str, cumulo_clock: ClockControl) -> None:
    sqs.send_message(QueueUrl=queue, MessageBody="late", DelaySeconds=60)
    assert counts(sqs, queue) == (0, 0, 1)
    assert "Messages" not in sqs.receive_message(QueueUrl=queue)
    cumulo_clock.advance(60)
    assert counts(sqs, queue) == (1, 0, 0)
    assert sqs.receive_message(QueueUrl=queue)["Messages"][0]["Body"] == "late"

    delayed = sqs.create_queue(QueueName="delayed", Attributes={"DelaySeconds": "30"})["QueueUrl"]
    sqs.send_message(QueueUrl=delayed, MessageBody="a")
    sqs.send_message(QueueUrl=delayed, MessageBody="b", DelaySeconds=0)  # the message's own delay wins
    assert [m["Body"] for m in sqs.receive_message(QueueUrl=delayed, MaxNumberOfMessages=10)["Messages"]] == ["b"]
    cumulo_clock.advance(30)
    assert [m["Body"] for m in sqs.receive_message(QueueUrl=delayed)["Messages"]] == ["a"]
    with pytest.raises(ClientError) as excinfo:
        sqs.send_message(QueueUrl=queue, MessageBody="x", DelaySeconds=901)
    assert error_code(excinfo) in ("InvalidParameterValue", "ValidationException", "ValidationError")


def test_retention_period_expires_messages(sqs: Any, cumulo_clock: ClockControl) -> None:
    url = sqs.create_queue(QueueName="brief", Attributes={"MessageRetentionPeriod": "60"})["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="old")
    cumulo_clock.advance(30)
    sqs.send_message(QueueUrl=url, MessageBody="new")
    cumulo_clock.advance(30)
    assert counts(sqs, url) == (1, 0, 0)
    assert [m["Body"] for m in sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"]] == ["new"]
    cumulo_clock.advance(30)
    assert counts(sqs, url) == (0, 0, 0)


def test_receive_many(sqs: Any, queue: str) -> None:
    for i in range(15):
        sqs.send_message(QueueUrl=queue, MessageBody=str(i))
    first = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10)["Messages"]
    second = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10)["Messages"]
    assert len(first) == 10 and len(second) == 5
    assert sorted(int(m["Body"]) for m in first + second) == list(range(15))
    with pytest.raises(ClientError) as excinfo:
        sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=11)
    assert error_code(excinfo) in ("InvalidParameterValue", "ValidationException", "ValidationError")


def test_body_rules(sqs: Any, queue: str) -> None:
    with pytest.raises(ClientError) as excinfo:
        sqs.send_message(QueueUrl=queue, MessageBody="bad \x01 char")
    assert error_code(excinfo) == "InvalidMessageContents"
    with pytest.raises(ClientError) as excinfo:
        sqs.send_message(QueueUrl=queue, MessageBody="")
    assert error_code(excinfo) in ("MissingParameter", "ValidationException", "ValidationError")
    emoji = "tab\there 😀 \ue000"
    sqs.send_message(QueueUrl=queue, MessageBody=emoji)
    assert sqs.receive_message(QueueUrl=queue)["Messages"][0]["Body"] == emoji


def test_size_limit_counts_body_and_attributes(sqs: Any) -> None:
    url = sqs.create_queue(QueueName="small", Attributes={"MaximumMessageSize": "1024"})["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="x" * 1024)
    with pytest.raises(ClientError) as excinfo:
        sqs.send_message(QueueUrl=url, MessageBody="x" * 1025)
    assert error_code(excinfo) == "InvalidParameterValue"
    assert "Message must be shorter than 1024 bytes" in excinfo.value.response["Error"]["Message"]
    with pytest.raises(ClientError):
        sqs.send_message(
            QueueUrl=url, MessageBody="x" * 1000, MessageAttributes={"a": {"DataType": "String", "StringValue": "y" * 30}}
        )


def test_default_limit_is_one_mebibyte(sqs: Any, queue: str) -> None:
    sqs.send_message(QueueUrl=queue, MessageBody="x" * 1_048_576)
    with pytest.raises(ClientError):
        sqs.send_message(QueueUrl=queue, MessageBody="x" * 1_048_577)


@pytest.mark.parametrize(
    "attributes",
    [
        {"AWS.reserved": {"DataType": "String", "StringValue": "x"}},
        {".start": {"DataType": "String", "StringValue": "x"}},
        {"a..b": {"DataType": "String", "StringValue": "x"}},
        {"a": {"DataType": "Text", "StringValue": "x"}},
        {"a": {"DataType": "Number", "StringValue": "twelve"}},
        {"a": {"DataType": "String", "StringValue": ""}},
        {f"a{i}": {"DataType": "String", "StringValue": "x"} for i in range(11)},
    ],
)
def test_invalid_message_attributes(sqs: Any, queue: str, attributes: dict[str, Any]) -> None:
    with pytest.raises(ClientError) as excinfo:
        sqs.send_message(QueueUrl=queue, MessageBody="x", MessageAttributes=attributes)
    assert error_code(excinfo) == "InvalidParameterValue"


def test_standard_queue_rejects_deduplication_id(sqs: Any, queue: str) -> None:
    with pytest.raises(ClientError) as excinfo:
        sqs.send_message(QueueUrl=queue, MessageBody="x", MessageDeduplicationId="d")
    assert error_code(excinfo) == "InvalidParameterValue"
    # A MessageGroupId on a standard queue is a fair-queue tenant id.
    sqs.send_message(QueueUrl=queue, MessageBody="x", MessageGroupId="tenant-1")
    message = sqs.receive_message(QueueUrl=queue, MessageSystemAttributeNames=["MessageGroupId"])["Messages"][0]
    assert message["Attributes"] == {"MessageGroupId": "tenant-1"}


def test_send_message_batch(sqs: Any, queue: str) -> None:
    result = sqs.send_message_batch(
        QueueUrl=queue,
        Entries=[
            {"Id": "a", "MessageBody": "one"},
            {"Id": "b", "MessageBody": "two", "MessageAttributes": {"k": {"DataType": "String", "StringValue": "v"}}},
            {"Id": "c", "MessageBody": "bad \x02"},
            {"Id": "d", "MessageBody": "later", "DelaySeconds": 10},
        ],
    )
    assert [s["Id"] for s in result["Successful"]] == ["a", "b", "d"]
    assert result["Successful"][1]["MD5OfMessageAttributes"] == reference_md5({"k": {"DataType": "String", "StringValue": "v"}})
    assert result["Successful"][0]["MD5OfMessageBody"] == hashlib.md5(b"one").hexdigest()
    (failed,) = result["Failed"]
    assert failed["Id"] == "c" and failed["SenderFault"] is True and failed["Code"] == "InvalidMessageContents"
    assert counts(sqs, queue) == (2, 0, 1)


def test_batch_request_errors(sqs: Any, queue: str) -> None:
    cases = [
        ([], ("AWS.SimpleQueueService.EmptyBatchRequest",)),
        ([{"Id": str(i), "MessageBody": "x"} for i in range(11)], ("AWS.SimpleQueueService.TooManyEntriesInBatchRequest",)),
        ([{"Id": "same", "MessageBody": "x"}, {"Id": "same", "MessageBody": "y"}], ("AWS.SimpleQueueService.BatchEntryIdsNotDistinct",)),
        ([{"Id": "no spaces", "MessageBody": "x"}], ("AWS.SimpleQueueService.InvalidBatchEntryId",)),
        ([{"Id": str(i), "MessageBody": "x" * 200_000} for i in range(6)], ("AWS.SimpleQueueService.BatchRequestTooLong",)),
    ]
    for entries, codes in cases:
        with pytest.raises(ClientError) as excinfo:
            sqs.send_message_batch(QueueUrl=queue, Entries=entries)
        assert error_code(excinfo) in codes


def test_delete_and_change_visibility_batches(sqs: Any, queue: str, cumulo_clock: ClockControl) -> None:
    sqs.send_message_batch(QueueUrl=queue, Entries=[{"Id": str(i), "MessageBody": str(i)} for i in range(4)])
    messages = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=4)["Messages"]
    changed = sqs.change_message_visibility_batch(
        QueueUrl=queue,
        Entries=[
            {"Id": "m0", "ReceiptHandle": messages[0]["ReceiptHandle"], "VisibilityTimeout": 0},
            {"Id": "m1", "ReceiptHandle": messages[1]["ReceiptHandle"], "VisibilityTimeout": 600},
            {"Id": "bad", "ReceiptHandle": "nope!", "VisibilityTimeout": 0},
        ],
    )
    assert [s["Id"] for s in changed["Successful"]] == ["m0", "m1"]
    assert changed["Failed"][0]["Id"] == "bad" and changed["Failed"][0]["Code"] == "ReceiptHandleIsInvalid"
    assert counts(sqs, queue) == (1, 3, 0)
    deleted = sqs.delete_message_batch(
        QueueUrl=queue,
        Entries=[{"Id": f"d{i}", "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(messages[1:])]
        + [{"Id": "bad", "ReceiptHandle": "nope!"}],
    )
    assert [s["Id"] for s in deleted["Successful"]] == ["d0", "d1", "d2"]
    assert deleted["Failed"][0]["Code"] == "ReceiptHandleIsInvalid"
    assert counts(sqs, queue) == (1, 0, 0)


def test_long_poll_returns_when_a_message_arrives(sqs: Any, queue: str) -> None:
    result: dict[str, Any] = {}

    def poll() -> None:
        result.update(sqs.receive_message(QueueUrl=queue, WaitTimeSeconds=20))

    poller = threading.Thread(target=poll)
    poller.start()
    time.sleep(0.2)  # let the poll start waiting (not an assertion on time)
    sqs.send_message(QueueUrl=queue, MessageBody="wake up")
    poller.join(timeout=30)
    assert not poller.is_alive()
    assert result["Messages"][0]["Body"] == "wake up"


def test_long_poll_ends_empty_when_the_clock_passes_the_wait(sqs: Any, queue: str, cumulo_clock: ClockControl) -> None:
    result: dict[str, Any] = {}
    poller = threading.Thread(target=lambda: result.update(sqs.receive_message(QueueUrl=queue, WaitTimeSeconds=20)))
    poller.start()
    time.sleep(0.2)
    cumulo_clock.advance(21)
    poller.join(timeout=30)
    assert not poller.is_alive() and "Messages" not in result


def test_long_poll_sees_a_delayed_message_become_visible(sqs: Any, queue: str, cumulo_clock: ClockControl) -> None:
    sqs.send_message(QueueUrl=queue, MessageBody="soon", DelaySeconds=300)
    result: dict[str, Any] = {}
    poller = threading.Thread(target=lambda: result.update(sqs.receive_message(QueueUrl=queue, WaitTimeSeconds=10)))
    poller.start()
    time.sleep(0.2)
    cumulo_clock.advance(300)
    poller.join(timeout=30)
    assert result["Messages"][0]["Body"] == "soon"


def test_queue_receive_wait_time_is_the_default_wait(sqs: Any) -> None:
    url = sqs.create_queue(QueueName="patient", Attributes={"ReceiveMessageWaitTimeSeconds": "20"})["QueueUrl"]
    result: dict[str, Any] = {}
    poller = threading.Thread(target=lambda: result.update(sqs.receive_message(QueueUrl=url)))
    poller.start()
    time.sleep(0.2)
    sqs.send_message(QueueUrl=url, MessageBody="x")
    poller.join(timeout=30)
    assert result["Messages"][0]["Body"] == "x"
