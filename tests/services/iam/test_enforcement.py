"""CUMULO_ENFORCE_IAM=1: every request authorized by the policy engine, through real clients.

Allow and deny for SQS, S3 (a bucket policy granting another account), DynamoDB,
Lambda and STS (trust policies, session policies); the root user and the default
test keys stay allowed. One server for the module; each test uses its own names.
"""

from __future__ import annotations

import io
import json
import zipfile
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


def client(server: CumuloServer, service: str, key: str = "test", secret: str = "test", token: str | None = None) -> Any:
    return boto3.client(service, endpoint_url=server.url, region_name="us-east-1", aws_access_key_id=key,
                        aws_secret_access_key=secret, aws_session_token=token)


def user(server: CumuloServer, name: str, *statements: dict[str, Any]) -> tuple[str, str]:
    """An IAM user with an inline policy of `statements`; its (key, secret)."""
    iam = client(server, "iam")
    iam.create_user(UserName=name)
    if statements:
        iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": list(statements)}))
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return key["AccessKeyId"], key["SecretAccessKey"]


def allow(action: Any, resource: Any = "*") -> dict[str, Any]:
    return {"Effect": "Allow", "Action": action, "Resource": resource}


def error(e: pytest.ExceptionInfo[ClientError]) -> tuple[str, str, int]:
    err = e.value.response["Error"]
    return err["Code"], err["Message"], e.value.response["ResponseMetadata"]["HTTPStatusCode"]


def test_root_and_default_keys_stay_allowed(server: CumuloServer) -> None:
    client(server, "sqs").create_queue(QueueName="root-q")
    client(server, "sqs", "123456789012", "x").create_queue(QueueName="other-root-q")
    assert client(server, "sts").get_caller_identity()["Arn"] == f"arn:aws:iam::{ACCOUNT}:root"


def test_sqs_allow_and_deny(server: CumuloServer) -> None:
    url = client(server, "sqs").create_queue(QueueName="orders-enf")["QueueUrl"]
    arn = f"arn:aws:sqs:us-east-1:{ACCOUNT}:orders-enf"
    key, secret = user(server, "sqs-user", allow("sqs:SendMessage", arn))
    sqs = client(server, "sqs", key, secret)
    sqs.send_message(QueueUrl=url, MessageBody="hi")
    with pytest.raises(ClientError) as e:
        sqs.receive_message(QueueUrl=url)
    code, message, status = error(e)
    assert (code, status) == ("AccessDenied", 403)
    assert message == (f"User: arn:aws:iam::{ACCOUNT}:user/sqs-user is not authorized to perform: sqs:ReceiveMessage on resource: {arn} "
                       "because no identity-based policy allows the sqs:ReceiveMessage action")
    # A queue policy naming the user grants it on its own.
    policy = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:user/sqs-user"},
                                                       "Action": "sqs:ReceiveMessage", "Resource": arn}]}
    client(server, "sqs").set_queue_attributes(QueueUrl=url, Attributes={"Policy": json.dumps(policy)})
    assert sqs.receive_message(QueueUrl=url)["Messages"][0]["Body"] == "hi"


def test_explicit_deny_wins(server: CumuloServer) -> None:
    url = client(server, "sqs").create_queue(QueueName="denied-q")["QueueUrl"]
    key, secret = user(server, "deny-user", allow("sqs:*"), {"Effect": "Deny", "Action": "sqs:SendMessage", "Resource": "*"})
    sqs = client(server, "sqs", key, secret)
    sqs.get_queue_attributes(QueueUrl=url)
    with pytest.raises(ClientError) as e:
        sqs.send_message(QueueUrl=url, MessageBody="x")
    assert error(e)[1].endswith("with an explicit deny in an identity-based policy")


def test_s3_bucket_policy_grants_another_account(server: CumuloServer) -> None:
    owner = client(server, "s3", "222222222222", "x")
    owner.create_bucket(Bucket="shared-enf")
    owner.put_object(Bucket="shared-enf", Key="k", Body=b"data")
    key, secret = user(server, "s3-user", allow(["s3:GetObject", "s3:ListBucket"]))
    s3 = client(server, "s3", key, secret)
    with pytest.raises(ClientError) as e:
        s3.get_object(Bucket="shared-enf", Key="k")
    code, message, status = error(e)
    assert (code, status) == ("AccessDenied", 403) and message.endswith("because no resource-based policy allows the s3:GetObject action")
    owner.put_bucket_policy(Bucket="shared-enf", Policy=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::shared-enf/*"}]}))
    assert s3.get_object(Bucket="shared-enf", Key="k")["Body"].read() == b"data"
    with pytest.raises(ClientError):  # the policy grants objects, not listing
        s3.list_objects_v2(Bucket="shared-enf")
    no_policy_user = client(server, "s3", *user(server, "s3-nobody"))
    with pytest.raises(ClientError):  # the bucket policy names the account: its IAM must allow too
        no_policy_user.get_object(Bucket="shared-enf", Key="k")


def test_dynamodb_allow_and_deny(server: CumuloServer) -> None:
    ddb = client(server, "dynamodb")
    ddb.create_table(TableName="enf-table", BillingMode="PAY_PER_REQUEST", KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                     AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}])
    ddb.put_item(TableName="enf-table", Item={"pk": {"S": "a"}})
    table_arn = f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/enf-table"
    reader = client(server, "dynamodb", *user(server, "ddb-reader", allow("dynamodb:GetItem", table_arn)))
    assert reader.get_item(TableName="enf-table", Key={"pk": {"S": "a"}})["Item"]["pk"] == {"S": "a"}
    with pytest.raises(ClientError) as e:
        reader.put_item(TableName="enf-table", Item={"pk": {"S": "b"}})
    code, message, status = error(e)
    assert (code, status) == ("AccessDeniedException", 400) and "dynamodb:PutItem on resource: " + table_arn in message


def test_lambda_allow_and_deny(server: CumuloServer) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("app.py", "def handler(event, context):\n    return event\n")
    client(server, "lambda").create_function(FunctionName="enf-fn", Runtime="python3.12", Role=f"arn:aws:iam::{ACCOUNT}:role/r",
                                             Handler="app.handler", Code={"ZipFile": buf.getvalue()})
    fn_arn = f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:enf-fn"
    lam = client(server, "lambda", *user(server, "fn-user", allow("lambda:GetFunction", fn_arn)))
    assert lam.get_function(FunctionName="enf-fn")["Configuration"]["FunctionArn"] == fn_arn
    with pytest.raises(ClientError) as e:
        lam.delete_function(FunctionName="enf-fn")
    code, message, status = error(e)
    assert (code, status) == ("AccessDeniedException", 403) and "lambda:DeleteFunction" in message
    # A function policy naming another account lets that account's root in.
    client(server, "lambda").add_permission(FunctionName="enf-fn", StatementId="other", Action="lambda:GetFunction", Principal="333333333333")
    assert client(server, "lambda", "333333333333", "x").get_function(FunctionName=fn_arn)["Configuration"]["FunctionName"] == "enf-fn"
    with pytest.raises(ClientError):
        client(server, "lambda", "444444444444", "x").get_function(FunctionName=fn_arn)


def test_sts_trust_policies_and_session_policies(server: CumuloServer) -> None:
    iam = client(server, "iam")
    key, secret = user(server, "assumer")
    trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:user/assumer"}, "Action": "sts:AssumeRole"}]}
    role_arn = iam.create_role(RoleName="worker", AssumeRolePolicyDocument=json.dumps(trust), MaxSessionDuration=7200)["Role"]["Arn"]
    iam.put_role_policy(RoleName="worker", PolicyName="sqs", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [allow("sqs:*")]}))
    untrusted = iam.create_role(RoleName="not-for-you", AssumeRolePolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}))["Role"]["Arn"]
    sts = client(server, "sts", key, secret)
    with pytest.raises(ClientError) as e:
        sts.assume_role(RoleArn=untrusted, RoleSessionName="s1")
    assert error(e)[0] == "AccessDenied" and "sts:AssumeRole on resource: " + untrusted in error(e)[1]
    with pytest.raises(ClientError) as e:
        sts.assume_role(RoleArn=role_arn, RoleSessionName="s1", DurationSeconds=10800)
    assert error(e)[0] == "ValidationError"
    creds = sts.assume_role(RoleArn=role_arn, RoleSessionName="s1")["Credentials"]  # the trust policy names the user
    url = client(server, "sqs").create_queue(QueueName="worker-q")["QueueUrl"]
    as_role = client(server, "sqs", creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"])
    as_role.send_message(QueueUrl=url, MessageBody="from the role")
    # A session policy narrows the session to what both allow.
    narrow = json.dumps({"Version": "2012-10-17", "Statement": [allow("sqs:GetQueueAttributes")]})
    creds = sts.assume_role(RoleArn=role_arn, RoleSessionName="narrow", Policy=narrow)["Credentials"]
    narrowed = client(server, "sqs", creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"])
    narrowed.get_queue_attributes(QueueUrl=url)
    with pytest.raises(ClientError) as e:
        narrowed.send_message(QueueUrl=url, MessageBody="x")
    assert error(e)[1].endswith("because no session policy allows the sqs:SendMessage action")
    assert iam.get_role(RoleName="worker")["Role"]["RoleLastUsed"]["Region"] == "us-east-1"


def test_sts_web_identity_needs_a_provider(server: CumuloServer) -> None:
    import jwt

    iam = client(server, "iam")
    trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": f"arn:aws:iam::{ACCOUNT}:oidc-provider/idp.example.com"},
                                                      "Action": "sts:AssumeRoleWithWebIdentity",
                                                      "Condition": {"StringEquals": {"idp.example.com:aud": "my-app"}}}]}
    role_arn = iam.create_role(RoleName="web", AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
    token = jwt.encode({"iss": "https://idp.example.com", "sub": "u1", "aud": "my-app"}, "k", algorithm="HS256")
    sts = client(server, "sts")
    with pytest.raises(ClientError) as e:
        sts.assume_role_with_web_identity(RoleArn=role_arn, RoleSessionName="w1", WebIdentityToken=token)
    assert error(e)[0] == "InvalidIdentityToken"
    iam.create_open_id_connect_provider(Url="https://idp.example.com", ClientIDList=["my-app", "other"], ThumbprintList=["a" * 40])
    assert sts.assume_role_with_web_identity(RoleArn=role_arn, RoleSessionName="w1", WebIdentityToken=token)["Credentials"]
    wrong = jwt.encode({"iss": "https://idp.example.com", "sub": "u1", "aud": "other"}, "k", algorithm="HS256")
    with pytest.raises(ClientError) as e:
        sts.assume_role_with_web_identity(RoleArn=role_arn, RoleSessionName="w1", WebIdentityToken=wrong)
    assert error(e)[0] == "AccessDenied"


def test_decisions_endpoint(server: CumuloServer) -> None:
    import httpx

    # Its own denial: tests of this module may run on other xdist workers, with other servers.
    url = client(server, "sqs").create_queue(QueueName="decisions-q")["QueueUrl"]
    key, secret = user(server, "decisions-user")
    with pytest.raises(ClientError):
        client(server, "sqs", key, secret).receive_message(QueueUrl=url)
    found = httpx.get(f"{server.url}/_cumulo/iam/decisions", params={"principal": f"arn:aws:iam::{ACCOUNT}:user/decisions-user", "allowed": "false"}).json()
    assert found["decisions"], "the earlier denial is listed"
    record = found["decisions"][-1]
    assert (record["action"], record["allowed"], record["enforced"]) == ("sqs:ReceiveMessage", False, True)
