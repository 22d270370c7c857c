"""CUMULO_ENFORCE_IAM=1 with policies on service-specific condition keys, filled in from
the request: s3:prefix, s3:delimiter, s3:x-amz-acl, dynamodb:LeadingKeys,
dynamodb:Attributes, dynamodb:Select, kms:EncryptionContext:*, sns:Protocol,
lambda:FunctionArn (event source mappings), sts:ExternalId, secretsmanager:Name."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest
from botocore.exceptions import ClientError

from cumulo.config import Config
from cumulo.testing import CumuloServer
from tests.services.iam.test_enforcement import ACCOUNT, client, error, user


@pytest.fixture(scope="module")
def server() -> Iterator[CumuloServer]:
    running = CumuloServer(Config(log_level="warning", enforce_iam="1")).start()
    yield running
    running.stop()


def denied(call: Any, *args: Any, **kwargs: Any) -> str:
    """The AccessDenied message of a call that must be refused."""
    with pytest.raises(ClientError) as e:
        call(*args, **kwargs)
    code, message, _ = error(e)
    assert code in ("AccessDenied", "AccessDeniedException"), message
    return message


def test_s3_prefix_delimiter_and_acl(server: CumuloServer) -> None:
    root = client(server, "s3")
    root.create_bucket(Bucket="ck-home")
    s3 = client(server, "s3", *user(server, "ck-alice",
        {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::ck-home",
         "Condition": {"StringLike": {"s3:prefix": ["home/${aws:username}/*", ""]}, "StringEquals": {"s3:delimiter": "/"}}},
        {"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::ck-home/*",
         "Condition": {"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control"}}}))
    assert s3.list_objects_v2(Bucket="ck-home", Prefix="home/ck-alice/", Delimiter="/")["KeyCount"] == 0
    assert s3.list_objects_v2(Bucket="ck-home", Prefix="", Delimiter="/")["KeyCount"] == 0
    assert "s3:ListBucket" in denied(s3.list_objects_v2, Bucket="ck-home", Prefix="home/bob/", Delimiter="/")
    denied(s3.list_objects_v2, Bucket="ck-home", Prefix="home/ck-alice/")  # no delimiter
    denied(s3.list_objects_v2, Bucket="ck-home", Delimiter="/")  # no prefix at all: the key is absent
    assert "s3:PutObject" in denied(s3.put_object, Bucket="ck-home", Key="home/ck-alice/a", Body=b"x")
    denied(s3.put_object, Bucket="ck-home", Key="home/ck-alice/a", Body=b"x", ACL="public-read")
    s3.put_object(Bucket="ck-home", Key="home/ck-alice/a", Body=b"x", ACL="bucket-owner-full-control")


def test_dynamodb_leading_keys_and_attributes(server: CumuloServer) -> None:
    ddb = client(server, "dynamodb")
    ddb.create_table(TableName="ck-scores", BillingMode="PAY_PER_REQUEST",
                     KeySchema=[{"AttributeName": "player", "KeyType": "HASH"}, {"AttributeName": "game", "KeyType": "RANGE"}],
                     AttributeDefinitions=[{"AttributeName": "player", "AttributeType": "S"}, {"AttributeName": "game", "AttributeType": "S"}])
    for player in ("ck-player", "someone-else"):
        ddb.put_item(TableName="ck-scores", Item={"player": {"S": player}, "game": {"S": "g1"}, "score": {"N": "7"}, "secret": {"S": "s"}})
    arn = f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/ck-scores"
    # AWS's fine-grained access example: own items only, and only some attributes.
    own = client(server, "dynamodb", *user(server, "ck-player",
        {"Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem"], "Resource": arn,
         "Condition": {"ForAllValues:StringEquals": {"dynamodb:LeadingKeys": ["${aws:username}"],
                                                     "dynamodb:Attributes": ["player", "game", "score"]},
                       "StringEqualsIfExists": {"dynamodb:Select": "SPECIFIC_ATTRIBUTES"}}}))
    key = {"player": {"S": "ck-player"}, "game": {"S": "g1"}}
    assert own.get_item(TableName="ck-scores", Key=key, ProjectionExpression="player, score")["Item"]["score"] == {"N": "7"}
    assert "dynamodb:GetItem" in denied(own.get_item, TableName="ck-scores", Key={"player": {"S": "someone-else"}, "game": {"S": "g1"}},
                                        ProjectionExpression="player, score")
    denied(own.get_item, TableName="ck-scores", Key=key, ProjectionExpression="player, #s", ExpressionAttributeNames={"#s": "secret"})
    found = own.query(TableName="ck-scores", KeyConditionExpression="#p = :p", ExpressionAttributeNames={"#p": "player"},
                      ExpressionAttributeValues={":p": {"S": "ck-player"}}, ProjectionExpression="game, score")
    assert found["Count"] == 1
    denied(own.query, TableName="ck-scores", KeyConditionExpression="player = :p", ExpressionAttributeValues={":p": {"S": "someone-else"}},
           ProjectionExpression="game")
    denied(own.query, TableName="ck-scores", KeyConditionExpression="player = :p", ExpressionAttributeValues={":p": {"S": "ck-player"}},
           Select="ALL_ATTRIBUTES")
    own.put_item(TableName="ck-scores", Item={"player": {"S": "ck-player"}, "game": {"S": "g2"}, "score": {"N": "1"}})
    denied(own.put_item, TableName="ck-scores", Item={"player": {"S": "ck-player"}, "game": {"S": "g3"}, "secret": {"S": "x"}})


def test_kms_encryption_context(server: CumuloServer) -> None:
    key_id = client(server, "kms").create_key()["KeyMetadata"]["KeyId"]
    kms = client(server, "kms", *user(server, "ck-encryptor",
        {"Effect": "Allow", "Action": ["kms:Encrypt", "kms:Decrypt"], "Resource": "*",
         "Condition": {"StringEquals": {"kms:EncryptionContext:purpose": "invoices"}}}))
    blob = kms.encrypt(KeyId=key_id, Plaintext=b"x", EncryptionContext={"purpose": "invoices"})["CiphertextBlob"]
    assert kms.decrypt(CiphertextBlob=blob, EncryptionContext={"purpose": "invoices"})["Plaintext"] == b"x"
    assert "kms:Encrypt" in denied(kms.encrypt, KeyId=key_id, Plaintext=b"x", EncryptionContext={"purpose": "payroll"})
    denied(kms.encrypt, KeyId=key_id, Plaintext=b"x")


def test_sns_protocol(server: CumuloServer) -> None:
    topic = client(server, "sns").create_topic(Name="ck-topic")["TopicArn"]
    queue_arn = client(server, "sqs").get_queue_attributes(QueueUrl=client(server, "sqs").create_queue(QueueName="ck-q")["QueueUrl"],
                                                           AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    sns = client(server, "sns", *user(server, "ck-subscriber",
        {"Effect": "Allow", "Action": "sns:Subscribe", "Resource": topic, "Condition": {"StringEquals": {"sns:Protocol": "sqs"}}}))
    assert sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn)["SubscriptionArn"].startswith(topic)
    assert "sns:Subscribe" in denied(sns.subscribe, TopicArn=topic, Protocol="email", Endpoint="a@example.com")


def test_lambda_function_arn_of_event_source_mappings(server: CumuloServer) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("app.py", "def handler(event, context):\n    return None\n")
    root = client(server, "lambda")
    for name in ("ck-allowed-fn", "ck-other-fn"):
        root.create_function(FunctionName=name, Runtime="python3.12", Role=f"arn:aws:iam::{ACCOUNT}:role/r",
                             Handler="app.handler", Code={"ZipFile": buf.getvalue()})
    sqs = client(server, "sqs")
    queue_arn = sqs.get_queue_attributes(QueueUrl=sqs.create_queue(QueueName="ck-esm-q")["QueueUrl"],
                                         AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    lam = client(server, "lambda", *user(server, "ck-wirer",
        {"Effect": "Allow", "Action": ["lambda:CreateEventSourceMapping", "lambda:DeleteEventSourceMapping"], "Resource": "*",
         "Condition": {"ArnLike": {"lambda:FunctionArn": f"arn:aws:lambda:*:{ACCOUNT}:function:ck-allowed-*"}}}))
    assert "lambda:CreateEventSourceMapping" in denied(lam.create_event_source_mapping, EventSourceArn=queue_arn, FunctionName="ck-other-fn")
    mapping = lam.create_event_source_mapping(EventSourceArn=queue_arn, FunctionName="ck-allowed-fn", Enabled=False)
    assert mapping["FunctionArn"].endswith(":function:ck-allowed-fn")
    root.delete_event_source_mapping(UUID=mapping["UUID"])


def test_sts_external_id(server: CumuloServer) -> None:
    trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:user/ck-partner"},
                                                      "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:ExternalId": "shared-123"}}}]}
    role = client(server, "iam").create_role(RoleName="ck-partner-role", AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
    sts = client(server, "sts", *user(server, "ck-partner", {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": role}))
    denied(sts.assume_role, RoleArn=role, RoleSessionName="ck-s")
    denied(sts.assume_role, RoleArn=role, RoleSessionName="ck-s", ExternalId="wrong")
    assert sts.assume_role(RoleArn=role, RoleSessionName="ck-s", ExternalId="shared-123")["Credentials"]["AccessKeyId"]


def test_secretsmanager_name(server: CumuloServer) -> None:
    sm = client(server, "secretsmanager", *user(server, "ck-secrets",
        {"Effect": "Allow", "Action": "secretsmanager:CreateSecret", "Resource": "*",
         "Condition": {"StringLike": {"secretsmanager:Name": "team-a/*"}}}))
    assert sm.create_secret(Name="team-a/db", SecretString="s")["Name"] == "team-a/db"
    assert "secretsmanager:CreateSecret" in denied(sm.create_secret, Name="team-b/db", SecretString="s")


def test_remembered_decisions_follow_changes(server: CumuloServer) -> None:
    """Decisions are cached per identity: a change to IAM, to a resource's tags or to its
    policy is seen by the very next request."""
    sqs_root = client(server, "sqs")
    url = sqs_root.create_queue(QueueName="ck-tagged", tags={"team": "red"})["QueueUrl"]
    iam = client(server, "iam")
    sqs = client(server, "sqs", *user(server, "ck-red",
        {"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/team": "red"}}}))
    sqs.send_message(QueueUrl=url, MessageBody="1")
    sqs_root.tag_queue(QueueUrl=url, Tags={"team": "blue"})
    denied(sqs.send_message, QueueUrl=url, MessageBody="2")
    sqs_root.tag_queue(QueueUrl=url, Tags={"team": "red"})
    sqs.send_message(QueueUrl=url, MessageBody="3")
    iam.put_user_policy(UserName="ck-red", PolicyName="no", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "sqs:*", "Resource": "*"}]}))
    assert "explicit deny" in denied(sqs.send_message, QueueUrl=url, MessageBody="4")
    iam.delete_user_policy(UserName="ck-red", PolicyName="no")
    sqs.send_message(QueueUrl=url, MessageBody="5")
