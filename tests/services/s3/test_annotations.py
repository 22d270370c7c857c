"""Object annotations: put, get, list (paged, by prefix), delete; conditions,
limits, and what CopyObject does with them."""

from __future__ import annotations

import base64
import hashlib
from typing import Any

import pytest
from botocore.exceptions import ClientError


def code(excinfo: Any) -> tuple[str, int]:
    r = excinfo.value.response
    return r["Error"]["Code"], r["ResponseMetadata"]["HTTPStatusCode"]


def test_put_get_list_delete(s3: Any, bucket: str) -> None:
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    version = s3.put_object(Bucket=bucket, Key="k", Body=b"object")["VersionId"]
    put = s3.put_object_annotation(Bucket=bucket, Key="k", AnnotationName="review", AnnotationPayload=b'{"ok": true}',
                                   ChecksumAlgorithm="SHA256")
    assert put["ObjectVersionId"] == version and put["ETag"] == '"' + hashlib.md5(b'{"ok": true}').hexdigest() + '"'
    assert put["ChecksumSHA256"] == base64.b64encode(hashlib.sha256(b'{"ok": true}').digest()).decode()
    s3.put_object_annotation(Bucket=bucket, Key="k", AnnotationName="audit/1", AnnotationPayload=b"a")
    s3.put_object_annotation(Bucket=bucket, Key="k", AnnotationName="audit/2", AnnotationPayload=b"bb")
    got = s3.get_object_annotation(Bucket=bucket, Key="k", AnnotationName="review", ChecksumMode="ENABLED")
    assert got["AnnotationPayload"].read() == b'{"ok": true}' and got["ContentLength"] == 12 and got["ChecksumSHA256"]
    first = s3.list_object_annotations(Bucket=bucket, Key="k", AnnotationPrefix="audit/", MaxAnnotationResults=1)
    assert [(a["AnnotationName"], a["Size"]) for a in first["Annotations"]] == [("audit/1", 1)]
    rest = s3.list_object_annotations(Bucket=bucket, Key="k", AnnotationPrefix="audit/", ContinuationToken=first["NextContinuationToken"])
    assert [a["AnnotationName"] for a in rest["Annotations"]] == ["audit/2"] and "NextContinuationToken" not in rest
    assert s3.delete_object_annotation(Bucket=bucket, Key="k", AnnotationName="review")["ResponseMetadata"]["HTTPStatusCode"] == 204
    with pytest.raises(ClientError) as e:
        s3.get_object_annotation(Bucket=bucket, Key="k", AnnotationName="review")
    assert code(e) == ("NoSuchAnnotation", 404)
    # Annotations belong to one version: a new version starts without any.
    s3.put_object(Bucket=bucket, Key="k", Body=b"newer")
    assert not s3.list_object_annotations(Bucket=bucket, Key="k").get("Annotations")
    assert len(s3.list_object_annotations(Bucket=bucket, Key="k", VersionId=version)["Annotations"]) == 2


def test_refusals(s3: Any, bucket: str) -> None:
    etag = s3.put_object(Bucket=bucket, Key="k", Body=b"object")["ETag"]
    cases = [
        ({"AnnotationName": "n" * 513, "AnnotationPayload": b"a"}, ("AnnotationNameTooLong", 400)),
        ({"AnnotationName": "bad\x01name", "AnnotationPayload": b"a"}, ("InvalidAnnotationName", 400)),
        ({"AnnotationName": "n", "AnnotationPayload": b"a", "ObjectIfMatch": '"0"'}, ("PreconditionFailed", 412)),
        ({"AnnotationName": "n", "AnnotationPayload": b""}, ("InvalidRequest", 400)),
    ]
    for kwargs, expected in cases:
        with pytest.raises(ClientError) as e:
            s3.put_object_annotation(Bucket=bucket, Key="k", **kwargs)
        assert code(e) == expected, kwargs
    s3.put_object_annotation(Bucket=bucket, Key="k", AnnotationName="n", AnnotationPayload=b"a", ObjectIfMatch=etag)
    with pytest.raises(ClientError) as e:
        s3.put_object_annotation(Bucket=bucket, Key="missing", AnnotationName="n", AnnotationPayload=b"a")
    assert code(e) == ("NoSuchKey", 404)


def test_copy_carries_annotations_unless_excluded(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="src", Body=b"x")
    s3.put_object_annotation(Bucket=bucket, Key="src", AnnotationName="tag", AnnotationPayload=b"v")
    s3.copy_object(Bucket=bucket, Key="copied", CopySource=f"{bucket}/src")
    assert s3.get_object_annotation(Bucket=bucket, Key="copied", AnnotationName="tag")["AnnotationPayload"].read() == b"v"
    s3.copy_object(Bucket=bucket, Key="bare", CopySource=f"{bucket}/src", AnnotationDirective="EXCLUDE")
    assert not s3.list_object_annotations(Bucket=bucket, Key="bare").get("Annotations")
    # The copy's annotations are its own.
    s3.delete_object_annotation(Bucket=bucket, Key="copied", AnnotationName="tag")
    assert s3.get_object_annotation(Bucket=bucket, Key="src", AnnotationName="tag")["AnnotationPayload"].read() == b"v"
