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


def test_result_writer_exports_results_and_a_manifest_to_s3(s3: Any, run: Callable[..., dict[str, Any]]) -> None:
    s3.create_bucket(Bucket="results")
    states = {"Check": {"Type": "Choice", "Choices": [{"Variable": "$.ok", "BooleanEquals": False, "Next": "Bad"}], "Default": "Good"},
              "Bad": {"Type": "Fail", "Error": "Item.Bad", "Cause": "no"}, "Good": {"Type": "Pass", "Parameters": {"done.$": "$.n"}, "End": True}}
    writer = {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "results", "Prefix": "jobs"}}
    items = [{"ok": True, "n": 1}, {"ok": False, "n": 2}, {"ok": True, "n": 3}]
    ex = run(dmap(None, states, ResultWriter=writer, ToleratedFailureCount=1), items)
    assert ex["status"] == "SUCCEEDED", ex
    out = json.loads(ex["output"])
    run_id = out["MapRunArn"].rsplit(":", 1)[1]
    assert out["ResultWriterDetails"] == {"Bucket": "results", "Key": f"jobs/{run_id}/manifest.json"}
    manifest = json.loads(s3.get_object(Bucket="results", Key=f"jobs/{run_id}/manifest.json")["Body"].read())
    assert manifest["MapRunArn"] == out["MapRunArn"] and manifest["DestinationBucket"] == "results"
    assert [f["Key"] for f in manifest["ResultFiles"]["SUCCEEDED"]] == [f"jobs/{run_id}/SUCCEEDED_0.json"]
    assert manifest["ResultFiles"]["PENDING"] == []
    succeeded = json.loads(s3.get_object(Bucket="results", Key=f"jobs/{run_id}/SUCCEEDED_0.json")["Body"].read())
    assert sorted(json.loads(e["Output"])["done"] for e in succeeded) == [1, 3]
    assert all(e["Status"] == "SUCCEEDED" and e["ExecutionArn"] and e["StartDate"].endswith("Z") for e in succeeded)
    size = s3.head_object(Bucket="results", Key=f"jobs/{run_id}/SUCCEEDED_0.json")["ContentLength"]
    assert manifest["ResultFiles"]["SUCCEEDED"][0]["Size"] == size
    failed = json.loads(s3.get_object(Bucket="results", Key=f"jobs/{run_id}/FAILED_0.json")["Body"].read())
    assert [(e["Error"], e["Cause"], json.loads(e["Input"])["n"]) for e in failed] == [("Item.Bad", "no", 2)]


def test_result_writer_transformations_without_s3(run: Callable[..., dict[str, Any]]) -> None:
    states = {"Two": {"Type": "Pass", "Parameters": {"a.$": "$.n", "b.$": "$.n"}, "OutputPath": "$.*", "End": True}}
    flat = run(dmap(None, states, ResultWriter={"WriterConfig": {"Transformation": "FLATTEN"}}), [{"n": 1}, {"n": 2}])
    assert json.loads(flat["output"]) == [1, 1, 2, 2]
    compact = run(dmap(None, states, ResultWriter={"WriterConfig": {"Transformation": "COMPACT"}}), [{"n": 1}])
    assert json.loads(compact["output"]) == [[1, 1]]
    lines = run(dmap(None, states, ResultWriter={"WriterConfig": {"Transformation": "NONE"}}), [{"n": 1}])
    assert json.loads(json.loads(lines["output"])[0]["Output"]) == [1, 1]
