"""State is isolated per account and region; the account comes from the access key."""

from __future__ import annotations

import boto3

from cumulo.testing import CumuloServer


def sqs(region: str = "us-east-1", key: str = "test"):  # type: ignore[no-untyped-def]
    return boto3.client("sqs", region_name=region, aws_access_key_id=key, aws_secret_access_key="x")


def test_regions_are_isolated(cumulo: CumuloServer) -> None:
    sqs("us-east-1").create_queue(QueueName="east")
    sqs("eu-west-1").create_queue(QueueName="west")
    assert [u.rsplit("/", 1)[-1] for u in sqs("us-east-1").list_queues()["QueueUrls"]] == ["east"]
    assert [u.rsplit("/", 1)[-1] for u in sqs("eu-west-1").list_queues()["QueueUrls"]] == ["west"]


def test_accounts_are_isolated_and_named_by_the_key(cumulo: CumuloServer) -> None:
    mine = sqs(key="111111111111").create_queue(QueueName="shared-name")["QueueUrl"]
    theirs = sqs(key="222222222222").create_queue(QueueName="shared-name")["QueueUrl"]
    assert "/111111111111/" in mine and "/222222222222/" in theirs
    assert "QueueUrls" not in sqs().list_queues()  # the default account has none


def test_assumed_role_acts_in_the_roles_account(cumulo: CumuloServer) -> None:
    creds = boto3.client("sts").assume_role(RoleArn="arn:aws:iam::333333333333:role/r", RoleSessionName="s1")["Credentials"]
    client = boto3.client("sqs", aws_access_key_id=creds["AccessKeyId"], aws_secret_access_key=creds["SecretAccessKey"], aws_session_token=creds["SessionToken"])
    url = client.create_queue(QueueName="by-role")["QueueUrl"]
    assert "/333333333333/by-role" in url
    assert sqs(key="333333333333").get_queue_url(QueueName="by-role")["QueueUrl"] == url
