"""DynamoDB Streams event sources, end to end: a table with a stream, a mapping, a
Python function that forwards each batch it receives to an SQS queue."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import boto3
import pytest

from cumulo.testing import CumuloServer

FORWARD_APP = """
import json, os, boto3
sqs = boto3.client("sqs")

def handler(event, context):
    url = sqs.get_queue_url(QueueName="seen")["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody=json.dumps(event))
    bad = [r["dynamodb"]["SequenceNumber"] for r in event["Records"] if "bad" in r["dynamodb"].get("NewImage", {})]
    if bad and os.environ.get("RAISE"):
        raise ValueError("a bad record")
    return {"batchItemFailures": [{"itemIdentifier": n} for n in bad]}
"""


@pytest.fixture
def ddb(cumulo: CumuloServer) -> Any:
    return boto3.client("dynamodb", endpoint_url=cumulo.url, region_name="us-east-1")


def _table(ddb: Any, name: str) -> str:
    answer = ddb.create_table(
        TableName=name, KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}], AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST", StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
    )
    return answer["TableDescription"]["LatestStreamArn"]


def _batches(sqs: Any, url: str, records: int, wait: float = 20.0) -> list[list[dict[str, Any]]]:
    """The batches the function forwarded, until they hold `records` records in all."""
    got: list[list[dict[str, Any]]] = []
    deadline = time.monotonic() + wait
    while sum(map(len, got)) < records and time.monotonic() < deadline:
        for message in sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1).get("Messages", []):
            got.append(json.loads(message["Body"])["Records"])
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    return got


def test_stream_records_reach_the_function_in_lambdas_shape(lam: Any, sqs: Any, ddb: Any, python_function: Callable[..., dict[str, Any]]) -> None:
    seen = sqs.create_queue(QueueName="seen")["QueueUrl"]
    stream = _table(ddb, "orders")
    ddb.put_item(TableName="orders", Item={"pk": {"S": "a"}, "n": {"N": "1"}})
    python_function("forward", source=FORWARD_APP, Timeout=30)
    mapping = lam.create_event_source_mapping(
        EventSourceArn=stream, FunctionName="forward", StartingPosition="TRIM_HORIZON", BatchSize=10,
        FilterCriteria={"Filters": [{"Pattern": json.dumps({"eventName": ["INSERT", "MODIFY"]})}]},
    )
    assert mapping["StartingPosition"] == "TRIM_HORIZON" and mapping["BatchSize"] == 10 and mapping["MaximumRetryAttempts"] == -1
    ddb.update_item(TableName="orders", Key={"pk": {"S": "a"}}, UpdateExpression="SET n = :two", ExpressionAttributeValues={":two": {"N": "2"}})
    ddb.delete_item(TableName="orders", Key={"pk": {"S": "a"}})  # a REMOVE: filtered out
    records = [r for batch in _batches(sqs, seen, 2) for r in batch]
    assert [r["eventName"] for r in records] == ["INSERT", "MODIFY"]
    insert, modify = records
    for record in records:
        assert record["eventSource"] == "aws:dynamodb" and record["eventSourceARN"] == stream and record["awsRegion"] == "us-east-1"
        assert record["dynamodb"]["Keys"] == {"pk": {"S": "a"}} and record["dynamodb"]["StreamViewType"] == "NEW_AND_OLD_IMAGES"
        assert record["dynamodb"]["SizeBytes"] > 0 and record["eventID"]
    assert insert["dynamodb"]["NewImage"] == {"pk": {"S": "a"}, "n": {"N": "1"}} and "OldImage" not in insert["dynamodb"]
    assert modify["dynamodb"]["OldImage"]["n"] == {"N": "1"} and modify["dynamodb"]["NewImage"]["n"] == {"N": "2"}
    assert int(insert["dynamodb"]["SequenceNumber"]) < int(modify["dynamodb"]["SequenceNumber"])
    lam.delete_event_source_mapping(UUID=mapping["UUID"])


def test_latest_window_partial_failures_and_discarded_records(lam: Any, receive: Callable[..., list[dict[str, Any]]], sqs: Any, ddb: Any, python_function: Callable[..., dict[str, Any]]) -> None:
    seen = sqs.create_queue(QueueName="seen")["QueueUrl"]
    dropped = sqs.create_queue(QueueName="dropped")["QueueUrl"]
    dropped_arn = sqs.get_queue_attributes(QueueUrl=dropped, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    stream = _table(ddb, "jobs")
    ddb.put_item(TableName="jobs", Item={"pk": {"S": "before"}})  # LATEST: never delivered
    python_function("forward2", source=FORWARD_APP, Timeout=30)
    lam.create_event_source_mapping(
        EventSourceArn=stream, FunctionName="forward2", StartingPosition="LATEST", BatchSize=3, MaximumBatchingWindowInSeconds=300,
        FunctionResponseTypes=["ReportBatchItemFailures"], MaximumRetryAttempts=1, DestinationConfig={"OnFailure": {"Destination": dropped_arn}},
    )
    for key in ("ok1", "bad", "ok2"):  # the window holds the batch until it has three records
        item = {"pk": {"S": key}, **({"bad": {"BOOL": True}} if key == "bad" else {})}
        ddb.put_item(TableName="jobs", Item=item)
    first, retry = _batches(sqs, seen, 5)
    assert [r["dynamodb"]["Keys"]["pk"]["S"] for r in first] == ["ok1", "bad", "ok2"]
    # The checkpoint moved past ok1; the retry starts at the reported record.
    assert [r["dynamodb"]["Keys"]["pk"]["S"] for r in retry] == ["bad", "ok2"]
    [message] = receive(sqs, dropped)
    info = json.loads(message["Body"])
    assert info["requestContext"]["condition"] == "RetryAttemptsExhausted"
    assert info["DDBStreamBatchInfo"]["startSequenceNumber"] == first[1]["dynamodb"]["SequenceNumber"]
    assert info["DDBStreamBatchInfo"]["endSequenceNumber"] == first[2]["dynamodb"]["SequenceNumber"]
    assert info["DDBStreamBatchInfo"]["batchSize"] == 2 and info["DDBStreamBatchInfo"]["streamArn"] == stream


def test_bisect_isolates_the_failing_record(lam: Any, receive: Callable[..., list[dict[str, Any]]], sqs: Any, ddb: Any, python_function: Callable[..., dict[str, Any]]) -> None:
    seen = sqs.create_queue(QueueName="seen")["QueueUrl"]
    dropped = sqs.create_queue(QueueName="dropped")["QueueUrl"]
    dropped_arn = sqs.get_queue_attributes(QueueUrl=dropped, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    stream = _table(ddb, "items")
    python_function("forward3", source=FORWARD_APP, Timeout=30, Environment={"Variables": {"RAISE": "1"}})
    mapping = lam.create_event_source_mapping(
        EventSourceArn=stream, FunctionName="forward3", StartingPosition="TRIM_HORIZON", BatchSize=4, Enabled=False,
        BisectBatchOnFunctionError=True, MaximumRetryAttempts=0, DestinationConfig={"OnFailure": {"Destination": dropped_arn}},
    )
    for key in ("a", "b", "bad", "c"):
        ddb.put_item(TableName="items", Item={"pk": {"S": key}, **({"bad": {"BOOL": True}} if key == "bad" else {})})
    lam.update_event_source_mapping(UUID=mapping["UUID"], Enabled=True)  # all four are there for the first batch
    got = [[r["dynamodb"]["Keys"]["pk"]["S"] for r in batch] for batch in _batches(sqs, seen, 10)]
    # Failed: split in two (no retry used); [a, b] succeeds; [bad, c] fails and splits; [bad] alone
    # fails with no retries left and is discarded; then c.
    assert got == [["a", "b", "bad", "c"], ["a", "b"], ["bad", "c"], ["bad"], ["c"]]
    [message] = receive(sqs, dropped)
    info = json.loads(message["Body"])["DDBStreamBatchInfo"]
    assert info["batchSize"] == 1 and info["startSequenceNumber"] == info["endSequenceNumber"]


def test_stream_mapping_needs_a_starting_position_and_a_stream(lam: Any, ddb: Any, python_function: Callable[..., dict[str, Any]]) -> None:
    stream = _table(ddb, "plain")
    python_function("idle")
    with pytest.raises(lam.exceptions.InvalidParameterValueException):
        lam.create_event_source_mapping(EventSourceArn=stream, FunctionName="idle")
    with pytest.raises(lam.exceptions.InvalidParameterValueException, match="Stream not found"):
        lam.create_event_source_mapping(EventSourceArn=stream.replace("plain", "nothing"), FunctionName="idle", StartingPosition="LATEST")
