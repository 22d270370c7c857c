"""Async invokes with destinations, and an SQS event source with partial batch failure."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

from cumulo.testing import ClockControl

BATCH_APP = """
import json
def handler(event, context):
    failures = [{"itemIdentifier": r["messageId"]} for r in event["Records"] if json.loads(r["body"]).get("bad")]
    return {"batchItemFailures": failures}
"""


def queue_arn(sqs: Any, url: str) -> str:
    return sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]


def test_event_invoke_sends_the_result_to_the_success_destination(lam: Any, receive: Callable[..., list[dict[str, Any]]], sqs: Any, python_function: Callable[..., dict[str, Any]], cumulo: Any) -> None:
    url = sqs.create_queue(QueueName="done")["QueueUrl"]
    python_function("bg")
    lam.put_function_event_invoke_config(FunctionName="bg", DestinationConfig={"OnSuccess": {"Destination": queue_arn(sqs, url)}})
    accepted = lam.invoke(FunctionName="bg", InvocationType="Event", Payload=b'{"job": 1}')
    assert accepted["StatusCode"] == 202
    [message] = receive(sqs, url)
    record = json.loads(message["Body"])
    assert record["requestContext"]["condition"] == "Success"
    assert record["requestContext"]["requestId"] == accepted["ResponseMetadata"]["RequestId"]
    assert record["requestPayload"] == {"job": 1}
    assert record["responsePayload"]["event"] == {"job": 1}
    assert record["responseContext"] == {"statusCode": 200, "executedVersion": "$LATEST"}
    pending = cumulo.runtime.store.scope("lambda", "000000000000", "us-east-1").table("events")
    deadline = time.monotonic() + 5
    while pending and time.monotonic() < deadline:  # a finished event leaves the store
        time.sleep(0.02)
    assert not pending


def test_failed_event_is_retried_then_sent_to_the_failure_destination(
    lam: Any, receive: Callable[..., list[dict[str, Any]]], sqs: Any, python_function: Callable[..., dict[str, Any]], cumulo_clock: ClockControl
) -> None:
    url = sqs.create_queue(QueueName="failed")["QueueUrl"]
    python_function("bad")
    lam.put_function_event_invoke_config(FunctionName="bad", MaximumRetryAttempts=1, DestinationConfig={"OnFailure": {"Destination": queue_arn(sqs, url)}})
    lam.invoke(FunctionName="bad", InvocationType="Event", Payload=b'{"fail": "always"}')
    assert receive(sqs, url, wait=1.5) == []  # the retry waits a minute, in cumulo time
    cumulo_clock.advance(61)
    [message] = receive(sqs, url)
    record = json.loads(message["Body"])
    assert record["requestContext"]["condition"] == "RetriesExhausted"
    assert record["requestContext"]["approximateInvokeCount"] == 2
    assert record["responseContext"]["functionError"] == "Unhandled"
    assert record["responsePayload"]["errorMessage"] == "bad input: always"


def test_sqs_event_source_with_partial_batch_failure(lam: Any, receive: Callable[..., list[dict[str, Any]]], sqs: Any, python_function: Callable[..., dict[str, Any]], cumulo: Any) -> None:
    url = sqs.create_queue(QueueName="work", Attributes={"VisibilityTimeout": "1"})["QueueUrl"]
    python_function("worker", source=BATCH_APP)
    mapping = lam.create_event_source_mapping(
        EventSourceArn=queue_arn(sqs, url), FunctionName="worker", BatchSize=10, FunctionResponseTypes=["ReportBatchItemFailures"],
        FilterCriteria={"Filters": [{"Pattern": json.dumps({"body": {"kind": ["order"]}})}]},
    )
    assert mapping["State"] == "Creating"
    assert lam.get_event_source_mapping(UUID=mapping["UUID"])["State"] == "Enabled"
    for body in ({"kind": "order", "n": 1}, {"kind": "order", "n": 2, "bad": True}, {"kind": "noise"}):
        sqs.send_message(QueueUrl=url, MessageBody=json.dumps(body))
    deadline = time.monotonic() + 15
    invoked: list[dict[str, Any]] = []
    while time.monotonic() < deadline and not invoked:
        invoked = [r for r in cumulo.runtime.live["lambda"].history if r["functionName"] == "worker"]
        time.sleep(0.1)
    assert invoked and invoked[0]["source"] == "aws:sqs"
    records = json.loads(invoked[0]["payload"])["Records"]
    assert sorted(json.loads(r["body"])["n"] for r in records) == [1, 2]  # the filter dropped the noise
    assert records[0]["eventSource"] == "aws:sqs" and records[0]["eventSourceARN"] == queue_arn(sqs, url)
    lam.update_event_source_mapping(UUID=mapping["UUID"], Enabled=False)
    time.sleep(1.2)  # the failed message's visibility timeout
    left = [json.loads(m["Body"]) for m in receive(sqs, url, wait=3)]
    assert left == [{"kind": "order", "n": 2, "bad": True}]
    assert [m["UUID"] for m in lam.list_event_source_mappings(FunctionName="worker")["EventSourceMappings"]] == [mapping["UUID"]]
    assert lam.delete_event_source_mapping(UUID=mapping["UUID"])["State"] == "Deleting"


def _invocations(cumulo: Any, name: str, count: int, wait: float = 15.0) -> list[dict[str, Any]]:
    deadline = time.monotonic() + wait
    while True:
        found = [r for r in cumulo.runtime.live["lambda"].history if r["functionName"] == name and "durationMs" in r]
        if len(found) >= count or time.monotonic() > deadline:
            return found
        time.sleep(0.05)


def test_sqs_batching_window_gathers_until_the_batch_is_full_or_the_window_passes(
    lam: Any, sqs: Any, python_function: Callable[..., dict[str, Any]], cumulo: Any, cumulo_clock: ClockControl
) -> None:
    url = sqs.create_queue(QueueName="gather", Attributes={"VisibilityTimeout": "900"})["QueueUrl"]
    python_function("gatherer")
    lam.create_event_source_mapping(EventSourceArn=queue_arn(sqs, url), FunctionName="gatherer", BatchSize=5, MaximumBatchingWindowInSeconds=60)
    for n in range(3):
        sqs.send_message(QueueUrl=url, MessageBody=str(n))
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:  # all three received by the poller: gathered, in flight
        attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["ApproximateNumberOfMessagesNotVisible"])["Attributes"]
        if attributes["ApproximateNumberOfMessagesNotVisible"] == "3":
            break
        time.sleep(0.05)
    assert _invocations(cumulo, "gatherer", 1, wait=0) == []  # the window (a minute of cumulo time) is still open
    cumulo_clock.advance(61)
    [first] = _invocations(cumulo, "gatherer", 1)
    assert sorted(r["body"] for r in json.loads(first["payload"])["Records"]) == ["0", "1", "2"]
    for n in range(3, 8):  # a full batch goes at once, without waiting for the window
        sqs.send_message(QueueUrl=url, MessageBody=str(n))
    _, second = _invocations(cumulo, "gatherer", 2)
    assert sorted(r["body"] for r in json.loads(second["payload"])["Records"]) == ["3", "4", "5", "6", "7"]
