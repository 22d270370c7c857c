"""Replication configuration, and writes really copied to a destination bucket."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError


def code(excinfo: Any) -> tuple[str, int]:
    r = excinfo.value.response
    return r["Error"]["Code"], r["ResponseMetadata"]["HTTPStatusCode"]


ROLE = "arn:aws:iam::000000000000:role/replication"


def _versioned(s3: Any, name: str) -> str:
    s3.create_bucket(Bucket=name)
    s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
    return name


def _rule(**extra: Any) -> dict[str, Any]:
    return {"ID": "all", "Priority": 1, "Status": "Enabled", "Filter": {"Prefix": ""}, "DeleteMarkerReplication": {"Status": "Enabled"},
            "Destination": {"Bucket": "arn:aws:s3:::replica-bucket"}, **extra}


def test_requires_versioning_and_a_destination(s3: Any) -> None:
    s3.create_bucket(Bucket="source-bucket")
    config = {"Role": ROLE, "Rules": [_rule()]}
    with pytest.raises(ClientError) as e:
        s3.put_bucket_replication(Bucket="source-bucket", ReplicationConfiguration=config)
    assert code(e) == ("InvalidRequest", 400)
    s3.put_bucket_versioning(Bucket="source-bucket", VersioningConfiguration={"Status": "Enabled"})
    with pytest.raises(ClientError) as e:
        s3.put_bucket_replication(Bucket="source-bucket", ReplicationConfiguration=config)
    assert code(e) == ("InvalidRequest", 400)  # the destination does not exist
    s3.create_bucket(Bucket="replica-bucket")
    with pytest.raises(ClientError) as e:
        s3.put_bucket_replication(Bucket="source-bucket", ReplicationConfiguration=config)
    assert code(e) == ("InvalidRequest", 400)  # the destination is not versioned
    without_marker_setting = {k: v for k, v in _rule().items() if k != "DeleteMarkerReplication"}
    s3.put_bucket_versioning(Bucket="replica-bucket", VersioningConfiguration={"Status": "Enabled"})
    with pytest.raises(ClientError) as e:
        s3.put_bucket_replication(Bucket="source-bucket", ReplicationConfiguration={"Role": ROLE, "Rules": [without_marker_setting]})
    assert code(e) == ("InvalidRequest", 400)


def test_round_trip_and_delete(s3: Any) -> None:
    _versioned(s3, "source-bucket")
    _versioned(s3, "replica-bucket")
    with pytest.raises(ClientError) as e:
        s3.get_bucket_replication(Bucket="source-bucket")
    assert code(e) == ("ReplicationConfigurationNotFoundError", 404)
    config = {"Role": ROLE, "Rules": [_rule(), {"Status": "Enabled", "Prefix": "v1/", "Destination": {"Bucket": "arn:aws:s3:::replica-bucket"}}]}
    s3.put_bucket_replication(Bucket="source-bucket", ReplicationConfiguration=config)
    got = s3.get_bucket_replication(Bucket="source-bucket")["ReplicationConfiguration"]
    assert got["Role"] == ROLE and got["Rules"][0] == _rule()
    assert got["Rules"][1]["ID"]  # S3 names a rule sent without an ID
    with pytest.raises(ClientError) as e:
        s3.put_bucket_versioning(Bucket="source-bucket", VersioningConfiguration={"Status": "Suspended"})
    assert code(e) == ("InvalidBucketState", 409)
    s3.delete_bucket_replication(Bucket="source-bucket")
    with pytest.raises(ClientError) as e:
        s3.get_bucket_replication(Bucket="source-bucket")
    assert code(e) == ("ReplicationConfigurationNotFoundError", 404)


def test_new_objects_are_replicated(s3: Any) -> None:
    _versioned(s3, "source-bucket")
    _versioned(s3, "replica-bucket")
    rule = _rule(Filter={"And": {"Prefix": "docs/", "Tags": [{"Key": "copy", "Value": "yes"}]}}, DeleteMarkerReplication={"Status": "Disabled"}, Destination={"Bucket": "arn:aws:s3:::replica-bucket", "StorageClass": "STANDARD_IA"})
    s3.put_bucket_replication(Bucket="source-bucket", ReplicationConfiguration={"Role": ROLE, "Rules": [rule]})
    put = s3.put_object(Bucket="source-bucket", Key="docs/a.txt", Body=b"hello", Metadata={"m": "1"}, Tagging="copy=yes")
    s3.put_object(Bucket="source-bucket", Key="docs/untagged.txt", Body=b"x")
    s3.put_object(Bucket="source-bucket", Key="other/b.txt", Body=b"x", Tagging="copy=yes")
    source = s3.head_object(Bucket="source-bucket", Key="docs/a.txt")
    assert source["ReplicationStatus"] == "COMPLETED"
    replica = s3.get_object(Bucket="replica-bucket", Key="docs/a.txt")
    assert replica["Body"].read() == b"hello"
    assert replica["ReplicationStatus"] == "REPLICA" and replica["VersionId"] == put["VersionId"]
    assert replica["Metadata"] == {"m": "1"} and replica["StorageClass"] == "STANDARD_IA"
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket="replica-bucket")["Contents"]]
    assert keys == ["docs/a.txt"]
    assert "ReplicationStatus" not in s3.head_object(Bucket="source-bucket", Key="other/b.txt")
    s3.delete_object(Bucket="source-bucket", Key="docs/a.txt")
    assert "DeleteMarkers" not in s3.list_object_versions(Bucket="replica-bucket")
    with pytest.raises(ClientError) as e:  # tag filters cannot replicate delete markers
        s3.put_bucket_replication(Bucket="source-bucket", ReplicationConfiguration={"Role": ROLE, "Rules": [
            {**rule, "DeleteMarkerReplication": {"Status": "Enabled"}}]})
    assert code(e) == ("InvalidRequest", 400)


def test_delete_markers_are_replicated(s3: Any) -> None:
    _versioned(s3, "source-bucket")
    _versioned(s3, "replica-bucket")
    s3.put_bucket_replication(Bucket="source-bucket", ReplicationConfiguration={"Role": ROLE, "Rules": [_rule()]})
    s3.put_object(Bucket="source-bucket", Key="k", Body=b"x")
    marker = s3.delete_object(Bucket="source-bucket", Key="k")
    versions = s3.list_object_versions(Bucket="replica-bucket")
    assert [m["VersionId"] for m in versions["DeleteMarkers"]] == [marker["VersionId"]]


def test_failed_when_destination_loses_versioning(s3: Any) -> None:
    _versioned(s3, "source-bucket")
    _versioned(s3, "replica-bucket")
    s3.put_bucket_replication(Bucket="source-bucket", ReplicationConfiguration={"Role": ROLE, "Rules": [_rule()]})
    s3.put_bucket_versioning(Bucket="replica-bucket", VersioningConfiguration={"Status": "Suspended"})
    s3.put_object(Bucket="source-bucket", Key="k", Body=b"x")
    assert s3.head_object(Bucket="source-bucket", Key="k")["ReplicationStatus"] == "FAILED"
