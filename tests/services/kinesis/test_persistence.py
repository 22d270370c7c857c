"""Streams, shards, records and consumers survive a restart with a data directory;
entities round-trip through the store's codec; the AWS CLI drives a stream."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import boto3

from cumulo.config import Config
from cumulo.services.kinesis.models import Channel, Consumer, Record, Shard, Stream
from cumulo.state.codec import decode, encode
from cumulo.testing import CumuloServer


def client(server: CumuloServer) -> Any:
    return boto3.client("kinesis", endpoint_url=server.url, region_name="us-east-1", aws_access_key_id="k", aws_secret_access_key="s")


def test_state_survives_a_restart(tmp_path: Path) -> None:
    config = Config(log_level="warning", data_dir=str(tmp_path))
    first = CumuloServer(config).start()
    try:
        k = client(first)
        k.create_stream(StreamName="kept", ShardCount=1)
        k.put_records(StreamName="kept", Records=[{"Data": f"r{i}".encode(), "PartitionKey": str(i)} for i in range(5)])
        k.split_shard(StreamName="kept", ShardToSplit="shardId-000000000000", NewStartingHashKey=str(2**127))
        after = k.put_record(StreamName="kept", Data=b"after", PartitionKey="p")
        arn = k.describe_stream_summary(StreamName="kept")["StreamDescriptionSummary"]["StreamARN"]
        consumer = k.register_stream_consumer(StreamARN=arn, ConsumerName="app")["Consumer"]["ConsumerARN"]
        k.add_tags_to_stream(StreamName="kept", Tags={"team": "data"})
        kms = boto3.client("kms", endpoint_url=first.url, region_name="us-east-1", aws_access_key_id="k", aws_secret_access_key="s")
        k.create_stream(StreamName="sealed", ShardCount=1)
        k.start_stream_encryption(StreamName="sealed", EncryptionType="KMS", KeyId=kms.create_key()["KeyMetadata"]["KeyId"])
        k.put_record(StreamName="sealed", Data=b"secret", PartitionKey="p")
    finally:
        first.stop()
        first.runtime.store.close()
    second = CumuloServer(config).start()
    try:
        k = client(second)
        shards = k.list_shards(StreamName="kept")["Shards"]
        assert [s["ShardId"] for s in shards] == ["shardId-000000000000", "shardId-000000000001", "shardId-000000000002"]
        it = k.get_shard_iterator(StreamName="kept", ShardId="shardId-000000000000", ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        got = k.get_records(ShardIterator=it)
        assert [r["Data"] for r in got["Records"]] == [f"r{i}".encode() for i in range(5)] and got["ChildShards"]
        it = k.get_shard_iterator(StreamName="kept", ShardId=after["ShardId"], ShardIteratorType="AT_SEQUENCE_NUMBER", StartingSequenceNumber=after["SequenceNumber"])["ShardIterator"]
        assert [r["Data"] for r in k.get_records(ShardIterator=it)["Records"]] == [b"after"]
        # Sequence numbers keep growing after the restart.
        again = k.put_record(StreamName="kept", Data=b"again", PartitionKey="p")
        assert int(again["SequenceNumber"]) > int(after["SequenceNumber"])
        assert k.describe_stream_consumer(ConsumerARN=consumer)["ConsumerDescription"]["ConsumerName"] == "app"
        assert k.list_tags_for_stream(StreamName="kept")["Tags"] == [{"Key": "team", "Value": "data"}]
        # The data key is opened again through KMS after the restart.
        it = k.get_shard_iterator(StreamName="sealed", ShardId="shardId-000000000000", ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        assert [r["Data"] for r in k.get_records(ShardIterator=it)["Records"]] == [b"secret"]
    finally:
        second.stop()
        second.runtime.store.close()


def test_entities_round_trip() -> None:
    stream = Stream("s", "000000000000", "us-east-1", "arn:aws:kinesis:us-east-1:000000000000:stream/s", 1.5, retention_hours=48,
                    shards=[Shard(0, 0, 2**128 - 1, "49" + "0" * 54, ending_sequence="49" + "1" * 54, parent=None, created=1.0, closed_at=2.0)],
                    next_shard=1, counter=7, encryption="KMS", key_id="alias/k", metrics=["IncomingBytes"], tags={"a": "b"},
                    consumers={"c": Consumer("c", "arn:c", 3.0, tags={"x": "y"}, policy="{}")}, policy="{}", warm_throughput=10, stream_id="x" * 20 + "-abc")
    record = Record("49" + "0" * 54, b"\x00data", "pk", 2.5, 0, explicit_hash_key="12", encryption="KMS", key_id="alias/k")
    channel = Channel("arn:ch", "ch", "id", 1.0, "arn:role", [{"StreamARN": "arn:s"}], {"CloudWatchLogs": {"Enabled": False}}, s3={"DataFreshnessInSeconds": 300})
    for entity in (stream, record, channel):
        assert decode(encode(entity)) == entity


def test_the_aws_cli_drives_a_stream(cumulo: CumuloServer, tmp_path: Path) -> None:
    config = tmp_path / "config"
    config.write_text("[default]\nregion = us-east-1\n")
    env = {**os.environ, "AWS_CONFIG_FILE": str(config), "AWS_SHARED_CREDENTIALS_FILE": os.devnull, "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test"}

    def aws(*args: str) -> Any:
        done = subprocess.run([sys.executable, "-m", "awscli", "--endpoint-url", cumulo.url, "kinesis", *args], env=env, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout) if done.stdout.strip() else None

    aws("create-stream", "--stream-name", "cli", "--shard-count", "1")
    put = aws("put-record", "--stream-name", "cli", "--data", "aGVsbG8=", "--partition-key", "p")
    assert put["ShardId"] == "shardId-000000000000"
    it = aws("get-shard-iterator", "--stream-name", "cli", "--shard-id", "shardId-000000000000", "--shard-iterator-type", "TRIM_HORIZON")["ShardIterator"]
    records = aws("get-records", "--shard-iterator", it)["Records"]
    # The CLI v1 sends --data as it is written (v2 would decode base64 first) and prints blobs in base64.
    assert [base64.b64decode(r["Data"]) for r in records] == [b"aGVsbG8="]
    assert aws("list-streams")["StreamNames"] == ["cli"]
    aws("delete-stream", "--stream-name", "cli")
