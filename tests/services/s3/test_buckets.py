"""Buckets through boto3: create rules, names, listing, location, versioning state, delete."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError


def code(excinfo: Any) -> tuple[str, int]:
    r = excinfo.value.response
    return r["Error"]["Code"], r["ResponseMetadata"]["HTTPStatusCode"]


def test_create_head_list_delete(s3: Any) -> None:
    assert s3.create_bucket(Bucket="alpha")["Location"] == "/alpha"
    s3.create_bucket(Bucket="beta")
    head = s3.head_bucket(Bucket="alpha")
    assert head["BucketRegion"] == "us-east-1"
    listed = s3.list_buckets()
    assert [b["Name"] for b in listed["Buckets"]] == ["alpha", "beta"]
    assert len(listed["Owner"]["ID"]) == 64
    s3.delete_bucket(Bucket="alpha")
    with pytest.raises(ClientError) as e:
        s3.head_bucket(Bucket="alpha")
    assert code(e) == ("404", 404)
    with pytest.raises(ClientError) as e:
        s3.delete_bucket(Bucket="alpha")
    assert code(e) == ("NoSuchBucket", 404)
    assert e.value.response["Error"]["BucketName"] == "alpha"


@pytest.mark.parametrize("name", ["ab", "A-upper", "has_underscore", "-dash", "dash-", "a..b", "192.168.1.1", "xn--punycode", "x" * 64, "sthree-x", "ends-s3alias"])
def test_invalid_names(s3: Any, name: str) -> None:
    with pytest.raises(ClientError) as e:
        s3.create_bucket(Bucket=name)
    assert code(e) == ("InvalidBucketName", 400)


def test_valid_names(s3: Any) -> None:
    for name in ["abc", "a.b-c.1", "x" * 63]:
        s3.create_bucket(Bucket=name)


def test_already_owned_and_taken(s3: Any, make_client: Any) -> None:
    s3.create_bucket(Bucket="mine")
    s3.create_bucket(Bucket="mine")  # us-east-1 answers 200 to its owner again
    eu = make_client(region="eu-west-1")
    eu.create_bucket(Bucket="mine-eu", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    with pytest.raises(ClientError) as e:
        eu.create_bucket(Bucket="mine-eu", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    assert code(e) == ("BucketAlreadyOwnedByYou", 409)
    other = make_client(access_key="111111111111")
    with pytest.raises(ClientError) as e:
        other.create_bucket(Bucket="mine")
    assert code(e) == ("BucketAlreadyExists", 409)
    assert [b["Name"] for b in other.list_buckets()["Buckets"]] == []


def test_location_constraints(s3: Any, make_client: Any) -> None:
    with pytest.raises(ClientError) as e:
        s3.create_bucket(Bucket="bad-loc", CreateBucketConfiguration={"LocationConstraint": "us-east-1"})
    assert code(e) == ("InvalidLocationConstraint", 400)
    eu = make_client(region="eu-west-1")
    with pytest.raises(ClientError) as e:
        eu.create_bucket(Bucket="no-loc")
    assert code(e) == ("IllegalLocationConstraintException", 400)
    with pytest.raises(ClientError) as e:
        eu.create_bucket(Bucket="other-loc", CreateBucketConfiguration={"LocationConstraint": "eu-west-2"})
    assert code(e) == ("IllegalLocationConstraintException", 400)
    eu.create_bucket(Bucket="in-eu", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    # the global endpoint (us-east-1) may create a bucket anywhere
    s3.create_bucket(Bucket="in-ap", CreateBucketConfiguration={"LocationConstraint": "ap-south-1"})
    s3.create_bucket(Bucket="in-us")
    assert eu.get_bucket_location(Bucket="in-eu")["LocationConstraint"] == "eu-west-1"
    assert s3.get_bucket_location(Bucket="in-ap")["LocationConstraint"] == "ap-south-1"
    assert s3.get_bucket_location(Bucket="in-us")["LocationConstraint"] is None
    regions = {b["Name"]: b["BucketRegion"] for b in s3.list_buckets()["Buckets"]}
    assert regions == {"in-eu": "eu-west-1", "in-ap": "ap-south-1", "in-us": "us-east-1"}


def test_list_buckets_pages_and_prefix(s3: Any) -> None:
    for i in range(5):
        s3.create_bucket(Bucket=f"page-{i}")
    s3.create_bucket(Bucket="other")
    first = s3.list_buckets(MaxBuckets=2, Prefix="page-")
    assert [b["Name"] for b in first["Buckets"]] == ["page-0", "page-1"]
    rest = s3.list_buckets(MaxBuckets=10, Prefix="page-", ContinuationToken=first["ContinuationToken"])
    assert [b["Name"] for b in rest["Buckets"]] == ["page-2", "page-3", "page-4"]
    assert "ContinuationToken" not in rest


def test_delete_non_empty(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    with pytest.raises(ClientError) as e:
        s3.delete_bucket(Bucket=bucket)
    assert code(e) == ("BucketNotEmpty", 409)
    s3.delete_object(Bucket=bucket, Key="k")
    s3.delete_bucket(Bucket=bucket)


def test_versioning_state(s3: Any, bucket: str) -> None:
    assert "Status" not in s3.get_bucket_versioning(Bucket=bucket)
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    assert s3.get_bucket_versioning(Bucket=bucket)["Status"] == "Enabled"
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Suspended"})
    assert s3.get_bucket_versioning(Bucket=bucket)["Status"] == "Suspended"


def test_create_bucket_refuses_illegal_options(s3: Any) -> None:
    def code_of(**params: Any) -> str:
        with pytest.raises(ClientError) as excinfo:
            s3.create_bucket(Bucket="options-bucket", **params)
        return excinfo.value.response["Error"]["Code"]

    assert code_of(ACL="no-such-acl") == "InvalidArgument"
    assert code_of(ObjectOwnership="Nobody") == "InvalidArgument"
    # ACLs are off by default (BucketOwnerEnforced): a public ACL needs ObjectWriter/BucketOwnerPreferred.
    assert code_of(ACL="public-read") == "InvalidBucketAclWithObjectOwnership"
    assert code_of(CreateBucketConfiguration={"Bucket": {"Type": "Folder"}}) == "MalformedXML"
    s3.create_bucket(Bucket="options-bucket", ACL="public-read", ObjectOwnership="ObjectWriter")


def test_lifecycle_keeps_its_minimum_object_size(s3: Any, bucket: str) -> None:
    rules = {"Rules": [{"ID": "r", "Status": "Enabled", "Filter": {"Prefix": ""}, "Expiration": {"Days": 1}}]}
    s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration=rules,
                                          TransitionDefaultMinimumObjectSize="varies_by_storage_class")
    got = s3.get_bucket_lifecycle_configuration(Bucket=bucket)
    assert got["TransitionDefaultMinimumObjectSize"] == "varies_by_storage_class"


def test_expected_bucket_owner(s3: Any) -> None:
    s3.create_bucket(Bucket="owned-bucket")
    s3.put_object(Bucket="owned-bucket", Key="k", Body=b"x")
    assert s3.get_object(Bucket="owned-bucket", Key="k", ExpectedBucketOwner="000000000000")["Body"].read() == b"x"
    with pytest.raises(ClientError) as e:
        s3.get_object(Bucket="owned-bucket", Key="k", ExpectedBucketOwner="111111111111")
    assert e.value.response["Error"]["Code"] == "AccessDenied"
    with pytest.raises(ClientError) as e:
        s3.get_bucket_tagging(Bucket="owned-bucket", ExpectedBucketOwner="not-an-account")
    assert e.value.response["Error"]["Code"] == "InvalidBucketOwnerAWSAccountID"
    with pytest.raises(ClientError) as e:
        s3.copy_object(Bucket="owned-bucket", Key="c", CopySource="owned-bucket/k", ExpectedSourceBucketOwner="111111111111")
    assert e.value.response["Error"]["Code"] == "AccessDenied"


@pytest.mark.parametrize(("call", "kwargs"), [
    ("put_bucket_tagging", {"Tagging": {"TagSet": [{"Key": "a", "Value": "b"}]}}),
    ("put_bucket_policy", {"Policy": '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", '
                                     '"Action": "s3:GetObject", "Resource": "arn:aws:s3:::status-bucket/*"}]}'}),
    ("put_bucket_analytics_configuration", {"Id": "a", "AnalyticsConfiguration": {"Id": "a", "StorageClassAnalysis": {}}}),
    ("put_bucket_intelligent_tiering_configuration", {"Id": "t", "IntelligentTieringConfiguration": {
        "Id": "t", "Status": "Enabled", "Tierings": [{"Days": 90, "AccessTier": "ARCHIVE_ACCESS"}]}}),
    ("put_bucket_inventory_configuration", {"Id": "i", "InventoryConfiguration": {
        "Id": "i", "IsEnabled": True, "IncludedObjectVersions": "All", "Schedule": {"Frequency": "Daily"},
        "Destination": {"S3BucketDestination": {"Bucket": "arn:aws:s3:::status-bucket", "Format": "CSV"}}}}),
    ("delete_bucket_tagging", {}),
])
def test_no_content_statuses(s3: Any, call: str, kwargs: dict[str, Any]) -> None:
    s3.create_bucket(Bucket="status-bucket")
    assert getattr(s3, call)(Bucket="status-bucket", **kwargs)["ResponseMetadata"]["HTTPStatusCode"] == 204


def test_versioning_configuration_is_checked(s3: Any) -> None:
    s3.create_bucket(Bucket="versioned-bucket")
    with pytest.raises(ClientError) as e:
        s3.put_bucket_versioning(Bucket="versioned-bucket", VersioningConfiguration={"MFADelete": "Disabled"})
    assert e.value.response["Error"]["Code"] == "IllegalVersioningConfigurationException"
    with pytest.raises(ClientError) as e:
        s3.put_bucket_versioning(Bucket="versioned-bucket", VersioningConfiguration={"Status": "Sometimes"})
    assert e.value.response["Error"]["Code"] == "MalformedXML"


def test_owner_has_no_display_name(s3: Any) -> None:
    s3.create_bucket(Bucket="owner-bucket")
    assert "DisplayName" not in s3.list_buckets()["Owner"]
    s3.put_object(Bucket="owner-bucket", Key="k", Body=b"x")
    listed = s3.list_objects(Bucket="owner-bucket")["Contents"][0]
    assert "DisplayName" not in listed.get("Owner", {})
    versions = s3.list_object_versions(Bucket="owner-bucket")["Versions"][0]
    assert "DisplayName" not in versions.get("Owner", {})
