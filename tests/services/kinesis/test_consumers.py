"""Enhanced fan-out through boto3: consumers, and SubscribeToShard's event stream."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from botocore.exceptions import ClientError


def consumer(kinesis: Any, stream: str, name: str = "app") -> dict[str, Any]:
    arn = kinesis.describe_stream_summary(StreamName=stream)["StreamDescriptionSummary"]["StreamARN"]
    return kinesis.register_stream_consumer(StreamARN=arn, ConsumerName=name)["Consumer"] | {"StreamARN": arn}


def test_register_describe_list_deregister(kinesis: Any, stream: str) -> None:
    c = consumer(kinesis, stream)
    assert c["ConsumerARN"].startswith(c["StreamARN"] + "/consumer/app:")
    assert c["ConsumerStatus"] == "ACTIVE"
    described = kinesis.describe_stream_consumer(ConsumerARN=c["ConsumerARN"])["ConsumerDescription"]
    assert described["StreamARN"] == c["StreamARN"] and described["ConsumerName"] == "app"
    assert kinesis.describe_stream_consumer(StreamARN=c["StreamARN"], ConsumerName="app")["ConsumerDescription"]["ConsumerARN"] == c["ConsumerARN"]
    consumer(kinesis, stream, "second")
    listed = kinesis.list_stream_consumers(StreamARN=c["StreamARN"], MaxResults=1)
    assert [x["ConsumerName"] for x in listed["Consumers"]] == ["app"]
    assert [x["ConsumerName"] for x in kinesis.list_stream_consumers(StreamARN=c["StreamARN"], NextToken=listed["NextToken"])["Consumers"]] == ["second"]
    with pytest.raises(ClientError) as err:
        kinesis.register_stream_consumer(StreamARN=c["StreamARN"], ConsumerName="app")
    assert err.value.response["Error"]["Code"] == "ResourceInUseException"
    with pytest.raises(ClientError) as err:
        kinesis.delete_stream(StreamName=stream)
    assert err.value.response["Error"]["Code"] == "ResourceInUseException"
    kinesis.deregister_stream_consumer(ConsumerARN=c["ConsumerARN"])
    with pytest.raises(ClientError) as err:
        kinesis.describe_stream_consumer(ConsumerARN=c["ConsumerARN"])
    assert err.value.response["Error"]["Code"] == "ResourceNotFoundException"
    kinesis.delete_stream(StreamName=stream, EnforceConsumerDeletion=True)


def test_subscribe_to_shard_streams_existing_and_new_records(kinesis: Any) -> None:
    kinesis.create_stream(StreamName="fan", ShardCount=1)
    c = consumer(kinesis, "fan")
    kinesis.put_record(StreamName="fan", Data=b"first", PartitionKey="p")
    out = kinesis.subscribe_to_shard(ConsumerARN=c["ConsumerARN"], ShardId="shardId-000000000000", StartingPosition={"Type": "TRIM_HORIZON"})

    def later() -> None:
        time.sleep(0.3)
        kinesis.put_record(StreamName="fan", Data=b"second", PartitionKey="p")

    writer = threading.Thread(target=later)
    writer.start()
    got: list[bytes] = []
    continuation = None
    for event in out["EventStream"]:
        shard_event = event["SubscribeToShardEvent"]
        got += [r["Data"] for r in shard_event["Records"]]
        continuation = shard_event["ContinuationSequenceNumber"]
        if len(got) >= 2:
            break
    out["EventStream"].close()
    writer.join()
    assert got == [b"first", b"second"]
    # Resuming after the continuation number sees only what came next.
    kinesis.put_record(StreamName="fan", Data=b"third", PartitionKey="p")
    again = kinesis.subscribe_to_shard(
        ConsumerARN=c["ConsumerARN"], ShardId="shardId-000000000000", StartingPosition={"Type": "AFTER_SEQUENCE_NUMBER", "SequenceNumber": continuation}
    )
    first_event = next(iter(again["EventStream"]))["SubscribeToShardEvent"]
    again["EventStream"].close()
    assert [r["Data"] for r in first_event["Records"]] == [b"third"]


def test_subscribe_to_a_closed_shard_ends_with_its_children(kinesis: Any) -> None:
    kinesis.create_stream(StreamName="fan2", ShardCount=1)
    c = consumer(kinesis, "fan2")
    kinesis.put_record(StreamName="fan2", Data=b"x", PartitionKey="p")
    kinesis.split_shard(StreamName="fan2", ShardToSplit="shardId-000000000000", NewStartingHashKey=str(2**127))
    out = kinesis.subscribe_to_shard(ConsumerARN=c["ConsumerARN"], ShardId="shardId-000000000000", StartingPosition={"Type": "TRIM_HORIZON"})
    events = [e["SubscribeToShardEvent"] for e in out["EventStream"]]
    assert [r["Data"] for r in events[0]["Records"]] == [b"x"]
    assert sorted(c["ShardId"] for c in events[-1]["ChildShards"]) == ["shardId-000000000001", "shardId-000000000002"]


def test_subscribe_with_an_unknown_consumer(kinesis: Any, stream: str) -> None:
    arn = kinesis.describe_stream_summary(StreamName=stream)["StreamDescriptionSummary"]["StreamARN"]
    with pytest.raises(ClientError) as err:
        kinesis.subscribe_to_shard(ConsumerARN=f"{arn}/consumer/ghost:1", ShardId="shardId-000000000000", StartingPosition={"Type": "LATEST"})
    assert err.value.response["Error"]["Code"] == "ResourceNotFoundException"
