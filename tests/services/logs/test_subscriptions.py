"""Subscription filters delivering to Lambda (the gzip'd payload AWS sends), and metric filters."""

from __future__ import annotations

import base64
import gzip
import io
import json
import time
import zipfile
from typing import Any

import boto3
import httpx
import pytest
from botocore.exceptions import ClientError

from cumulo.testing import CumuloServer

ROLE = "arn:aws:iam::000000000000:role/r"


def _zip(source: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("app.py", source)
    return buf.getvalue()


def _function(cumulo: CumuloServer, name: str) -> str:
    lam = boto3.client("lambda", endpoint_url=cumulo.url, region_name="us-east-1")
    source = "def handler(event, context):\n    return {'ok': True}\n"
    return lam.create_function(FunctionName=name, Runtime="python3.12", Role=ROLE, Handler="app.handler", Code={"ZipFile": _zip(source)})["FunctionArn"]


def _invocations(cumulo: CumuloServer, name: str, want: int, wait: float = 20.0) -> list[dict[str, Any]]:
    deadline = time.monotonic() + wait
    while True:
        rows = httpx.get(f"{cumulo.url}/_cumulo/lambda/invocations", params={"functionName": name}).json()["invocations"]
        rows = [r for r in rows if r.get("functionName") == name]
        if len(rows) >= want or time.monotonic() > deadline:
            return rows
        time.sleep(0.1)


def test_subscription_to_lambda(logs: Any, stream: tuple[str, str], cumulo: CumuloServer) -> None:
    group, name = stream
    arn = _function(cumulo, "sink")
    with pytest.raises(ClientError) as e:
        logs.put_subscription_filter(logGroupName=group, filterName="f", filterPattern="ERROR",
                                     destinationArn=arn.replace("sink", "missing"))
    assert e.value.response["Error"]["Code"] == "InvalidParameterException"
    logs.put_subscription_filter(logGroupName=group, filterName="f", filterPattern="ERROR", destinationArn=arn)
    assert logs.describe_subscription_filters(logGroupName=group)["subscriptionFilters"][0]["destinationArn"] == arn
    t = int(time.time() * 1000)
    logs.put_log_events(logGroupName=group, logStreamName=name, logEvents=[
        {"timestamp": t, "message": "INFO fine"}, {"timestamp": t + 1, "message": "ERROR broke"},
    ])
    rows = _invocations(cumulo, "sink", 1)
    assert len(rows) == 1
    data = json.loads(rows[0]["payload"])["awslogs"]["data"]
    doc = json.loads(gzip.decompress(base64.b64decode(data)))
    assert doc["messageType"] == "DATA_MESSAGE"
    assert (doc["owner"], doc["logGroup"], doc["logStream"], doc["subscriptionFilters"]) == ("000000000000", group, name, ["f"])
    assert [(e["timestamp"], e["message"]) for e in doc["logEvents"]] == [(t + 1, "ERROR broke")]
    logs.delete_subscription_filter(logGroupName=group, filterName="f")
    assert logs.describe_subscription_filters(logGroupName=group)["subscriptionFilters"] == []


def test_metric_filter_records(logs: Any, stream: tuple[str, str]) -> None:
    group, _ = stream
    transform = {"metricName": "Errors", "metricNamespace": "App", "metricValue": "1", "defaultValue": 0.0}
    logs.put_metric_filter(logGroupName=group, filterName="errors", filterPattern="ERROR", metricTransformations=[transform])
    found = logs.describe_metric_filters(metricName="Errors", metricNamespace="App")["metricFilters"]
    assert [(f["filterName"], f["logGroupName"]) for f in found] == [("errors", group)]
    assert logs.describe_log_groups(logGroupNamePrefix=group)["logGroups"][0]["metricFilterCount"] == 1
    matches = logs.test_metric_filter(filterPattern="[level = ERROR, code]", logEventMessages=["ERROR 5", "INFO 1"])["matches"]
    assert matches == [{"eventNumber": 1, "eventMessage": "ERROR 5", "extractedValues": {"$level": "ERROR", "$code": "5"}}]
    logs.delete_metric_filter(logGroupName=group, filterName="errors")
    with pytest.raises(ClientError):
        logs.delete_metric_filter(logGroupName=group, filterName="errors")


def test_metric_filter_publishes(logs: Any, stream: tuple[str, str], cumulo: CumuloServer) -> None:
    group, name = stream
    cw = boto3.client("cloudwatch", endpoint_url=cumulo.url, region_name="us-east-1")
    logs.put_metric_filter(logGroupName=group, filterName="latency", filterPattern="{ $.latency = * }", metricTransformations=[
        {"metricName": "Latency", "metricNamespace": "Web", "metricValue": "$.latency", "dimensions": {"Path": "$.path"}, "unit": "Milliseconds"},
    ])
    logs.put_metric_filter(logGroupName=group, filterName="errors", filterPattern="[level = ERROR, ...]", metricTransformations=[
        {"metricName": "Errors", "metricNamespace": "Web", "metricValue": "1", "defaultValue": 0.0},
    ])
    t = int(time.time() * 1000)
    logs.put_log_events(logGroupName=group, logStreamName=name, logEvents=[
        {"timestamp": t, "message": '{"latency": 120, "path": "/a"}'},
        {"timestamp": t + 1, "message": '{"latency": 80, "path": "/a"}'},
        {"timestamp": t + 2, "message": "ERROR boom"},
    ])
    from datetime import datetime, timedelta, timezone

    start = datetime.fromtimestamp(t / 1000, tz=timezone.utc) - timedelta(minutes=1)
    lat = cw.get_metric_statistics(Namespace="Web", MetricName="Latency", Dimensions=[{"Name": "Path", "Value": "/a"}],
                                   StartTime=start, EndTime=start + timedelta(minutes=5), Period=300, Statistics=["Sum", "SampleCount"])
    assert [(p["Sum"], p["SampleCount"], p["Unit"]) for p in lat["Datapoints"]] == [(200.0, 2.0, "Milliseconds")]
    errs = cw.get_metric_statistics(Namespace="Web", MetricName="Errors", StartTime=start, EndTime=start + timedelta(minutes=5),
                                    Period=300, Statistics=["Sum", "SampleCount"])
    assert [(p["Sum"], p["SampleCount"]) for p in errs["Datapoints"]] == [(1.0, 3.0)]


def test_subscription_to_kinesis(logs: Any, stream: tuple[str, str], cumulo: CumuloServer) -> None:
    group, name = stream
    kinesis = boto3.client("kinesis", endpoint_url=cumulo.url, region_name="us-east-1")
    kinesis.create_stream(StreamName="logs-out", ShardCount=1)
    arn = kinesis.describe_stream_summary(StreamName="logs-out")["StreamDescriptionSummary"]["StreamARN"]
    logs.put_subscription_filter(logGroupName=group, filterName="k", filterPattern="", destinationArn=arn,
                                 roleArn="arn:aws:iam::000000000000:role/cwl-to-kinesis")
    t = int(time.time() * 1000)
    logs.put_log_events(logGroupName=group, logStreamName=name, logEvents=[{"timestamp": t, "message": "to kinesis"}])
    shard = kinesis.list_shards(StreamName="logs-out")["Shards"][0]["ShardId"]
    it = kinesis.get_shard_iterator(StreamName="logs-out", ShardId=shard, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    records = kinesis.get_records(ShardIterator=it)["Records"]
    doc = json.loads(gzip.decompress(records[0]["Data"]))
    assert (doc["logGroup"], doc["logStream"], [e["message"] for e in doc["logEvents"]]) == (group, name, ["to kinesis"])
