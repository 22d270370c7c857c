"""Server-side encryption under a real KMS key: records sealed at rest, opened on read, and a
disabled or missing key failing the calls with Kinesis's KMS errors."""

from __future__ import annotations

import base64
from typing import Any

import boto3
import httpx
import pytest
from botocore.exceptions import ClientError

from cumulo.testing import CumuloServer
from tests.services.kinesis.conftest import read_all


def code(err: pytest.ExceptionInfo[ClientError]) -> str:
    return str(err.value.response["Error"]["Code"])


def test_records_are_sealed_under_the_stream_key(cumulo: CumuloServer, kinesis: Any, stream: str) -> None:
    kms = boto3.client("kms", endpoint_url=cumulo.url, region_name="us-east-1")
    key = kms.create_key()["KeyMetadata"]["KeyId"]
    kinesis.put_record(StreamName=stream, Data=b"before", PartitionKey="p")
    kinesis.start_stream_encryption(StreamName=stream, EncryptionType="KMS", KeyId=key)
    put = kinesis.put_record(StreamName=stream, Data=b"secret payload", PartitionKey="p")
    assert put["EncryptionType"] == "KMS"
    records = read_all(kinesis, stream, put["ShardId"])
    assert [r["Data"] for r in records] == [b"before", b"secret payload"]
    assert "EncryptionType" not in records[0] and records[1]["EncryptionType"] == "KMS"
    stored = httpx.get(f"{cumulo.url}/_cumulo/kinesis/streams/{stream}/records").json()["records"]
    at_rest = {base64.b64decode(r["data"]) for r in stored}
    assert b"before" in at_rest and b"secret payload" not in at_rest  # sealed at rest

    kms.disable_key(KeyId=key)
    with pytest.raises(ClientError) as err:
        kinesis.put_record(StreamName=stream, Data=b"x", PartitionKey="p")
    assert code(err) == "KMSDisabledException"
    iterator = kinesis.get_shard_iterator(StreamName=stream, ShardId=put["ShardId"], ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    with pytest.raises(ClientError) as err:
        kinesis.get_records(ShardIterator=iterator)
    assert code(err) == "KMSDisabledException"
    kms.enable_key(KeyId=key)
    assert [r["Data"] for r in kinesis.get_records(ShardIterator=iterator)["Records"]] == [b"before", b"secret payload"]

    kinesis.stop_stream_encryption(StreamName=stream, EncryptionType="KMS", KeyId=key)
    assert "EncryptionType" not in kinesis.put_record(StreamName=stream, Data=b"after", PartitionKey="p")


def test_a_missing_key_is_refused(kinesis: Any, stream: str) -> None:
    with pytest.raises(ClientError) as err:
        kinesis.start_stream_encryption(StreamName=stream, EncryptionType="KMS", KeyId="alias/nothing-here")
    assert code(err) == "KMSNotFoundException"
    assert kinesis.describe_stream_summary(StreamName=stream)["StreamDescriptionSummary"]["EncryptionType"] == "NONE"
