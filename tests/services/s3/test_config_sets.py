"""Id-keyed bucket configurations, ABAC, policy status, replication, and the legacy
notification and lifecycle operations."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError


def code(excinfo: Any) -> tuple[str, int]:
    r = excinfo.value.response
    return r["Error"]["Code"], r["ResponseMetadata"]["HTTPStatusCode"]


def strip(out: dict[str, Any]) -> dict[str, Any]:
    out.pop("ResponseMetadata", None)
    return out


KINDS = [
    # (noun in the method names, output member, list member, a configuration)
    ("analytics", "AnalyticsConfiguration", "AnalyticsConfigurationList",
     {"Id": "a1", "Filter": {"Prefix": "logs/"}, "StorageClassAnalysis": {"DataExport": {"OutputSchemaVersion": "V_1", "Destination": {
         "S3BucketDestination": {"Format": "CSV", "Bucket": "arn:aws:s3:::test-bucket", "Prefix": "out"}}}}}),
    ("metrics", "MetricsConfiguration", "MetricsConfigurationList",
     {"Id": "a1", "Filter": {"And": {"Prefix": "p/", "Tags": [{"Key": "k", "Value": "v"}]}}}),
    ("inventory", "InventoryConfiguration", "InventoryConfigurationList",
     {"Id": "a1", "IsEnabled": True, "IncludedObjectVersions": "Current", "Schedule": {"Frequency": "Daily"},
      "Destination": {"S3BucketDestination": {"Bucket": "arn:aws:s3:::test-bucket", "Format": "CSV"}}, "OptionalFields": ["Size", "ETag"]}),
    ("intelligent_tiering", "IntelligentTieringConfiguration", "IntelligentTieringConfigurationList",
     {"Id": "a1", "Status": "Enabled", "Tierings": [{"Days": 90, "AccessTier": "ARCHIVE_ACCESS"}]}),
]


@pytest.mark.parametrize("noun,member,list_member,document", KINDS, ids=[k[0] for k in KINDS])
def test_id_keyed_round_trip(s3: Any, bucket: str, noun: str, member: str, list_member: str, document: dict[str, Any]) -> None:
    put, get = getattr(s3, f"put_bucket_{noun}_configuration"), getattr(s3, f"get_bucket_{noun}_configuration")
    delete, list_ = getattr(s3, f"delete_bucket_{noun}_configuration"), getattr(s3, f"list_bucket_{noun}_configurations")
    with pytest.raises(ClientError) as e:
        get(Bucket=bucket, Id="a1")
    assert code(e) == ("NoSuchConfiguration", 404)
    assert strip(list_(Bucket=bucket)) == {"IsTruncated": False}
    put(Bucket=bucket, Id="a1", **{member: document})
    assert strip(get(Bucket=bucket, Id="a1")) == {member: document}
    second = {**document, "Id": "b2"}
    put(Bucket=bucket, Id="b2", **{member: second})
    listed = list_(Bucket=bucket)
    assert listed[list_member] == [document, second] and listed["IsTruncated"] is False
    delete(Bucket=bucket, Id="a1")
    assert [c["Id"] for c in list_(Bucket=bucket)[list_member]] == ["b2"]
    with pytest.raises(ClientError) as e:
        delete(Bucket=bucket, Id="a1")
    assert code(e) == ("NoSuchConfiguration", 404)
    with pytest.raises(ClientError) as e:
        put(Bucket=bucket, Id="other", **{member: document})
    assert code(e) == ("InvalidArgument", 400)


def test_list_pages_by_hundred(s3: Any, bucket: str) -> None:
    for i in range(105):
        s3.put_bucket_metrics_configuration(Bucket=bucket, Id=f"m{i:03}", MetricsConfiguration={"Id": f"m{i:03}"})
    first = s3.list_bucket_metrics_configurations(Bucket=bucket)
    assert first["IsTruncated"] is True and len(first["MetricsConfigurationList"]) == 100
    rest = s3.list_bucket_metrics_configurations(Bucket=bucket, ContinuationToken=first["NextContinuationToken"])
    assert [c["Id"] for c in rest["MetricsConfigurationList"]] == [f"m{i:03}" for i in range(100, 105)]
    assert rest["IsTruncated"] is False and rest["ContinuationToken"] == first["NextContinuationToken"]


def test_intelligent_tiering_days_are_bounded(s3: Any, bucket: str) -> None:
    with pytest.raises(ClientError) as e:
        s3.put_bucket_intelligent_tiering_configuration(Bucket=bucket, Id="t", IntelligentTieringConfiguration={
            "Id": "t", "Status": "Enabled", "Tierings": [{"Days": 30, "AccessTier": "ARCHIVE_ACCESS"}]})
    assert code(e) == ("InvalidArgument", 400)


def test_abac(s3: Any, bucket: str) -> None:
    assert s3.get_bucket_abac(Bucket=bucket)["AbacStatus"] == {"Status": "Disabled"}
    s3.put_bucket_abac(Bucket=bucket, AbacStatus={"Status": "Enabled"})
    assert s3.get_bucket_abac(Bucket=bucket)["AbacStatus"] == {"Status": "Enabled"}


def _policy(statement: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::test-bucket/*", **statement}]})


@pytest.mark.parametrize("statement,public", [
    ({"Principal": "*"}, True),
    ({"Principal": {"AWS": "*"}}, True),
    ({"Principal": {"AWS": "arn:aws:iam::111122223333:root"}}, False),
    ({"Principal": {"Service": "cloudfront.amazonaws.com"}}, False),
    ({"Principal": "*", "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}}, False),
    ({"Principal": "*", "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}, False),
    ({"Principal": "*", "Condition": {"IpAddress": {"aws:SourceIp": "0.0.0.0/1"}}}, True),
    ({"Principal": "*", "Condition": {"StringLike": {"aws:SourceArn": "arn:aws:cloudfront::*"}}}, True),
    ({"Principal": "*", "Condition": {"StringEquals": {"s3:x-amz-acl": "private"}}}, True),
    ({"Principal": "*", "Effect": "Deny"}, False),
], ids=["star", "aws-star", "account", "service", "vpce", "narrow-ip", "wide-ip", "wildcard-arn", "other-key", "deny"])
def test_policy_status(s3: Any, bucket: str, statement: dict[str, Any], public: bool) -> None:
    with pytest.raises(ClientError) as e:
        s3.get_bucket_policy_status(Bucket=bucket)
    assert code(e) == ("NoSuchBucketPolicy", 404)
    s3.put_bucket_policy(Bucket=bucket, Policy=_policy(statement))
    assert s3.get_bucket_policy_status(Bucket=bucket)["PolicyStatus"] == {"IsPublic": public}


def test_legacy_lifecycle_shares_state(s3: Any, bucket: str) -> None:
    # The legacy operations send the very requests the newer ones do (same URI, wire-compatible
    # XML), so S3 cannot tell them apart: one state, read and written by either.
    s3.put_bucket_lifecycle(Bucket=bucket, LifecycleConfiguration={"Rules": [
        {"ID": "old", "Prefix": "tmp/", "Status": "Enabled", "Transition": {"Days": 30, "StorageClass": "GLACIER"}, "Expiration": {"Days": 90}}]})
    assert s3.get_bucket_lifecycle(Bucket=bucket)["Rules"] == [
        {"ID": "old", "Prefix": "tmp/", "Status": "Enabled", "Transition": {"Days": 30, "StorageClass": "GLACIER"}, "Expiration": {"Days": 90}}]
    newer = s3.get_bucket_lifecycle_configuration(Bucket=bucket)["Rules"]
    assert newer == [{"ID": "old", "Prefix": "tmp/", "Status": "Enabled", "Transitions": [{"Days": 30, "StorageClass": "GLACIER"}], "Expiration": {"Days": 90}}]
    s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={"Rules": [
        {"ID": "new", "Prefix": "logs/", "Status": "Enabled", "Expiration": {"Days": 7}}]})
    assert s3.get_bucket_lifecycle(Bucket=bucket)["Rules"] == [{"ID": "new", "Prefix": "logs/", "Status": "Enabled", "Expiration": {"Days": 7}}]
    s3.delete_bucket_lifecycle(Bucket=bucket)
    with pytest.raises(ClientError) as e:
        s3.get_bucket_lifecycle(Bucket=bucket)
    assert code(e) == ("NoSuchLifecycleConfiguration", 404)


def test_legacy_notification_shares_state(s3: Any, bucket: str, sqs_queue_arn: str) -> None:
    assert strip(s3.get_bucket_notification(Bucket=bucket)) == {}
    s3.put_bucket_notification(Bucket=bucket, NotificationConfiguration={
        "QueueConfiguration": {"Id": "q", "Events": ["s3:ObjectCreated:*"], "Queue": sqs_queue_arn}})
    newer = s3.get_bucket_notification_configuration(Bucket=bucket)
    assert newer["QueueConfigurations"] == [{"Id": "q", "QueueArn": sqs_queue_arn, "Events": ["s3:ObjectCreated:*"]}]
    legacy = s3.get_bucket_notification(Bucket=bucket)
    assert legacy["QueueConfiguration"] == {"Id": "q", "Event": "s3:ObjectCreated:*", "Events": ["s3:ObjectCreated:*"], "Queue": sqs_queue_arn}


@pytest.fixture
def sqs_queue_arn(cumulo: Any) -> str:
    import boto3

    sqs = boto3.client("sqs", endpoint_url=cumulo.url, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")
    url = sqs.create_queue(QueueName="legacy-events")["QueueUrl"]
    return sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
