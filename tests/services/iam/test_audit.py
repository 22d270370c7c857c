"""CUMULO_ENFORCE_IAM=audit: everything is allowed, would-be denials are recorded, and the
suggested least-privilege policy, once attached, lets the same calls pass."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import httpx
import pytest

from cumulo.config import Config
from cumulo.testing import CumuloServer

ACCOUNT = "000000000000"


@pytest.fixture(scope="module")
def server() -> Iterator[CumuloServer]:
    running = CumuloServer(Config(log_level="warning", enforce_iam="audit")).start()
    yield running
    running.stop()


def client(server: CumuloServer, service: str, key: str = "test", secret: str = "test") -> Any:
    return boto3.client(service, endpoint_url=server.url, region_name="us-east-1", aws_access_key_id=key, aws_secret_access_key=secret)


def test_audit_records_and_suggests_a_policy_that_works(server: CumuloServer) -> None:
    iam = client(server, "iam")
    iam.create_user(UserName="app")
    key = iam.create_access_key(UserName="app")["AccessKey"]
    user_arn = f"arn:aws:iam::{ACCOUNT}:user/app"
    url = client(server, "sqs").create_queue(QueueName="audit-q")["QueueUrl"]
    client(server, "s3").create_bucket(Bucket="audit-bucket")

    def workload() -> None:
        sqs = client(server, "sqs", key["AccessKeyId"], key["SecretAccessKey"])
        sqs.send_message(QueueUrl=url, MessageBody="m")
        sqs.receive_message(QueueUrl=url)
        s3 = client(server, "s3", key["AccessKeyId"], key["SecretAccessKey"])
        s3.put_object(Bucket="audit-bucket", Key="a/b.txt", Body=b"x")
        s3.get_object(Bucket="audit-bucket", Key="a/b.txt")

    workload()  # allowed, though nothing grants it
    denied = httpx.get(f"{server.url}/_cumulo/iam/decisions", params={"principal": user_arn, "allowed": "false"}).json()["decisions"]
    assert {d["action"] for d in denied} == {"sqs:SendMessage", "sqs:ReceiveMessage", "s3:PutObject", "s3:GetObject"}
    assert all(not d["enforced"] and d["reason"] == "no_identity" for d in denied)
    suggested = httpx.get(f"{server.url}/_cumulo/iam/suggest", params={"principal": user_arn}).json()
    resources = {r for s in suggested["Statement"] for r in ([s["Resource"]] if isinstance(s["Resource"], str) else s["Resource"])}
    assert resources == {f"arn:aws:sqs:us-east-1:{ACCOUNT}:audit-q", "arn:aws:s3:::audit-bucket/a/b.txt"}
    iam.put_user_policy(UserName="app", PolicyName="suggested", PolicyDocument=json.dumps(suggested))
    before = len(httpx.get(f"{server.url}/_cumulo/iam/decisions", params={"principal": user_arn}).json()["decisions"])
    workload()
    after = httpx.get(f"{server.url}/_cumulo/iam/decisions", params={"principal": user_arn}).json()["decisions"][before:]
    assert len(after) == 4 and all(d["allowed"] for d in after)
    assert {d["statement"]["policy"] for d in after} == {"app:suggested"}


def test_suggest_needs_a_principal(server: CumuloServer) -> None:
    assert httpx.get(f"{server.url}/_cumulo/iam/suggest").status_code == 400
