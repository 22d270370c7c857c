"""Bucket configuration round trips, CORS preflights from bucket rules, notifications to SQS."""

from __future__ import annotations

import json
from typing import Any

import boto3
import httpx
import pytest
from botocore.exceptions import ClientError


def code(excinfo: Any) -> tuple[str, int]:
    r = excinfo.value.response
    return r["Error"]["Code"], r["ResponseMetadata"]["HTTPStatusCode"]


ROUND_TRIPS = [
    # (put method, put kwargs, get method, the get output's members expected, not-found code or None, delete method)
    ("put_bucket_cors", {"CORSConfiguration": {"CORSRules": [{"AllowedMethods": ["GET", "PUT"], "AllowedOrigins": ["https://a.example"], "AllowedHeaders": ["*"], "ExposeHeaders": ["ETag"], "MaxAgeSeconds": 30}]}},
     "get_bucket_cors", {"CORSRules": [{"AllowedMethods": ["GET", "PUT"], "AllowedOrigins": ["https://a.example"], "AllowedHeaders": ["*"], "ExposeHeaders": ["ETag"], "MaxAgeSeconds": 30}]},
     "NoSuchCORSConfiguration", "delete_bucket_cors"),
    ("put_bucket_policy", {"Policy": json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::test-bucket/*"}]})},
     "get_bucket_policy", {"Policy": json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::test-bucket/*"}]})},
     "NoSuchBucketPolicy", "delete_bucket_policy"),
    ("put_bucket_lifecycle_configuration", {"LifecycleConfiguration": {"Rules": [{"ID": "expire", "Status": "Enabled", "Filter": {"Prefix": "logs/"}, "Expiration": {"Days": 7}}]}},
     "get_bucket_lifecycle_configuration", {"Rules": [{"ID": "expire", "Status": "Enabled", "Filter": {"Prefix": "logs/"}, "Expiration": {"Days": 7}}]},
     "NoSuchLifecycleConfiguration", "delete_bucket_lifecycle"),
    ("put_bucket_website", {"WebsiteConfiguration": {"IndexDocument": {"Suffix": "index.html"}, "ErrorDocument": {"Key": "err.html"}}},
     "get_bucket_website", {"IndexDocument": {"Suffix": "index.html"}, "ErrorDocument": {"Key": "err.html"}},
     "NoSuchWebsiteConfiguration", "delete_bucket_website"),
    ("put_bucket_tagging", {"Tagging": {"TagSet": [{"Key": "team", "Value": "core"}]}},
     "get_bucket_tagging", {"TagSet": [{"Key": "team", "Value": "core"}]}, "NoSuchTagSet", "delete_bucket_tagging"),
    ("put_bucket_ownership_controls", {"OwnershipControls": {"Rules": [{"ObjectOwnership": "ObjectWriter"}]}},
     "get_bucket_ownership_controls", {"OwnershipControls": {"Rules": [{"ObjectOwnership": "ObjectWriter"}]}},
     "OwnershipControlsNotFoundError", "delete_bucket_ownership_controls"),
    ("put_public_access_block", {"PublicAccessBlockConfiguration": {"BlockPublicAcls": False, "IgnorePublicAcls": True, "BlockPublicPolicy": False, "RestrictPublicBuckets": True}},
     "get_public_access_block", {"PublicAccessBlockConfiguration": {"BlockPublicAcls": False, "IgnorePublicAcls": True, "BlockPublicPolicy": False, "RestrictPublicBuckets": True}},
     "NoSuchPublicAccessBlockConfiguration", "delete_public_access_block"),
    ("put_bucket_encryption", {"ServerSideEncryptionConfiguration": {"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": "alias/k"}, "BucketKeyEnabled": True}]}},
     "get_bucket_encryption", {"ServerSideEncryptionConfiguration": {"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": "alias/k"}, "BucketKeyEnabled": True}]}},
     None, "delete_bucket_encryption"),
    ("put_bucket_logging", {"BucketLoggingStatus": {"LoggingEnabled": {"TargetBucket": "test-bucket", "TargetPrefix": "log/"}}},
     "get_bucket_logging", {"LoggingEnabled": {"TargetBucket": "test-bucket", "TargetPrefix": "log/"}}, None, None),
    ("put_bucket_request_payment", {"RequestPaymentConfiguration": {"Payer": "Requester"}}, "get_bucket_request_payment", {"Payer": "Requester"}, None, None),
    ("put_bucket_accelerate_configuration", {"AccelerateConfiguration": {"Status": "Enabled"}}, "get_bucket_accelerate_configuration", {"Status": "Enabled"}, None, None),
]


@pytest.mark.parametrize("put,put_args,get,expected,missing,delete", ROUND_TRIPS, ids=[r[0] for r in ROUND_TRIPS])
def test_round_trip(s3: Any, bucket: str, put: str, put_args: dict[str, Any], get: str, expected: dict[str, Any], missing: str | None, delete: str | None) -> None:
    if missing and get not in ("get_bucket_ownership_controls", "get_public_access_block"):
        with pytest.raises(ClientError) as e:
            getattr(s3, get)(Bucket=bucket)
        assert code(e) == (missing, 404)
    getattr(s3, put)(Bucket=bucket, **put_args)
    out = getattr(s3, get)(Bucket=bucket)
    out.pop("ResponseMetadata")
    out.pop("TransitionDefaultMinimumObjectSize", None)
    assert out == expected
    if delete:
        getattr(s3, delete)(Bucket=bucket)
        if missing:
            with pytest.raises(ClientError) as e:
                getattr(s3, get)(Bucket=bucket)
            assert code(e) == (missing, 404)


def test_defaults_on_a_new_bucket(s3: Any, bucket: str) -> None:
    assert s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"][0]["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256"
    assert s3.get_bucket_ownership_controls(Bucket=bucket)["OwnershipControls"]["Rules"][0]["ObjectOwnership"] == "BucketOwnerEnforced"
    assert s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"]["BlockPublicAcls"] is True
    assert s3.get_bucket_request_payment(Bucket=bucket)["Payer"] == "BucketOwner"
    assert "LoggingEnabled" not in s3.get_bucket_logging(Bucket=bucket)


def test_bad_policy(s3: Any, bucket: str) -> None:
    with pytest.raises(ClientError) as e:
        s3.put_bucket_policy(Bucket=bucket, Policy="not json")
    assert code(e) == ("MalformedPolicy", 400)
    good = {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{bucket}/*"}
    for change, message in [({"Effect": "Maybe"}, "Invalid effect: Maybe"), ({"Principal": None}, "Missing required field Principal"),
                            ({"Resource": "arn:aws:s3:::another-bucket/*"}, "Policy has invalid resource"),
                            ({"Action": None}, "Missing required field Action"), ({"Action": "ec2:RunInstances"}, "Policy has invalid action")]:
        statement = {k: v for k, v in {**good, **change}.items() if v is not None}
        with pytest.raises(ClientError) as e:
            s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps({"Version": "2012-10-17", "Statement": [statement]}))
        assert code(e) == ("MalformedPolicy", 400) and e.value.response["Error"]["Message"] == message


def test_acls(s3: Any, bucket: str) -> None:
    acl = s3.get_bucket_acl(Bucket=bucket)
    assert [g["Permission"] for g in acl["Grants"]] == ["FULL_CONTROL"]
    assert "DisplayName" not in acl["Owner"] and all("DisplayName" not in g["Grantee"] for g in acl["Grants"])
    s3.put_bucket_ownership_controls(Bucket=bucket, OwnershipControls={"Rules": [{"ObjectOwnership": "ObjectWriter"}]})
    s3.put_bucket_acl(Bucket=bucket, ACL="public-read")
    grants = s3.get_bucket_acl(Bucket=bucket)["Grants"]
    assert {"Type": "Group", "URI": "http://acs.amazonaws.com/groups/global/AllUsers"} in [g["Grantee"] for g in grants]
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    s3.put_object_acl(Bucket=bucket, Key="k", ACL="authenticated-read")
    assert [g["Permission"] for g in s3.get_object_acl(Bucket=bucket, Key="k")["Grants"]] == ["FULL_CONTROL", "READ"]


def _preflight(cumulo: Any, path: str, origin: str, method: str, headers: str = "") -> httpx.Response:
    extra = {"Access-Control-Request-Headers": headers} if headers else {}
    return httpx.options(cumulo.url + path, headers={"Origin": origin, "Access-Control-Request-Method": method, **extra})


def test_cors_preflight_from_bucket_rules(cumulo: Any, s3: Any, bucket: str) -> None:
    refused = _preflight(cumulo, f"/{bucket}/k", "https://a.example", "GET")
    assert refused.status_code == 403 and b"CORS is not enabled for this bucket" in refused.content
    s3.put_bucket_cors(Bucket=bucket, CORSConfiguration={"CORSRules": [
        {"AllowedMethods": ["GET", "PUT"], "AllowedOrigins": ["https://*.example"], "AllowedHeaders": ["content-type", "x-amz-*"], "ExposeHeaders": ["ETag"], "MaxAgeSeconds": 60},
        {"AllowedMethods": ["GET"], "AllowedOrigins": ["*"]},
    ]})
    ok = _preflight(cumulo, f"/{bucket}/k", "https://app.example", "PUT", "Content-Type, X-Amz-Meta-A")
    assert ok.status_code == 200
    assert ok.headers["access-control-allow-origin"] == "https://app.example"
    assert ok.headers["access-control-allow-methods"] == "GET, PUT"
    assert ok.headers["access-control-allow-headers"] == "content-type, x-amz-meta-a"
    assert ok.headers["access-control-max-age"] == "60" and ok.headers["access-control-expose-headers"] == "ETag"
    anyone = _preflight(cumulo, f"/{bucket}/k", "https://other.test", "GET")
    assert anyone.status_code == 200 and anyone.headers["access-control-allow-origin"] == "*"
    for origin, method, headers in [("https://other.test", "PUT", ""), ("https://app.example", "PUT", "authorization"), ("https://app.example", "DELETE", "")]:
        assert _preflight(cumulo, f"/{bucket}/k", origin, method, headers).status_code == 403
    # the actual request gets the matching rule's headers too
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    actual = httpx.get(f"{cumulo.url}/{bucket}/k", headers={"Origin": "https://app.example"})
    assert actual.headers["access-control-allow-origin"] == "https://app.example"
    assert "access-control-allow-origin" not in httpx.get(f"{cumulo.url}/{bucket}/k").headers


def test_notifications_to_sqs(cumulo: Any, s3: Any, bucket: str) -> None:
    sqs = boto3.client("sqs", endpoint_url=cumulo.url, region_name="us-east-1")
    url = sqs.create_queue(QueueName="events")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    with pytest.raises(ClientError) as e:
        s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration={"QueueConfigurations": [
            {"QueueArn": arn + "-missing", "Events": ["s3:ObjectCreated:*"]}]})
    assert code(e) == ("InvalidArgument", 400)
    config = {"QueueConfigurations": [{"Id": "images", "QueueArn": arn, "Events": ["s3:ObjectCreated:*", "s3:ObjectRemoved:Delete"],
                                       "Filter": {"Key": {"FilterRules": [{"Name": "prefix", "Value": "img/"}, {"Name": "suffix", "Value": ".png"}]}}}]}
    s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration=config)
    assert s3.get_bucket_notification_configuration(Bucket=bucket)["QueueConfigurations"][0]["Id"] == "images"
    test_event = json.loads(sqs.receive_message(QueueUrl=url)["Messages"][0]["Body"])
    assert test_event["Event"] == "s3:TestEvent" and test_event["Bucket"] == bucket
    sqs.purge_queue(QueueUrl=url)
    s3.put_object(Bucket=bucket, Key="img/a b.png", Body=b"png!")
    s3.put_object(Bucket=bucket, Key="img/skip.jpg", Body=b"jpg")
    s3.put_object(Bucket=bucket, Key="other/c.png", Body=b"png")
    s3.copy_object(Bucket=bucket, Key="img/copy.png", CopySource=f"{bucket}/img/a b.png")
    s3.delete_object(Bucket=bucket, Key="img/a b.png")
    records = []
    for _ in range(5):
        for message in sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", []):
            records += json.loads(message["Body"])["Records"]
    events = sorted((r["eventName"], r["s3"]["object"]["key"]) for r in records)
    assert events == [("ObjectCreated:Copy", "img/copy.png"), ("ObjectCreated:Put", "img/a+b.png"), ("ObjectRemoved:Delete", "img/a+b.png")]
    put = next(r for r in records if r["eventName"] == "ObjectCreated:Put")
    assert put["eventSource"] == "aws:s3" and put["awsRegion"] == "us-east-1" and put["s3"]["configurationId"] == "images"
    assert put["s3"]["bucket"]["arn"] == f"arn:aws:s3:::{bucket}" and put["s3"]["object"]["size"] == 4
    assert put["s3"]["object"]["eTag"] and put["s3"]["object"]["sequencer"]


def test_acls_are_refused_where_ownership_disables_them(s3: Any, bucket: str) -> None:
    # A new bucket is BucketOwnerEnforced: setting an ACL fails, reading one works.
    for call in (lambda: s3.put_bucket_acl(Bucket=bucket, ACL="public-read"),
                 lambda: s3.put_object(Bucket=bucket, Key="k", Body=b"x", ACL="public-read")):
        with pytest.raises(ClientError) as e:
            call()
        assert code(e) == ("AccessControlListNotSupported", 400)
    s3.put_object(Bucket=bucket, Key="k", Body=b"x", ACL="bucket-owner-full-control")
    with pytest.raises(ClientError) as e:
        s3.put_object_acl(Bucket=bucket, Key="k", ACL="private")
    assert code(e) == ("AccessControlListNotSupported", 400)
    assert s3.get_object_acl(Bucket=bucket, Key="k")["Grants"]


def _lifecycle(rule: dict[str, Any]) -> dict[str, Any]:
    return {"LifecycleConfiguration": {"Rules": [{"ID": "r", "Status": "Enabled", "Filter": {"Prefix": ""}, **rule}]}}


OWNER_ID = "a" * 64
INVALID_CONFIGURATIONS = [
    ("put_bucket_request_payment", {"RequestPaymentConfiguration": {"Payer": "Nobody"}}, "MalformedXML"),
    ("put_bucket_lifecycle_configuration", _lifecycle({}), "InvalidRequest"),
    ("put_bucket_lifecycle_configuration", _lifecycle({"Transitions": [{"Days": 1, "StorageClass": "STANDARD_IA"}]}), "InvalidArgument"),
    ("put_bucket_lifecycle_configuration", _lifecycle({"Expiration": {"Days": 0}}), "InvalidArgument"),
    ("put_bucket_lifecycle_configuration", _lifecycle({"Transitions": [{"Days": 40, "StorageClass": "STANDARD"}]}), "MalformedXML"),
    ("put_bucket_logging", {"BucketLoggingStatus": {"LoggingEnabled": {"TargetBucket": "no-such-target", "TargetPrefix": "l/"}}},
     "InvalidTargetBucketForLogging"),
    ("put_bucket_ownership_controls", {"OwnershipControls": {"Rules": [{"ObjectOwnership": "Everyone"}]}}, "MalformedXML"),
    ("put_bucket_encryption", {"ServerSideEncryptionConfiguration": {"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "ROT13"}}]}},
     "MalformedXML"),
    ("put_bucket_encryption", {"ServerSideEncryptionConfiguration": {"Rules": [{"ApplyServerSideEncryptionByDefault": {
        "SSEAlgorithm": "AES256", "KMSMasterKeyID": "alias/k"}}]}}, "InvalidArgument"),
    ("put_bucket_tagging", {"Tagging": {"TagSet": [{"Key": "k" * 129, "Value": "v"}]}}, "InvalidTag"),
    ("put_bucket_inventory_configuration", {"Id": "i", "InventoryConfiguration": {
        "Id": "i", "IsEnabled": True, "IncludedObjectVersions": "Some", "Schedule": {"Frequency": "Daily"},
        "Destination": {"S3BucketDestination": {"Bucket": "arn:aws:s3:::test-bucket", "Format": "CSV"}}}}, "MalformedXML"),
    ("put_object_lock_configuration", {"ObjectLockConfiguration": {"ObjectLockEnabled": "Enabled", "Rule": {
        "DefaultRetention": {"Mode": "GOVERNANCE", "Days": 1, "Years": 1}}}}, "MalformedXML"),
    ("put_bucket_notification_configuration", {"NotificationConfiguration": {"QueueConfigurations": [
        {"QueueArn": "not-an-arn", "Events": ["s3:ObjectCreated:*"]}]}}, "InvalidArgument"),
    ("put_bucket_notification_configuration", {"NotificationConfiguration": {"TopicConfigurations": [
        {"TopicArn": "arn:aws:sqs:us-east-1:000000000000:a-queue", "Events": ["s3:ObjectCreated:*"]}]}}, "InvalidArgument"),
    ("put_bucket_notification_configuration", {"NotificationConfiguration": {"LambdaFunctionConfigurations": [
        {"LambdaFunctionArn": "arn:aws:lambda:us-east-1:000000000000:layer:x", "Events": ["s3:ObjectCreated:*"]}]}}, "InvalidArgument"),
]


@pytest.mark.parametrize(("call", "kwargs", "expected"), INVALID_CONFIGURATIONS)
def test_invalid_configurations_are_refused(s3: Any, bucket: str, call: str, kwargs: dict[str, Any], expected: str) -> None:
    with pytest.raises(ClientError) as e:
        getattr(s3, call)(Bucket=bucket, **kwargs)
    assert code(e) == (expected, 400)


def test_acl_grants_are_checked(s3: Any, bucket: str) -> None:
    s3.put_bucket_ownership_controls(Bucket=bucket, OwnershipControls={"Rules": [{"ObjectOwnership": "ObjectWriter"}]})
    me = s3.get_bucket_acl(Bucket=bucket)["Owner"]
    for grantee in ({"Type": "CanonicalUser", "ID": "bogus"}, {"Type": "Group", "URI": "http://example.com/everyone"}):
        with pytest.raises(ClientError) as e:
            s3.put_bucket_acl(Bucket=bucket, AccessControlPolicy={"Grants": [{"Grantee": grantee, "Permission": "READ"}], "Owner": me})
        assert code(e) == ("InvalidArgument", 400)
    s3.put_bucket_acl(Bucket=bucket, AccessControlPolicy={"Grants": [{"Grantee": {"Type": "CanonicalUser", "ID": OWNER_ID},
                                                                      "Permission": "READ"}], "Owner": me})


def test_acls_never_answer_display_names(s3: Any, bucket: str) -> None:
    s3.put_bucket_ownership_controls(Bucket=bucket, OwnershipControls={"Rules": [{"ObjectOwnership": "ObjectWriter"}]})
    me = s3.get_bucket_acl(Bucket=bucket)["Owner"]
    s3.put_bucket_acl(Bucket=bucket, AccessControlPolicy={"Owner": {**me, "DisplayName": "me"}, "Grants": [
        {"Grantee": {"Type": "CanonicalUser", "ID": OWNER_ID, "DisplayName": "someone"}, "Permission": "READ"}]})
    acl = s3.get_bucket_acl(Bucket=bucket)
    assert acl["Owner"] == me and acl["Grants"] == [{"Grantee": {"Type": "CanonicalUser", "ID": OWNER_ID}, "Permission": "READ"}]
