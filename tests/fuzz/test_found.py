"""What the fuzz tests found, kept as plain regression tests through real clients."""

from __future__ import annotations

import boto3
import httpx
import pytest
from botocore.exceptions import ClientError

from cumulo.testing import CumuloServer


def test_create_table_without_key_schema_is_a_validation_error(cumulo: CumuloServer) -> None:
    ddb = boto3.client("dynamodb")
    with pytest.raises(ClientError) as caught:  # optional in the model, so boto3 sends it
        ddb.create_table(TableName="t", BillingMode="PAY_PER_REQUEST")
    assert caught.value.response["Error"]["Code"] == "ValidationException"
    assert "Value null at 'keySchema'" in caught.value.response["Error"]["Message"]


def test_global_table_replica_without_region_is_a_validation_error(cumulo: CumuloServer) -> None:
    with pytest.raises(ClientError) as caught:
        boto3.client("dynamodb").create_global_table(GlobalTableName="global", ReplicationGroup=[{}])
    assert caught.value.response["Error"]["Code"] == "ValidationException"


def test_text_payload_that_is_not_utf8_is_refused(cumulo: CumuloServer) -> None:
    boto3.client("s3").create_bucket(Bucket="text-payload")
    answer = httpx.put(cumulo.url + "/text-payload?policy", content=b'{"Version": "\xff\xfe"}', headers={
        "Authorization": "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0"})
    assert answer.status_code == 400 and b"<Code>SerializationException</Code>" in answer.content
