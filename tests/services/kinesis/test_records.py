"""Records through boto3: routing, sequence numbers, iterators of every type, paging, limits."""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone
from typing import Any

import pytest
from botocore.exceptions import ClientError

from cumulo.testing import ClockControl
from tests.services.kinesis.conftest import read_all


def shard_for(key: str) -> str:
    return "shardId-000000000000" if int(hashlib.md5(key.encode()).hexdigest(), 16) < 2**127 else "shardId-000000000001"


def test_partition_keys_route_by_md5_and_sequence_numbers_grow(kinesis: Any, stream: str) -> None:
    seen: dict[str, list[int]] = {}
    for i in range(40):
        key = f"key-{i}"
        out = kinesis.put_record(StreamName=stream, Data=f"d{i}".encode(), PartitionKey=key)
        assert out["ShardId"] == shard_for(key)
        seen.setdefault(out["ShardId"], []).append(int(out["SequenceNumber"]))
    for numbers in seen.values():
        assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)
    got = read_all(kinesis, stream, "shardId-000000000000")
    assert [int(r["SequenceNumber"]) for r in got] == seen["shardId-000000000000"]
    assert all(shard_for(r["PartitionKey"]) == "shardId-000000000000" for r in got)


def test_explicit_hash_key_overrides_the_partition_key(kinesis: Any, stream: str) -> None:
    out = kinesis.put_record(StreamName=stream, Data=b"x", PartitionKey="a", ExplicitHashKey=str(2**128 - 1))
    assert out["ShardId"] == "shardId-000000000001"
    out = kinesis.put_records(StreamName=stream, Records=[{"Data": b"y", "PartitionKey": "a", "ExplicitHashKey": "0"}])
    assert out["Records"][0]["ShardId"] == "shardId-000000000000"
    with pytest.raises(ClientError) as err:
        kinesis.put_record(StreamName=stream, Data=b"x", PartitionKey="a", ExplicitHashKey=str(2**128))
    assert err.value.response["Error"]["Code"] in ("InvalidArgumentException", "ValidationException")


def test_put_records_batch_and_limits(kinesis: Any, stream: str) -> None:
    out = kinesis.put_records(StreamName=stream, Records=[{"Data": bytes([i % 256]) * 10, "PartitionKey": str(i)} for i in range(500)])
    assert out["FailedRecordCount"] == 0 and len(out["Records"]) == 500
    assert all("SequenceNumber" in r for r in out["Records"])
    total = len(read_all(kinesis, stream, "shardId-000000000000")) + len(read_all(kinesis, stream, "shardId-000000000001"))
    assert total == 500
    with pytest.raises(ClientError) as err:
        kinesis.put_records(StreamName=stream, Records=[{"Data": b"x", "PartitionKey": "k"}] * 501)
    assert err.value.response["Error"]["Code"] == "ValidationException"
    with pytest.raises(ClientError) as err:
        kinesis.put_record(StreamName=stream, Data=b"x" * (1024 * 1024), PartitionKey="k")
    assert err.value.response["Error"]["Code"] == "InvalidArgumentException"


def test_iterator_types(kinesis: Any, stream: str, cumulo_clock: ClockControl) -> None:
    key = "same"
    shard = shard_for(key)
    seqs = [kinesis.put_record(StreamName=stream, Data=f"r{i}".encode(), PartitionKey=key)["SequenceNumber"] for i in range(3)]
    cumulo_clock.advance(10)
    later = datetime.fromtimestamp(cumulo_clock.now(), tz=timezone.utc)
    seqs.append(kinesis.put_record(StreamName=stream, Data=b"r3", PartitionKey=key)["SequenceNumber"])
    data = lambda records: [r["Data"] for r in records]  # noqa: E731
    assert data(read_all(kinesis, stream, shard)) == [b"r0", b"r1", b"r2", b"r3"]
    assert data(read_all(kinesis, stream, shard, "AT_SEQUENCE_NUMBER", StartingSequenceNumber=seqs[1])) == [b"r1", b"r2", b"r3"]
    assert data(read_all(kinesis, stream, shard, "AFTER_SEQUENCE_NUMBER", StartingSequenceNumber=seqs[1])) == [b"r2", b"r3"]
    assert data(read_all(kinesis, stream, shard, "AT_TIMESTAMP", Timestamp=later)) == [b"r3"]
    latest = kinesis.get_shard_iterator(StreamName=stream, ShardId=shard, ShardIteratorType="LATEST")["ShardIterator"]
    assert kinesis.get_records(ShardIterator=latest)["Records"] == []
    kinesis.put_record(StreamName=stream, Data=b"r4", PartitionKey=key)
    assert data(kinesis.get_records(ShardIterator=latest)["Records"]) == [b"r4"]
    other = "shardId-000000000001" if shard.endswith("0") else "shardId-000000000000"
    with pytest.raises(ClientError) as err:
        kinesis.get_shard_iterator(StreamName=stream, ShardId=other, ShardIteratorType="AT_SEQUENCE_NUMBER", StartingSequenceNumber=seqs[0])
    assert err.value.response["Error"]["Code"] == "InvalidArgumentException"


def test_get_records_limit_next_iterator_and_millis_behind(kinesis: Any, stream: str, cumulo_clock: ClockControl) -> None:
    for i in range(5):
        kinesis.put_record(StreamName=stream, Data=bytes([i]), PartitionKey="p")
        cumulo_clock.advance(1)
    shard = shard_for("p")
    iterator = kinesis.get_shard_iterator(StreamName=stream, ShardId=shard, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    first = kinesis.get_records(ShardIterator=iterator, Limit=2)
    assert [r["Data"] for r in first["Records"]] == [b"\x00", b"\x01"] and first["MillisBehindLatest"] > 0
    rest = kinesis.get_records(ShardIterator=first["NextShardIterator"])
    assert [r["Data"] for r in rest["Records"]] == [b"\x02", b"\x03", b"\x04"] and rest["MillisBehindLatest"] == 0
    assert isinstance(rest["Records"][0]["ApproximateArrivalTimestamp"], datetime)


def test_iterators_expire_after_five_minutes_and_bad_ones_are_refused(kinesis: Any, stream: str, cumulo_clock: ClockControl) -> None:
    iterator = kinesis.get_shard_iterator(StreamName=stream, ShardId="shardId-000000000000", ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    cumulo_clock.advance(301)
    with pytest.raises(ClientError) as err:
        kinesis.get_records(ShardIterator=iterator)
    assert err.value.response["Error"]["Code"] == "ExpiredIteratorException"
    assert "tolerated delay of 300000 milliseconds" in err.value.response["Error"]["Message"]
    with pytest.raises(ClientError) as err:
        kinesis.get_records(ShardIterator="not-an-iterator")
    assert err.value.response["Error"]["Code"] == "InvalidArgumentException"
    with pytest.raises(ClientError) as err:
        kinesis.get_shard_iterator(StreamName=stream, ShardId="shardId-000000000009", ShardIteratorType="LATEST")
    assert err.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_an_iterator_of_a_recreated_stream_is_refused(kinesis: Any, stream: str, cumulo_clock: ClockControl) -> None:
    iterator = kinesis.get_shard_iterator(StreamName=stream, ShardId="shardId-000000000000", ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    kinesis.delete_stream(StreamName=stream)
    cumulo_clock.advance(1)
    kinesis.create_stream(StreamName=stream, ShardCount=2)
    with pytest.raises(ClientError) as err:
        kinesis.get_records(ShardIterator=iterator)
    assert err.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_throughput_limits_when_enforced(cumulo: Any, kinesis: Any, stream: str) -> None:
    cumulo.runtime.config.kinesis_enforce_limits = True
    try:
        out = kinesis.put_records(StreamName=stream, Records=[{"Data": b"x", "PartitionKey": "p"}] * 500)
        assert out["FailedRecordCount"] == 0
        out = kinesis.put_records(StreamName=stream, Records=[{"Data": b"x", "PartitionKey": "p"}] * 500)
        out2 = kinesis.put_records(StreamName=stream, Records=[{"Data": b"x", "PartitionKey": "p"}] * 500)
        failed = out["FailedRecordCount"] + out2["FailedRecordCount"]
        assert failed > 0
        errors = [r for r in out["Records"] + out2["Records"] if "ErrorCode" in r]
        assert errors[0]["ErrorCode"] == "ProvisionedThroughputExceededException"
        assert "Rate exceeded for shard" in errors[0]["ErrorMessage"]
    finally:
        cumulo.runtime.config.kinesis_enforce_limits = False


def test_dry_run(kinesis: Any, stream: str) -> None:
    with pytest.raises(ClientError) as err:
        kinesis.get_shard_iterator(StreamName=stream, ShardId="shardId-000000000000", ShardIteratorType="LATEST", DryRun=True)
    assert err.value.response["Error"]["Code"] == "DryRunOperationException"
