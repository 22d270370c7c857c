"""The request condition keys (cumulo.auth.conditionkeys), each getter on plain requests:
what DynamoDB's expressions name, LeadingKeys from keys, items and key conditions,
service keys only for their own service, tags from members and S3's Tagging header."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from cumulo.auth.conditionkeys import getter
from cumulo.core.http import Request
from cumulo.services import ResourcePolicy

TABLE = ResourcePolicy("", "000000000000", {"Team": "red"}, {"partition_key": "pk"})


def ctx(service: str = "dynamodb", operation: str = "GetItem", **headers: str) -> Any:
    return SimpleNamespace(service=service, operation=operation, region="us-east-1", account="000000000000",
                           request=Request("POST", "/", headers=headers, client="10.1.2.3"),
                           clock=SimpleNamespace(now=lambda: 1_800_000_000.5))


def value(key: str, params: dict[str, Any], context: Any = None, owned: ResourcePolicy | None = TABLE) -> Any:
    get = getter(key)
    assert get is not None, key
    return get(context or ctx(), params, owned)


def test_global_keys() -> None:
    assert value("aws:currenttime", {}) == ("2027-01-15T08:00:00Z",)
    assert value("aws:epochtime", {}) == ("1800000000",)
    assert value("aws:sourceip", {}) == ("10.1.2.3",)
    assert value("aws:securetransport", {}, ctx(**{"x-forwarded-proto": "https"})) == ("true",)
    assert value("aws:resourcetag/team", {}) == ("red",)
    assert value("aws:requesttag/env", {"Tags": [{"Key": "Env", "Value": "prod"}]}) == ("prod",)
    assert value("aws:tagkeys", {"Tags": {"a": "1", "b": "2"}}) == ("a", "b")
    assert value("aws:tagkeys", {}) is None
    assert getter("aws:principalarn") is None and getter("no:such-key") is None  # the principal's, or nobody's


def test_dynamodb_attributes_from_expressions() -> None:
    params = {"Key": {"pk": {"S": "a"}}, "ProjectionExpression": "#a, b.c, d[0], pk",
              "ExpressionAttributeNames": {"#a": "alpha"}}
    assert value("dynamodb:attributes", params) == ("pk", "alpha", "b", "d")
    update = {"Key": {"pk": {"S": "a"}}, "UpdateExpression": "SET #n = :v, total = total + :one REMOVE old ADD tags :t",
              "ExpressionAttributeNames": {"#n": "name"}}
    assert value("dynamodb:attributes", update) == ("pk", "name", "total", "old", "tags")
    assert value("dynamodb:attributes", {"Item": {"pk": {"S": "a"}, "v": {"N": "1"}}}) == ("pk", "v")
    assert value("dynamodb:select", {"ProjectionExpression": "pk"}) == ("SPECIFIC_ATTRIBUTES",)
    assert value("dynamodb:select", {"Select": "COUNT"}) == ("COUNT",)
    assert value("dynamodb:select", {}) is None


def test_dynamodb_leading_keys() -> None:
    assert value("dynamodb:leadingkeys", {"Key": {"pk": {"S": "u1"}, "sk": {"S": "x"}}}) == ("u1",)
    assert value("dynamodb:leadingkeys", {"Item": {"pk": {"N": "7"}}}) == ("7",)
    query = {"KeyConditionExpression": "#p = :p AND begins_with(sk, :s)", "ExpressionAttributeNames": {"#p": "pk"},
             "ExpressionAttributeValues": {":p": {"S": "u2"}, ":s": {"S": "x"}}}
    assert value("dynamodb:leadingkeys", query) == ("u2",)
    reversed_ = {"KeyConditionExpression": ":p = pk", "ExpressionAttributeValues": {":p": {"S": "u3"}}}
    assert value("dynamodb:leadingkeys", reversed_) == ("u3",)
    legacy = {"KeyConditions": {"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "u4"}]}}}
    assert value("dynamodb:leadingkeys", legacy) == ("u4",)
    assert value("dynamodb:leadingkeys", {"Key": {"pk": {"S": "u1"}}}, owned=None) is None  # no table, no key name


def test_service_keys_only_for_their_service() -> None:
    assert value("s3:prefix", {"Prefix": "home/"}, ctx("s3", "ListObjectsV2")) == ("home/",)
    assert value("s3:prefix", {"Prefix": "home/"}, ctx("ssm", "DescribeParameters")) is None
    assert value("s3:prefix", {}, ctx("s3", "ListObjectsV2")) is None
    assert value("dynamodb:leadingkeys", {"Key": {"pk": {"S": "u1"}}}, ctx("dynamodbstreams")) == ("u1",)
    assert value("s3:x-amz-acl", {"ACL": "private"}, ctx("s3", "PutObject")) == ("private",)
    assert value("s3:requestobjecttag/team", {"Tagging": "Team=blue&x=1"}, ctx("s3", "PutObject")) == ("blue",)
    assert value("s3:requestobjecttagkeys", {"Tagging": "a=1&b=2"}, ctx("s3", "PutObject")) == ("a", "b")
    assert value("s3:authtype", {}, ctx("s3", "GetObject", authorization="AWS4-HMAC-SHA256 Credential=x")) == ("REST-HEADER",)


def test_kms_lambda_sts_keys() -> None:
    kms = ctx("kms", "Encrypt")
    assert value("kms:encryptioncontext:purpose", {"EncryptionContext": {"Purpose": "x"}}, kms) == ("x",)
    assert value("kms:encryptioncontextkeys", {"EncryptionContext": {"a": "1", "b": "2"}}, kms) == ("a", "b")
    assert value("kms:requestalias", {"KeyId": "alias/app"}, kms) == ("alias/app",)
    assert value("kms:multiregion", {"MultiRegion": True}, kms) == ("true",)
    esm = ctx("lambda", "CreateEventSourceMapping")
    assert value("lambda:functionarn", {"FunctionName": "fn"}, esm) == ("arn:aws:lambda:us-east-1:000000000000:function:fn",)
    assert value("lambda:functionarn", {"FunctionName": "fn"}, ctx("lambda", "GetFunction")) is None
    assert value("sts:externalid", {"ExternalId": "e"}, ctx("sts", "AssumeRole")) == ("e",)
    assert value("sts:durationseconds", {"DurationSeconds": 900}, ctx("sts", "AssumeRole")) == ("900",)
