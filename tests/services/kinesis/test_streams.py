"""Streams through boto3: create, describe, list, retention, tags, modes, encryption, limits."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from cumulo.testing import ClockControl


def test_create_describe_and_shards_cover_the_hash_space(kinesis: Any, stream: str) -> None:
    desc = kinesis.describe_stream(StreamName=stream)["StreamDescription"]
    assert desc["StreamStatus"] == "ACTIVE"
    assert desc["StreamARN"] == "arn:aws:kinesis:us-east-1:000000000000:stream/events"
    assert desc["RetentionPeriodHours"] == 24 and desc["HasMoreShards"] is False
    assert [s["ShardId"] for s in desc["Shards"]] == ["shardId-000000000000", "shardId-000000000001"]
    ranges = [(int(s["HashKeyRange"]["StartingHashKey"]), int(s["HashKeyRange"]["EndingHashKey"])) for s in desc["Shards"]]
    assert ranges == [(0, 2**127 - 1), (2**127, 2**128 - 1)]
    assert len(desc["Shards"][0]["SequenceNumberRange"]["StartingSequenceNumber"]) == 56
    kinesis.get_waiter("stream_exists").wait(StreamName=stream)


def test_create_twice_and_missing_streams(kinesis: Any, stream: str) -> None:
    with pytest.raises(ClientError) as err:
        kinesis.create_stream(StreamName=stream, ShardCount=1)
    assert err.value.response["Error"]["Code"] == "ResourceInUseException"
    assert err.value.response["Error"]["Message"] == "Stream events under account 000000000000 already exists."
    with pytest.raises(ClientError) as err:
        kinesis.describe_stream(StreamName="nope")
    assert err.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert err.value.response["Error"]["Message"] == "Stream nope under account 000000000000 not found."
    with pytest.raises(ClientError) as err:
        kinesis.create_stream(StreamName="bad name!", ShardCount=1)
    assert err.value.response["Error"]["Code"] == "ValidationException"


def test_summary_by_arn_and_list_streams_paging(kinesis: Any) -> None:
    for name in ("a", "b", "c"):
        kinesis.create_stream(StreamName=name, ShardCount=1)
    arn = kinesis.describe_stream_summary(StreamName="b")["StreamDescriptionSummary"]["StreamARN"]
    summary = kinesis.describe_stream_summary(StreamARN=arn)["StreamDescriptionSummary"]
    assert summary["StreamName"] == "b" and summary["OpenShardCount"] == 1 and summary["ConsumerCount"] == 0
    first = kinesis.list_streams(Limit=2)
    assert first["StreamNames"] == ["a", "b"] and first["HasMoreStreams"] is True
    rest = kinesis.list_streams(NextToken=first["NextToken"])
    assert rest["StreamNames"] == ["c"] and rest["HasMoreStreams"] is False
    assert [s["StreamName"] for s in kinesis.get_paginator("list_streams").paginate(PaginationConfig={"PageSize": 1}).build_full_result()["StreamSummaries"]] == ["a", "b", "c"]


def test_on_demand_streams(kinesis: Any) -> None:
    kinesis.create_stream(StreamName="od", StreamModeDetails={"StreamMode": "ON_DEMAND"})
    summary = kinesis.describe_stream_summary(StreamName="od")["StreamDescriptionSummary"]
    assert summary["StreamModeDetails"] == {"StreamMode": "ON_DEMAND"} and summary["OpenShardCount"] == 4
    with pytest.raises(ClientError) as err:
        kinesis.create_stream(StreamName="od2", ShardCount=1, StreamModeDetails={"StreamMode": "ON_DEMAND"})
    assert err.value.response["Error"]["Code"] == "InvalidArgumentException"
    kinesis.update_stream_mode(StreamARN=summary["StreamARN"], StreamModeDetails={"StreamMode": "PROVISIONED"})
    assert kinesis.describe_stream_summary(StreamName="od")["StreamDescriptionSummary"]["StreamModeDetails"]["StreamMode"] == "PROVISIONED"


def test_retention_rules(kinesis: Any, stream: str) -> None:
    kinesis.increase_stream_retention_period(StreamName=stream, RetentionPeriodHours=48)
    assert kinesis.describe_stream_summary(StreamName=stream)["StreamDescriptionSummary"]["RetentionPeriodHours"] == 48
    for call, hours in ((kinesis.increase_stream_retention_period, 24), (kinesis.decrease_stream_retention_period, 72),
                        (kinesis.decrease_stream_retention_period, 12), (kinesis.increase_stream_retention_period, 9000)):
        with pytest.raises(ClientError) as err:
            call(StreamName=stream, RetentionPeriodHours=hours)
        assert err.value.response["Error"]["Code"] == "InvalidArgumentException"
    kinesis.decrease_stream_retention_period(StreamName=stream, RetentionPeriodHours=24)


def test_records_past_retention_are_trimmed_on_the_clock(kinesis: Any, stream: str, cumulo_clock: ClockControl, cumulo: Any) -> None:
    kinesis.put_record(StreamName=stream, Data=b"old", PartitionKey="k")
    cumulo_clock.advance(23 * 3600)
    kinesis.put_record(StreamName=stream, Data=b"new", PartitionKey="k")
    cumulo_clock.advance(3600 + 61)
    shard = kinesis.put_record(StreamName=stream, Data=b"newest", PartitionKey="k")["ShardId"]
    iterator = kinesis.get_shard_iterator(StreamName=stream, ShardId=shard, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    assert [r["Data"] for r in kinesis.get_records(ShardIterator=iterator)["Records"]] == [b"new", b"newest"]


def test_tags(kinesis: Any, stream: str) -> None:
    kinesis.add_tags_to_stream(StreamName=stream, Tags={"team": "a", "env": "dev"})
    assert kinesis.list_tags_for_stream(StreamName=stream)["Tags"] == [{"Key": "env", "Value": "dev"}, {"Key": "team", "Value": "a"}]
    page = kinesis.list_tags_for_stream(StreamName=stream, Limit=1)
    assert page["HasMoreTags"] is True and page["Tags"] == [{"Key": "env", "Value": "dev"}]
    kinesis.remove_tags_from_stream(StreamName=stream, TagKeys=["env"])
    arn = kinesis.describe_stream_summary(StreamName=stream)["StreamDescriptionSummary"]["StreamARN"]
    kinesis.tag_resource(ResourceARN=arn, Tags={"x": "1"})
    assert kinesis.list_tags_for_resource(ResourceARN=arn)["Tags"] == [{"Key": "team", "Value": "a"}, {"Key": "x", "Value": "1"}]
    kinesis.untag_resource(ResourceARN=arn, TagKeys=["team"])
    assert kinesis.list_tags_for_stream(StreamName=stream)["Tags"] == [{"Key": "x", "Value": "1"}]
    with pytest.raises(ClientError) as err:
        kinesis.add_tags_to_stream(StreamName=stream, Tags={f"k{i}": "v" for i in range(50)})
    assert err.value.response["Error"]["Code"] == "InvalidArgumentException"


def test_monitoring_encryption_limits_and_settings(kinesis: Any, stream: str) -> None:
    out = kinesis.enable_enhanced_monitoring(StreamName=stream, ShardLevelMetrics=["IncomingBytes", "OutgoingRecords"])
    assert out["CurrentShardLevelMetrics"] == [] and out["DesiredShardLevelMetrics"] == ["IncomingBytes", "OutgoingRecords"]
    out = kinesis.disable_enhanced_monitoring(StreamName=stream, ShardLevelMetrics=["ALL"])
    assert out["DesiredShardLevelMetrics"] == []
    kinesis.start_stream_encryption(StreamName=stream, EncryptionType="KMS", KeyId="alias/aws/kinesis")
    summary = kinesis.describe_stream_summary(StreamName=stream)["StreamDescriptionSummary"]
    assert summary["EncryptionType"] == "KMS" and summary["KeyId"] == "alias/aws/kinesis"
    put = kinesis.put_record(StreamName=stream, Data=b"x", PartitionKey="p")
    assert put["EncryptionType"] == "KMS"
    kinesis.stop_stream_encryption(StreamName=stream, EncryptionType="KMS", KeyId="alias/aws/kinesis")
    assert kinesis.describe_stream_summary(StreamName=stream)["StreamDescriptionSummary"]["EncryptionType"] == "NONE"
    limits = kinesis.describe_limits()
    assert limits["OpenShardCount"] == 2 and limits["ShardLimit"] == 500
    assert kinesis.describe_account_settings()["MinimumThroughputBillingCommitment"]["Status"] == "DISABLED"
    kinesis.update_account_settings(MinimumThroughputBillingCommitment={"Status": "ENABLED"})
    assert kinesis.describe_account_settings()["MinimumThroughputBillingCommitment"]["Status"] == "ENABLED"
    arn = kinesis.describe_stream_summary(StreamName=stream)["StreamDescriptionSummary"]["StreamARN"]
    kinesis.update_max_record_size(StreamARN=arn, MaxRecordSizeInKiB=2048)
    kinesis.update_stream_record_distribution_strategy(StreamARN=arn, RecordDistributionStrategy="USER_PARTITION_KEY")
    summary = kinesis.describe_stream_summary(StreamName=stream)["StreamDescriptionSummary"]
    assert summary["MaxRecordSizeInKiB"] == 2048 and summary["RecordDistributionStrategy"] == "USER_PARTITION_KEY"


def test_status_delay_shows_creating_then_active(cumulo: Any, kinesis: Any, cumulo_clock: ClockControl) -> None:
    cumulo.runtime.config.kinesis_status_delay = 10.0
    try:
        kinesis.create_stream(StreamName="slow", ShardCount=1)
        assert kinesis.describe_stream_summary(StreamName="slow")["StreamDescriptionSummary"]["StreamStatus"] == "CREATING"
        with pytest.raises(ClientError) as err:
            kinesis.split_shard(StreamName="slow", ShardToSplit="shardId-000000000000", NewStartingHashKey=str(2**127))
        assert err.value.response["Error"]["Code"] == "ResourceInUseException"
        cumulo_clock.advance(11)
        assert kinesis.describe_stream_summary(StreamName="slow")["StreamDescriptionSummary"]["StreamStatus"] == "ACTIVE"
    finally:
        cumulo.runtime.config.kinesis_status_delay = 0.0


def test_delete_stream_and_its_records(kinesis: Any, stream: str) -> None:
    kinesis.put_record(StreamName=stream, Data=b"x", PartitionKey="p")
    kinesis.delete_stream(StreamName=stream)
    assert kinesis.list_streams()["StreamNames"] == []
    kinesis.create_stream(StreamName=stream, ShardCount=1)
    iterator = kinesis.get_shard_iterator(StreamName=stream, ShardId="shardId-000000000000", ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    assert kinesis.get_records(ShardIterator=iterator)["Records"] == []
