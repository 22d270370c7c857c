"""Distributed Map over S3: items from a JSON, JSON Lines or CSV object or a bucket
listing, batched, run as child executions of a Map run, with tolerated failures."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import boto3
import pytest

from cumulo.testing import CumuloServer
from tests.services.stepfunctions.conftest import types


def dmap(reader: dict[str, Any] | None, processor_states: dict[str, Any], **extra: Any) -> dict[str, Any]:
    state: dict[str, Any] = {"Type": "Map", "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                                                              "StartAt": next(iter(processor_states)), "States": processor_states},
                             "End": True, **extra}
    if reader is not None:
        state["ItemReader"] = reader
    return {"StartAt": "Each", "States": {"Each": state}}


@pytest.fixture
def s3(cumulo: CumuloServer) -> Any:
    client = boto3.client("s3", endpoint_url=cumulo.url, region_name="us-east-1")
    client.create_bucket(Bucket="items")
    return client


@pytest.mark.parametrize(("key", "body", "config", "expected"), [
    ("a.json", json.dumps([{"n": 1}, {"n": 2}]), {}, [{"n": 1}, {"n": 2}]),
    ("a.jsonl", '{"n": 1}\n{"n": 2}\n', {"InputType": "JSONL"}, [{"n": 1}, {"n": 2}]),
    ("a.csv", "n,m\n1,x\n2,y\n", {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW"}, [{"n": "1", "m": "x"}, {"n": "2", "m": "y"}]),
])
def test_reads_objects(s3: Any, run: Callable[..., dict[str, Any]], key: str, body: str, config: dict[str, Any], expected: Any) -> None:
    s3.put_object(Bucket="items", Key=key, Body=body.encode())
    reader = {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": config, "Parameters": {"Bucket": "items", "Key": key}}
    ex = run(dmap(reader, {"P": {"Type": "Pass", "End": True}}))
    assert ex["status"] == "SUCCEEDED", ex
    assert json.loads(ex["output"]) == expected


def test_listing_batches_and_map_run(sfn: Any, s3: Any, run: Callable[..., dict[str, Any]]) -> None:
    for i in range(5):
        s3.put_object(Bucket="items", Key=f"k{i}", Body=b"x" * i)
    reader = {"Resource": "arn:aws:states:::s3:listObjectsV2", "Parameters": {"Bucket": "items"}}
    ex = run(dmap(reader, {"Count": {"Type": "Pass", "Parameters": {"keys.$": "$.Items[*].Key", "tag.$": "$.BatchInput.tag"}, "End": True}},
                  ItemBatcher={"MaxItemsPerBatch": 2, "BatchInput": {"tag": "t"}}, MaxConcurrency=2, Label="batches"))
    assert ex["status"] == "SUCCEEDED", ex
    assert json.loads(ex["output"]) == [{"keys": ["k0", "k1"], "tag": "t"}, {"keys": ["k2", "k3"], "tag": "t"}, {"keys": ["k4"], "tag": "t"}]
    kinds = types(sfn, ex["executionArn"])
    assert kinds[kinds.index("MapStateStarted"):kinds.index("MapStateStarted") + 2] == ["MapStateStarted", "MapRunStarted"]
    assert "MapRunSucceeded" in kinds and "MapIterationStarted" not in kinds
    runs = sfn.list_map_runs(executionArn=ex["executionArn"])["mapRuns"]
    assert len(runs) == 1 and ":mapRun:" in runs[0]["mapRunArn"] and "/batches:" in runs[0]["mapRunArn"]
    described = sfn.describe_map_run(mapRunArn=runs[0]["mapRunArn"])
    assert described["status"] == "SUCCEEDED" and described["itemCounts"]["succeeded"] == 3 and described["maxConcurrency"] == 2
    children = sfn.list_executions(mapRunArn=runs[0]["mapRunArn"])["executions"]
    assert len(children) == 3 and {c["status"] for c in children} == {"SUCCEEDED"}
    sfn.update_map_run(mapRunArn=runs[0]["mapRunArn"], maxConcurrency=5)
    assert sfn.describe_map_run(mapRunArn=runs[0]["mapRunArn"])["maxConcurrency"] == 5


def test_tolerated_failures(run: Callable[..., dict[str, Any]]) -> None:
    states = {"Check": {"Type": "Choice", "Choices": [{"Variable": "$.ok", "BooleanEquals": False, "Next": "Bad"}], "Default": "Good"},
              "Bad": {"Type": "Fail", "Error": "Item.Bad"}, "Good": {"Type": "Succeed"}}
    items = [{"ok": True}, {"ok": False}, {"ok": True}, {"ok": True}]
    tolerant = run(dmap(None, states, ToleratedFailureCount=1), items)
    assert tolerant["status"] == "SUCCEEDED"
    assert json.loads(tolerant["output"])[1]["Error"] == "Item.Bad"
    strict = run(dmap(None, states, ToleratedFailurePercentage=10), items)
    assert (strict["status"], strict["error"]) == ("FAILED", "States.ExceedToleratedFailureThreshold")
