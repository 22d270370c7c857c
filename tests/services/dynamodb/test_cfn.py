"""DynamoDB's CloudFormation providers, driven directly (the stack engine's tests drive them in stacks)."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from cumulo.core.errors import AwsError
from cumulo.testing import CumuloServer
from tests.services.cfn_support import delete_twice, make, make_in_stack, read, replaces, update

KEYS: dict[str, Any] = {
    "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "S"},
                             {"AttributeName": "gsi", "AttributeType": "S"}],
    "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
}
GSI = {"IndexName": "byGsi", "KeySchema": [{"AttributeName": "gsi", "KeyType": "HASH"}], "Projection": {"ProjectionType": "ALL"}}
LSI = {"IndexName": "bySk", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "gsi", "KeyType": "RANGE"}],
       "Projection": {"ProjectionType": "KEYS_ONLY"}}


def test_table_create_update_and_delete(cumulo: CumuloServer, ddb: Any) -> None:
    props = {**KEYS, "BillingMode": "PAY_PER_REQUEST", "GlobalSecondaryIndexes": [GSI], "LocalSecondaryIndexes": [LSI],
             "StreamSpecification": {"StreamViewType": "NEW_AND_OLD_IMAGES"}, "TimeToLiveSpecification": {"AttributeName": "expires", "Enabled": "true"},
             "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True}, "SSESpecification": {"SSEEnabled": True},
             "Tags": [{"Key": "team", "Value": "a"}]}
    ctx, made = make(cumulo, "AWS::DynamoDB::Table", props)
    table = ddb.describe_table(TableName=made.physical_id)["Table"]
    assert made.physical_id.startswith("stack-Resource-") and table["TableStatus"] == "ACTIVE"
    assert made.attributes == {"Arn": table["TableArn"], "StreamArn": table["LatestStreamArn"]}
    assert table["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST" and table["SSEDescription"]["Status"] == "ENABLED"
    assert [i["IndexName"] for i in table["GlobalSecondaryIndexes"]] == ["byGsi"] and [i["IndexName"] for i in table["LocalSecondaryIndexes"]] == ["bySk"]
    assert ddb.describe_time_to_live(TableName=made.physical_id)["TimeToLiveDescription"] == {"TimeToLiveStatus": "ENABLED", "AttributeName": "expires"}
    backups = ddb.describe_continuous_backups(TableName=made.physical_id)["ContinuousBackupsDescription"]
    assert backups["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"] == "ENABLED"
    assert ddb.list_tags_of_resource(ResourceArn=table["TableArn"])["Tags"] == [{"Key": "team", "Value": "a"}]
    assert {"TableName", "KeySchema", "LocalSecondaryIndexes"} <= replaces("AWS::DynamoDB::Table")

    gsi2 = {"IndexName": "bySk2", "KeySchema": [{"AttributeName": "sk", "KeyType": "HASH"}], "Projection": {"ProjectionType": "KEYS_ONLY"},
            "ProvisionedThroughput": {"ReadCapacityUnits": "2", "WriteCapacityUnits": "2"}}
    new = {**KEYS, "BillingMode": "PROVISIONED", "ProvisionedThroughput": {"ReadCapacityUnits": "3", "WriteCapacityUnits": "4"},
           "GlobalSecondaryIndexes": [gsi2], "LocalSecondaryIndexes": [LSI], "StreamSpecification": {"StreamViewType": "KEYS_ONLY"},
           "TimeToLiveSpecification": {"AttributeName": "ttl", "Enabled": True}, "DeletionProtectionEnabled": "true"}
    after = update(cumulo, "AWS::DynamoDB::Table", ctx, made, new, props)
    table = ddb.describe_table(TableName=made.physical_id)["Table"]
    assert table["ProvisionedThroughput"]["ReadCapacityUnits"] == 3 and table["ProvisionedThroughput"]["WriteCapacityUnits"] == 4
    assert [i["IndexName"] for i in table["GlobalSecondaryIndexes"]] == ["bySk2"] and table["DeletionProtectionEnabled"] is True
    assert table["StreamSpecification"]["StreamViewType"] == "KEYS_ONLY" and after.attributes["StreamArn"] == table["LatestStreamArn"] != made.attributes["StreamArn"]
    assert ddb.describe_time_to_live(TableName=made.physical_id)["TimeToLiveDescription"]["AttributeName"] == "ttl"
    assert ddb.list_tags_of_resource(ResourceArn=table["TableArn"]).get("Tags", []) == []
    current = read(cumulo, "AWS::DynamoDB::Table", ctx, made, new)
    assert current["ProvisionedThroughput"] == {"ReadCapacityUnits": 3, "WriteCapacityUnits": 4} and current["TimeToLiveSpecification"]["AttributeName"] == "ttl"

    # Deletion protection refuses the delete, as on AWS, until an update lifts it.
    with pytest.raises(AwsError):
        delete_twice(cumulo, "AWS::DynamoDB::Table", ctx, made, new)
    unprotected = {**new, "DeletionProtectionEnabled": False}
    update(cumulo, "AWS::DynamoDB::Table", ctx, made, unprotected, new)
    delete_twice(cumulo, "AWS::DynamoDB::Table", ctx, made, unprotected)
    with pytest.raises(ClientError, match="ResourceNotFoundException"):
        ddb.describe_table(TableName=made.physical_id)


def test_table_with_kinesis_destination_and_policy(cumulo: CumuloServer, ddb: Any) -> None:
    kinesis = boto3.client("kinesis", endpoint_url=cumulo.url, region_name="us-east-1")
    kinesis.create_stream(StreamName="changes", ShardCount=1)
    stream_arn = kinesis.describe_stream_summary(StreamName="changes")["StreamDescriptionSummary"]["StreamARN"]
    policy = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
                                                      "Action": "dynamodb:GetItem", "Resource": "*"}]}
    props = {"TableName": "named", "AttributeDefinitions": KEYS["AttributeDefinitions"][:1], "KeySchema": KEYS["KeySchema"][:1],
             "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1},
             "KinesisStreamSpecification": {"StreamArn": stream_arn}, "ResourcePolicy": {"PolicyDocument": policy}}
    ctx, made = make(cumulo, "AWS::DynamoDB::Table", props)
    assert made.physical_id == "named" and "StreamArn" not in made.attributes
    destinations = ddb.describe_kinesis_streaming_destination(TableName="named")["KinesisDataStreamDestinations"]
    assert [d["StreamArn"] for d in destinations] == [stream_arn]
    assert json.loads(ddb.get_resource_policy(ResourceArn=made.attributes["Arn"])["Policy"])["Statement"][0]["Action"] == "dynamodb:GetItem"
    new = {k: v for k, v in props.items() if k not in ("KinesisStreamSpecification", "ResourcePolicy")}
    update(cumulo, "AWS::DynamoDB::Table", ctx, made, new, props)
    statuses = [d["DestinationStatus"] for d in ddb.describe_kinesis_streaming_destination(TableName="named")["KinesisDataStreamDestinations"]]
    assert all(s in ("DISABLED", "DISABLING") for s in statuses)
    with pytest.raises(ClientError, match="PolicyNotFoundException"):
        ddb.get_resource_policy(ResourceArn=made.attributes["Arn"])
    delete_twice(cumulo, "AWS::DynamoDB::Table", ctx, made, new)


def test_global_table_replicas(cumulo: CumuloServer, ddb: Any) -> None:
    west = boto3.client("dynamodb", endpoint_url=cumulo.url, region_name="us-west-2")
    props = {"AttributeDefinitions": KEYS["AttributeDefinitions"][:1], "KeySchema": KEYS["KeySchema"][:1], "BillingMode": "PAY_PER_REQUEST",
             "StreamSpecification": {"StreamViewType": "NEW_AND_OLD_IMAGES"},
             "Replicas": [{"Region": "us-east-1", "Tags": [{"Key": "r", "Value": "east"}]}, {"Region": "us-west-2"}]}
    ctx, made = make(cumulo, "AWS::DynamoDB::GlobalTable", props)
    table = ddb.describe_table(TableName=made.physical_id)["Table"]
    assert made.attributes["Arn"] == table["TableArn"] and made.attributes["StreamArn"] == table["LatestStreamArn"]
    assert made.attributes["TableId"] == table["TableId"]
    assert [r["RegionName"] for r in table["Replicas"]] == ["us-west-2"]
    ddb.put_item(TableName=made.physical_id, Item={"pk": {"S": "a"}})
    assert west.get_item(TableName=made.physical_id, Key={"pk": {"S": "a"}})["Item"] == {"pk": {"S": "a"}}
    assert ddb.list_tags_of_resource(ResourceArn=table["TableArn"])["Tags"] == [{"Key": "r", "Value": "east"}]
    assert [r["Region"] for r in read(cumulo, "AWS::DynamoDB::GlobalTable", ctx, made, props)["Replicas"]] == ["us-east-1", "us-west-2"]

    new = {**props, "Replicas": [{"Region": "us-east-1"}, {"Region": "eu-west-1"}],
           "TimeToLiveSpecification": {"AttributeName": "ttl", "Enabled": True}}
    update(cumulo, "AWS::DynamoDB::GlobalTable", ctx, made, new, props)
    assert [r["RegionName"] for r in ddb.describe_table(TableName=made.physical_id)["Table"]["Replicas"]] == ["eu-west-1"]
    with pytest.raises(ClientError, match="ResourceNotFoundException"):
        west.describe_table(TableName=made.physical_id)
    delete_twice(cumulo, "AWS::DynamoDB::GlobalTable", ctx, made, new)
    eu = boto3.client("dynamodb", endpoint_url=cumulo.url, region_name="eu-west-1")
    assert ddb.list_tables()["TableNames"] == [] == eu.list_tables()["TableNames"]


def test_stack_tags_propagate(cumulo: CumuloServer, ddb: Any) -> None:
    _, made = make_in_stack(cumulo, "AWS::DynamoDB::Table", {**KEYS, "AttributeDefinitions": KEYS["AttributeDefinitions"][:2], "BillingMode": "PAY_PER_REQUEST"})
    tags = {t["Key"]: t["Value"] for t in ddb.list_tags_of_resource(ResourceArn=made.attributes["Arn"])["Tags"]}
    assert tags["env"] == "prod" and tags["aws:cloudformation:stack-name"] == "stack"
