"""CUMULO_ENFORCE_IAM=1: a repository policy takes part in authorization."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from cumulo.config import Config
from cumulo.testing import CumuloServer


@pytest.fixture(scope="module")
def server() -> Iterator[CumuloServer]:
    running = CumuloServer(Config(log_level="warning", enforce_iam="1")).start()
    yield running
    running.stop()


def client(server: CumuloServer, service: str, key: str = "test", secret: str = "test") -> Any:
    return boto3.client(service, endpoint_url=server.url, region_name="us-east-1", aws_access_key_id=key, aws_secret_access_key=secret)


def test_a_repository_policy_grants_a_user(server: CumuloServer) -> None:
    root = client(server, "ecr")
    root.create_repository(repositoryName="guarded")
    iam = client(server, "iam")
    iam.create_user(UserName="puller")
    key = iam.create_access_key(UserName="puller")["AccessKey"]
    ecr = client(server, "ecr", key["AccessKeyId"], key["SecretAccessKey"])
    with pytest.raises(ClientError) as e:
        ecr.list_images(repositoryName="guarded")
    assert "AccessDenied" in e.value.response["Error"]["Code"]
    root.set_repository_policy(repositoryName="guarded", policyText=json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::000000000000:user/puller"}, "Action": ["ecr:ListImages"]}]}))
    assert ecr.list_images(repositoryName="guarded")["imageIds"] == []
    with pytest.raises(ClientError) as e:
        ecr.delete_repository(repositoryName="guarded")
    assert "AccessDenied" in e.value.response["Error"]["Code"]
