"""ARNs carry the partition of the request's region, in STS and in every service that
builds one (one helper, cumulo.core.arns)."""

from __future__ import annotations

import io
import zipfile

import boto3
import pytest

from cumulo.core.arns import arn, partition
from cumulo.testing import CumuloServer


@pytest.mark.parametrize(("region", "expected"), [
    ("us-east-1", "aws"), ("eu-west-3", "aws"), ("cn-north-1", "aws-cn"), ("cn-northwest-1", "aws-cn"),
    ("us-gov-west-1", "aws-us-gov"), ("us-iso-east-1", "aws-iso"), ("us-isob-east-1", "aws-iso-b"),
    ("eu-isoe-west-1", "aws-iso-e"), ("us-isof-south-1", "aws-iso-f"), ("", "aws"),
])
def test_partition_of_a_region(region: str, expected: str) -> None:
    assert partition(region) == expected


def test_global_resources_take_the_partition_of_the_request() -> None:
    assert arn("s3", "", "", "bucket", home="cn-north-1") == "arn:aws-cn:s3:::bucket"
    assert arn("sqs", "us-gov-east-1", "000000000000", "q") == "arn:aws-us-gov:sqs:us-gov-east-1:000000000000:q"


@pytest.mark.parametrize(("region", "name"), [("cn-north-1", "aws-cn"), ("us-gov-west-1", "aws-us-gov"), ("us-iso-east-1", "aws-iso")])
def test_sts_arns_carry_the_partition(cumulo: CumuloServer, region: str, name: str) -> None:
    sts = boto3.client("sts", region_name=region)
    assert sts.get_caller_identity()["Arn"] == f"arn:{name}:iam::000000000000:root"
    role = f"arn:{name}:iam::111122223333:role/deployer"
    assumed = sts.assume_role(RoleArn=role, RoleSessionName="ses")
    assert assumed["AssumedRoleUser"]["Arn"] == f"arn:{name}:sts::111122223333:assumed-role/deployer/ses"
    as_role = boto3.client("sts", region_name=region, aws_access_key_id=assumed["Credentials"]["AccessKeyId"],
                           aws_secret_access_key=assumed["Credentials"]["SecretAccessKey"],
                           aws_session_token=assumed["Credentials"]["SessionToken"])
    assert as_role.get_caller_identity()["Arn"] == f"arn:{name}:sts::111122223333:assumed-role/deployer/ses"
    federated = sts.get_federation_token(Name="fed")["FederatedUser"]["Arn"]
    assert federated == f"arn:{name}:sts::000000000000:federated-user/fed"


def test_service_arns_carry_the_partition(cumulo: CumuloServer) -> None:
    region = "cn-north-1"
    sqs = boto3.client("sqs", region_name=region)
    url = sqs.create_queue(QueueName="q")["QueueUrl"]
    assert sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"] == \
        "arn:aws-cn:sqs:cn-north-1:000000000000:q"
    sqs.add_permission(QueueUrl=url, Label="l", AWSAccountIds=["111122223333"], Actions=["SendMessage"])
    policy = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["Policy"])["Attributes"]["Policy"]
    assert '"arn:aws-cn:iam::111122223333:root"' in policy

    ddb = boto3.client("dynamodb", region_name=region)
    table = ddb.create_table(TableName="t", KeySchema=[{"AttributeName": "k", "KeyType": "HASH"}],
                             AttributeDefinitions=[{"AttributeName": "k", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST")
    assert table["TableDescription"]["TableArn"] == "arn:aws-cn:dynamodb:cn-north-1:000000000000:table/t"

    s3 = boto3.client("s3", region_name=region)
    created = s3.create_bucket(Bucket="partitioned", CreateBucketConfiguration={"LocationConstraint": region})
    assert created["BucketArn"] == "arn:aws-cn:s3:::partitioned"

    code = io.BytesIO()
    with zipfile.ZipFile(code, "w") as archive:
        archive.writestr("app.py", "def handler(event, context):\n    return event\n")
    lam = boto3.client("lambda", region_name="us-gov-west-1")
    fn = lam.create_function(FunctionName="f", Runtime="python3.12", Handler="app.handler",
                             Role="arn:aws-us-gov:iam::000000000000:role/r", Code={"ZipFile": code.getvalue()})
    assert fn["FunctionArn"] == "arn:aws-us-gov:lambda:us-gov-west-1:000000000000:function:f"
