"""S3's CloudFormation providers, driven directly (the stack engine's tests drive them in stacks)."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from cumulo.core.errors import AwsError
from cumulo.testing import CumuloServer
from cumulo.testing.provision import provision
from tests.services.cfn_support import delete_twice, make, make_in_stack, read, replaces, update

FULL: dict[str, Any] = {
    "VersioningConfiguration": {"Status": "Enabled"},
    "CorsConfiguration": {"CorsRules": [{"AllowedMethods": ["GET"], "AllowedOrigins": ["*"], "MaxAge": "300", "Id": "web"}]},
    "LifecycleConfiguration": {"Rules": [
        {"Id": "old", "Status": "Enabled", "Prefix": "logs/", "ExpirationInDays": "30",
         "Transitions": [{"StorageClass": "GLACIER", "TransitionInDays": 7}], "NoncurrentVersionExpirationInDays": 5},
        {"Id": "tagged", "Status": "Enabled", "TagFilters": [{"Key": "tmp", "Value": "1"}], "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": "2"}},
    ]},
    "BucketEncryption": {"ServerSideEncryptionConfiguration": [{"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}, "BucketKeyEnabled": "true"}]},
    "PublicAccessBlockConfiguration": {"BlockPublicAcls": "true", "BlockPublicPolicy": True, "IgnorePublicAcls": True, "RestrictPublicBuckets": True},
    "OwnershipControls": {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]},
    "WebsiteConfiguration": {"IndexDocument": "index.html", "ErrorDocument": "error.html"},
    "Tags": [{"Key": "team", "Value": "a"}],
}


def test_bucket_with_every_configuration(cumulo: CumuloServer, s3: Any) -> None:
    ctx, made = make(cumulo, "AWS::S3::Bucket", FULL, "Assets")
    name = made.physical_id
    assert name.startswith("stack-assets-") and name == name.lower() and len(name) <= 63
    assert made.attributes == {
        "Arn": f"arn:aws:s3:::{name}", "DomainName": f"{name}.s3.amazonaws.com", "RegionalDomainName": f"{name}.s3.us-east-1.amazonaws.com",
        "DualStackDomainName": f"{name}.s3.dualstack.us-east-1.amazonaws.com", "WebsiteURL": f"http://{name}.s3-website-us-east-1.amazonaws.com"}
    s3.head_bucket(Bucket=name)
    assert s3.get_bucket_versioning(Bucket=name)["Status"] == "Enabled"
    assert s3.get_bucket_cors(Bucket=name)["CORSRules"][0]["MaxAgeSeconds"] == 300
    rules = {r["ID"]: r for r in s3.get_bucket_lifecycle_configuration(Bucket=name)["Rules"]}
    assert rules["old"]["Filter"] == {"Prefix": "logs/"} and rules["old"]["Expiration"] == {"Days": 30}
    assert rules["old"]["Transitions"] == [{"Days": 7, "StorageClass": "GLACIER"}] and rules["old"]["NoncurrentVersionExpiration"]["NoncurrentDays"] == 5
    assert rules["tagged"]["Filter"] == {"Tag": {"Key": "tmp", "Value": "1"}}
    sse = s3.get_bucket_encryption(Bucket=name)["ServerSideEncryptionConfiguration"]["Rules"][0]
    assert sse["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256" if "ApplyServerSideEncryptionByDefault" in sse else sse
    assert s3.get_public_access_block(Bucket=name)["PublicAccessBlockConfiguration"]["BlockPublicAcls"] is True
    assert s3.get_bucket_ownership_controls(Bucket=name)["OwnershipControls"]["Rules"] == [{"ObjectOwnership": "BucketOwnerEnforced"}]
    website = s3.get_bucket_website(Bucket=name)
    assert website["IndexDocument"] == {"Suffix": "index.html"} and website["ErrorDocument"] == {"Key": "error.html"}
    assert s3.get_bucket_tagging(Bucket=name)["TagSet"] == [{"Key": "team", "Value": "a"}]
    assert read(cumulo, "AWS::S3::Bucket", ctx, made, FULL)["VersioningConfiguration"] == {"Status": "Enabled"}

    # Dropping configurations removes them; versioning can only be suspended.
    new = {"Tags": [{"Key": "team", "Value": "b"}]}
    assert update(cumulo, "AWS::S3::Bucket", ctx, made, new, FULL).physical_id == name
    assert s3.get_bucket_versioning(Bucket=name)["Status"] == "Suspended"
    for call, code in ((s3.get_bucket_cors, "NoSuchCORSConfiguration"), (s3.get_bucket_lifecycle_configuration, "NoSuchLifecycleConfiguration"),
                       (s3.get_bucket_website, "NoSuchWebsiteConfiguration"), (s3.get_public_access_block, "NoSuchPublicAccessBlockConfiguration")):
        with pytest.raises(ClientError, match=code):
            call(Bucket=name)
    assert s3.get_bucket_tagging(Bucket=name)["TagSet"] == [{"Key": "team", "Value": "b"}]
    assert {"BucketName", "ObjectLockEnabled"} <= replaces("AWS::S3::Bucket")

    # A bucket with objects refuses deletion, as on AWS; emptied, it goes.
    s3.put_object(Bucket=name, Key="k", Body=b"x")
    with pytest.raises(AwsError, match="BucketNotEmpty"):
        delete_twice(cumulo, "AWS::S3::Bucket", ctx, made, new)
    for version in s3.list_object_versions(Bucket=name).get("Versions", []):
        s3.delete_object(Bucket=name, Key=version["Key"], VersionId=version["VersionId"])
    delete_twice(cumulo, "AWS::S3::Bucket", ctx, made, new)
    assert s3.list_buckets()["Buckets"] == []


def test_bucket_notifications_and_named_bucket(cumulo: CumuloServer, s3: Any) -> None:
    sqs = boto3.client("sqs", endpoint_url=cumulo.url, region_name="us-east-1")
    url = sqs.create_queue(QueueName="events")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    props = {"BucketName": "My-Named-Bucket".lower(), "NotificationConfiguration": {
        "QueueConfigurations": [{"Event": "s3:ObjectCreated:*", "Queue": arn, "Filter": {"S3Key": {"Rules": [{"Name": "suffix", "Value": ".txt"}]}}}],
        "EventBridgeConfiguration": {"EventBridgeEnabled": True}}}
    ctx, made = make(cumulo, "AWS::S3::Bucket", props)
    assert made.physical_id == "my-named-bucket"
    got = s3.get_bucket_notification_configuration(Bucket="my-named-bucket")
    assert got["QueueConfigurations"][0]["QueueArn"] == arn and got["QueueConfigurations"][0]["Events"] == ["s3:ObjectCreated:*"]
    assert "EventBridgeConfiguration" in got
    sqs.purge_queue(QueueUrl=url)  # the test event S3 sent
    s3.put_object(Bucket="my-named-bucket", Key="a.txt", Body=b"x")
    messages = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=2).get("Messages", [])
    assert messages and json.loads(messages[0]["Body"])["Records"][0]["s3"]["object"]["key"] == "a.txt"
    s3.delete_object(Bucket="my-named-bucket", Key="a.txt")

    update(cumulo, "AWS::S3::Bucket", ctx, made, {"BucketName": "my-named-bucket"}, props)
    assert "QueueConfigurations" not in s3.get_bucket_notification_configuration(Bucket="my-named-bucket")
    delete_twice(cumulo, "AWS::S3::Bucket", ctx, made, {})


def test_bucket_in_another_region_and_policy(cumulo: CumuloServer, s3: Any) -> None:
    ctx, made = cumulo.run(provision(cumulo.runtime, "AWS::S3::Bucket", {}, region="eu-central-1", logical_id="Data"))
    assert made.attributes["WebsiteURL"] == f"http://{made.physical_id}.s3-website.eu-central-1.amazonaws.com"
    assert s3.get_bucket_location(Bucket=made.physical_id)["LocationConstraint"] == "eu-central-1"

    doc: dict[str, Any] = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"{made.attributes['Arn']}/*"}]}
    pctx, policy = make(cumulo, "AWS::S3::BucketPolicy", {"Bucket": made.physical_id, "PolicyDocument": doc}, "Policy")
    assert policy.physical_id == made.physical_id
    assert json.loads(s3.get_bucket_policy(Bucket=made.physical_id)["Policy"]) == doc
    doc2 = {**doc, "Statement": [{**doc["Statement"][0], "Action": "s3:ListBucket", "Resource": made.attributes["Arn"]}]}
    update(cumulo, "AWS::S3::BucketPolicy", pctx, policy, {"Bucket": made.physical_id, "PolicyDocument": doc2}, {})
    assert read(cumulo, "AWS::S3::BucketPolicy", pctx, policy, {"Bucket": made.physical_id})["PolicyDocument"] == doc2
    delete_twice(cumulo, "AWS::S3::BucketPolicy", pctx, policy, {"Bucket": made.physical_id})
    with pytest.raises(ClientError, match="NoSuchBucketPolicy"):
        s3.get_bucket_policy(Bucket=made.physical_id)
    delete_twice(cumulo, "AWS::S3::Bucket", ctx, made, {})
    delete_twice(cumulo, "AWS::S3::BucketPolicy", pctx, policy, {"Bucket": made.physical_id})  # its bucket gone too: no error


def test_failed_configuration_leaves_no_bucket(cumulo: CumuloServer, s3: Any) -> None:
    bad = {"BucketName": "half-made", "NotificationConfiguration": {"QueueConfigurations": [
        {"Event": "s3:ObjectCreated:*", "Queue": "arn:aws:sqs:us-east-1:000000000000:missing"}]}}
    with pytest.raises(AwsError):
        make(cumulo, "AWS::S3::Bucket", bad)
    assert s3.list_buckets()["Buckets"] == []


def test_access_control_takes_the_template_names(cumulo: CumuloServer, s3: Any) -> None:
    # `Private`, `PublicRead`...: the template's names for the API's canned ACLs (the CDK's bootstrap
    # template sets `AccessControl: Private` on its staging bucket).
    ctx, made = make(cumulo, "AWS::S3::Bucket", {"AccessControl": "Private", "OwnershipControls": {"Rules": [{"ObjectOwnership": "ObjectWriter"}]}})
    assert [g["Permission"] for g in s3.get_bucket_acl(Bucket=made.physical_id)["Grants"]] == ["FULL_CONTROL"]
    props = {"AccessControl": "PublicRead", "OwnershipControls": {"Rules": [{"ObjectOwnership": "ObjectWriter"}]}}
    update(cumulo, "AWS::S3::Bucket", ctx, made, props, {**props, "AccessControl": "Private"})
    grants = s3.get_bucket_acl(Bucket=made.physical_id)["Grants"]
    assert {g["Grantee"].get("URI") for g in grants if g["Permission"] == "READ"} == {"http://acs.amazonaws.com/groups/global/AllUsers"}
    with pytest.raises(AwsError, match="InvalidArgument"):
        update(cumulo, "AWS::S3::Bucket", ctx, made, {**props, "AccessControl": "Bogus"}, props)
    delete_twice(cumulo, "AWS::S3::Bucket", ctx, made, {})


def test_stack_tags_propagate(cumulo: CumuloServer, s3: Any) -> None:
    _, made = make_in_stack(cumulo, "AWS::S3::Bucket", {})
    assert s3.get_bucket_tagging(Bucket=made.physical_id)["TagSet"] == [{"Key": "env", "Value": "prod"}]  # S3 refuses aws: keys to callers


def test_bucket_configuration_sets(cumulo: CumuloServer, s3: Any) -> None:
    s3.create_bucket(Bucket="reports")
    destination = {"BucketArn": "arn:aws:s3:::reports", "Format": "CSV", "Prefix": "out"}
    props: dict[str, Any] = {
        "InventoryConfigurations": [{"Id": "inv", "Enabled": "true", "IncludedObjectVersions": "Current", "ScheduleFrequency": "Daily",
                                     "Destination": destination, "OptionalFields": ["Size"], "Prefix": "data/"}],
        "AnalyticsConfigurations": [{"Id": "ana", "Prefix": "data/", "TagFilters": [{"Key": "k", "Value": "v"}],
                                     "StorageClassAnalysis": {"DataExport": {"OutputSchemaVersion": "V_1", "Destination": destination}}}],
        "MetricsConfigurations": [{"Id": "all"}, {"Id": "tagged", "TagFilters": [{"Key": "k", "Value": "v"}]}],
    }
    ctx, made = make(cumulo, "AWS::S3::Bucket", props)
    name = made.physical_id
    inventory = s3.get_bucket_inventory_configuration(Bucket=name, Id="inv")["InventoryConfiguration"]
    assert inventory["IsEnabled"] is True and inventory["Destination"]["S3BucketDestination"]["Bucket"] == "arn:aws:s3:::reports"
    assert inventory["Schedule"] == {"Frequency": "Daily"} and inventory["Filter"] == {"Prefix": "data/"}
    analytics = s3.get_bucket_analytics_configuration(Bucket=name, Id="ana")["AnalyticsConfiguration"]
    assert analytics["Filter"]["And"] == {"Prefix": "data/", "Tags": [{"Key": "k", "Value": "v"}]}
    assert analytics["StorageClassAnalysis"]["DataExport"]["OutputSchemaVersion"] == "V_1"
    assert s3.get_bucket_metrics_configuration(Bucket=name, Id="tagged")["MetricsConfiguration"]["Filter"] == {"Tag": {"Key": "k", "Value": "v"}}

    new = {"MetricsConfigurations": [{"Id": "all"}]}
    update(cumulo, "AWS::S3::Bucket", ctx, made, new, props)
    assert [m["Id"] for m in s3.list_bucket_metrics_configurations(Bucket=name).get("MetricsConfigurationList", [])] == ["all"]
    assert s3.list_bucket_inventory_configurations(Bucket=name).get("InventoryConfigurationList", []) == []
    assert s3.list_bucket_analytics_configurations(Bucket=name).get("AnalyticsConfigurationList", []) == []
    delete_twice(cumulo, "AWS::S3::Bucket", ctx, made, new)


def test_access_control_from_the_template(cumulo: CumuloServer, s3: Any) -> None:
    """Templates name canned ACLs in their own spelling (`LogDeliveryWrite`); the ones CreateBucket
    refuses go on through PutBucketAcl, after the ownership controls that allow ACLs (SAM's
    pipeline bootstrap makes its logging bucket so)."""
    logs = "http://acs.amazonaws.com/groups/s3/LogDelivery"
    ctx, made = make(cumulo, "AWS::S3::Bucket", {"AccessControl": "LogDeliveryWrite",
                                                 "OwnershipControls": {"Rules": [{"ObjectOwnership": "ObjectWriter"}]}})
    grants = s3.get_bucket_acl(Bucket=made.physical_id)["Grants"]
    assert {(g["Grantee"].get("URI"), g["Permission"]) for g in grants} >= {(logs, "WRITE"), (logs, "READ_ACP")}
    props = {"AccessControl": "PublicRead", "OwnershipControls": {"Rules": [{"ObjectOwnership": "ObjectWriter"}]}}
    update(cumulo, "AWS::S3::Bucket", ctx, made, props,
           {"AccessControl": "LogDeliveryWrite", "OwnershipControls": {"Rules": [{"ObjectOwnership": "ObjectWriter"}]}})
    grants = s3.get_bucket_acl(Bucket=made.physical_id)["Grants"]
    assert ("http://acs.amazonaws.com/groups/global/AllUsers", "READ") in {(g["Grantee"].get("URI"), g["Permission"]) for g in grants}
    assert logs not in {g["Grantee"].get("URI") for g in grants}
