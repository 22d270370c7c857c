"""Resharding through boto3: split, merge, uniform scaling, lineage, closed shards, ListShards."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.services.kinesis.conftest import read_all


def shards(kinesis: Any, stream: str, **extra: Any) -> list[dict[str, Any]]:
    return kinesis.list_shards(StreamName=stream, **extra)["Shards"]


def test_split_closes_the_parent_and_children_take_new_records(kinesis: Any) -> None:
    kinesis.create_stream(StreamName="s", ShardCount=1)
    kinesis.put_record(StreamName="s", Data=b"before", PartitionKey="p")
    kinesis.split_shard(StreamName="s", ShardToSplit="shardId-000000000000", NewStartingHashKey=str(2**127))
    listed = shards(kinesis, "s")
    assert [s["ShardId"] for s in listed] == ["shardId-000000000000", "shardId-000000000001", "shardId-000000000002"]
    parent, low, high = listed
    assert "EndingSequenceNumber" in parent["SequenceNumberRange"]
    assert low["ParentShardId"] == high["ParentShardId"] == "shardId-000000000000"
    assert low["HashKeyRange"] == {"StartingHashKey": "0", "EndingHashKey": str(2**127 - 1)}
    assert high["HashKeyRange"] == {"StartingHashKey": str(2**127), "EndingHashKey": str(2**128 - 1)}
    after = kinesis.put_record(StreamName="s", Data=b"after", PartitionKey="p")
    assert after["ShardId"] in ("shardId-000000000001", "shardId-000000000002")
    assert int(after["SequenceNumber"]) > int(parent["SequenceNumberRange"]["EndingSequenceNumber"])
    # The closed parent still serves its records, then ends with its children.
    iterator = kinesis.get_shard_iterator(StreamName="s", ShardId="shardId-000000000000", ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    got = kinesis.get_records(ShardIterator=iterator)
    assert [r["Data"] for r in got["Records"]] == [b"before"]
    assert "NextShardIterator" not in got or got["NextShardIterator"] is None
    assert sorted(c["ShardId"] for c in got["ChildShards"]) == ["shardId-000000000001", "shardId-000000000002"]
    with pytest.raises(ClientError) as err:
        kinesis.split_shard(StreamName="s", ShardToSplit="shardId-000000000000", NewStartingHashKey="5")
    assert err.value.response["Error"]["Code"] == "ResourceInUseException"
    with pytest.raises(ClientError) as err:
        kinesis.split_shard(StreamName="s", ShardToSplit="shardId-000000000001", NewStartingHashKey="0")
    assert err.value.response["Error"]["Code"] == "InvalidArgumentException"


def test_merge_adjacent_shards(kinesis: Any) -> None:
    kinesis.create_stream(StreamName="m", ShardCount=3)
    with pytest.raises(ClientError) as err:
        kinesis.merge_shards(StreamName="m", ShardToMerge="shardId-000000000000", AdjacentShardToMerge="shardId-000000000002")
    assert err.value.response["Error"]["Code"] == "InvalidArgumentException"
    kinesis.merge_shards(StreamName="m", ShardToMerge="shardId-000000000001", AdjacentShardToMerge="shardId-000000000000")
    child = shards(kinesis, "m")[-1]
    assert child["ShardId"] == "shardId-000000000003"
    assert child["ParentShardId"] == "shardId-000000000001" and child["AdjacentParentShardId"] == "shardId-000000000000"
    assert child["HashKeyRange"]["StartingHashKey"] == "0"
    open_ids = [s["ShardId"] for s in shards(kinesis, "m", ShardFilter={"Type": "AT_LATEST"})]
    assert open_ids == ["shardId-000000000002", "shardId-000000000003"]


def test_update_shard_count_uniform_scaling(kinesis: Any) -> None:
    kinesis.create_stream(StreamName="u", ShardCount=2)
    out = kinesis.update_shard_count(StreamName="u", TargetShardCount=4, ScalingType="UNIFORM_SCALING")
    assert out["CurrentShardCount"] == 2 and out["TargetShardCount"] == 4
    open_shards = shards(kinesis, "u", ShardFilter={"Type": "AT_LATEST"})
    assert len(open_shards) == 4 and all(s.get("ParentShardId") for s in open_shards)
    assert kinesis.describe_stream_summary(StreamName="u")["StreamDescriptionSummary"]["OpenShardCount"] == 4
    with pytest.raises(ClientError) as err:
        kinesis.update_shard_count(StreamName="u", TargetShardCount=9, ScalingType="UNIFORM_SCALING")
    assert err.value.response["Error"]["Code"] == "InvalidArgumentException"


def test_list_shards_paging_and_filters(kinesis: Any) -> None:
    kinesis.create_stream(StreamName="l", ShardCount=5)
    first = kinesis.list_shards(StreamName="l", MaxResults=2)
    assert [s["ShardId"] for s in first["Shards"]] == ["shardId-000000000000", "shardId-000000000001"]
    second = kinesis.list_shards(NextToken=first["NextToken"], MaxResults=2)
    assert [s["ShardId"] for s in second["Shards"]] == ["shardId-000000000002", "shardId-000000000003"]
    with pytest.raises(ClientError) as err:
        kinesis.list_shards(NextToken=first["NextToken"], StreamName="l")
    assert err.value.response["Error"]["Code"] == "InvalidArgumentException"
    after = kinesis.list_shards(StreamName="l", ShardFilter={"Type": "AFTER_SHARD_ID", "ShardId": "shardId-000000000003"})
    assert [s["ShardId"] for s in after["Shards"]] == ["shardId-000000000004"]
    now = datetime.now(timezone.utc)
    assert len(kinesis.list_shards(StreamName="l", ShardFilter={"Type": "FROM_TIMESTAMP", "Timestamp": now})["Shards"]) == 5
    assert len(kinesis.list_shards(StreamName="l", ExclusiveStartShardId="shardId-000000000001")["Shards"]) == 3
    described = kinesis.describe_stream(StreamName="l", Limit=2)["StreamDescription"]
    assert described["HasMoreShards"] is True and len(described["Shards"]) == 2


def test_a_consumer_following_lineage_reads_every_record_once_in_order(kinesis: Any) -> None:
    kinesis.create_stream(StreamName="lin", ShardCount=1)
    for i in range(3):
        kinesis.put_record(StreamName="lin", Data=f"a{i}".encode(), PartitionKey=f"k{i}")
    kinesis.split_shard(StreamName="lin", ShardToSplit="shardId-000000000000", NewStartingHashKey=str(2**127))
    for i in range(6):
        kinesis.put_record(StreamName="lin", Data=f"b{i}".encode(), PartitionKey=f"k{i}")
    kinesis.merge_shards(StreamName="lin", ShardToMerge="shardId-000000000001", AdjacentShardToMerge="shardId-000000000002")
    kinesis.put_record(StreamName="lin", Data=b"c", PartitionKey="k")
    seen: list[bytes] = []
    done: set[str] = set()
    todo = ["shardId-000000000000"]
    while todo:
        shard = todo.pop(0)
        seen += [r["Data"] for r in read_all(kinesis, "lin", shard)]
        done.add(shard)
        for s in shards(kinesis, "lin"):
            parents = {s.get("ParentShardId"), s.get("AdjacentParentShardId")} - {None}
            if s["ShardId"] not in done and s["ShardId"] not in todo and parents and parents <= done:
                todo.append(s["ShardId"])
    assert sorted(seen) == sorted([b"a0", b"a1", b"a2"] + [f"b{i}".encode() for i in range(6)] + [b"c"])
    assert seen[:3] == [b"a0", b"a1", b"a2"] and seen[-1] == b"c"
