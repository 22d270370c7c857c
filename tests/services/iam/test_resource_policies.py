"""CUMULO_ENFORCE_IAM=1 with DynamoDB resource-based policies (PutResourcePolicy on a
table or stream): evaluated like S3 bucket policies, in the same account and across
accounts, an explicit deny in them winning over an identity policy's allow."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from botocore.exceptions import ClientError

from cumulo.config import Config
from cumulo.testing import CumuloServer
from tests.services.iam.test_enforcement import ACCOUNT, allow, client, error, user

OTHER = "222222222222"


@pytest.fixture(scope="module")
def server() -> Iterator[CumuloServer]:
    running = CumuloServer(Config(log_level="warning", enforce_iam="1")).start()
    yield running
    running.stop()


def table(server: CumuloServer, name: str, **extra: Any) -> str:
    ddb = client(server, "dynamodb")
    arn: str = ddb.create_table(TableName=name, BillingMode="PAY_PER_REQUEST", KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                                AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}], **extra)["TableDescription"]["TableArn"]
    ddb.put_item(TableName=name, Item={"pk": {"S": "a"}, "v": {"S": "1"}})
    return arn


def policy(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def test_a_table_policy_naming_the_user_grants_it(server: CumuloServer) -> None:
    arn = table(server, "rp-named")
    ddb = client(server, "dynamodb", *user(server, "rp-reader"))
    with pytest.raises(ClientError) as e:
        ddb.get_item(TableName="rp-named", Key={"pk": {"S": "a"}})
    assert error(e)[1].endswith("because no identity-based policy allows the dynamodb:GetItem action")
    client(server, "dynamodb").put_resource_policy(ResourceArn=arn, Policy=policy(
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:user/rp-reader"}, "Action": "dynamodb:GetItem", "Resource": arn}))
    assert ddb.get_item(TableName="rp-named", Key={"pk": {"S": "a"}})["Item"]["v"] == {"S": "1"}
    with pytest.raises(ClientError) as e:
        ddb.put_item(TableName="rp-named", Item={"pk": {"S": "b"}})
    assert error(e)[0] == "AccessDeniedException"
    # Deleting the policy takes the grant away.
    client(server, "dynamodb").delete_resource_policy(ResourceArn=arn)
    with pytest.raises(ClientError):
        ddb.get_item(TableName="rp-named", Key={"pk": {"S": "a"}})


def test_an_explicit_deny_in_the_table_policy_wins(server: CumuloServer) -> None:
    arn = table(server, "rp-deny")
    ddb = client(server, "dynamodb", *user(server, "rp-writer", allow("dynamodb:*")))
    ddb.put_item(TableName="rp-deny", Item={"pk": {"S": "b"}})
    client(server, "dynamodb").put_resource_policy(ResourceArn=arn, Policy=policy(
        {"Effect": "Deny", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:user/rp-writer"}, "Action": "dynamodb:DeleteItem", "Resource": "*"}))
    with pytest.raises(ClientError) as e:
        ddb.delete_item(TableName="rp-deny", Key={"pk": {"S": "b"}})
    code, message, status = error(e)
    assert (code, status) == ("AccessDeniedException", 400)
    assert message == (f"User: arn:aws:iam::{ACCOUNT}:user/rp-writer is not authorized to perform: dynamodb:DeleteItem on resource: {arn} "
                       "with an explicit deny in a resource-based policy")
    assert ddb.get_item(TableName="rp-deny", Key={"pk": {"S": "b"}})["Item"]  # what the deny does not name still passes


def test_a_table_policy_grants_another_account(server: CumuloServer) -> None:
    arn = table(server, "rp-shared")
    other = client(server, "dynamodb", OTHER, "x")
    with pytest.raises(ClientError) as e:
        other.get_item(TableName=arn, Key={"pk": {"S": "a"}})
    code, message, _ = error(e)
    assert code == "AccessDeniedException"
    assert message == (f"User: arn:aws:iam::{OTHER}:root is not authorized to perform: dynamodb:GetItem on resource: {arn} "
                       "because no resource-based policy allows the dynamodb:GetItem action")
    client(server, "dynamodb").put_resource_policy(ResourceArn=arn, Policy=policy(
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{OTHER}:root"}, "Action": ["dynamodb:GetItem", "dynamodb:Query"], "Resource": arn}))
    assert other.get_item(TableName=arn, Key={"pk": {"S": "a"}})["Item"]["v"] == {"S": "1"}
    found = other.query(TableName=arn, KeyConditionExpression="pk = :k", ExpressionAttributeValues={":k": {"S": "a"}})
    assert found["Count"] == 1
    with pytest.raises(ClientError) as e:  # the policy grants reads only
        other.put_item(TableName=arn, Item={"pk": {"S": "z"}})
    assert error(e)[1].endswith("because no resource-based policy allows the dynamodb:PutItem action")
    # An IAM user of the other account needs its own identity policy too.
    other_iam = client(server, "iam", OTHER, "x")
    other_iam.create_user(UserName="rp-guest")
    key = other_iam.create_access_key(UserName="rp-guest")["AccessKey"]
    guest = client(server, "dynamodb", key["AccessKeyId"], key["SecretAccessKey"])
    with pytest.raises(ClientError) as e:
        guest.get_item(TableName=arn, Key={"pk": {"S": "a"}})
    assert error(e)[1].endswith("because no identity-based policy allows the dynamodb:GetItem action")
    other_iam.put_user_policy(UserName="rp-guest", PolicyName="p", PolicyDocument=policy(allow("dynamodb:GetItem", arn)))
    assert guest.get_item(TableName=arn, Key={"pk": {"S": "a"}})["Item"]


def test_a_stream_has_its_own_policy(server: CumuloServer) -> None:
    arn = table(server, "rp-stream", StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"})
    stream_arn = client(server, "dynamodb").describe_table(TableName="rp-stream")["Table"]["LatestStreamArn"]
    streams = client(server, "dynamodbstreams", *user(server, "rp-stream-reader"))
    with pytest.raises(ClientError) as e:
        streams.describe_stream(StreamArn=stream_arn)
    assert "dynamodb:DescribeStream on resource: " + stream_arn in error(e)[1]
    # The table's policy does not reach its stream; the stream's does.
    reader = f"arn:aws:iam::{ACCOUNT}:user/rp-stream-reader"
    client(server, "dynamodb").put_resource_policy(ResourceArn=arn, Policy=policy(
        {"Effect": "Allow", "Principal": {"AWS": reader}, "Action": "dynamodb:DescribeStream", "Resource": "*"}))
    with pytest.raises(ClientError):
        streams.describe_stream(StreamArn=stream_arn)
    client(server, "dynamodb").put_resource_policy(ResourceArn=stream_arn, Policy=policy(
        {"Effect": "Allow", "Principal": {"AWS": reader}, "Action": "dynamodb:DescribeStream", "Resource": stream_arn}))
    assert streams.describe_stream(StreamArn=stream_arn)["StreamDescription"]["StreamArn"] == stream_arn
