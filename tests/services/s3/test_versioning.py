"""Versioning through boto3: version ids, delete markers, null versions, suspension."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError


def code(excinfo: Any) -> tuple[str, int]:
    r = excinfo.value.response
    return r["Error"]["Code"], r["ResponseMetadata"]["HTTPStatusCode"]


@pytest.fixture
def versioned(s3: Any, bucket: str) -> str:
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    return bucket


def test_versions_and_delete_markers(s3: Any, versioned: str) -> None:
    v1 = s3.put_object(Bucket=versioned, Key="k", Body=b"1")["VersionId"]
    v2 = s3.put_object(Bucket=versioned, Key="k", Body=b"2")["VersionId"]
    assert v1 != v2 and len(v1) == 32
    assert s3.get_object(Bucket=versioned, Key="k")["Body"].read() == b"2"
    assert s3.get_object(Bucket=versioned, Key="k", VersionId=v1)["Body"].read() == b"1"
    deleted = s3.delete_object(Bucket=versioned, Key="k")
    assert deleted["DeleteMarker"] is True
    marker = deleted["VersionId"]
    with pytest.raises(ClientError) as e:
        s3.get_object(Bucket=versioned, Key="k")
    assert code(e) == ("NoSuchKey", 404)
    assert e.value.response["ResponseMetadata"]["HTTPHeaders"]["x-amz-delete-marker"] == "true"
    with pytest.raises(ClientError) as e:
        s3.get_object(Bucket=versioned, Key="k", VersionId=marker)
    assert code(e) == ("MethodNotAllowed", 405)
    assert "Contents" not in s3.list_objects_v2(Bucket=versioned)
    listed = s3.list_object_versions(Bucket=versioned)
    assert [(v["VersionId"], v["IsLatest"]) for v in listed["Versions"]] == [(v2, False), (v1, False)]
    assert [(m["VersionId"], m["IsLatest"]) for m in listed["DeleteMarkers"]] == [(marker, True)]
    # removing the marker brings the object back
    assert s3.delete_object(Bucket=versioned, Key="k", VersionId=marker)["DeleteMarker"] is True
    assert s3.get_object(Bucket=versioned, Key="k")["Body"].read() == b"2"
    s3.delete_object(Bucket=versioned, Key="k", VersionId=v2)
    assert s3.get_object(Bucket=versioned, Key="k")["VersionId"] == v1
    with pytest.raises(ClientError) as e:
        s3.get_object(Bucket=versioned, Key="k", VersionId=v2)
    assert code(e) == ("NoSuchVersion", 404)


def test_null_version_and_suspension(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"before")
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    v1 = s3.put_object(Bucket=bucket, Key="k", Body=b"v1")["VersionId"]
    assert s3.get_object(Bucket=bucket, Key="k", VersionId="null")["Body"].read() == b"before"
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Suspended"})
    assert s3.put_object(Bucket=bucket, Key="k", Body=b"s1")["VersionId"] == "null"
    assert s3.put_object(Bucket=bucket, Key="k", Body=b"s2")["VersionId"] == "null"  # replaces the null version
    ids = [v["VersionId"] for v in s3.list_object_versions(Bucket=bucket)["Versions"]]
    assert ids == ["null", v1]
    marker = s3.delete_object(Bucket=bucket, Key="k")
    assert marker["DeleteMarker"] is True and marker["VersionId"] == "null"
    listed = s3.list_object_versions(Bucket=bucket)
    assert [v["VersionId"] for v in listed["Versions"]] == [v1]
    assert [m["VersionId"] for m in listed["DeleteMarkers"]] == ["null"]


def test_delete_objects_with_versions(s3: Any, versioned: str) -> None:
    v1 = s3.put_object(Bucket=versioned, Key="a", Body=b"1")["VersionId"]
    out = s3.delete_objects(Bucket=versioned, Delete={"Objects": [{"Key": "a"}, {"Key": "a", "VersionId": v1}]})
    by_version = {d.get("VersionId"): d for d in out["Deleted"]}
    assert by_version[None]["DeleteMarker"] is True and by_version[None]["DeleteMarkerVersionId"]
    assert by_version[v1]["Key"] == "a"
    assert [m["Key"] for m in s3.list_object_versions(Bucket=versioned)["DeleteMarkers"]] == ["a"]


def test_list_versions_pages(s3: Any, versioned: str) -> None:
    expected = []
    for key in ("a", "b", "c"):
        for n in range(3):
            expected.append((key, s3.put_object(Bucket=versioned, Key=key, Body=str(n).encode())["VersionId"]))
    seen: list[tuple[str, str]] = []
    for page in s3.get_paginator("list_object_versions").paginate(Bucket=versioned, PaginationConfig={"PageSize": 2}):
        seen += [(v["Key"], v["VersionId"]) for v in page.get("Versions", [])]
    assert sorted(seen) == sorted(expected) and len(seen) == 9
    # newest first within a key
    assert [v for k, v in seen if k == "a"] == [v for k, v in reversed(expected) if k == "a"]


def test_copy_from_a_version(s3: Any, versioned: str) -> None:
    v1 = s3.put_object(Bucket=versioned, Key="src", Body=b"old")["VersionId"]
    s3.put_object(Bucket=versioned, Key="src", Body=b"new")
    out = s3.copy_object(Bucket=versioned, Key="dst", CopySource={"Bucket": versioned, "Key": "src", "VersionId": v1})
    assert out["CopySourceVersionId"] == v1 and out["VersionId"]
    assert s3.get_object(Bucket=versioned, Key="dst")["Body"].read() == b"old"
