"""CUMULO_ENFORCE_IAM=1: KMS key policies and Secrets Manager resource policies take part in authorization."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from cumulo.config import Config
from cumulo.testing import CumuloServer

ACCOUNT = "000000000000"


@pytest.fixture(scope="module")
def server() -> Iterator[CumuloServer]:
    running = CumuloServer(Config(log_level="warning", enforce_iam="1")).start()
    yield running
    running.stop()


def client(server: CumuloServer, service: str, key: str = "test", secret: str = "test") -> Any:
    return boto3.client(service, endpoint_url=server.url, region_name="us-east-1", aws_access_key_id=key, aws_secret_access_key=secret)


def user(server: CumuloServer, name: str) -> tuple[str, str]:
    iam = client(server, "iam")
    iam.create_user(UserName=name)
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return key["AccessKeyId"], key["SecretAccessKey"]


def denied(call: Any, **kwargs: Any) -> str:
    with pytest.raises(ClientError) as e:
        call(**kwargs)
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] in (400, 403)
    return str(e.value.response["Error"]["Code"])


def test_a_key_policy_grants_a_user(server: CumuloServer) -> None:
    root = client(server, "kms")
    key = root.create_key()["KeyMetadata"]
    key_id, secret = user(server, "kms-user")
    kms = client(server, "kms", key_id, secret)
    assert "AccessDenied" in denied(kms.encrypt, KeyId=key["Arn"], Plaintext=b"x")
    policy = json.loads(root.get_key_policy(KeyId=key["KeyId"])["Policy"])
    policy["Statement"].append({"Sid": "user", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:user/kms-user"},
                                "Action": ["kms:Encrypt", "kms:Decrypt"], "Resource": "*"})
    root.put_key_policy(KeyId=key["KeyId"], PolicyName="default", Policy=json.dumps(policy))
    blob = kms.encrypt(KeyId=key["Arn"], Plaintext=b"x")["CiphertextBlob"]
    assert kms.decrypt(CiphertextBlob=blob, KeyId=key["Arn"])["Plaintext"] == b"x"
    assert "AccessDenied" in denied(kms.schedule_key_deletion, KeyId=key["Arn"])


def test_a_secret_policy_grants_a_user(server: CumuloServer) -> None:
    root = client(server, "secretsmanager")
    arn = root.create_secret(Name="enforced", SecretString="v")["ARN"]
    key_id, secret = user(server, "sm-user")
    sm = client(server, "secretsmanager", key_id, secret)
    assert "AccessDenied" in denied(sm.get_secret_value, SecretId=arn)
    root.put_resource_policy(SecretId=arn, ResourcePolicy=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:user/sm-user"}, "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]}))
    assert sm.get_secret_value(SecretId=arn)["SecretString"] == "v"
