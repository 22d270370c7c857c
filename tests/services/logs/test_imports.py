"""Import tasks: log data in S3 lands in a managed log group, batch by batch, on the scheduler."""

from __future__ import annotations

import gzip
import json
import time
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from cumulo.testing import CumuloServer
from cumulo.testing.server import ClockControl

ROLE = "arn:aws:iam::000000000000:role/importer"


def _finish(logs: Any, clock: ClockControl, import_id: str) -> dict[str, Any]:
    for _ in range(100):
        task = logs.describe_import_tasks(importId=import_id)["imports"][0]
        if task["importStatus"] != "IN_PROGRESS":
            return task
        clock.advance(0)
    raise AssertionError("the import did not finish")


def test_import_from_s3(logs: Any, cumulo: CumuloServer, cumulo_clock: ClockControl) -> None:
    s3 = boto3.client("s3", endpoint_url=cumulo.url, region_name="us-east-1")
    s3.create_bucket(Bucket="trail")
    records = {"Records": [
        {"eventTime": "2024-03-01T10:00:05Z", "eventName": "PutObject", "eventSource": "s3.amazonaws.com"},
        {"eventTime": "2024-03-01T10:00:01Z", "eventName": "GetObject", "eventSource": "s3.amazonaws.com", "readOnly": True},
    ]}
    s3.put_object(Bucket="trail", Key="AWSLogs/a.json.gz", Body=gzip.compress(json.dumps(records).encode()))
    s3.put_object(Bucket="trail", Key="AWSLogs/b.log", Body=b"2024-03-01T09:00:00.000Z first line\n2024-03-01T11:00:00.000Z late line\n")
    out = logs.create_import_task(importSourceArn="arn:aws:s3:::trail/AWSLogs/", importRoleArn=ROLE,
                                  importFilter={"startEventTime": 1709287200000, "endEventTime": 1709290800000})
    assert out["importDestinationArn"].endswith(":log-group:aws/s3/trail")
    task = _finish(logs, cumulo_clock, out["importId"])
    assert task["importStatus"] == "COMPLETED"
    assert task["importStatistics"]["bytesImported"] > 0
    batches = logs.describe_import_task_batches(importId=out["importId"])["importBatches"]
    assert sorted(b["status"] for b in batches) == ["COMPLETED", "COMPLETED"]
    got = logs.filter_log_events(logGroupName="aws/s3/trail")["events"]
    # 09:00 is before the filter's start (10:00); the rest arrive in time order
    messages = [e["message"] for e in got]
    assert "first line" not in messages and "late line" in messages
    cloudtrail = [json.loads(m) for m in messages if m.startswith("{")]
    assert [r["eventName"] for r in cloudtrail] == ["GetObject", "PutObject"]
    streams = {s["logStreamName"] for s in logs.describe_log_streams(logGroupName="aws/s3/trail")["logStreams"]}
    assert streams == {"AWSLogs/a.json.gz", "AWSLogs/b.log"}
    assert logs.describe_import_tasks(importStatus="COMPLETED")["imports"][0]["importId"] == out["importId"]
    # a finished import cannot be cancelled
    with pytest.raises(ClientError) as e:
        logs.cancel_import_task(importId=out["importId"])
    assert e.value.response["Error"]["Code"] == "InvalidOperationException"


def test_export_imports_back(logs: Any, stream: tuple[str, str], cumulo: CumuloServer, cumulo_clock: ClockControl) -> None:
    group, name = stream
    s3 = boto3.client("s3", endpoint_url=cumulo.url, region_name="us-east-1")
    s3.create_bucket(Bucket="roundtrip")
    t = int(time.time() * 1000)
    logs.put_log_events(logGroupName=group, logStreamName=name, logEvents=[{"timestamp": t, "message": "one"}, {"timestamp": t + 5, "message": "two words"}])
    logs.create_export_task(logGroupName=group, fromTime=t - 1000, to=t + 1000, destination="roundtrip", destinationPrefix="x")
    out = logs.create_import_task(importSourceArn="arn:aws:s3:::roundtrip", importRoleArn=ROLE)
    _finish(logs, cumulo_clock, out["importId"])
    got = logs.filter_log_events(logGroupName="aws/s3/roundtrip")["events"]
    assert [(e["timestamp"], e["message"]) for e in got] == [(t, "one"), (t + 5, "two words")]


def test_cancel_and_errors(logs: Any, cumulo: CumuloServer) -> None:
    s3 = boto3.client("s3", endpoint_url=cumulo.url, region_name="us-east-1")
    s3.create_bucket(Bucket="slow")
    for i in range(3):
        s3.put_object(Bucket="slow", Key=f"k{i}", Body=b"line\n")
    out = logs.create_import_task(importSourceArn="arn:aws:s3:::slow", importRoleArn=ROLE)
    # the source is busy while its import is in progress (or the import already finished)
    status = logs.describe_import_tasks(importId=out["importId"])["imports"][0]["importStatus"]
    if status == "IN_PROGRESS":
        try:
            logs.create_import_task(importSourceArn="arn:aws:s3:::slow", importRoleArn=ROLE)
            # accepted only because the first import finished in between
            assert logs.describe_import_tasks(importId=out["importId"])["imports"][0]["importStatus"] != "IN_PROGRESS"
        except ClientError as error:
            assert error.response["Error"]["Code"] == "ConflictException"
        try:
            cancelled = logs.cancel_import_task(importId=out["importId"])
            assert cancelled["importStatus"] == "CANCELLED"
        except ClientError as error:  # it finished in between
            assert error.response["Error"]["Code"] == "InvalidOperationException"
    cases = [
        ({"importSourceArn": "arn:aws:s3:::missing-bucket", "importRoleArn": ROLE}, "ResourceNotFoundException"),
        ({"importSourceArn": "arn:aws:cloudtrail:us-east-1:000000000000:eventdatastore/abc", "importRoleArn": ROLE}, "ResourceNotFoundException"),
        ({"importSourceArn": "arn:aws:sqs:us-east-1:000000000000:q", "importRoleArn": ROLE}, "InvalidParameterException"),
        ({"importSourceArn": "arn:aws:s3:::slow", "importRoleArn": "not-a-role"}, "InvalidParameterException"),
        ({"importSourceArn": "arn:aws:s3:::slow", "importRoleArn": ROLE, "importFilter": {"startEventTime": 5, "endEventTime": 1}}, "InvalidParameterException"),
    ]
    for kwargs, code in cases:
        with pytest.raises(ClientError) as e:
            logs.create_import_task(**kwargs)
        assert e.value.response["Error"]["Code"] == code, kwargs
    for call in (logs.describe_import_task_batches, logs.cancel_import_task, logs.describe_import_tasks):
        with pytest.raises(ClientError) as e:
            call(importId="nope")
        assert e.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_empty_source_completes(logs: Any, cumulo: CumuloServer) -> None:
    boto3.client("s3", endpoint_url=cumulo.url, region_name="us-east-1").create_bucket(Bucket="empty")
    out = logs.create_import_task(importSourceArn="arn:aws:s3:::empty", importRoleArn=ROLE)
    task = logs.describe_import_tasks(importId=out["importId"])["imports"][0]
    assert task["importStatus"] == "COMPLETED"
    assert logs.describe_import_task_batches(importId=out["importId"])["importBatches"] == []


def test_parse_object_formats() -> None:
    from cumulo.services.logs.imports import parse_object

    trail = gzip.compress(json.dumps({"Records": [{"eventTime": "2024-01-01T00:00:02Z", "a": 1}, {"b": 2}]}).encode())
    assert [e[0] for e in parse_object(trail, 5)] == [5, 1704067202000]
    lines = b'{"timestamp": 1700000000123, "m": 1}\n{"eventTime": "2024-01-01T00:00:00Z"}\n\nplain\n2024-01-01T00:00:01.500Z exported line\n'
    got = parse_object(lines, 7)
    assert [(ts, msg) for ts, _, msg in got] == [
        (7, "plain"), (1700000000123, '{"timestamp": 1700000000123, "m": 1}'),
        (1704067200000, '{"eventTime": "2024-01-01T00:00:00Z"}'), (1704067201500, "exported line"),
    ]


def test_an_interrupted_import_resumes(logs: Any, cumulo: CumuloServer, cumulo_clock: ClockControl) -> None:
    """A task left IN_PROGRESS (the server stopped mid-import) is picked up by the resume tick."""
    from cumulo.services.logs import imports

    s3 = boto3.client("s3", endpoint_url=cumulo.url, region_name="us-east-1")
    s3.create_bucket(Bucket="resumed")
    s3.put_object(Bucket="resumed", Key="k", Body=b"2024-01-01T00:00:00.000Z back again\n")
    runtime = cumulo.runtime
    task = {
        "importId": "left-over", "importSourceArn": "arn:aws:s3:::resumed", "importRoleArn": ROLE,
        "importDestinationArn": "arn:aws:logs:us-east-1:000000000000:log-group:aws/s3/resumed", "importStatus": "IN_PROGRESS",
        "importStatistics": {"bytesImported": 0}, "creationTime": 1, "lastUpdatedTime": 1, "bucket": "resumed",
        "groupName": "aws/s3/resumed", "batches": [{"batchId": "b1", "key": "k", "status": "IN_PROGRESS"}],
    }

    async def leave() -> None:
        runtime.store.scope("logs", "000000000000", "us-east-1").table(imports.TABLE)["left-over"] = task
        imports.resume(runtime)

    cumulo.run(leave())
    assert _finish(logs, cumulo_clock, "left-over")["importStatus"] == "COMPLETED"
    assert [e["message"] for e in logs.filter_log_events(logGroupName="aws/s3/resumed")["events"]] == ["back again"]
