"""Dead-letter queues through boto3: redrive policies, allow policies, source listing, message move tasks."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError

from cumulo.testing import ClockControl


def error_code(excinfo: pytest.ExceptionInfo[ClientError]) -> str:
    return excinfo.value.response["Error"]["Code"]


def arn_of(sqs: Any, url: str) -> str:
    arn: str = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    return arn


def with_dlq(sqs: Any, name: str, max_receives: int = 2, fifo: bool = False) -> tuple[str, str]:
    suffix, extra = (".fifo", {"FifoQueue": "true"}) if fifo else ("", {})
    dlq = sqs.create_queue(QueueName=f"{name}-dlq{suffix}", Attributes=extra)["QueueUrl"]
    policy = json.dumps({"deadLetterTargetArn": arn_of(sqs, dlq), "maxReceiveCount": str(max_receives)})
    source = sqs.create_queue(
        QueueName=f"{name}{suffix}", Attributes={**extra, "RedrivePolicy": policy, "VisibilityTimeout": "10"}
    )["QueueUrl"]
    return source, dlq


def receive_and_expire(sqs: Any, url: str, clock: ClockControl) -> list[dict[str, Any]]:
    messages: list[dict[str, Any]] = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])
    clock.advance(10)
    return messages


def test_max_receive_count_moves_the_message(sqs: Any, cumulo_clock: ClockControl) -> None:
    source, dlq = with_dlq(sqs, "work")
    sent = sqs.send_message(QueueUrl=source, MessageBody="poison")
    assert len(receive_and_expire(sqs, source, cumulo_clock)) == 1
    assert len(receive_and_expire(sqs, source, cumulo_clock)) == 1
    assert receive_and_expire(sqs, source, cumulo_clock) == []  # third receive: moved instead
    moved = sqs.receive_message(QueueUrl=dlq, MessageSystemAttributeNames=["All"])["Messages"][0]
    assert moved["MessageId"] == sent["MessageId"] and moved["Body"] == "poison"
    assert moved["Attributes"]["DeadLetterQueueSourceArn"] == arn_of(sqs, source)
    # Received twice in the source, once more here: the count goes on (as on AWS).
    assert moved["Attributes"]["ApproximateReceiveCount"] == "3"


def test_redrive_policy_is_normalised(sqs: Any) -> None:
    source, dlq = with_dlq(sqs, "norm", max_receives=5)
    policy = sqs.get_queue_attributes(QueueUrl=source, AttributeNames=["RedrivePolicy"])["Attributes"]["RedrivePolicy"]
    assert json.loads(policy) == {"deadLetterTargetArn": arn_of(sqs, dlq), "maxReceiveCount": 5}
    sqs.set_queue_attributes(QueueUrl=source, Attributes={"RedrivePolicy": ""})
    assert "Attributes" not in sqs.get_queue_attributes(QueueUrl=source, AttributeNames=["RedrivePolicy"])


@pytest.mark.parametrize(
    "policy",
    [
        {"deadLetterTargetArn": "arn:aws:sqs:us-east-1:000000000000:missing", "maxReceiveCount": 3},
        {"maxReceiveCount": 3},
        {"deadLetterTargetArn": "TARGET"},
        {"deadLetterTargetArn": "TARGET", "maxReceiveCount": 0},
        {"deadLetterTargetArn": "TARGET", "maxReceiveCount": 1001},
    ],
)
def test_invalid_redrive_policies(sqs: Any, queue: str, policy: dict[str, Any]) -> None:
    target = arn_of(sqs, sqs.create_queue(QueueName="target")["QueueUrl"])
    text = json.dumps(policy).replace("TARGET", target)
    with pytest.raises(ClientError) as excinfo:
        sqs.set_queue_attributes(QueueUrl=queue, Attributes={"RedrivePolicy": text})
    assert error_code(excinfo) == "InvalidParameterValue"


def test_dead_letter_queue_must_be_the_same_type(sqs: Any, queue: str, fifo_queue: str) -> None:
    policy = json.dumps({"deadLetterTargetArn": arn_of(sqs, fifo_queue), "maxReceiveCount": 1})
    with pytest.raises(ClientError):
        sqs.set_queue_attributes(QueueUrl=queue, Attributes={"RedrivePolicy": policy})


def test_redrive_allow_policy(sqs: Any, queue: str) -> None:
    dlq = sqs.create_queue(QueueName="guarded")["QueueUrl"]
    other = sqs.create_queue(QueueName="other")["QueueUrl"]
    allow = {"redrivePermission": "byQueue", "sourceQueueArns": [arn_of(sqs, queue)]}
    sqs.set_queue_attributes(QueueUrl=dlq, Attributes={"RedriveAllowPolicy": json.dumps(allow)})
    assert json.loads(sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["RedriveAllowPolicy"])["Attributes"]["RedriveAllowPolicy"]) == allow
    policy = json.dumps({"deadLetterTargetArn": arn_of(sqs, dlq), "maxReceiveCount": 1})
    sqs.set_queue_attributes(QueueUrl=queue, Attributes={"RedrivePolicy": policy})
    with pytest.raises(ClientError):
        sqs.set_queue_attributes(QueueUrl=other, Attributes={"RedrivePolicy": policy})
    sqs.set_queue_attributes(QueueUrl=dlq, Attributes={"RedriveAllowPolicy": json.dumps({"redrivePermission": "denyAll"})})
    with pytest.raises(ClientError):
        sqs.set_queue_attributes(QueueUrl=other, Attributes={"RedrivePolicy": policy})
    for bad in ({"redrivePermission": "byQueue"}, {"redrivePermission": "sometimes"}, {"redrivePermission": "allowAll", "sourceQueueArns": ["x"]}):
        with pytest.raises(ClientError):
            sqs.set_queue_attributes(QueueUrl=dlq, Attributes={"RedriveAllowPolicy": json.dumps(bad)})


def test_list_dead_letter_source_queues(sqs: Any) -> None:
    dlq = sqs.create_queue(QueueName="shared-dlq")["QueueUrl"]
    policy = json.dumps({"deadLetterTargetArn": arn_of(sqs, dlq), "maxReceiveCount": 3})
    urls = [sqs.create_queue(QueueName=f"src-{i}", Attributes={"RedrivePolicy": policy})["QueueUrl"] for i in range(3)]
    sqs.create_queue(QueueName="unrelated")
    assert sorted(sqs.list_dead_letter_source_queues(QueueUrl=dlq)["queueUrls"]) == sorted(urls)
    page = sqs.list_dead_letter_source_queues(QueueUrl=dlq, MaxResults=2)
    assert len(page["queueUrls"]) == 2
    rest = sqs.list_dead_letter_source_queues(QueueUrl=dlq, MaxResults=2, NextToken=page["NextToken"])
    assert sorted(page["queueUrls"] + rest["queueUrls"]) == sorted(urls) and "NextToken" not in rest
    assert sqs.list_dead_letter_source_queues(QueueUrl=urls[0])["queueUrls"] == []


def dead_letter_three(sqs: Any, clock: ClockControl, name: str = "jobs") -> tuple[str, str]:
    source, dlq = with_dlq(sqs, name, max_receives=1)
    for i in range(3):
        sqs.send_message(QueueUrl=source, MessageBody=f"m{i}")
    receive_and_expire(sqs, source, clock)
    assert receive_and_expire(sqs, source, clock) == []
    return source, dlq


def test_move_task_redrives_to_the_source(sqs: Any, cumulo_clock: ClockControl, run_ticks: Callable[[float], None]) -> None:
    source, dlq = dead_letter_three(sqs, cumulo_clock)
    handle = sqs.start_message_move_task(SourceArn=arn_of(sqs, dlq))["TaskHandle"]
    (task,) = sqs.list_message_move_tasks(SourceArn=arn_of(sqs, dlq))["Results"]
    assert task["Status"] == "RUNNING" and task["TaskHandle"] == handle
    assert task["ApproximateNumberOfMessagesToMove"] == 3 and "DestinationArn" not in task
    run_ticks(1)
    (task,) = sqs.list_message_move_tasks(SourceArn=arn_of(sqs, dlq))["Results"]
    assert task["Status"] == "COMPLETED" and task["ApproximateNumberOfMessagesMoved"] == 3 and "TaskHandle" not in task
    back = sqs.receive_message(QueueUrl=source, MaxNumberOfMessages=10)["Messages"]
    assert sorted(m["Body"] for m in back) == ["m0", "m1", "m2"]
    assert "Messages" not in sqs.receive_message(QueueUrl=dlq)


def test_move_task_to_a_chosen_destination_at_a_rate(sqs: Any, cumulo_clock: ClockControl, run_ticks: Callable[[float], None]) -> None:
    _, dlq = dead_letter_three(sqs, cumulo_clock)
    elsewhere = sqs.create_queue(QueueName="elsewhere")["QueueUrl"]
    sqs.start_message_move_task(SourceArn=arn_of(sqs, dlq), DestinationArn=arn_of(sqs, elsewhere), MaxNumberOfMessagesPerSecond=1)
    run_ticks(1)
    (task,) = sqs.list_message_move_tasks(SourceArn=arn_of(sqs, dlq))["Results"]
    # One message a second; the scheduler's own real-time tick may have moved one more.
    assert 1 <= task["ApproximateNumberOfMessagesMoved"] < 3 and task["Status"] == "RUNNING"
    assert task["DestinationArn"] == arn_of(sqs, elsewhere) and task["MaxNumberOfMessagesPerSecond"] == 1
    run_ticks(1)
    run_ticks(1)
    (task,) = sqs.list_message_move_tasks(SourceArn=arn_of(sqs, dlq))["Results"]
    assert task["Status"] == "COMPLETED"
    assert len(sqs.receive_message(QueueUrl=elsewhere, MaxNumberOfMessages=10)["Messages"]) == 3


def test_cancel_move_task(sqs: Any, cumulo_clock: ClockControl, run_ticks: Callable[[float], None]) -> None:
    _, dlq = dead_letter_three(sqs, cumulo_clock)
    handle = sqs.start_message_move_task(SourceArn=arn_of(sqs, dlq), MaxNumberOfMessagesPerSecond=1)["TaskHandle"]
    with pytest.raises(ClientError):  # one running task per source
        sqs.start_message_move_task(SourceArn=arn_of(sqs, dlq))
    run_ticks(1)
    # At one message a second, a second's work (the server's own tick may add one) moves part of the three.
    moved = sqs.cancel_message_move_task(TaskHandle=handle)["ApproximateNumberOfMessagesMoved"]
    assert 1 <= moved < 3
    (task,) = sqs.list_message_move_tasks(SourceArn=arn_of(sqs, dlq))["Results"]
    assert task["Status"] == "CANCELLED"
    run_ticks(5)  # a cancelled task moves nothing more
    attrs = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["ApproximateNumberOfMessages"])["Attributes"]
    assert attrs["ApproximateNumberOfMessages"] == str(3 - moved)
    with pytest.raises(ClientError):
        sqs.cancel_message_move_task(TaskHandle=handle)
    with pytest.raises(ClientError) as excinfo:
        sqs.cancel_message_move_task(TaskHandle="not-a-handle")
    assert error_code(excinfo) == "ResourceNotFoundException"


def test_move_task_rules(sqs: Any, queue: str) -> None:
    with pytest.raises(ClientError) as excinfo:
        sqs.start_message_move_task(SourceArn="arn:aws:sqs:us-east-1:000000000000:missing")
    assert error_code(excinfo) == "ResourceNotFoundException"
    with pytest.raises(ClientError) as excinfo:  # not anyone's dead-letter queue
        sqs.start_message_move_task(SourceArn=arn_of(sqs, queue))
    assert error_code(excinfo) == "InvalidParameterValue"
    assert sqs.list_message_move_tasks(SourceArn=arn_of(sqs, queue))["Results"] == []
