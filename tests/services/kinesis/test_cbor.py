"""Kinesis in CBOR, as the Java and Go SDKs and the KCL send it: `application/x-amz-cbor-1.1`
bodies with `X-Amz-Target`, answered in CBOR (blobs as byte strings, timestamps in epoch ms)."""

from __future__ import annotations

import time
from typing import Any

import cbor2
import httpx

from cumulo.testing import CumuloServer

AUTH = "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/kinesis/aws4_request, SignedHeaders=host, Signature=0"


def call(server: CumuloServer, operation: str, body: dict[str, Any]) -> tuple[int, dict[str, str], Any]:
    response = httpx.post(
        server.url + "/",
        content=cbor2.dumps(body),
        headers={"Content-Type": "application/x-amz-cbor-1.1", "X-Amz-Target": f"Kinesis_20131202.{operation}", "Authorization": AUTH},
    )
    return response.status_code, dict(response.headers), cbor2.loads(response.content) if response.content else None


def test_every_call_of_a_cbor_consumer(cumulo: CumuloServer) -> None:
    assert call(cumulo, "CreateStream", {"StreamName": "c", "ShardCount": 1})[0] == 200
    status, headers, put = call(cumulo, "PutRecord", {"StreamName": "c", "Data": b"\x00\xffbinary", "PartitionKey": "k"})
    assert status == 200 and headers["content-type"] == "application/x-amz-cbor-1.1"
    assert put["ShardId"] == "shardId-000000000000" and len(put["SequenceNumber"]) == 56
    _, _, batch = call(cumulo, "PutRecords", {"StreamName": "c", "Records": [{"Data": b"two", "PartitionKey": "k"}]})
    assert batch["FailedRecordCount"] == 0
    _, _, shards = call(cumulo, "ListShards", {"StreamName": "c"})
    assert [s["ShardId"] for s in shards["Shards"]] == ["shardId-000000000000"]
    _, _, it = call(cumulo, "GetShardIterator", {"StreamName": "c", "ShardId": "shardId-000000000000", "ShardIteratorType": "AT_TIMESTAMP",
                                                  "Timestamp": int((time.time() - 60) * 1000)})
    _, _, got = call(cumulo, "GetRecords", {"ShardIterator": it["ShardIterator"]})
    assert [r["Data"] for r in got["Records"]] == [b"\x00\xffbinary", b"two"]
    arrival = got["Records"][0]["ApproximateArrivalTimestamp"]
    assert isinstance(arrival, int) and abs(arrival / 1000 - time.time()) < 300
    _, _, summary = call(cumulo, "DescribeStreamSummary", {"StreamName": "c"})
    assert isinstance(summary["StreamDescriptionSummary"]["StreamCreationTimestamp"], int)


def test_errors_are_cbor_maps(cumulo: CumuloServer) -> None:
    status, headers, body = call(cumulo, "DescribeStream", {"StreamName": "missing"})
    assert status == 400 and headers["x-amzn-errortype"] == "ResourceNotFoundException"
    assert body == {"__type": "ResourceNotFoundException", "message": "Stream missing under account 000000000000 not found."}
    status, _, body = call(cumulo, "CreateStream", {"StreamName": "bad name!", "ShardCount": 1})
    assert status == 400 and body["__type"] == "ValidationException"
    response = httpx.post(cumulo.url + "/", content=b"\xff\xff", headers={"Content-Type": "application/x-amz-cbor-1.1", "X-Amz-Target": "Kinesis_20131202.ListStreams", "Authorization": AUTH})
    assert response.status_code == 400 and cbor2.loads(response.content)["__type"] == "SerializationException"
