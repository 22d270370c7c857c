"""Resources the IAM, Lambda, S3, DynamoDB, SNS and KMS providers make are the services' own:
they survive a restart with --data-dir, and the providers delete them on the restarted server."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import boto3

from cumulo.config import Config
from cumulo.core.provisioning import ProvisionContext, Resource
from cumulo.services import resource_types
from cumulo.testing import CumuloServer
from cumulo.testing.provision import provision

TRUST = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
RESOURCES: list[tuple[str, str, dict[str, Any]]] = [
    ("Role", "AWS::IAM::Role", {"AssumeRolePolicyDocument": TRUST, "Policies": [{"PolicyName": "p", "PolicyDocument": {
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}}]}),
    ("Fn", "AWS::Lambda::Function", {"Runtime": "python3.12", "Handler": "index.handler", "Role": "arn:aws:iam::000000000000:role/r",
                                     "Code": {"ZipFile": "def handler(event, context):\n    return 'kept'\n"}}),
    ("Bucket", "AWS::S3::Bucket", {"VersioningConfiguration": {"Status": "Enabled"}}),
    ("Table", "AWS::DynamoDB::Table", {"AttributeDefinitions": [{"AttributeName": "k", "AttributeType": "S"}],
                                       "KeySchema": [{"AttributeName": "k", "KeyType": "HASH"}], "BillingMode": "PAY_PER_REQUEST",
                                       "StreamSpecification": {"StreamViewType": "KEYS_ONLY"}}),
    ("Topic", "AWS::SNS::Topic", {"DisplayName": "kept"}),
    ("Key", "AWS::KMS::Key", {"Description": "kept", "PendingWindowInDays": 7}),
]


def _client(server: CumuloServer, service: str) -> Any:
    return boto3.client(service, endpoint_url=server.url, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")


def _server(data_dir: Path) -> CumuloServer:
    return CumuloServer(Config(log_level="warning", data_dir=str(data_dir))).start()


def test_provider_resources_survive_a_restart(tmp_path: Path) -> None:
    server = _server(tmp_path)
    made: dict[str, Resource] = {}
    try:
        for logical_id, type_name, props in RESOURCES:
            made[logical_id] = server.run(provision(server.runtime, type_name, props, logical_id=logical_id))[1]
    finally:
        server.stop()

    server = _server(tmp_path)
    try:
        iam, lam, s3 = _client(server, "iam"), _client(server, "lambda"), _client(server, "s3")
        ddb, sns, kms = _client(server, "dynamodb"), _client(server, "sns"), _client(server, "kms")
        assert iam.get_role(RoleName=made["Role"].physical_id)["Role"]["Arn"] == made["Role"].attributes["Arn"]
        assert iam.list_role_policies(RoleName=made["Role"].physical_id)["PolicyNames"] == ["p"]
        assert json.loads(lam.invoke(FunctionName=made["Fn"].physical_id)["Payload"].read()) == "kept"
        assert s3.get_bucket_versioning(Bucket=made["Bucket"].physical_id)["Status"] == "Enabled"
        assert ddb.describe_table(TableName=made["Table"].physical_id)["Table"]["LatestStreamArn"] == made["Table"].attributes["StreamArn"]
        assert sns.get_topic_attributes(TopicArn=made["Topic"].physical_id)["Attributes"]["DisplayName"] == "kept"
        assert kms.describe_key(KeyId=made["Key"].physical_id)["KeyMetadata"]["Description"] == "kept"

        ctx = ProvisionContext(server.runtime, "000000000000", "us-east-1", "stack", "arn:aws:cloudformation:us-east-1:000000000000:stack/stack/x", "R")

        async def delete_all() -> None:
            for logical_id, type_name, props in reversed(RESOURCES):
                await resource_types()[type_name].delete(ctx, made[logical_id].physical_id, props)

        server.run(delete_all())
        assert iam.list_roles()["Roles"] == [] and lam.list_functions()["Functions"] == [] and s3.list_buckets()["Buckets"] == []
        assert ddb.list_tables()["TableNames"] == [] and sns.list_topics()["Topics"] == []
        assert kms.describe_key(KeyId=made["Key"].physical_id)["KeyMetadata"]["KeyState"] == "PendingDeletion"
    finally:
        server.stop()
