"""SQS with KmsMasterKeyId: data keys come from cumulo's KMS, reused for KmsDataKeyReusePeriodSeconds."""

from __future__ import annotations

from typing import Any

import boto3
import httpx
import pytest
from botocore.exceptions import ClientError

from cumulo.testing import ClockControl, CumuloServer


def test_kms_queue_sends_and_receives_and_fails_with_a_disabled_key(cumulo: CumuloServer, sqs: Any, cumulo_clock: ClockControl) -> None:
    kms = boto3.client("kms", endpoint_url=cumulo.url, region_name="us-east-1")
    key = kms.create_key()["KeyMetadata"]["KeyId"]
    url = sqs.create_queue(QueueName="enc", Attributes={"KmsMasterKeyId": key, "KmsDataKeyReusePeriodSeconds": "60"})["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="hello")
    sqs.send_message_batch(QueueUrl=url, Entries=[{"Id": "1", "MessageBody": "again"}])
    assert {m["Body"] for m in sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"]} == {"hello", "again"}
    keys = httpx.get(cumulo.url + "/_cumulo/kms/keys").json()["keys"]
    assert next(k for k in keys if k["keyId"] == key)["usage"]["GenerateDataKey"] == 1  # one data key, reused
    kms.disable_key(KeyId=key)
    sqs.send_message(QueueUrl=url, MessageBody="still within the reuse period")
    cumulo_clock.advance(61)
    with pytest.raises(ClientError) as e:
        sqs.send_message(QueueUrl=url, MessageBody="x")
    assert e.value.response["Error"]["Code"] in ("KmsDisabled", "KMS.DisabledException")
    with pytest.raises(ClientError) as e:
        sqs.receive_message(QueueUrl=url)
    assert e.value.response["Error"]["Code"] in ("KmsDisabled", "KMS.DisabledException")
    kms.enable_key(KeyId=key)
    assert sqs.receive_message(QueueUrl=url)["Messages"]


def test_missing_key(sqs: Any) -> None:
    url = sqs.create_queue(QueueName="nokey", Attributes={"KmsMasterKeyId": "alias/does-not-exist"})["QueueUrl"]
    with pytest.raises(ClientError) as e:
        sqs.send_message(QueueUrl=url, MessageBody="x")
    assert e.value.response["Error"]["Code"] in ("KmsNotFound", "KMS.NotFoundException")
    assert sqs.create_queue(QueueName="managed", Attributes={"KmsMasterKeyId": "alias/aws/sqs"})["QueueUrl"]
    assert sqs.send_message(QueueUrl=sqs.get_queue_url(QueueName="managed")["QueueUrl"], MessageBody="y")["MessageId"]
