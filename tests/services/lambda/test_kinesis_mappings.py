"""Kinesis event sources, end to end: a stream, a mapping, a Python function that forwards
each batch it receives to an SQS queue (the same poller as DynamoDB Streams)."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable
from typing import Any

import boto3
import pytest

from cumulo.testing import CumuloServer

FORWARD_APP = """
import base64, json, os, boto3
sqs = boto3.client("sqs")

def handler(event, context):
    url = sqs.get_queue_url(QueueName="seen")["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody=json.dumps(event))
    bad = [r["kinesis"]["sequenceNumber"] for r in event["Records"] if base64.b64decode(r["kinesis"]["data"]).startswith(b"bad")]
    if bad and os.environ.get("RAISE"):
        raise ValueError("a bad record")
    return {"batchItemFailures": [{"itemIdentifier": n} for n in bad]}
"""


@pytest.fixture
def kinesis(cumulo: CumuloServer) -> Any:
    return boto3.client("kinesis", endpoint_url=cumulo.url, region_name="us-east-1")


def _stream(kinesis: Any, name: str) -> str:
    kinesis.create_stream(StreamName=name, ShardCount=1)
    return kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]["StreamARN"]


def _batches(sqs: Any, url: str, records: int, wait: float = 20.0) -> list[list[dict[str, Any]]]:
    got: list[list[dict[str, Any]]] = []
    deadline = time.monotonic() + wait
    while sum(map(len, got)) < records and time.monotonic() < deadline:
        for message in sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1).get("Messages", []):
            got.append(json.loads(message["Body"])["Records"])
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    return got


def _data(record: dict[str, Any]) -> str:
    return base64.b64decode(record["kinesis"]["data"]).decode()


def test_records_reach_the_function_in_lambdas_shape_and_filters_apply(lam: Any, sqs: Any, kinesis: Any, python_function: Callable[..., dict[str, Any]]) -> None:
    seen = sqs.create_queue(QueueName="seen")["QueueUrl"]
    stream = _stream(kinesis, "clicks")
    put = kinesis.put_record(StreamName="clicks", Data=json.dumps({"kind": "click", "n": 1}).encode(), PartitionKey="user-1")
    kinesis.put_record(StreamName="clicks", Data=json.dumps({"kind": "view"}).encode(), PartitionKey="user-2")
    python_function("kforward", source=FORWARD_APP, Timeout=30)
    mapping = lam.create_event_source_mapping(
        EventSourceArn=stream, FunctionName="kforward", StartingPosition="TRIM_HORIZON", BatchSize=10,
        FilterCriteria={"Filters": [{"Pattern": json.dumps({"data": {"kind": ["click"]}})}]},
    )
    assert mapping["StartingPosition"] == "TRIM_HORIZON" and mapping["BatchSize"] == 10
    [record] = [r for batch in _batches(sqs, seen, 1) for r in batch]
    assert record["eventSource"] == "aws:kinesis" and record["eventSourceARN"] == stream and record["awsRegion"] == "us-east-1"
    assert record["eventName"] == "aws:kinesis:record" and record["eventVersion"] == "1.0"
    assert record["eventID"] == f"shardId-000000000000:{put['SequenceNumber']}"
    assert record["invokeIdentityArn"].startswith("arn:aws:iam::")
    k = record["kinesis"]
    assert k["partitionKey"] == "user-1" and k["sequenceNumber"] == put["SequenceNumber"] and k["kinesisSchemaVersion"] == "1.0"
    assert json.loads(base64.b64decode(k["data"])) == {"kind": "click", "n": 1} and k["approximateArrivalTimestamp"] > 0
    lam.delete_event_source_mapping(UUID=mapping["UUID"])


def test_bisect_on_error_isolates_the_failing_record(lam: Any, receive: Callable[..., list[dict[str, Any]]], sqs: Any, kinesis: Any, python_function: Callable[..., dict[str, Any]]) -> None:
    seen = sqs.create_queue(QueueName="seen")["QueueUrl"]
    dropped = sqs.create_queue(QueueName="dropped")["QueueUrl"]
    dropped_arn = sqs.get_queue_attributes(QueueUrl=dropped, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    stream = _stream(kinesis, "jobs")
    python_function("kforward2", source=FORWARD_APP, Timeout=30, Environment={"Variables": {"RAISE": "1"}})
    mapping = lam.create_event_source_mapping(
        EventSourceArn=stream, FunctionName="kforward2", StartingPosition="TRIM_HORIZON", BatchSize=4, Enabled=False,
        BisectBatchOnFunctionError=True, MaximumRetryAttempts=0, DestinationConfig={"OnFailure": {"Destination": dropped_arn}},
    )
    for body in ("a", "b", "bad", "c"):
        kinesis.put_record(StreamName="jobs", Data=body.encode(), PartitionKey="p")
    lam.update_event_source_mapping(UUID=mapping["UUID"], Enabled=True)
    got = [[_data(r) for r in batch] for batch in _batches(sqs, seen, 10)]
    assert got == [["a", "b", "bad", "c"], ["a", "b"], ["bad", "c"], ["bad"], ["c"]]
    [message] = receive(sqs, dropped)
    info = json.loads(message["Body"])
    assert info["requestContext"]["condition"] == "RetryAttemptsExhausted"
    batch = info["KinesisBatchInfo"]
    assert batch["batchSize"] == 1 and batch["startSequenceNumber"] == batch["endSequenceNumber"] and batch["streamArn"] == stream


def test_partial_batch_failures_retry_from_the_reported_record(lam: Any, sqs: Any, kinesis: Any, python_function: Callable[..., dict[str, Any]]) -> None:
    seen = sqs.create_queue(QueueName="seen")["QueueUrl"]
    stream = _stream(kinesis, "orders")
    python_function("kforward3", source=FORWARD_APP, Timeout=30)
    lam.create_event_source_mapping(
        EventSourceArn=stream, FunctionName="kforward3", StartingPosition="LATEST", BatchSize=3, MaximumBatchingWindowInSeconds=300,
        FunctionResponseTypes=["ReportBatchItemFailures"], MaximumRetryAttempts=1,
    )
    for body in ("ok1", "bad", "ok2"):
        kinesis.put_record(StreamName="orders", Data=body.encode(), PartitionKey="p")
    first, retry = _batches(sqs, seen, 5)[:2]
    assert [_data(r) for r in first] == ["ok1", "bad", "ok2"]
    assert [_data(r) for r in retry] == ["bad", "ok2"]


def test_kinesis_mapping_starting_positions(lam: Any, kinesis: Any, python_function: Callable[..., dict[str, Any]]) -> None:
    stream = _stream(kinesis, "plain")
    python_function("idle")
    with pytest.raises(lam.exceptions.InvalidParameterValueException):
        lam.create_event_source_mapping(EventSourceArn=stream, FunctionName="idle")
    with pytest.raises(lam.exceptions.InvalidParameterValueException):
        lam.create_event_source_mapping(EventSourceArn=stream, FunctionName="idle", StartingPosition="AT_TIMESTAMP")
    mapping = lam.create_event_source_mapping(EventSourceArn=stream, FunctionName="idle", StartingPosition="AT_TIMESTAMP", StartingPositionTimestamp=time.time())
    assert mapping["StartingPosition"] == "AT_TIMESTAMP"
    with pytest.raises(lam.exceptions.InvalidParameterValueException, match="Stream not found"):
        lam.create_event_source_mapping(EventSourceArn=stream.replace("plain", "nothing"), FunctionName="idle", StartingPosition="LATEST")


WINDOW_APP = """
import base64, json, boto3
sqs = boto3.client("sqs")

def handler(event, context):
    total = event["state"].get("total", 0) + sum(int(base64.b64decode(r["kinesis"]["data"])) for r in event["Records"])
    if event["isFinalInvokeForWindow"]:
        url = sqs.get_queue_url(QueueName="seen")["QueueUrl"]
        sqs.send_message(QueueUrl=url, MessageBody=json.dumps({"total": total, "window": event["window"], "shardId": event["shardId"]}))
    return {"state": {"total": total}}
"""


def test_tumbling_windows_carry_state_to_a_final_invocation(lam: Any, sqs: Any, kinesis: Any, python_function: Callable[..., dict[str, Any]], cumulo_clock: Any) -> None:
    seen = sqs.create_queue(QueueName="seen")["QueueUrl"]
    stream = _stream(kinesis, "metrics")
    python_function("windowed", source=WINDOW_APP, Timeout=30)
    lam.create_event_source_mapping(EventSourceArn=stream, FunctionName="windowed", StartingPosition="TRIM_HORIZON", BatchSize=2, TumblingWindowInSeconds=60)
    for n in (1, 2, 3, 4):
        kinesis.put_record(StreamName="metrics", Data=str(n).encode(), PartitionKey="p")
    time.sleep(2)  # batches of two, the state carried between them
    cumulo_clock.advance(120)  # the window ends: its final invocation reports the total
    deadline = time.monotonic() + 20
    got: list[dict[str, Any]] = []
    while not got and time.monotonic() < deadline:
        got = [json.loads(m["Body"]) for m in sqs.receive_message(QueueUrl=seen, WaitTimeSeconds=1).get("Messages", [])]
    [final] = got
    assert final["total"] == 10 and final["shardId"] == "shardId-000000000000"
    assert final["window"]["start"].endswith(("00Z")) and final["window"]["start"] < final["window"]["end"]


def test_parallelization_factor_splits_batches_by_partition_key(lam: Any, sqs: Any, kinesis: Any, python_function: Callable[..., dict[str, Any]]) -> None:
    seen = sqs.create_queue(QueueName="seen")["QueueUrl"]
    stream = _stream(kinesis, "par")
    python_function("kforward4", source=FORWARD_APP, Timeout=30)
    mapping = lam.create_event_source_mapping(EventSourceArn=stream, FunctionName="kforward4", StartingPosition="TRIM_HORIZON", BatchSize=100,
                                              ParallelizationFactor=4, Enabled=False)
    assert mapping["ParallelizationFactor"] == 4
    for i in range(20):
        kinesis.put_record(StreamName="par", Data=f"{i % 5}:{i}".encode(), PartitionKey=f"key-{i % 5}")
    lam.update_event_source_mapping(UUID=mapping["UUID"], Enabled=True)
    batches = _batches(sqs, seen, 20)
    assert 1 < len(batches) <= 4  # one batch split by key into concurrent batches
    for batch in batches:
        keys = {r["kinesis"]["partitionKey"] for r in batch}
        for key in keys:  # a key's records are in one batch, in order
            mine = [int(_data(r).split(":")[1]) for r in batch if r["kinesis"]["partitionKey"] == key]
            assert mine == sorted(mine) and len(mine) == 4
    assert sorted(int(_data(r).split(":")[1]) for b in batches for r in b) == list(range(20))
