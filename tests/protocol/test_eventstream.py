"""Event streams: the binary framing, and whole streamed answers read by botocore clients."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone

import pytest
from botocore.eventstream import EventStreamBuffer
from botocore.exceptions import EventStreamError

from cumulo.core.errors import AwsError
from cumulo.protocol import eventstream
from cumulo.protocol.serializing import serialize
from tests.protocol.serializer_clients import client

RID = "req-1"
WHEN = datetime(2024, 5, 6, 7, 8, 9, 123000, tzinfo=timezone.utc)
CONSUMER = "arn:aws:kinesis:us-east-1:000000000000:stream/s/consumer/c:1"


def decode(data: bytes) -> list:
    buffer = EventStreamBuffer()
    buffer.add_data(data)
    return list(buffer)


def test_framing_round_trips_every_header_type() -> None:
    ident = uuid.uuid4()
    headers = {
        "t": True,
        "f": False,
        "byte": eventstream.Typed(2, -7),
        "short": eventstream.Typed(3, 300),
        "int": 70000,
        "long": 2**40,
        "bytes": b"\x00\x01",
        "str": "héllo",
        "time": WHEN,
        "id": ident,
    }
    data = eventstream.encode_message(headers, b"payload") + eventstream.encode_message({"n": 1})
    first, second = decode(data)
    assert first.payload == b"payload"
    assert first.headers == {
        "t": True, "f": False, "byte": -7, "short": 300, "int": 70000, "long": 2**40,
        "bytes": b"\x00\x01", "str": "héllo", "time": int(WHEN.timestamp() * 1000), "id": ident.bytes,
    }
    assert second.headers == {"n": 1} and second.payload == b""


def test_crc_covers_the_message() -> None:
    data = bytearray(eventstream.encode_message({":message-type": "event"}, b"abc"))
    data[-5] ^= 0xFF
    with pytest.raises(Exception, match="Checksum"):
        decode(bytes(data))


def record(seq: str) -> dict:
    return {"SequenceNumber": seq, "ApproximateArrivalTimestamp": WHEN, "Data": b"\x00data", "PartitionKey": "pk"}


def shard_events():
    yield {"SubscribeToShardEvent": {"Records": [record("1")], "ContinuationSequenceNumber": "1", "MillisBehindLatest": 0}}
    yield {"SubscribeToShardEvent": {"Records": [], "ContinuationSequenceNumber": "2", "MillisBehindLatest": 5}}


async def async_shard_events():
    for event in shard_events():
        yield event
    raise AwsError("ResourceNotFoundException", "Stream s was deleted.")


def subscribe(protocol: str | None, events) -> list:
    made, answer = client("kinesis", protocol)
    op = made.meta.service_model.operation_model("SubscribeToShard")
    answer.response = serialize(op, {"EventStream": events}, made.meta.service_model.resolved_protocol, RID)
    result = made.subscribe_to_shard(ConsumerARN=CONSUMER, ShardId="shardId-000000000000",
                                     StartingPosition={"Type": "LATEST"})
    assert result["ResponseMetadata"]["RequestId"] == RID
    return result["EventStream"]


@pytest.mark.parametrize("protocol", [None, "smithy-rpc-v2-cbor"], ids=["json", "cbor"])
def test_rpc_stream_starts_with_initial_response(protocol: str | None) -> None:
    events = list(subscribe(protocol, shard_events()))
    assert len(events) == 2
    first = events[0]["SubscribeToShardEvent"]
    assert first["Records"][0]["Data"] == b"\x00data"
    assert first["Records"][0]["ApproximateArrivalTimestamp"] == WHEN
    assert first["ContinuationSequenceNumber"] == "1"
    assert events[1]["SubscribeToShardEvent"]["MillisBehindLatest"] == 5


@pytest.mark.parametrize("protocol", [None, "smithy-rpc-v2-cbor"], ids=["json", "cbor"])
def test_modeled_exception_ends_an_async_stream(protocol: str | None) -> None:
    stream = iter(subscribe(protocol, async_shard_events()))
    assert "SubscribeToShardEvent" in next(stream)
    assert "SubscribeToShardEvent" in next(stream)
    with pytest.raises(EventStreamError) as caught:
        next(stream)
    assert caught.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert caught.value.response["Error"]["Message"] == "Stream s was deleted."


def test_unmodeled_error_ends_the_stream() -> None:
    def events():
        yield {"SubscribeToShardEvent": {"Records": [], "ContinuationSequenceNumber": "1", "MillisBehindLatest": 0}}
        raise AwsError("ThrottlingException", "Slow down.")

    stream = iter(subscribe(None, events()))
    next(stream)
    with pytest.raises(EventStreamError) as caught:
        next(stream)
    assert caught.value.response["Error"] == {"Code": "ThrottlingException", "Message": "Slow down."}


def test_rest_xml_stream_with_blob_and_structure_payloads() -> None:
    made, answer = client("s3")
    op = made.meta.service_model.operation_model("SelectObjectContent")
    events = [
        {"Records": {"Payload": b"a,b\n1,2\n"}},
        {"Stats": {"Details": {"BytesScanned": 10, "BytesProcessed": 10, "BytesReturned": 8}}},
        {"Cont": {}},
        {"End": {}},
    ]
    answer.response = serialize(op, {"Payload": events}, "rest-xml", RID)
    assert answer.response.headers["Content-Type"] == "application/vnd.amazon.eventstream"
    result = made.select_object_content(
        Bucket="b", Key="k", Expression="select * from s3object", ExpressionType="SQL",
        InputSerialization={"CSV": {}}, OutputSerialization={"CSV": {}},
    )
    assert result["ResponseMetadata"]["RequestId"] == RID
    assert list(result["Payload"]) == [
        {"Records": {"Payload": b"a,b\n1,2\n"}},
        {"Stats": {"Details": {"BytesScanned": 10, "BytesProcessed": 10, "BytesReturned": 8}}},
        {"Cont": {}},
        {"End": {}},
    ]


def test_rest_json_stream_keeps_header_members() -> None:
    made, answer = client("lambda")
    op = made.meta.service_model.operation_model("InvokeWithResponseStream")

    async def chunks():
        yield {"PayloadChunk": {"Payload": b'{"partial":'}}
        yield {"PayloadChunk": {"Payload": b"1}"}}
        yield {"InvokeComplete": {"LogResult": "bG9n"}}

    result = {"StatusCode": 200, "ExecutedVersion": "$LATEST", "EventStream": chunks()}
    answer.response = serialize(op, result, "rest-json", RID)
    got = made.invoke_with_response_stream(FunctionName="f")
    assert got["StatusCode"] == 200
    assert got["ExecutedVersion"] == "$LATEST"
    assert list(got["EventStream"]) == [
        {"PayloadChunk": {"Payload": b'{"partial":'}},
        {"PayloadChunk": {"Payload": b"1}"}},
        {"InvokeComplete": {"LogResult": "bG9n"}},
    ]
